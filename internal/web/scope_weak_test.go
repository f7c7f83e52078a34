package web_test

import (
	"context"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// weakMatrix holds the scope-matrix rows of weak-branch detection, rectification and supervision (软弱涣散, 整顿, 督查).
// A 吉阳 case and visit are invisible to a 海棠区 official and a 海棠 branch
// secretary: not listed, not found, and every write to them is refused
// without writing; their detection runs leave 吉阳's cases alone.
func weakMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	secret := []string{"JY整改任务", "JY督查组", "JY督查发现"}
	clean := func(t *testing.T, what string, r resp) {
		t.Helper()
		noLeak(t, what, r)
		for _, s := range secret {
			if strings.Contains(r.body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	read := func(path func(*weakWorld) string, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := path(e.weak(t))
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", p, nil)
				want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	write := func(path string, foreign func(*weakWorld) int64, form func(*weakWorld) url.Values, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			w := e.weak(t)
			n := weakWrites(t, e)
			fid := id(foreign(w))
			p := strings.Replace(path, "{id}", fid, 1)
			formWrite(path, fid, form(w), codes...)(t, e, h, b)
			r := b.do("POST", p, form(w))
			want(t, "branch POST "+p, r, codes...)
			clean(t, "branch POST "+p, r)
			if got := weakWrites(t, e); got != n {
				t.Errorf("POST %s: refused writes wrote %d entries", p, got-n)
			}
		}
	}
	caseID := func(w *weakWorld) int64 { return w.jy.ID }
	visitID := func(w *weakWorld) int64 { return w.visit }
	return map[string]matrixCheck{
		"GET /weak": func(t *testing.T, e *env, h, b *client) {
			w := e.weak(t)
			for _, q := range []string{"", "?status=open", "?status=closed&per_page=500"} {
				read(func(*weakWorld) string { return "/weak" + q }, 200)(t, e, h, b)
			}
			if r := e.login("jiyang").do("GET", "/weak", nil); !strings.Contains(r.body, w.jy.OrgName) {
				t.Errorf("吉阳 does not list its own case")
			}
		},
		"POST /weak/detect": func(t *testing.T, e *env, h, b *client) {
			w := e.weak(t)
			count := func() (n int) {
				if err := e.s.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM weak_events WHERE case_id = ?`, w.jy.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("POST", "/weak/detect", url.Values{})
				want(t, who+" detect", r, 303)
				clean(t, who+" detect", r)
			}
			if count() != before {
				t.Errorf("a 海棠 run touched a 吉阳 case")
			}
			if r := h.do("GET", "/weak", nil); strings.Contains(r.body, w.jy.OrgName) {
				t.Errorf("a 海棠 run shows a 吉阳 case")
			}
		},
		"GET /weak/{id}": read(func(w *weakWorld) string { return "/weak/" + id(w.jy.ID) }, 404),
		"POST /weak/{id}/tasks": write("/weak/{id}/tasks", caseID, func(w *weakWorld) url.Values {
			return url.Values{"body": {"越权任务"}, "owner_org_id": {id(e.w.Haitang.Branches[0].ID)}, "deadline": {"2026-12-31"}}
		}, 404),
		"POST /weak/{id}/tasks/done": write("/weak/{id}/tasks/done", caseID, func(w *weakWorld) url.Values {
			return url.Values{"task_id": {id(w.task)}}
		}, 404),
		"POST /weak/{id}/instructor": write("/weak/{id}/instructor", caseID, func(w *weakWorld) url.Values {
			return url.Values{"person_id": {id(e.w.Haitang.Members[0].ID)}, "role": {"first_secretary"}}
		}, 404),
		"GET /supervision": func(t *testing.T, e *env, h, b *client) {
			e.weak(t)
			read(func(*weakWorld) string { return "/supervision" }, 200)(t, e, h, b)
		},
		"GET /supervision/new": read(func(*weakWorld) string { return "/supervision/new" }, 200),
		"POST /supervision": write("/supervision", func(*weakWorld) int64 { return 0 }, func(w *weakWorld) url.Values {
			return url.Values{"org_id": {id(w.jy.OrgID)}, "visited_on": {"2026-01-10"}, "inspectors": {"越权督查"}}
		}, 422),
		"GET /supervision/{id}": read(func(w *weakWorld) string { return "/supervision/" + id(w.visit) }, 404),
		"POST /supervision/{id}/link": write("/supervision/{id}/link", visitID, func(w *weakWorld) url.Values {
			return url.Values{"finding_id": {id(w.finding)}, "deadline": {"2026-12-31"}}
		}, 404),
	}
}

func TestScopeMatrixWeak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("weak")
		runMatrix(t, e, routes, merge(weakMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
