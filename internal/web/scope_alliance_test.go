package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// allianceMatrix holds the scope-matrix rows of alliances (湾区大党委, chain alliances, pairings, 党建医联).
// A 吉阳区-led alliance with 吉阳 members only is invisible to a 海棠区
// official and a 海棠 branch secretary: not listed, not found, and every
// write to it is refused without writing.
func allianceMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	secret := []string{"JY旅游产业链联盟", "JY秘密备注", "JY联席会议程", "JY决定事项", "JY合作备忘录", "JY承诺事项"}
	clean := func(t *testing.T, what string, r resp) {
		t.Helper()
		noLeak(t, what, r)
		for _, s := range secret {
			if strings.Contains(r.body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	read := func(path func(*allianceWorld) string, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := path(e.alliance(t))
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", p, nil)
				want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	write := func(path string, form func(*allianceWorld) url.Values) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			w := e.alliance(t)
			n := allianceWrites(t, e)
			p := strings.Replace(path, "{id}", id(w.jy.ID), 1)
			formWrite(path, id(w.jy.ID), form(w), 404)(t, e, h, b)
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("POST", p, form(w))
				want(t, who+" POST "+p, r, 404)
				clean(t, who+" POST "+p, r)
			}
			if got := allianceWrites(t, e); got != n {
				t.Errorf("POST %s: refused writes wrote %d entries", p, got-n)
			}
		}
	}
	return map[string]matrixCheck{
		"GET /alliances": func(t *testing.T, e *env, h, b *client) {
			w := e.alliance(t)
			for _, q := range []string{"", "?kind=industry_chain", "?q=JY", "?sort=-lead&per_page=500"} {
				read(func(*allianceWorld) string { return "/alliances" + q }, 200)(t, e, h, b)
			}
			if r := e.login("jiyang").do("GET", "/alliances", nil); !strings.Contains(r.body, w.jy.Name) {
				t.Errorf("吉阳 does not list its own alliance")
			}
		},
		"GET /alliances/new": read(func(*allianceWorld) string { return "/alliances/new" }, 200),
		"POST /alliances": func(t *testing.T, e *env, h, b *client) {
			e.alliance(t)
			n := allianceWrites(t, e)
			f := func() url.Values {
				return url.Values{"kind": {"regional_committee"}, "name": {"越权联盟"}, "lead_org_id": {id(e.w.Jiyang.Committee.ID)}}
			}
			formWrite("/alliances", "", f(), 422)(t, e, h, b)
			r := b.do("POST", "/alliances", f())
			want(t, "branch leads for 吉阳", r, 422)
			clean(t, "branch POST", r)
			if got := allianceWrites(t, e); got != n {
				t.Errorf("refused alliances wrote %d entries", got-n)
			}
		},
		"GET /alliances/{id}": read(func(w *allianceWorld) string { return "/alliances/" + id(w.jy.ID) }, 404),
		"POST /alliances/{id}/members": write("/alliances/{id}/members", func(*allianceWorld) url.Values {
			return url.Values{"org_id": {id(e.w.Haitang.Committee.ID)}}
		}),
		"POST /alliances/{id}/resources": write("/alliances/{id}/resources", func(w *allianceWorld) url.Values {
			return url.Values{"name": {"越权资源"}, "owner_id": {id(w.m0.ID)}}
		}),
		"POST /alliances/{id}/meetings": write("/alliances/{id}/meetings", func(w *allianceWorld) url.Values {
			return url.Values{"held_on": {"2026-10-01"}, "agenda": {"越权会议"}, "present": {id(w.m0.ID)}}
		}),
		"POST /alliances/{id}/tasks": write("/alliances/{id}/tasks", func(w *allianceWorld) url.Values {
			return url.Values{"decision": {"越权任务"}, "owner_id": {id(w.m0.ID)}, "deadline": {"2026-12-31"}}
		}),
		"POST /alliances/{id}/tasks/done": write("/alliances/{id}/tasks/done", func(w *allianceWorld) url.Values {
			return url.Values{"task_id": {id(w.task)}}
		}),
		"POST /alliances/{id}/memoranda": write("/alliances/{id}/memoranda", func(w *allianceWorld) url.Values {
			return url.Values{"title": {"越权备忘录"}, "signed_on": {"2026-10-01"}, "parties": {id(w.m0.ID), id(w.m1.ID)}}
		}),
		"GET /alliances/{id}/edit": read(func(w *allianceWorld) string { return "/alliances/" + id(w.jy.ID) + "/edit" }, 404),
		"POST /alliances/{id}": write("/alliances/{id}", func(*allianceWorld) url.Values {
			return url.Values{"kind": {"regional_committee"}, "name": {"越权改名"}}
		}),
		"POST /alliances/{id}/delete": write("/alliances/{id}/delete", func(*allianceWorld) url.Values {
			return url.Values{"confirm": {"1"}}
		}),
		"POST /alliances/{id}/progress": write("/alliances/{id}/progress", func(w *allianceWorld) url.Values {
			return url.Values{"commitment_id": {id(w.commitm)}, "progress": {"100"}}
		}),
	}
}

func TestScopeMatrixAlliance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("alliance")
		runMatrix(t, e, routes, merge(allianceMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
