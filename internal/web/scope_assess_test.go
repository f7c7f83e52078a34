package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/assess"
	"dangjian/internal/audit"
)

// assessWorld is a scheme applied by 吉阳 to 2026: a run whose scores are
// 吉阳's only.
type assessWorld struct{ scheme, version, run int64 }

var assessWorlds sync.Map // *env → *assessWorld

func (e *env) assess(t *testing.T) *assessWorld {
	t.Helper()
	if w, ok := assessWorlds.Load(e); ok {
		return w.(*assessWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &assess.Store{DB: e.s.DB}
	w := &assessWorld{}
	var err error
	if w.scheme, err = st.CreateScheme(ctx, "共享考核"); err != nil {
		t.Fatal(err)
	}
	sch, err := st.GetScheme(ctx, e.w.Jiyang.Scope, w.scheme)
	if err != nil {
		t.Fatal(err)
	}
	w.version = sch.Versions[0].ID
	if _, _, err = st.SetIndicators(ctx, w.version, []assess.Indicator{{Name: "督查", Weight: 100, Measure: assess.SupervisionFindings, Target: 3}}); err != nil {
		t.Fatal(err)
	}
	if w.run, err = st.Apply(ctx, e.w.Jiyang.Scope, w.version, "2026"); err != nil {
		t.Fatal(err)
	}
	assessWorlds.Store(e, w)
	t.Cleanup(func() { assessWorlds.Delete(e) })
	return w
}

// assessMatrix holds the scope-matrix rows of assessment. Schemes are
// shared; 吉阳's scores (its branch names in a run) are never shown to a
// 海棠 official or branch secretary: 吉阳's run is not found, not listed on
// the scheme, not on the indices page, and applying a version scores only
// the caller's own branches.
func assessMatrix(e *env, formWrite func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck {
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
