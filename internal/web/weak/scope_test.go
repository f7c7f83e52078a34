package weak_test

import (
	"context"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// weakMatrix holds the scope-matrix rows of weak-branch detection, rectification and supervision (软弱涣散, 整顿, 督查).
// A 吉阳 case and visit are invisible to a 海棠区 official and a 海棠 branch
// secretary: not listed, not found, and every write to them is refused
// without writing; their detection runs leave 吉阳's cases alone.
func weakMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	secret := []string{"JY整改任务", "JY督查组", "JY督查发现"}
	clean := webtest.Hides(secret...)
	read := func(path func(*webtest.WeakWorld) string, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := path(e.Weak(t))
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", p, nil)
				webtest.Want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	write := func(path string, foreign func(*webtest.WeakWorld) int64, form func(*webtest.WeakWorld) url.Values, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			n := webtest.WeakWrites(t, e)
			fid := id(foreign(w))
			p := strings.Replace(path, "{id}", fid, 1)
			webtest.FormWrite(path, fid, form(w), codes...)(t, e, h, b)
			r := b.Do("POST", p, form(w))
			webtest.Want(t, "branch POST "+p, r, codes...)
			clean(t, "branch POST "+p, r)
			if got := webtest.WeakWrites(t, e); got != n {
				t.Errorf("POST %s: refused writes wrote %d entries", p, got-n)
			}
		}
	}
	caseID := func(w *webtest.WeakWorld) int64 { return w.Jy.ID }
	visitID := func(w *webtest.WeakWorld) int64 { return w.Visit }
	ht := e.W.Haitang
	apiCase := func(suffix func(*webtest.WeakWorld) string) func(*testing.T) string {
		return func(t *testing.T) string { w := e.Weak(t); return "/api/v1/weak/cases/" + id(w.Jy.ID) + suffix(w) }
	}
	wlit := func(s string) func(*webtest.WeakWorld) string { return func(*webtest.WeakWorld) string { return s } }
	return map[string]webtest.MatrixCheck{
		"GET /weak": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			for _, q := range []string{"", "?status=open", "?status=closed&per_page=500"} {
				read(func(*webtest.WeakWorld) string { return "/weak" + q }, 200)(t, e, h, b)
			}
			if r := e.Login("jiyang").Do("GET", "/weak", nil); !strings.Contains(r.Body, w.Jy.OrgName) {
				t.Errorf("吉阳 does not list its own case")
			}
		},
		"POST /weak/detect": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			count := func() (n int) {
				if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM weak_events WHERE case_id = ?`, w.Jy.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("POST", "/weak/detect", url.Values{})
				webtest.Want(t, who+" detect", r, 303)
				clean(t, who+" detect", r)
			}
			if count() != before {
				t.Errorf("a 海棠 run touched a 吉阳 case")
			}
			if r := h.Do("GET", "/weak", nil); strings.Contains(r.Body, w.Jy.OrgName) {
				t.Errorf("a 海棠 run shows a 吉阳 case")
			}
		},
		"GET /weak/{id}": read(func(w *webtest.WeakWorld) string { return "/weak/" + id(w.Jy.ID) }, 404),
		"POST /weak/{id}/tasks": write("/weak/{id}/tasks", caseID, func(w *webtest.WeakWorld) url.Values {
			return url.Values{"body": {"越权任务"}, "owner_org_id": {id(e.W.Haitang.Branches[0].ID)}, "deadline": {"2026-12-31"}}
		}, 404),
		"POST /weak/{id}/tasks/done": write("/weak/{id}/tasks/done", caseID, func(w *webtest.WeakWorld) url.Values {
			return url.Values{"task_id": {id(w.Task)}}
		}, 404),
		"POST /weak/{id}/instructor": write("/weak/{id}/instructor", caseID, func(w *webtest.WeakWorld) url.Values {
			return url.Values{"person_id": {id(e.W.Haitang.Members[0].ID)}, "role": {"first_secretary"}}
		}, 404),
		"GET /supervision": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Weak(t)
			read(func(*webtest.WeakWorld) string { return "/supervision" }, 200)(t, e, h, b)
		},
		"GET /supervision/new": read(func(*webtest.WeakWorld) string { return "/supervision/new" }, 200),
		"POST /supervision": write("/supervision", func(*webtest.WeakWorld) int64 { return 0 }, func(w *webtest.WeakWorld) url.Values {
			return url.Values{"org_id": {id(w.Jy.OrgID)}, "visited_on": {"2026-01-10"}, "inspectors": {"越权督查"}}
		}, 422),
		"GET /supervision/{id}": read(func(w *webtest.WeakWorld) string { return "/supervision/" + id(w.Visit) }, 404),
		"POST /supervision/{id}/link": write("/supervision/{id}/link", visitID, func(w *webtest.WeakWorld) url.Values {
			return url.Values{"finding_id": {id(w.Finding)}, "deadline": {"2026-12-31"}}
		}, 404),

		// The JSON API.
		"GET /api/v1/weak": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			webtest.APIRead(webtest.Path("/api/v1/weak"), "", append(webtest.Pages, "?status=open", "?status=closed"), 200)(t, e, h, b)
			if r := e.Login("jiyang").Do("GET", "/api/v1/weak", nil); !strings.Contains(r.Body, w.Jy.OrgName) {
				t.Errorf("吉阳 does not list its own case")
			}
		},
		"GET /api/v1/weak/flags": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Weak(t)
			webtest.APIRead(webtest.Path("/api/v1/weak/flags"), "", nil, 200)(t, e, h, b)
		},
		"POST /api/v1/weak/detect": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			count := func() (n int) {
				if err := e.S.DB.Read().QueryRowContext(context.Background(), e.S.DB.Rebind(`SELECT count(*) FROM weak_events WHERE case_id = ?`), w.Jy.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()
			for who, c := range webtest.Both(h, b) {
				r := c.Do("POST", "/api/v1/weak/detect", nil)
				webtest.Want(t, who+" detect", r, 200)
				webtest.Clean(t, e, who+" detect", r)
			}
			if count() != before {
				t.Errorf("a 海棠 run touched a 吉阳 case")
			}
		},
		"GET /api/v1/weak/cases/{id}": webtest.APIRead(apiCase(wlit("")), "", nil, 404),
		"POST /api/v1/weak/cases/{id}/tasks": webtest.APIRefused("POST", apiCase(wlit("/tasks")),
			webtest.Body(map[string]any{"body": "越权任务", "owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 404),
		"POST /api/v1/weak/cases/{id}/tasks/{task}/done": webtest.APIRefused("POST", apiCase(func(w *webtest.WeakWorld) string { return "/tasks/" + id(w.Task) + "/done" }), webtest.Body(map[string]any{}), 404),
		"POST /api/v1/weak/cases/{id}/instructor": webtest.APIRefused("POST", apiCase(wlit("/instructor")),
			webtest.Body(map[string]any{"person_id": ht.Members[0].ID, "role": "first_secretary"}), 404),
		"GET /api/v1/supervision": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Weak(t)
			webtest.APIRead(webtest.Path("/api/v1/supervision"), "", webtest.Pages, 200)(t, e, h, b)
		},
		"POST /api/v1/supervision": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			webtest.APIRefused("POST", webtest.Path("/api/v1/supervision"), webtest.Body(map[string]any{"org_id": w.Jy.OrgID, "visited_on": "2026-01-10", "inspectors": "越权督查"}), 422)(t, e, h, b)
		},
		"GET /api/v1/supervision/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.APIRead(webtest.Path("/api/v1/supervision/"+id(e.Weak(t).Visit)), "", nil, 404)(t, e, h, b)
		},
		"POST /api/v1/supervision/{id}/findings/{finding}/task": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Weak(t)
			webtest.APIRefused("POST", webtest.Path(fmt.Sprintf("/api/v1/supervision/%d/findings/%d/task", w.Visit, w.Finding)), webtest.Body(map[string]any{"deadline": "2026-12-31"}), 404)(t, e, h, b)
		},
	}
}

func TestScopeMatrixWeak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("weak")
		webtest.RunMatrix(t, e, routes, weakMatrix(e))
	})
}
