package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
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
func assessMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyBranch := e.w.Jiyang.Branches[0].Name
	clean := func(t *testing.T, what string, r resp) {
		t.Helper()
		noLeak(t, what, r)
		if strings.Contains(r.body, jyBranch) || strings.Contains(r.body, "/assess/runs/"+id(e.assess(t).run)) {
			t.Errorf("%s shows 吉阳's scores", what)
		}
	}
	read := func(path func(*assessWorld) string, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := path(e.assess(t))
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", p, nil)
				want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	return map[string]matrixCheck{
		"GET /assess":           read(func(*assessWorld) string { return "/assess" }, 200),
		"GET /assess/new":       read(func(*assessWorld) string { return "/assess/new" }, 200, 403),
		"POST /assess":          formWrite("/assess", "", url.Values{"name": {""}}, 422),
		"GET /assess/indices":   read(func(w *assessWorld) string { return "/assess/indices" }, 200),
		"GET /assess/runs/{id}": read(func(w *assessWorld) string { return "/assess/runs/" + id(w.run) }, 404),
		"GET /assess/{id}":      read(func(w *assessWorld) string { return "/assess/" + id(w.scheme) }, 200),
		"POST /assess/versions/{id}/indicators": func(t *testing.T, e *env, h, b *client) {
			w := e.assess(t)
			r := h.do("POST", "/assess/versions/"+id(w.version)+"/indicators", url.Values{"name_0": {"x"}, "weight_0": {"90"}, "measure_0": {"gaps_closed"}, "target_0": {"100"}})
			want(t, "sum 90", r, 422)
			clean(t, "indicators", r)
		},
		"POST /assess/versions/{id}/apply": func(t *testing.T, e *env, h, b *client) {
			w := e.assess(t)
			read(func(w *assessWorld) string { return "/assess/indices?run_id=" + id(w.run) }, 404)(t, e, h, b)
			r := h.do("POST", "/assess/versions/"+id(w.version)+"/apply", url.Values{"period": {"2026"}})
			want(t, "apply", r, 303)
			r = h.do("GET", r.hdr.Get("Location"), nil)
			want(t, "own run", r, 200)
			clean(t, "own run", r)
			if !strings.Contains(r.body, e.w.Haitang.Branches[0].Name) {
				t.Errorf("海棠's run lacks its branch")
			}
		},
	}
}

func TestScopeMatrixAssess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("assess")
		runMatrix(t, e, routes, merge(assessMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
