package project_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// projectMatrix holds the scope-matrix rows of project lists and integrity risk points (项目清单, 廉洁风险点).
// 吉阳区's projects and risk points are invisible to a 海棠区 official and a
// 海棠 branch secretary: not listed, not found, and every write to them,
// or naming them, is refused without writing.
func projectMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	secret := []string{"JY秘密项目", "JY项目描述", "JY子项目", "JY里程碑", "JY廉洁风险", "JY防控措施", "JY责任人", "JY评估人", "JY发现"}
	clean := webtest.Hides(secret...)
	read := func(path func(*webtest.ProjectWorld) string, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := path(e.Project(t))
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", p, nil)
				webtest.Want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	// refused posts form to path (with {id} from target) as both 海棠
	// accounts and expects code and no write.
	refused := func(path string, target func(*webtest.ProjectWorld) int64, form func(*webtest.ProjectWorld) url.Values, code int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Project(t)
			n := webtest.ProjectWrites(t, e)
			tid := ""
			if target != nil {
				tid = id(target(w))
			}
			p := strings.Replace(path, "{id}", tid, 1)
			webtest.FormWrite(path, tid, form(w), code)(t, e, h, b)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("POST", p, form(w))
				webtest.Want(t, who+" POST "+p, r, code)
				clean(t, who+" POST "+p, r)
			}
			if got := webtest.ProjectWrites(t, e); got != n {
				t.Errorf("POST %s: refused writes wrote %d entries", p, got-n)
			}
		}
	}
	root := func(w *webtest.ProjectWorld) int64 { return w.Root.ID }
	child := func(w *webtest.ProjectWorld) int64 { return w.Child.ID }
	risk := func(w *webtest.ProjectWorld) int64 { return w.Risk.ID }
	jy, ht := e.W.Jiyang, e.W.Haitang
	apiProject := func(suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/api/v1/projects/" + id(e.Project(t).Child.ID) + suffix }
	}
	return map[string]webtest.MatrixCheck{
		"GET /projects": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Project(t)
			for _, q := range []string{"", "?status=overdue", "?status=planned", "?q=JY", "?org_id=" + id(e.W.Jiyang.Committee.ID), "?per_page=500"} {
				read(func(*webtest.ProjectWorld) string { return "/projects" + q }, 200)(t, e, h, b)
			}
			if r := e.Login("jiyang").Do("GET", "/projects", nil); !strings.Contains(r.Body, w.Root.Name) {
				t.Errorf("吉阳 does not list its own project")
			}
		},
		"GET /projects/new": read(func(*webtest.ProjectWorld) string { return "/projects/new" }, 200),
		"POST /projects": refused("/projects", nil, func(w *webtest.ProjectWorld) url.Values {
			return url.Values{"name": {"越权项目"}, "org_id": {id(e.W.Jiyang.Committee.ID)}}
		}, 422),
		"GET /projects/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			read(func(w *webtest.ProjectWorld) string { return "/projects/" + id(w.Root.ID) }, 404)(t, e, h, b)
			read(func(w *webtest.ProjectWorld) string { return "/projects/" + id(w.Child.ID) }, 404)(t, e, h, b)
			// Under a 吉阳 parent: refused, the parent unnamed.
			refused("/projects", nil, func(w *webtest.ProjectWorld) url.Values {
				return url.Values{"name": {"挂靠项目"}, "org_id": {id(e.W.Haitang.Committee.ID)}, "parent_id": {id(w.Root.ID)}}
			}, 422)(t, e, h, b)
		},
		"POST /projects/{id}/milestones": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refused("/projects/{id}/milestones", child, func(*webtest.ProjectWorld) url.Values {
				return url.Values{"name": {"越权里程碑"}, "due_on": {"2026-12-31"}}
			}, 404)(t, e, h, b)
			refused("/projects/{id}/milestones", child, func(w *webtest.ProjectWorld) url.Values {
				return url.Values{"milestone_id": {id(w.Milestone)}, "done_on": {"2026-10-01"}}
			}, 404)(t, e, h, b)
		},
		"POST /projects/{id}/progress": refused("/projects/{id}/progress", child, func(*webtest.ProjectWorld) url.Values {
			return url.Values{"progress": {"100"}, "status": {"done"}}
		}, 404),
		"POST /projects/{id}/parent": refused("/projects/{id}/parent", root, func(w *webtest.ProjectWorld) url.Values {
			return url.Values{"parent_id": {""}}
		}, 404),
		"GET /projects/{id}/edit": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			read(func(w *webtest.ProjectWorld) string { return "/projects/" + id(w.Root.ID) + "/edit" }, 404)(t, e, h, b)
			read(func(w *webtest.ProjectWorld) string { return "/projects/" + id(w.Child.ID) + "/edit" }, 404)(t, e, h, b)
		},
		"POST /projects/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			for _, target := range []func(*webtest.ProjectWorld) int64{root, child} {
				refused("/projects/{id}", target, func(*webtest.ProjectWorld) url.Values {
					return url.Values{"name": {"越权改名"}, "org_id": {id(e.W.Haitang.Committee.ID)}, "status": {"done"}}
				}, 404)(t, e, h, b)
			}
			if x := e.Project(t); webtest.ProjectName(t, e, x.Child.ID) != x.Child.Name {
				t.Errorf("a refused edit renamed 吉阳's project")
			}
		},
		"POST /projects/{id}/delete": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refused("/projects/{id}/delete", child, func(*webtest.ProjectWorld) url.Values { return url.Values{"confirm": {"1"}} }, 404)(t, e, h, b)
			if x := e.Project(t); webtest.ProjectName(t, e, x.Child.ID) != x.Child.Name {
				t.Errorf("a refused delete removed 吉阳's project")
			}
		},
		"GET /risks": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Project(t)
			for _, q := range []string{"", "?level=high", "?due=true", "?q=JY", "?per_page=500"} {
				read(func(*webtest.ProjectWorld) string { return "/risks" + q }, 200)(t, e, h, b)
			}
			if r := e.Login("jiyang").Do("GET", "/risks?due=true", nil); !strings.Contains(r.Body, w.Risk.Description) {
				t.Errorf("吉阳 does not list its own due risk")
			}
		},
		"GET /risks/new": read(func(*webtest.ProjectWorld) string { return "/risks/new" }, 200),
		"POST /risks": refused("/risks", nil, func(*webtest.ProjectWorld) url.Values {
			return url.Values{"unit_id": {id(e.W.Jiyang.Unit.ID)}, "description": {"越权风险"}, "level": {"high"}, "owner": {"x"}}
		}, 422),
		"GET /risks/{id}": read(func(w *webtest.ProjectWorld) string { return "/risks/" + id(w.Risk.ID) }, 404),
		"POST /risks/{id}/reviews": refused("/risks/{id}/reviews", risk, func(*webtest.ProjectWorld) url.Values {
			return url.Values{"reviewed_on": {"2026-01-01"}, "reviewer": {"越权"}, "effective": {"true"}}
		}, 404),

		// The JSON API.
		"GET /api/v1/projects": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Project(t)
			webtest.APIRead(webtest.Path("/api/v1/projects"), "", append(webtest.Pages, "?status=overdue", "?q=JY", "?org_id="+id(jy.Committee.ID)), 200)(t, e, h, b)
		},
		"POST /api/v1/projects": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Project(t)
			webtest.APIRefused("POST", webtest.Path("/api/v1/projects"), webtest.Body(map[string]any{"name": "越权项目", "org_id": jy.Committee.ID}), 422)(t, e, h, b)
			webtest.APIRefused("POST", webtest.Path("/api/v1/projects"), webtest.Body(map[string]any{"name": "挂靠项目", "org_id": ht.Committee.ID, "parent_id": w.Root.ID}), 422)(t, e, h, b)
		},
		"GET /api/v1/projects/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Project(t)
			webtest.APIRead(webtest.Path("/api/v1/projects/"+id(w.Root.ID)), "", nil, 404)(t, e, h, b)
			webtest.APIRead(webtest.Path("/api/v1/projects/"+id(w.Child.ID)), "", nil, 404)(t, e, h, b)
		},
		"PUT /api/v1/projects/{id}":           webtest.APIRefused("PUT", apiProject(""), webtest.Body(map[string]any{"name": "越权改名", "org_id": ht.Committee.ID}), 404),
		"DELETE /api/v1/projects/{id}":        webtest.APIRefused("DELETE", apiProject(""), webtest.Body(nil), 404),
		"POST /api/v1/projects/{id}/progress": webtest.APIRefused("POST", apiProject("/progress"), webtest.Body(map[string]any{"progress": 100, "status": "done"}), 404),
		"POST /api/v1/projects/{id}/milestones": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Project(t)
			webtest.APIRefused("POST", apiProject("/milestones"), webtest.Body(map[string]any{"name": "越权里程碑", "due_on": "2026-12-31"}), 404)(t, e, h, b)
			webtest.APIRefused("POST", apiProject("/milestones"), webtest.Body(map[string]any{"milestone_id": w.Milestone, "done_on": "2026-10-01"}), 404)(t, e, h, b)
		},
		"POST /api/v1/projects/{id}/parent": webtest.APIRefused("POST", apiProject("/parent"), webtest.Body(map[string]any{"parent_id": 0}), 404),
		"GET /api/v1/risks": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Project(t)
			webtest.APIRead(webtest.Path("/api/v1/risks"), "", append(webtest.Pages, "?level=high", "?due=true", "?q=JY"), 200)(t, e, h, b)
		},
		"POST /api/v1/risks": webtest.APIRefused("POST", webtest.Path("/api/v1/risks"), webtest.Body(map[string]any{"unit_id": jy.Unit.ID, "description": "越权风险", "level": "high", "owner": "x"}), 422),
		"GET /api/v1/risks/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.APIRead(webtest.Path("/api/v1/risks/"+id(e.Project(t).Risk.ID)), "", nil, 404)(t, e, h, b)
		},
		"POST /api/v1/risks/{id}/reviews": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.APIRefused("POST", webtest.Path("/api/v1/risks/"+id(e.Project(t).Risk.ID)+"/reviews"), webtest.Body(map[string]any{"reviewed_on": "2026-01-01", "reviewer": "越权", "effective": true}), 404)(t, e, h, b)
		},
	}
}

func TestScopeMatrixProject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("project")
		webtest.RunMatrix(t, e, routes, projectMatrix(e))
	})
}
