package assess_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// assessMatrix holds the scope-matrix rows of assessment. Schemes are
// shared; 吉阳's scores (its branch names in a run) are never shown to a
// 海棠 official or branch secretary: 吉阳's run is not found, not listed on
// the scheme, not on the indices page, and applying a version scores only
// the caller's own branches.
func assessMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyBranch := e.W.Jiyang.Branches[0].Name
	clean := func(t *testing.T, what string, r webtest.Resp) {
		t.Helper()
		webtest.NoLeak(t, what, r)
		if strings.Contains(r.Body, jyBranch) || strings.Contains(r.Body, "/assess/runs/"+id(e.Assess(t).Run)) {
			t.Errorf("%s shows 吉阳's scores", what)
		}
	}
	read := func(path func(*webtest.AssessWorld) string, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := path(e.Assess(t))
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", p, nil)
				webtest.Want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	ht := e.W.Haitang
	return map[string]webtest.MatrixCheck{
		"GET /assess":           read(func(*webtest.AssessWorld) string { return "/assess" }, 200),
		"GET /assess/new":       read(func(*webtest.AssessWorld) string { return "/assess/new" }, 200, 403),
		"POST /assess":          webtest.FormWrite("/assess", "", url.Values{"name": {""}}, 422),
		"GET /assess/indices":   read(func(w *webtest.AssessWorld) string { return "/assess/indices" }, 200),
		"GET /assess/runs/{id}": read(func(w *webtest.AssessWorld) string { return "/assess/runs/" + id(w.Run) }, 404),
		"GET /assess/{id}":      read(func(w *webtest.AssessWorld) string { return "/assess/" + id(w.Scheme) }, 200),
		"POST /assess/versions/{id}/indicators": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Assess(t)
			r := h.Do("POST", "/assess/versions/"+id(w.Version)+"/indicators", url.Values{"name_0": {"x"}, "weight_0": {"90"}, "measure_0": {"gaps_closed"}, "target_0": {"100"}})
			webtest.Want(t, "sum 90", r, 422)
			clean(t, "indicators", r)
		},
		"POST /assess/versions/{id}/apply": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Assess(t)
			read(func(w *webtest.AssessWorld) string { return "/assess/indices?run_id=" + id(w.Run) }, 404)(t, e, h, b)
			r := h.Do("POST", "/assess/versions/"+id(w.Version)+"/apply", url.Values{"period": {"2026"}})
			webtest.Want(t, "apply", r, 303)
			r = h.Do("GET", r.Hdr.Get("Location"), nil)
			webtest.Want(t, "own run", r, 200)
			clean(t, "own run", r)
			if !strings.Contains(r.Body, e.W.Haitang.Branches[0].Name) {
				t.Errorf("海棠's run lacks its branch")
			}
		},

		// The JSON API: schemes are shared, 吉阳's run and scores are not.
		"GET /api/v1/assess/schemes": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Assess(t)
			webtest.APIRead(webtest.Path("/api/v1/assess/schemes"), "共享考核", nil, 200)(t, e, h, b)
		},
		"POST /api/v1/assess/schemes": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("POST", "/api/v1/assess/schemes", map[string]any{"name": ""})
			webtest.Want(t, "empty scheme name", r, 422)
			webtest.Want(t, "viewer", e.Login("viewer").Do("POST", "/api/v1/assess/schemes", map[string]any{"name": "只读"}), 403)
		},
		"GET /api/v1/assess/schemes/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Assess(t)
			webtest.APIRead(webtest.Path("/api/v1/assess/schemes/"+id(w.Scheme)), "共享考核", nil, 200)(t, e, h, b)
			for who, c := range webtest.Both(h, b) {
				if runIDs(t, c.Do("GET", "/api/v1/assess/schemes/"+id(w.Scheme), nil))[w.Run] {
					t.Errorf("%s sees 吉阳's run on the scheme", who)
				}
			}
		},
		"PUT /api/v1/assess/versions/{id}/indicators": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Assess(t)
			webtest.APIRefused("PUT", webtest.Path("/api/v1/assess/versions/"+id(w.Version)+"/indicators"),
				webtest.Body(map[string]any{"indicators": []map[string]any{{"name": "x", "weight": 90, "measure": "gaps_closed", "target": 100}}}), 422)(t, e, h, b)
		},
		"POST /api/v1/assess/runs": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Assess(t)
			r := h.Do("POST", "/api/v1/assess/runs", map[string]any{"version_id": w.Version, "period": "2026"})
			webtest.Want(t, "apply", r, 201)
			webtest.Clean(t, e, "own run", r)
			if !strings.Contains(r.Body, ht.Branches[0].Name) {
				t.Errorf("海棠's run lacks its branch: %.300s", r.Body)
			}
		},
		"GET /api/v1/assess/runs/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.APIRead(webtest.Path("/api/v1/assess/runs/"+id(e.Assess(t).Run)), "", nil, 404)(t, e, h, b)
		},
		"GET /api/v1/assess/indices": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Assess(t)
			webtest.APIRead(webtest.Path("/api/v1/assess/indices"), "", nil, 200)(t, e, h, b)
			webtest.APIRead(webtest.Path("/api/v1/assess/indices?run_id="+id(w.Run)), "", nil, 404)(t, e, h, b)
		},
	}
}

func TestScopeMatrixAssess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("assess")
		webtest.RunMatrix(t, e, routes, assessMatrix(e))
	})
}

// runIDs are the ids of the runs a scheme's JSON lists.
func runIDs(t *testing.T, r webtest.Resp) map[int64]bool {
	t.Helper()
	var s struct {
		Versions []struct {
			Runs []struct {
				ID int64 `json:"id"`
			} `json:"runs"`
		} `json:"versions"`
	}
	if err := json.Unmarshal([]byte(r.Body), &s); err != nil {
		t.Fatalf("scheme JSON: %v", err)
	}
	out := map[int64]bool{}
	for _, v := range s.Versions {
		for _, x := range v.Runs {
			out[x.ID] = true
		}
	}
	return out
}
