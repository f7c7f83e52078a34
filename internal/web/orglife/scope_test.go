package orglife_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// orglifeMatrix holds the organizational-life routes' rows of the scope
// matrix. A meeting's scope is its org's: a 海棠区 official sees and records
// 海棠's meetings only, and a 海棠 branch secretary only their own
// branch's; neither reads, exports or writes 吉阳区's.
func orglifeMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	ol := func(t *testing.T) *webtest.OrglifeWorld { return e.Orglife(t) }
	jyOrg := id(e.W.Jiyang.Branches[0].ID)
	secret := []string{"JY酸豆党课", "JY专题", "JY现场"}
	clean := func(t *testing.T, what string, r webtest.Resp, extra ...string) {
		t.Helper()
		webtest.NoLeak(t, what, r)
		for _, s := range append(secret, extra...) {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// hidden reads a page with each query in both 海棠 accounts.
	hidden := func(path string, queries []string, own string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			ol(t)
			for _, q := range queries {
				r := h.Do("GET", path+q, nil)
				webtest.Want(t, "district "+path+q, r, 200, 404)
				clean(t, "district "+path+q, r)
				rb := b.Do("GET", path+q, nil)
				webtest.Want(t, "branch "+path+q, rb, 200, 404)
				clean(t, "branch "+path+q, rb, "HT二支部主题党日")
			}
			if r := h.Do("GET", path, nil); own != "" && !strings.Contains(r.Body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	foreign := func(path func(*testing.T) string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := path(t)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", p, nil)
				webtest.Want(t, who+" "+p, r, 404)
				clean(t, who+" "+p, r)
			}
		}
	}
	listQueries := []string{"", "?org_id=" + jyOrg, "?kind=lecture", "?q=JY", "?from=2026-01-01&to=2026-12-31", "?sort=-org&per_page=500"}
	jy, ht := e.W.Jiyang, e.W.Haitang
	return map[string]webtest.MatrixCheck{
		"GET /orglife": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/orglife", listQueries, "HT二支部主题党日")(t, e, h, b)
			for _, q := range listQueries {
				q = strings.Replace(q, "?", "&", 1)
				for _, k := range []string{"meetings", "orglife-compliance"} {
					r := h.Do("GET", "/export/"+k+"?format=csv"+q, nil)
					webtest.Want(t, "export "+k+q, r, 200, 404)
					clean(t, "export "+k+q, r)
					clean(t, "branch export "+k+q, b.Do("GET", "/export/"+k+"?format=csv"+q, nil), "HT二支部主题党日")
				}
			}
			if r := b.Do("GET", "/orglife", nil); !strings.Contains(r.Body, "HT一支部十月支委会") {
				t.Errorf("the branch secretary does not see their own meeting")
			}
		},
		"GET /orglife/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/orglife/new", []string{"", "?org_id=" + jyOrg}, "")(t, e, h, b)
			webtest.Want(t, "foreign roster", h.Do("GET", "/orglife/new?org_id="+jyOrg, nil), 404)
			webtest.Want(t, "the other branch's roster", b.Do("GET", "/orglife/new?org_id="+id(e.W.Haitang.Branches[1].ID), nil), 404)
			if r := b.Do("GET", "/orglife/new", nil); !strings.Contains(r.Body, "HT党员00") || strings.Contains(r.Body, "HT党员10") {
				t.Errorf("the branch secretary's form lacks their roster or shows another's")
			}
		},
		"POST /orglife": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			ol(t)
			n := webtest.MeetingCount(t, e)
			base := url.Values{"kind": {"committee"}, "held_on": {"2026-10-01"}, "title": {"越权会议"}}
			with := func(k, v string, extra ...string) url.Values {
				f := webtest.CloneForm(base)
				f.Set(k, v)
				for i := 0; i+1 < len(extra); i += 2 {
					f.Set(extra[i], extra[i+1])
				}
				return f
			}
			webtest.FormWrite("/orglife", "", with("org_id", jyOrg), 422)(t, e, h, b)
			r := b.Do("POST", "/orglife", with("org_id", jyOrg))
			webtest.Want(t, "branch records for 吉阳", r, 422)
			clean(t, "branch POST", r)
			webtest.Want(t, "branch records for the other branch", b.Do("POST", "/orglife", with("org_id", id(e.W.Haitang.Branches[1].ID))), 422)
			r = h.Do("POST", "/orglife", with("org_id", id(e.W.Haitang.Branches[0].ID), "att_"+id(e.W.Jiyang.Members[0].ID), "present"))
			webtest.Want(t, "吉阳's member at a 海棠 meeting", r, 422)
			clean(t, "foreign attendee", r)
			if got := webtest.MeetingCount(t, e); got != n {
				t.Errorf("refused records wrote %d meetings", got-n)
			}
		},
		"GET /orglife/compliance": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/orglife/compliance", []string{"?year=2026", "?year=2026&org_id=" + jyOrg, "?year=2026&quarter=4", "?year=2026&month=10"}, e.W.Haitang.Branches[1].Name)(t, e, h, b)
			webtest.Want(t, "foreign subtree", h.Do("GET", "/orglife/compliance?org_id="+jyOrg, nil), 404)
			if r := b.Do("GET", "/orglife/compliance?year=2026", nil); strings.Contains(r.Body, e.W.Haitang.Branches[1].Name) {
				t.Errorf("the branch secretary sees the other branch's compliance")
			}
		},
		"GET /orglife/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign(func(t *testing.T) string { return "/orglife/" + id(ol(t).Jy.ID) })(t, e, h, b)
			webtest.Want(t, "the other branch's meeting", b.Do("GET", "/orglife/"+id(ol(t).Ht1.ID), nil), 404)
			if r := h.Do("GET", "/orglife/"+id(ol(t).Ht1.ID), nil); r.Code != 200 || !strings.Contains(r.Body, "HT二支部主题党日") {
				t.Errorf("own meeting: %d", r.Code)
			}
		},
		"GET /orglife/{id}/edit": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign(func(t *testing.T) string { return "/orglife/" + id(ol(t).Jy.ID) + "/edit" })(t, e, h, b)
			webtest.Want(t, "the other branch's meeting", b.Do("GET", "/orglife/"+id(ol(t).Ht1.ID)+"/edit", nil), 404)
		},
		"POST /orglife/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := ol(t)
			n := webtest.MeetingWrites(t, e)
			form := func() url.Values {
				return url.Values{"kind": {"lecture"}, "held_on": {"2026-10-12"}, "title": {"越权改名"}}
			}
			webtest.FormWrite("/orglife/{id}", id(w.Jy.ID), form(), 404)(t, e, h, b)
			r := b.Do("POST", "/orglife/"+id(w.Jy.ID), form())
			webtest.Want(t, "branch edits 吉阳's", r, 404)
			clean(t, "branch edit", r)
			webtest.Want(t, "branch edits the other branch's", b.Do("POST", "/orglife/"+id(w.Ht1.ID), form()), 404)
			if got := webtest.MeetingWrites(t, e); got != n {
				t.Errorf("refused edits wrote %d audit entries", got-n)
			}
		},
		"POST /orglife/{id}/delete": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := ol(t)
			n, m := webtest.MeetingWrites(t, e), webtest.MeetingCount(t, e)
			form := func() url.Values { return url.Values{"confirm": {"1"}} }
			webtest.FormWrite("/orglife/{id}/delete", id(w.Jy.ID), form(), 404)(t, e, h, b)
			webtest.Want(t, "branch deletes 吉阳's", b.Do("POST", "/orglife/"+id(w.Jy.ID)+"/delete", form()), 404)
			webtest.Want(t, "branch deletes the other branch's", b.Do("POST", "/orglife/"+id(w.Ht1.ID)+"/delete", form()), 404)
			if webtest.MeetingWrites(t, e) != n || webtest.MeetingCount(t, e) != m {
				t.Errorf("refused deletes wrote")
			}
		},
		"GET /orglife/{id}/photos/{photo}": foreign(func(t *testing.T) string {
			w := ol(t)
			return fmt.Sprintf("/orglife/%d/photos/%d", w.Jy.ID, w.Jy.Photos[0].ID)
		}),

		// The JSON API.
		"GET /api/v1/meetings": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Orglife(t)
			webtest.APIRead(webtest.Path("/api/v1/meetings"), "HT二支部主题党日", []string{"", "?org_id=" + id(jy.Branches[0].ID), "?kind=lecture", "?q=JY",
				"?from=2026-01-01&to=2026-12-31", "?sort=-org&per_page=500"}, 200)(t, e, h, b)
			if r := b.Do("GET", "/api/v1/meetings", nil); strings.Contains(r.Body, "HT二支部主题党日") {
				t.Errorf("the branch secretary sees the other branch's meeting")
			}
		},
		"POST /api/v1/meetings": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Orglife(t)
			n := webtest.MeetingCount(t, e)
			m := func(org int64, att ...int64) map[string]any {
				x := map[string]any{"org_id": org, "kind": "committee", "held_on": "2026-10-01", "title": "越权会议"}
				var as []map[string]any
				for _, p := range att {
					as = append(as, map[string]any{"person_id": p, "status": "present"})
				}
				x["attendance"] = as
				return x
			}
			webtest.APIRefused("POST", webtest.Path("/api/v1/meetings"), webtest.Body(m(jy.Branches[0].ID)), 422)(t, e, h, b)
			webtest.Want(t, "branch records for the other branch", b.Do("POST", "/api/v1/meetings", m(ht.Branches[1].ID)), 422)
			r := h.Do("POST", "/api/v1/meetings", m(ht.Branches[0].ID, jy.Members[0].ID))
			webtest.Want(t, "吉阳's member at a 海棠 meeting", r, 422)
			webtest.Clean(t, e, "foreign attendee", r)
			if got := webtest.MeetingCount(t, e); got != n {
				t.Errorf("refused meetings wrote %d", got-n)
			}
		},
		"GET /api/v1/meetings/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Orglife(t)
			webtest.APIRead(webtest.Path("/api/v1/meetings/"+id(w.Jy.ID)), "", nil, 404)(t, e, h, b)
			webtest.Want(t, "the other branch's meeting", b.Do("GET", "/api/v1/meetings/"+id(w.Ht1.ID), nil), 404)
		},
		"PUT /api/v1/meetings/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Orglife(t)
			m := map[string]any{"kind": "lecture", "held_on": "2026-10-12", "title": "越权改名"}
			webtest.APIRefused("PUT", webtest.Path("/api/v1/meetings/"+id(w.Jy.ID)), webtest.Body(m), 404)(t, e, h, b)
			webtest.Want(t, "branch edits the other branch's meeting", b.Do("PUT", "/api/v1/meetings/"+id(w.Ht1.ID), m), 404)
		},
		"DELETE /api/v1/meetings/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Orglife(t)
			webtest.APIRefused("DELETE", webtest.Path("/api/v1/meetings/"+id(w.Jy.ID)), webtest.Body(nil), 404)(t, e, h, b)
			webtest.Want(t, "branch deletes the other branch's meeting", b.Do("DELETE", "/api/v1/meetings/"+id(w.Ht1.ID), nil), 404)
		},
		"GET /api/v1/meetings/{id}/photos/{photo}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Orglife(t)
			webtest.APIRead(webtest.Path(fmt.Sprintf("/api/v1/meetings/%d/photos/%d", w.Jy.ID, w.Jy.Photos[0].ID)), "", nil, 404)(t, e, h, b)
		},
		"GET /api/v1/orglife/orgs/{id}/members": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.APIRead(webtest.Path("/api/v1/orglife/orgs/"+id(jy.Branches[0].ID)+"/members"), "", nil, 404)(t, e, h, b)
			webtest.Want(t, "the other branch's roster", b.Do("GET", "/api/v1/orglife/orgs/"+id(ht.Branches[1].ID)+"/members", nil), 404)
			if r := b.Do("GET", "/api/v1/orglife/orgs/"+id(ht.Branches[0].ID)+"/members", nil); r.Code != 200 || !strings.Contains(r.Body, "HT党员00") {
				t.Errorf("own roster: %d %.200s", r.Code, r.Body)
			}
		},
		"GET /api/v1/orglife/compliance": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Orglife(t)
			webtest.APIRead(webtest.Path("/api/v1/orglife/compliance"), ht.Branches[1].Name, []string{"?year=2026", "?year=2026&quarter=4", "?year=2026&month=10"}, 200)(t, e, h, b)
			webtest.APIRead(webtest.Path("/api/v1/orglife/compliance?org_id="+id(jy.Branches[0].ID)), "", nil, 404)(t, e, h, b)
		},
	}
}

func TestScopeMatrixOrglife(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("orglife")
		webtest.RunMatrix(t, e, routes, orglifeMatrix(e))
	})
}
