package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// orglifeMatrix holds the organizational-life routes' rows of the scope
// matrix. A meeting's scope is its org's: a 海棠区 official sees and records
// 海棠's meetings only, and a 海棠 branch secretary only their own
// branch's; neither reads, exports or writes 吉阳区's.
func orglifeMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	ol := func(t *testing.T) *orglifeWorld { return e.orglife(t) }
	jyOrg := id(e.w.Jiyang.Branches[0].ID)
	secret := []string{"JY酸豆党课", "JY专题", "JY现场"}
	clean := func(t *testing.T, what string, r resp, extra ...string) {
		t.Helper()
		noLeak(t, what, r)
		for _, s := range append(secret, extra...) {
			if strings.Contains(r.body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// hidden reads a page with each query in both 海棠 accounts.
	hidden := func(path string, queries []string, own string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			ol(t)
			for _, q := range queries {
				r := h.do("GET", path+q, nil)
				want(t, "district "+path+q, r, 200, 404)
				clean(t, "district "+path+q, r)
				rb := b.do("GET", path+q, nil)
				want(t, "branch "+path+q, rb, 200, 404)
				clean(t, "branch "+path+q, rb, "HT二支部主题党日")
			}
			if r := h.do("GET", path, nil); own != "" && !strings.Contains(r.body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	foreign := func(path func(*testing.T) string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := path(t)
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", p, nil)
				want(t, who+" "+p, r, 404)
				clean(t, who+" "+p, r)
			}
		}
	}
	listQueries := []string{"", "?org_id=" + jyOrg, "?kind=lecture", "?q=JY", "?from=2026-01-01&to=2026-12-31", "?sort=-org&per_page=500"}
	return map[string]matrixCheck{
		"GET /orglife": func(t *testing.T, e *env, h, b *client) {
			hidden("/orglife", listQueries, "HT二支部主题党日")(t, e, h, b)
			for _, q := range listQueries {
				q = strings.Replace(q, "?", "&", 1)
				for _, k := range []string{"meetings", "orglife-compliance"} {
					r := h.do("GET", "/export/"+k+"?format=csv"+q, nil)
					want(t, "export "+k+q, r, 200, 404)
					clean(t, "export "+k+q, r)
					clean(t, "branch export "+k+q, b.do("GET", "/export/"+k+"?format=csv"+q, nil), "HT二支部主题党日")
				}
			}
			if r := b.do("GET", "/orglife", nil); !strings.Contains(r.body, "HT一支部十月支委会") {
				t.Errorf("the branch secretary does not see their own meeting")
			}
		},
		"GET /orglife/new": func(t *testing.T, e *env, h, b *client) {
			hidden("/orglife/new", []string{"", "?org_id=" + jyOrg}, "")(t, e, h, b)
			want(t, "foreign roster", h.do("GET", "/orglife/new?org_id="+jyOrg, nil), 404)
			want(t, "the other branch's roster", b.do("GET", "/orglife/new?org_id="+id(e.w.Haitang.Branches[1].ID), nil), 404)
			if r := b.do("GET", "/orglife/new", nil); !strings.Contains(r.body, "HT党员00") || strings.Contains(r.body, "HT党员10") {
				t.Errorf("the branch secretary's form lacks their roster or shows another's")
			}
		},
		"POST /orglife": func(t *testing.T, e *env, h, b *client) {
			ol(t)
			n := meetingCount(t, e)
			base := url.Values{"kind": {"committee"}, "held_on": {"2026-10-01"}, "title": {"越权会议"}}
			with := func(k, v string, extra ...string) url.Values {
				f := cloneForm(base)
				f.Set(k, v)
				for i := 0; i+1 < len(extra); i += 2 {
					f.Set(extra[i], extra[i+1])
				}
				return f
			}
			formWrite("/orglife", "", with("org_id", jyOrg), 422)(t, e, h, b)
			r := b.do("POST", "/orglife", with("org_id", jyOrg))
			want(t, "branch records for 吉阳", r, 422)
			clean(t, "branch POST", r)
			want(t, "branch records for the other branch", b.do("POST", "/orglife", with("org_id", id(e.w.Haitang.Branches[1].ID))), 422)
			r = h.do("POST", "/orglife", with("org_id", id(e.w.Haitang.Branches[0].ID), "att_"+id(e.w.Jiyang.Members[0].ID), "present"))
			want(t, "吉阳's member at a 海棠 meeting", r, 422)
			clean(t, "foreign attendee", r)
			if got := meetingCount(t, e); got != n {
				t.Errorf("refused records wrote %d meetings", got-n)
			}
		},
		"GET /orglife/compliance": func(t *testing.T, e *env, h, b *client) {
			hidden("/orglife/compliance", []string{"?year=2026", "?year=2026&org_id=" + jyOrg, "?year=2026&quarter=4", "?year=2026&month=10"}, e.w.Haitang.Branches[1].Name)(t, e, h, b)
			want(t, "foreign subtree", h.do("GET", "/orglife/compliance?org_id="+jyOrg, nil), 404)
			if r := b.do("GET", "/orglife/compliance?year=2026", nil); strings.Contains(r.body, e.w.Haitang.Branches[1].Name) {
				t.Errorf("the branch secretary sees the other branch's compliance")
			}
		},
		"GET /orglife/{id}": func(t *testing.T, e *env, h, b *client) {
			foreign(func(t *testing.T) string { return "/orglife/" + id(ol(t).jy.ID) })(t, e, h, b)
			want(t, "the other branch's meeting", b.do("GET", "/orglife/"+id(ol(t).ht1.ID), nil), 404)
			if r := h.do("GET", "/orglife/"+id(ol(t).ht1.ID), nil); r.code != 200 || !strings.Contains(r.body, "HT二支部主题党日") {
				t.Errorf("own meeting: %d", r.code)
			}
		},
		"GET /orglife/{id}/edit": func(t *testing.T, e *env, h, b *client) {
			foreign(func(t *testing.T) string { return "/orglife/" + id(ol(t).jy.ID) + "/edit" })(t, e, h, b)
			want(t, "the other branch's meeting", b.do("GET", "/orglife/"+id(ol(t).ht1.ID)+"/edit", nil), 404)
		},
		"POST /orglife/{id}": func(t *testing.T, e *env, h, b *client) {
			w := ol(t)
			n := meetingWrites(t, e)
			form := func() url.Values {
				return url.Values{"kind": {"lecture"}, "held_on": {"2026-10-12"}, "title": {"越权改名"}}
			}
			formWrite("/orglife/{id}", id(w.jy.ID), form(), 404)(t, e, h, b)
			r := b.do("POST", "/orglife/"+id(w.jy.ID), form())
			want(t, "branch edits 吉阳's", r, 404)
			clean(t, "branch edit", r)
			want(t, "branch edits the other branch's", b.do("POST", "/orglife/"+id(w.ht1.ID), form()), 404)
			if got := meetingWrites(t, e); got != n {
				t.Errorf("refused edits wrote %d audit entries", got-n)
			}
		},
		"POST /orglife/{id}/delete": func(t *testing.T, e *env, h, b *client) {
			w := ol(t)
			n, m := meetingWrites(t, e), meetingCount(t, e)
			form := func() url.Values { return url.Values{"confirm": {"1"}} }
			formWrite("/orglife/{id}/delete", id(w.jy.ID), form(), 404)(t, e, h, b)
			want(t, "branch deletes 吉阳's", b.do("POST", "/orglife/"+id(w.jy.ID)+"/delete", form()), 404)
			want(t, "branch deletes the other branch's", b.do("POST", "/orglife/"+id(w.ht1.ID)+"/delete", form()), 404)
			if meetingWrites(t, e) != n || meetingCount(t, e) != m {
				t.Errorf("refused deletes wrote")
			}
		},
		"GET /orglife/{id}/photos/{photo}": foreign(func(t *testing.T) string {
			w := ol(t)
			return fmt.Sprintf("/orglife/%d/photos/%d", w.jy.ID, w.jy.Photos[0].ID)
		}),
	}
}

func TestScopeMatrixOrglife(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("orglife")
		runMatrix(t, e, routes, merge(orglifeMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
