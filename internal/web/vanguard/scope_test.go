package vanguard_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// vanguardMatrix holds the scope-matrix rows of its routes. Teams and
// plans are their org's and invitations the inviting org's: a 海棠区
// official sees and writes 海棠's only, a 海棠 branch secretary only their
// own branch's; neither reads, exports or writes 吉阳区's. A mobile member
// is reached through the area they live in: 吉阳's are not found.
func vanguardMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	vw := func(t *testing.T) *webtest.VanguardWorld { return e.Vanguard(t) }
	jy, ht := e.W.Jiyang, e.W.Haitang
	jyOrg, htOrg, htOrg1 := id(jy.Branches[0].ID), id(ht.Branches[0].ID), id(ht.Branches[1].ID)
	clean := func(t *testing.T, what string, r webtest.Resp, extra ...string) {
		t.Helper()
		webtest.NoLeak(t, what, r)
		webtest.Masked(t, what, r)
		for _, s := range append(webtest.VanguardSecrets, extra...) {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
	// hidden reads a page with each query in both 海棠 accounts: no 吉阳
	// data, and nothing of the second 海棠 branch for the secretary.
	hidden := func(path string, queries []string, own string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			vw(t)
			for _, q := range queries {
				r := h.Do("GET", path+q, nil)
				webtest.Want(t, "district "+path+q, r, 200, 404)
				clean(t, "district "+path+q, r)
				rb := b.Do("GET", path+q, nil)
				webtest.Want(t, "branch "+path+q, rb, 200, 404)
				clean(t, "branch "+path+q, rb, "HT二支部")
			}
			if r := h.Do("GET", path, nil); own != "" && !strings.Contains(r.Body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	// foreign expects 404 for both accounts.
	foreign := func(method string, path func(*testing.T) string, form url.Values) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := path(t)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				var body any
				if form != nil {
					body = webtest.CloneForm(form)
				}
				r := c.Do(method, p, body)
				webtest.Want(t, who+" "+method+" "+p, r, 404)
				clean(t, who+" "+p, r)
			}
		}
	}
	// unchanged runs fn and fails when it changed the table's rows.
	unchanged := func(table string, fn webtest.MatrixCheck) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			vw(t)
			n := webtest.VgCount(t, e, table)
			fn(t, e, h, b)
			if got := webtest.VgCount(t, e, table); got != n {
				t.Errorf("refused writes added %d rows to %s", got-n, table)
			}
		}
	}
	// untouched is unchanged that also wants the audit log as it was.
	untouched := func(table string, fn webtest.MatrixCheck) webtest.MatrixCheck {
		return unchanged(table, func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			a := webtest.AuditWrites(t, e)
			fn(t, e, h, b)
			if got := webtest.AuditWrites(t, e); got != a {
				t.Errorf("refused writes wrote %d audit entries", got-a)
			}
		})
	}
	yes := func(kv ...string) url.Values {
		v := url.Values{"confirm": {"1"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	// ownEdit reads the edit form of path for the secretary's own object.
	ownEdit := func(foreignPath, otherPath, ownPath func(*testing.T) string, own string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("GET", foreignPath, nil)(t, e, h, b)
			webtest.Want(t, "the other branch's edit form", b.Do("GET", otherPath(t), nil), 404)
			r := b.Do("GET", ownPath(t), nil)
			if r.Code != 200 || !strings.Contains(r.Body, own) {
				t.Errorf("own edit form %s: %d", ownPath(t), r.Code)
			}
			clean(t, "own edit form", r, "HT党员10")
		}
	}
	teamP := func(of func(*webtest.VanguardWorld) int64, suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/vanguard/" + id(of(vw(t))) + suffix }
	}
	planP := func(of func(*webtest.VanguardWorld) int64, suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/training/" + id(of(vw(t))) + suffix }
	}
	teamForm := func(leader int64) url.Values {
		return url.Values{"name": {"越权先锋队"}, "focus": {"rural"}, "leader_id": {id(leader)}, "founded_on": {"2026-01-01"}}
	}
	planForm := func(end string) url.Values {
		return url.Values{"title": {"越权计划"}, "kind": {"study"}, "starts_on": {"2026-01-01"}, "ends_on": {end}, "target_hours": {"4"}}
	}
	// refuse posts form to path as who ("" both) and wants code.
	refuse := func(t *testing.T, h, b *webtest.Client, who string, path func(*testing.T) string, form url.Values, code int) {
		t.Helper()
		for name, c := range map[string]*webtest.Client{"district": h, "branch": b} {
			if who != "" && who != name {
				continue
			}
			r := c.Do("POST", path(t), webtest.CloneForm(form))
			webtest.Want(t, name+" POST "+path(t), r, code)
			clean(t, name+" "+path(t), r)
		}
	}
	lists := []string{"", "?org_id=" + jyOrg, "?q=JY", "?per_page=500&sort=-org"}
	exports := func(t *testing.T, h, b *webtest.Client) {
		for _, k := range []string{"vanguard", "training", "invitations", "mobile-members"} {
			for _, q := range []string{"", "&org_id=" + jyOrg, "&q=JY", "&status=invited"} {
				r := h.Do("GET", "/export/"+k+"?format=csv"+q, nil)
				webtest.Want(t, "export "+k+q, r, 200)
				clean(t, "export "+k+q, r)
				clean(t, "branch export "+k+q, b.Do("GET", "/export/"+k+"?format=csv"+q, nil), "HT二支部")
			}
		}
	}
	m := map[string]webtest.MatrixCheck{
		"GET /vanguard": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/vanguard", append(lists, "?focus=environment", "?sort=-founded_on"), "HT二支部先锋队")(t, e, h, b)
			exports(t, h, b)
			if r := b.Do("GET", "/vanguard", nil); !strings.Contains(r.Body, "HT一支部先锋队") {
				t.Errorf("the branch secretary does not see their own team")
			}
		},
		"GET /vanguard/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/vanguard/new", []string{"", "?org_id=" + jyOrg, "?org_id=" + htOrg1}, "")(t, e, h, b)
			webtest.Want(t, "foreign org's members", h.Do("GET", "/vanguard/new?org_id="+jyOrg, nil), 404)
			webtest.Want(t, "the other branch's members", b.Do("GET", "/vanguard/new?org_id="+htOrg1, nil), 404)
			if r := b.Do("GET", "/vanguard/new", nil); !strings.Contains(r.Body, "HT党员00") || strings.Contains(r.Body, "HT党员10") {
				t.Errorf("the branch secretary's form lacks their members or shows another branch's")
			}
		},
		"POST /vanguard": unchanged("vanguard_teams", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			form := func(org string, leader int64) url.Values {
				return url.Values{"org_id": {org}, "name": {"越权先锋队"}, "focus": {"rural"}, "leader_id": {id(leader)}, "founded_on": {"2026-01-01"}}
			}
			webtest.FormWrite("/vanguard", "", form(jyOrg, jy.Members[0].ID), 422)(t, e, h, b)
			r := b.Do("POST", "/vanguard", form(htOrg1, ht.Members[3].ID))
			webtest.Want(t, "branch creates for the other branch", r, 422)
			clean(t, "branch POST", r, "HT二支部")
			r = h.Do("POST", "/vanguard", form(htOrg, jy.Members[0].ID))
			webtest.Want(t, "吉阳's member leads a 海棠 team", r, 422)
			clean(t, "foreign leader", r)
		}),
		"GET /vanguard/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("GET", func(t *testing.T) string { return "/vanguard/" + id(vw(t).JyTeam.ID) }, nil)(t, e, h, b)
			webtest.Want(t, "the other branch's team", b.Do("GET", "/vanguard/"+id(vw(t).HtTeam1.ID), nil), 404)
			if r := b.Do("GET", "/vanguard/"+id(vw(t).HtTeam.ID), nil); r.Code != 200 || !strings.Contains(r.Body, "HT清理沙滩") {
				t.Errorf("own team: %d", r.Code)
			} else {
				clean(t, "own team", r, "HT党员10")
			}
		},
		"POST /vanguard/{id}/members": unchanged("vanguard_members", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("POST", func(t *testing.T) string { return "/vanguard/" + id(vw(t).JyTeam.ID) + "/members" },
				url.Values{"person_id": {id(jy.Members[1].ID)}})(t, e, h, b)
			webtest.Want(t, "the other branch's team", b.Do("POST", "/vanguard/"+id(vw(t).HtTeam1.ID)+"/members", url.Values{"person_id": {id(ht.Members[4].ID)}}), 404)
			r := h.Do("POST", "/vanguard/"+id(vw(t).HtTeam.ID)+"/members", url.Values{"person_id": {id(jy.Members[1].ID)}})
			webtest.Want(t, "吉阳's member on a 海棠 team", r, 422)
			clean(t, "foreign member", r)
		}),
		"POST /vanguard/{id}/activities": unchanged("vanguard_activities", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("POST", func(t *testing.T) string { return "/vanguard/" + id(vw(t).JyTeam.ID) + "/activities" },
				url.Values{"held_on": {"2026-10-01"}, "title": {"越权"}, "hours": {"1"}})(t, e, h, b)
			webtest.Want(t, "the other branch's team", b.Do("POST", "/vanguard/"+id(vw(t).HtTeam1.ID)+"/activities",
				url.Values{"held_on": {"2026-10-01"}, "title": {"越权"}, "hours": {"1"}}), 404)
		}),
		"GET /vanguard/{id}/edit": ownEdit(teamP(jyTeam, "/edit"), teamP(htTeam1, "/edit"), teamP(htTeam, "/edit"), "HT一支部先锋队"),
		"POST /vanguard/{id}": untouched("vanguard_teams", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refuse(t, h, b, "", teamP(jyTeam, ""), teamForm(jy.Members[0].ID), 404)
			refuse(t, h, b, "branch", teamP(htTeam1, ""), teamForm(ht.Members[3].ID), 404)
			refuse(t, h, b, "", teamP(htTeam, ""), teamForm(jy.Members[0].ID), 422)
		}),
		"POST /vanguard/{id}/delete": untouched("vanguard_teams", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refuse(t, h, b, "", teamP(jyTeam, "/delete"), yes(), 404)
			refuse(t, h, b, "branch", teamP(htTeam1, "/delete"), yes(), 404)
			refuse(t, h, b, "", teamP(htTeam, "/delete"), yes(), 409)
			refuse(t, h, b, "", teamP(htTeam, "/delete"), url.Values{}, 422)
		}),
		"POST /vanguard/{id}/members/remove": untouched("vanguard_members", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refuse(t, h, b, "", teamP(jyTeam, "/members/remove"), yes("person_id", id(jy.Members[0].ID)), 404)
			refuse(t, h, b, "branch", teamP(htTeam1, "/members/remove"), yes("person_id", id(ht.Members[3].ID)), 404)
			refuse(t, h, b, "", teamP(htTeam, "/members/remove"), yes("person_id", id(ht.Members[0].ID)), 409)
		}),
		"POST /vanguard/{id}/activities/delete": untouched("vanguard_activities", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := vw(t)
			refuse(t, h, b, "", teamP(jyTeam, "/activities/delete"), yes("activity_id", id(w.JyAct.ID)), 404)
			refuse(t, h, b, "", teamP(htTeam, "/activities/delete"), yes("activity_id", id(w.JyAct.ID)), 404)
			refuse(t, h, b, "branch", teamP(htTeam1, "/activities/delete"), yes("activity_id", id(w.HtAct.ID)), 404)
		}),
		"GET /training": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/training", append(lists, "?kind=doorstep", "?sort=starts_on"), "HT二支部白衣书记培训")(t, e, h, b)
			if r := b.Do("GET", "/training", nil); !strings.Contains(r.Body, "HT一支部送学上门") {
				t.Errorf("the branch secretary does not see their own plan")
			}
		},
		"GET /training/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/training/new", []string{""}, "")(t, e, h, b)
		},
		"POST /training": unchanged("study_plans", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			form := func(org string) url.Values {
				return url.Values{"org_id": {org}, "title": {"越权计划"}, "kind": {"study"}, "starts_on": {"2026-01-01"}, "ends_on": {"2026-12-31"}, "target_hours": {"4"}}
			}
			webtest.FormWrite("/training", "", form(jyOrg), 422)(t, e, h, b)
			r := b.Do("POST", "/training", form(htOrg1))
			webtest.Want(t, "branch plans for the other branch", r, 422)
			clean(t, "branch POST", r, "HT二支部")
		}),
		"GET /training/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("GET", func(t *testing.T) string { return "/training/" + id(vw(t).JyPlan.ID) }, nil)(t, e, h, b)
			webtest.Want(t, "the other branch's plan", b.Do("GET", "/training/"+id(vw(t).HtPlan1.ID), nil), 404)
			if r := b.Do("GET", "/training/"+id(vw(t).HtPlan.ID), nil); r.Code != 200 || !strings.Contains(r.Body, "HT学习党章") {
				t.Errorf("own plan: %d", r.Code)
			}
		},
		"POST /training/{id}/sessions": unchanged("study_sessions", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			form := url.Values{"held_on": {"2026-10-01"}, "hours": {"1"}, "topic": {"越权"}}
			foreign("POST", func(t *testing.T) string { return "/training/" + id(vw(t).JyPlan.ID) + "/sessions" }, form)(t, e, h, b)
			webtest.Want(t, "the other branch's plan", b.Do("POST", "/training/"+id(vw(t).HtPlan1.ID)+"/sessions", webtest.CloneForm(form)), 404)
			f := webtest.CloneForm(form)
			f.Set("attendee", id(jy.Members[0].ID))
			r := h.Do("POST", "/training/"+id(vw(t).HtPlan.ID)+"/sessions", f)
			webtest.Want(t, "吉阳's member attends a 海棠 session", r, 422)
			clean(t, "foreign attendee", r)
		}),
		"GET /training/{id}/edit": ownEdit(planP(jyPlan, "/edit"), planP(htPlan1, "/edit"), planP(htPlan, "/edit"), "HT一支部送学上门"),
		"POST /training/{id}": untouched("study_plans", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refuse(t, h, b, "", planP(jyPlan, ""), planForm("2026-12-31"), 404)
			refuse(t, h, b, "branch", planP(htPlan1, ""), planForm("2026-12-31"), 404)
			refuse(t, h, b, "", planP(htPlan, ""), planForm("2026-10-05"), 422)
		}),
		"POST /training/{id}/delete": untouched("study_plans", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refuse(t, h, b, "", planP(jyPlan, "/delete"), yes(), 404)
			refuse(t, h, b, "branch", planP(htPlan1, "/delete"), yes(), 404)
			refuse(t, h, b, "", planP(htPlan, "/delete"), yes(), 409)
		}),
		"POST /training/{id}/sessions/delete": untouched("study_attendance", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := vw(t)
			refuse(t, h, b, "", planP(jyPlan, "/sessions/delete"), yes("session_id", id(w.JySession.ID)), 404)
			refuse(t, h, b, "", planP(htPlan, "/sessions/delete"), yes("session_id", id(w.JySession.ID)), 404)
			refuse(t, h, b, "branch", planP(htPlan1, "/sessions/delete"), yes("session_id", id(w.HtSession.ID)), 404)
		}),
		"GET /invitations": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/invitations", append(lists, "?status=invited", "?kind=meeting"), "HT流动党员甲")(t, e, h, b)
		},
		"GET /invitations/members": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/invitations/members", []string{"", "?q=JY", "?per_page=500"}, "HT流动党员甲")(t, e, h, b)
			if r := b.Do("GET", "/invitations/members", nil); !strings.Contains(r.Body, "HT流动党员甲") {
				t.Errorf("the branch secretary does not reach the mobile member living in the branch's village")
			}
		},
		"POST /invitations/{id}/attendance": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("POST", func(t *testing.T) string { return "/invitations/" + id(vw(t).JyInv.ID) + "/attendance" },
				url.Values{"status": {"attended"}})(t, e, h, b)
			got, err := e.DeclarationStore().Invitation(t.Context(), e.W.Jiyang.Scope, vw(t).JyInv.ID)
			if err != nil || got.Status != "invited" {
				t.Errorf("吉阳's invitation changed: %+v %v", got, err)
			}
		},
		"GET /mobile/invitations": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			hidden("/mobile/invitations", []string{"", "?status=invited"}, "")(t, e, h, b)
		},
		"GET /mobile/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("GET", func(t *testing.T) string { return "/mobile/" + id(vw(t).JyMobile.ID) }, nil)(t, e, h, b)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", "/mobile/"+id(vw(t).HtMobile.ID), nil)
				if r.Code != 200 || !strings.Contains(r.Body, "HT一支部会议") {
					t.Errorf("%s: own mobile member's page: %d", who, r.Code)
				}
				clean(t, who+" own mobile member", r)
			}
		},
		"POST /mobile/{id}/invitations": unchanged("invitations", func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreign("POST", func(t *testing.T) string { return "/mobile/" + id(vw(t).JyMobile.ID) + "/invitations" },
				url.Values{"kind": {"activity"}, "activity_id": {id(vw(t).HtAct.ID)}})(t, e, h, b)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("POST", "/mobile/"+id(vw(t).HtMobile.ID)+"/invitations", url.Values{"kind": {"meeting"}, "meeting_id": {id(vw(t).JyMeeting.ID)}})
				webtest.Want(t, who+" invites to 吉阳's meeting", r, 422)
				clean(t, who+" foreign meeting", r)
				r = c.Do("POST", "/mobile/"+id(vw(t).HtMobile.ID)+"/invitations", url.Values{"kind": {"activity"}, "activity_id": {id(vw(t).JyAct.ID)}})
				webtest.Want(t, who+" invites to 吉阳's activity", r, 422)
				clean(t, who+" foreign activity", r)
			}
		}),
	}
	// The JSON API's rows (scopeapi_test.go).
	for k, c := range vanguardAPIRows(e) {
		m[k] = c
	}
	return m
}

func TestScopeMatrixVanguard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("vanguard")
		webtest.RunMatrix(t, e, routes, vanguardMatrix(e))
	})
}
