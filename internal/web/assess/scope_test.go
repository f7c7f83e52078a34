package assess_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
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
	}
}

func TestScopeMatrixAssess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("assess")
		webtest.RunMatrix(t, e, routes, webtest.Merge(assessMatrix(e), webtest.Only(routes, webtest.OrgnetAPIMatrix(e))))
	})
}
