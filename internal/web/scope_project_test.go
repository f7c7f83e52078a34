package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// projectMatrix holds the scope-matrix rows of project lists and integrity risk points (项目清单, 廉洁风险点).
// 吉阳区's projects and risk points are invisible to a 海棠区 official and a
// 海棠 branch secretary: not listed, not found, and every write to them,
// or naming them, is refused without writing.
func projectMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	secret := []string{"JY秘密项目", "JY项目描述", "JY子项目", "JY里程碑", "JY廉洁风险", "JY防控措施", "JY责任人", "JY评估人", "JY发现"}
	clean := func(t *testing.T, what string, r resp) {
		t.Helper()
		noLeak(t, what, r)
		for _, s := range secret {
			if strings.Contains(r.body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	read := func(path func(*projectWorld) string, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := path(e.project(t))
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", p, nil)
				want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	// refused posts form to path (with {id} from target) as both 海棠
	// accounts and expects code and no write.
	refused := func(path string, target func(*projectWorld) int64, form func(*projectWorld) url.Values, code int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			w := e.project(t)
			n := projectWrites(t, e)
			tid := ""
			if target != nil {
				tid = id(target(w))
			}
			p := strings.Replace(path, "{id}", tid, 1)
			formWrite(path, tid, form(w), code)(t, e, h, b)
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("POST", p, form(w))
				want(t, who+" POST "+p, r, code)
				clean(t, who+" POST "+p, r)
			}
			if got := projectWrites(t, e); got != n {
				t.Errorf("POST %s: refused writes wrote %d entries", p, got-n)
			}
		}
	}
	root := func(w *projectWorld) int64 { return w.root.ID }
	child := func(w *projectWorld) int64 { return w.child.ID }
	risk := func(w *projectWorld) int64 { return w.risk.ID }
	return map[string]matrixCheck{
		"GET /projects": func(t *testing.T, e *env, h, b *client) {
			w := e.project(t)
			for _, q := range []string{"", "?status=overdue", "?status=planned", "?q=JY", "?org_id=" + id(e.w.Jiyang.Committee.ID), "?per_page=500"} {
				read(func(*projectWorld) string { return "/projects" + q }, 200)(t, e, h, b)
			}
			if r := e.login("jiyang").do("GET", "/projects", nil); !strings.Contains(r.body, w.root.Name) {
				t.Errorf("吉阳 does not list its own project")
			}
		},
		"GET /projects/new": read(func(*projectWorld) string { return "/projects/new" }, 200),
		"POST /projects": refused("/projects", nil, func(w *projectWorld) url.Values {
			return url.Values{"name": {"越权项目"}, "org_id": {id(e.w.Jiyang.Committee.ID)}}
		}, 422),
		"GET /projects/{id}": func(t *testing.T, e *env, h, b *client) {
			read(func(w *projectWorld) string { return "/projects/" + id(w.root.ID) }, 404)(t, e, h, b)
			read(func(w *projectWorld) string { return "/projects/" + id(w.child.ID) }, 404)(t, e, h, b)
			// Under a 吉阳 parent: refused, the parent unnamed.
			refused("/projects", nil, func(w *projectWorld) url.Values {
				return url.Values{"name": {"挂靠项目"}, "org_id": {id(e.w.Haitang.Committee.ID)}, "parent_id": {id(w.root.ID)}}
			}, 422)(t, e, h, b)
		},
		"POST /projects/{id}/milestones": func(t *testing.T, e *env, h, b *client) {
			refused("/projects/{id}/milestones", child, func(*projectWorld) url.Values {
				return url.Values{"name": {"越权里程碑"}, "due_on": {"2026-12-31"}}
			}, 404)(t, e, h, b)
			refused("/projects/{id}/milestones", child, func(w *projectWorld) url.Values {
				return url.Values{"milestone_id": {id(w.milestone)}, "done_on": {"2026-10-01"}}
			}, 404)(t, e, h, b)
		},
		"POST /projects/{id}/progress": refused("/projects/{id}/progress", child, func(*projectWorld) url.Values {
			return url.Values{"progress": {"100"}, "status": {"done"}}
		}, 404),
		"POST /projects/{id}/parent": refused("/projects/{id}/parent", root, func(w *projectWorld) url.Values {
			return url.Values{"parent_id": {""}}
		}, 404),
		"GET /projects/{id}/edit": func(t *testing.T, e *env, h, b *client) {
			read(func(w *projectWorld) string { return "/projects/" + id(w.root.ID) + "/edit" }, 404)(t, e, h, b)
			read(func(w *projectWorld) string { return "/projects/" + id(w.child.ID) + "/edit" }, 404)(t, e, h, b)
		},
		"POST /projects/{id}": func(t *testing.T, e *env, h, b *client) {
			for _, target := range []func(*projectWorld) int64{root, child} {
				refused("/projects/{id}", target, func(*projectWorld) url.Values {
					return url.Values{"name": {"越权改名"}, "org_id": {id(e.w.Haitang.Committee.ID)}, "status": {"done"}}
				}, 404)(t, e, h, b)
			}
			if x := e.project(t); projectName(t, e, x.child.ID) != x.child.Name {
				t.Errorf("a refused edit renamed 吉阳's project")
			}
		},
		"POST /projects/{id}/delete": func(t *testing.T, e *env, h, b *client) {
			refused("/projects/{id}/delete", child, func(*projectWorld) url.Values { return url.Values{"confirm": {"1"}} }, 404)(t, e, h, b)
			if x := e.project(t); projectName(t, e, x.child.ID) != x.child.Name {
				t.Errorf("a refused delete removed 吉阳's project")
			}
		},
		"GET /risks": func(t *testing.T, e *env, h, b *client) {
			w := e.project(t)
			for _, q := range []string{"", "?level=high", "?due=true", "?q=JY", "?per_page=500"} {
				read(func(*projectWorld) string { return "/risks" + q }, 200)(t, e, h, b)
			}
			if r := e.login("jiyang").do("GET", "/risks?due=true", nil); !strings.Contains(r.body, w.risk.Description) {
				t.Errorf("吉阳 does not list its own due risk")
			}
		},
		"GET /risks/new": read(func(*projectWorld) string { return "/risks/new" }, 200),
		"POST /risks": refused("/risks", nil, func(*projectWorld) url.Values {
			return url.Values{"unit_id": {id(e.w.Jiyang.Unit.ID)}, "description": {"越权风险"}, "level": {"high"}, "owner": {"x"}}
		}, 422),
		"GET /risks/{id}": read(func(w *projectWorld) string { return "/risks/" + id(w.risk.ID) }, 404),
		"POST /risks/{id}/reviews": refused("/risks/{id}/reviews", risk, func(*projectWorld) url.Values {
			return url.Values{"reviewed_on": {"2026-01-01"}, "reviewer": {"越权"}, "effective": {"true"}}
		}, 404),
	}
}

func TestScopeMatrixProject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("project")
		runMatrix(t, e, routes, merge(projectMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
