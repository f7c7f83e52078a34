package vanguard_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/web/webtest"
)

// The fixture's teams and plans: 吉阳's, and 海棠's of the first and
// the second branch.
var (
	jyTeam  = func(w *webtest.VanguardWorld) int64 { return w.JyTeam.ID }
	htTeam  = func(w *webtest.VanguardWorld) int64 { return w.HtTeam.ID }
	htTeam1 = func(w *webtest.VanguardWorld) int64 { return w.HtTeam1.ID }
	jyPlan  = func(w *webtest.VanguardWorld) int64 { return w.JyPlan.ID }
	htPlan  = func(w *webtest.VanguardWorld) int64 { return w.HtPlan.ID }
	htPlan1 = func(w *webtest.VanguardWorld) int64 { return w.HtPlan1.ID }
)

// vanguardAPIRows holds the scope-matrix rows of the JSON API of vanguard
// teams, study plans and invitations (the pages' fixture, vanguardWorld): a
// 海棠区 official sees 海棠's only, a 海棠 branch secretary only their own
// branch's; 吉阳's teams, plans, invitations and mobile members answer 404
// by id to both, and every write to them, or naming a 吉阳 person or
// event, is refused with no row and no audit entry written.
func vanguardAPIRows(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	vw := func(t *testing.T) *webtest.VanguardWorld { return e.Vanguard(t) }
	jy, ht := e.W.Jiyang, e.W.Haitang
	jyOrg := id(jy.Branches[0].ID)
	clean := func(t *testing.T, who, what string, r webtest.Resp) {
		t.Helper()
		webtest.NoLeak(t, who+" "+what, r)
		webtest.Masked(t, who+" "+what, r)
		secrets := webtest.VanguardSecrets
		if who == "branch" {
			secrets = append([]string{"HT二支部"}, secrets...)
		}
		for _, s := range secrets {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s %s leaks %q", who, what, s)
			}
		}
	}
	// list GETs path with each query as both accounts (200, nothing of
	// 吉阳, nothing of the other branch for the secretary); own must be in
	// the district's and branchOwn in the secretary's unfiltered answer.
	list := func(path string, queries []string, own, branchOwn string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			vw(t)
			for _, q := range append([]string{""}, queries...) {
				for who, c := range webtest.Both(h, b) {
					r := c.Do("GET", path+q, nil)
					webtest.Want(t, who+" "+path+q, r, 200)
					clean(t, who, path+q, r)
				}
			}
			if r := h.Do("GET", path, nil); own != "" && !strings.Contains(r.Body, own) {
				t.Errorf("district %s: own %q missing: %.300s", path, own, r.Body)
			}
			if r := b.Do("GET", path, nil); branchOwn != "" && !strings.Contains(r.Body, branchOwn) {
				t.Errorf("branch %s: own %q missing: %.300s", path, branchOwn, r.Body)
			}
		}
	}
	// refused sends each request (who: "district", "branch" or "" for both)
	// and wants its code; table's rows and the audit log stay as they were.
	type try struct {
		who, method string
		path        func(*webtest.VanguardWorld) string
		body        func(*webtest.VanguardWorld) any
		code        int
	}
	refused := func(table string, tries ...try) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := vw(t)
			n, a := webtest.VgCount(t, e, table), webtest.AuditWrites(t, e)
			for _, x := range tries {
				p := x.path(w)
				for who, c := range webtest.Both(h, b) {
					if x.who != "" && x.who != who {
						continue
					}
					r := c.Do(x.method, p, x.body(w))
					webtest.Want(t, who+" "+x.method+" "+p, r, x.code)
					clean(t, who, x.method+" "+p, r)
				}
			}
			if got := webtest.VgCount(t, e, table); got != n {
				t.Errorf("refused writes added %d rows to %s", got-n, table)
			}
			if got := webtest.AuditWrites(t, e); got != a {
				t.Errorf("refused writes wrote %d audit entries", got-a)
			}
		}
	}
	fixed := func(p string) func(*webtest.VanguardWorld) string {
		return func(*webtest.VanguardWorld) string { return p }
	}
	lit := func(v any) func(*webtest.VanguardWorld) any { return func(*webtest.VanguardWorld) any { return v } }
	teamPath := func(of func(*webtest.VanguardWorld) int64, suffix string) func(*webtest.VanguardWorld) string {
		return func(w *webtest.VanguardWorld) string { return "/api/v1/vanguard/" + id(of(w)) + suffix }
	}
	planPath := func(of func(*webtest.VanguardWorld) int64, suffix string) func(*webtest.VanguardWorld) string {
		return func(w *webtest.VanguardWorld) string { return "/api/v1/training/" + id(of(w)) + suffix }
	}
	// detail wants 404 for 吉阳's object (both accounts) and the other
	// branch's (secretary), and 200 with own for the secretary's own.
	detail := func(foreign, other, mine func(*webtest.VanguardWorld) string, own string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := vw(t)
			for who, c := range webtest.Both(h, b) {
				r := c.Do("GET", foreign(w), nil)
				webtest.Want(t, who+" 吉阳's", r, 404)
				clean(t, who, foreign(w), r)
				r = c.Do("GET", mine(w), nil)
				if r.Code != 200 || !strings.Contains(r.Body, own) {
					t.Errorf("%s: own %s: %d %.300s", who, mine(w), r.Code, r.Body)
				}
				clean(t, who, mine(w), r)
			}
			webtest.Want(t, "branch: the other branch's", b.Do("GET", other(w), nil), 404)
		}
	}
	team := func(org, leader int64) func(*webtest.VanguardWorld) any {
		return lit(map[string]any{"org_id": org, "name": "越权先锋队", "focus": "rural", "leader_id": leader, "founded_on": "2026-01-01"})
	}
	plan := func(org int64) func(*webtest.VanguardWorld) any {
		return lit(map[string]any{"org_id": org, "title": "越权计划", "kind": "study", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "target_hours": 4})
	}
	member := func(p int64) func(*webtest.VanguardWorld) any { return lit(map[string]any{"person_id": p}) }
	activity := lit(map[string]any{"held_on": "2026-10-01", "title": "越权", "hours": 1})
	session := func(att ...int64) func(*webtest.VanguardWorld) any {
		return lit(map[string]any{"held_on": "2026-10-01", "hours": 1, "topic": "越权", "attendees": att})
	}
	mobile := func(of func(*webtest.VanguardWorld) int64) func(*webtest.VanguardWorld) string {
		return func(w *webtest.VanguardWorld) string { return "/api/v1/mobile/" + id(of(w)) + "/invitations" }
	}
	jyMobile := func(w *webtest.VanguardWorld) int64 { return w.JyMobile.ID }
	htMobile := func(w *webtest.VanguardWorld) int64 { return w.HtMobile.ID }
	event := func(kind string, of func(*webtest.VanguardWorld) int64) func(*webtest.VanguardWorld) any {
		return func(w *webtest.VanguardWorld) any { return map[string]any{"kind": kind, "event_id": of(w)} }
	}
	return map[string]webtest.MatrixCheck{
		"GET /api/v1/vanguard": list("/api/v1/vanguard", []string{"?org_id=" + jyOrg, "?q=JY", "?per_page=500&sort=-org", "?focus=environment", "?page=2"},
			"HT二支部先锋队", "HT一支部先锋队"),
		"POST /api/v1/vanguard": refused("vanguard_teams",
			try{"", "POST", fixed("/api/v1/vanguard"), team(jy.Branches[0].ID, jy.Members[0].ID), 422},
			try{"branch", "POST", fixed("/api/v1/vanguard"), team(ht.Branches[1].ID, ht.Members[3].ID), 422},
			try{"", "POST", fixed("/api/v1/vanguard"), team(ht.Branches[0].ID, jy.Members[0].ID), 422},
		),
		"GET /api/v1/vanguard/{id}": detail(teamPath(jyTeam, ""), teamPath(htTeam1, ""), teamPath(htTeam, ""), "HT清理沙滩"),
		"POST /api/v1/vanguard/{id}/members": refused("vanguard_members",
			try{"", "POST", teamPath(jyTeam, "/members"), member(jy.Members[1].ID), 404},
			try{"", "POST", teamPath(jyTeam, "/members"), member(ht.Members[1].ID), 404},
			try{"branch", "POST", teamPath(htTeam1, "/members"), member(ht.Members[4].ID), 404},
			try{"", "POST", teamPath(htTeam, "/members"), member(jy.Members[1].ID), 422},
		),
		"POST /api/v1/vanguard/{id}/activities": refused("vanguard_activities",
			try{"", "POST", teamPath(jyTeam, "/activities"), activity, 404},
			try{"branch", "POST", teamPath(htTeam1, "/activities"), activity, 404},
		),
		"PUT /api/v1/vanguard/{id}": refused("vanguard_teams",
			try{"", "PUT", teamPath(jyTeam, ""), team(jy.Branches[0].ID, jy.Members[0].ID), 404},
			try{"branch", "PUT", teamPath(htTeam1, ""), team(ht.Branches[1].ID, ht.Members[3].ID), 404},
			try{"", "PUT", teamPath(htTeam, ""), team(ht.Branches[0].ID, jy.Members[0].ID), 422},
		),
		"DELETE /api/v1/vanguard/{id}": refused("vanguard_teams",
			try{"", "DELETE", teamPath(jyTeam, ""), lit(nil), 404},
			try{"branch", "DELETE", teamPath(htTeam1, ""), lit(nil), 404},
			try{"", "DELETE", teamPath(htTeam, ""), lit(nil), 409},
		),
		"DELETE /api/v1/vanguard/{id}/members/{person}": refused("vanguard_members",
			try{"", "DELETE", teamPath(jyTeam, "/members/"+id(jy.Members[0].ID)), lit(nil), 404},
			try{"branch", "DELETE", teamPath(htTeam1, "/members/"+id(ht.Members[3].ID)), lit(nil), 404},
			try{"", "DELETE", teamPath(htTeam, "/members/"+id(ht.Members[0].ID)), lit(nil), 409},
		),
		"DELETE /api/v1/vanguard/{id}/activities/{activity}": refused("vanguard_activities",
			try{"", "DELETE", func(w *webtest.VanguardWorld) string { return teamPath(jyTeam, "/activities/"+id(w.JyAct.ID))(w) }, lit(nil), 404},
			try{"", "DELETE", func(w *webtest.VanguardWorld) string { return teamPath(htTeam, "/activities/"+id(w.JyAct.ID))(w) }, lit(nil), 404},
			try{"branch", "DELETE", func(w *webtest.VanguardWorld) string { return teamPath(htTeam1, "/activities/"+id(w.HtAct.ID))(w) }, lit(nil), 404},
		),
		"GET /api/v1/training": list("/api/v1/training", []string{"?org_id=" + jyOrg, "?q=JY", "?per_page=500&sort=-org", "?kind=doorstep", "?page=2"},
			"HT二支部白衣书记培训", "HT一支部送学上门"),
		"POST /api/v1/training": refused("study_plans",
			try{"", "POST", fixed("/api/v1/training"), plan(jy.Branches[0].ID), 422},
			try{"branch", "POST", fixed("/api/v1/training"), plan(ht.Branches[1].ID), 422},
		),
		"GET /api/v1/training/{id}": detail(planPath(jyPlan, ""), planPath(htPlan1, ""), planPath(htPlan, ""), "HT学习党章"),
		"POST /api/v1/training/{id}/sessions": refused("study_sessions",
			try{"", "POST", planPath(jyPlan, "/sessions"), session(), 404},
			try{"", "POST", planPath(jyPlan, "/sessions"), session(jy.Members[0].ID), 404},
			try{"branch", "POST", planPath(htPlan1, "/sessions"), session(), 404},
			try{"", "POST", planPath(htPlan, "/sessions"), session(jy.Members[0].ID), 422},
		),
		"PUT /api/v1/training/{id}": refused("study_plans",
			try{"", "PUT", planPath(jyPlan, ""), plan(jy.Branches[0].ID), 404},
			try{"branch", "PUT", planPath(htPlan1, ""), plan(ht.Branches[1].ID), 404},
			try{"", "PUT", planPath(htPlan, ""), lit(map[string]any{"title": "越权计划", "kind": "study", "starts_on": "2026-01-01", "ends_on": "2026-10-05", "target_hours": 4}), 422},
		),
		"DELETE /api/v1/training/{id}": refused("study_plans",
			try{"", "DELETE", planPath(jyPlan, ""), lit(nil), 404},
			try{"branch", "DELETE", planPath(htPlan1, ""), lit(nil), 404},
			try{"", "DELETE", planPath(htPlan, ""), lit(nil), 409},
		),
		"DELETE /api/v1/training/{id}/sessions/{session}": refused("study_attendance",
			try{"", "DELETE", func(w *webtest.VanguardWorld) string { return planPath(jyPlan, "/sessions/"+id(w.JySession.ID))(w) }, lit(nil), 404},
			try{"", "DELETE", func(w *webtest.VanguardWorld) string { return planPath(htPlan, "/sessions/"+id(w.JySession.ID))(w) }, lit(nil), 404},
			try{"branch", "DELETE", func(w *webtest.VanguardWorld) string { return planPath(htPlan1, "/sessions/"+id(w.HtSession.ID))(w) }, lit(nil), 404},
		),
		"GET /api/v1/invitations": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := vw(t)
			list("/api/v1/invitations", []string{"?q=JY", "?status=invited", "?kind=meeting", "?per_page=500", "?declaration_id=" + id(w.JyMobile.ID)},
				"HT流动党员甲", "HT流动党员甲")(t, e, h, b)
			for who, c := range webtest.Both(h, b) {
				if r := c.Do("GET", "/api/v1/invitations?declaration_id="+id(w.JyMobile.ID), nil); !strings.Contains(r.Body, `"total":0`) {
					t.Errorf("%s: 吉阳's member's invitations: %.300s", who, r.Body)
				}
			}
		},
		"GET /api/v1/invitations/members": list("/api/v1/invitations/members", []string{"?q=JY", "?per_page=500", "?page=2"}, "HT流动党员甲", "HT流动党员甲"),
		"POST /api/v1/invitations/{id}/attendance": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			refused("invitations", try{"", "POST", func(w *webtest.VanguardWorld) string { return "/api/v1/invitations/" + id(w.JyInv.ID) + "/attendance" },
				lit(map[string]any{"status": "attended", "note": "越权"}), 404})(t, e, h, b)
			got, err := e.DeclarationStore().Invitation(t.Context(), jy.Scope, vw(t).JyInv.ID)
			if err != nil || got.Status != "invited" || got.Note != "" {
				t.Errorf("吉阳's invitation changed: %+v %v", got, err)
			}
		},
		"GET /api/v1/mobile/invitations": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			list("/api/v1/mobile/invitations", []string{"?status=invited", "?kind=meeting", "?per_page=500"}, "", "")(t, e, h, b)
			for who, c := range webtest.Both(h, b) {
				if r := c.Do("GET", "/api/v1/mobile/invitations", nil); !strings.Contains(r.Body, `"total":0`) {
					t.Errorf("%s registered no mobile member but is answered %.300s", who, r.Body)
				}
			}
		},
		"POST /api/v1/mobile/{id}/invitations": refused("invitations",
			try{"", "POST", mobile(jyMobile), event("activity", func(w *webtest.VanguardWorld) int64 { return w.HtAct.ID }), 404},
			try{"", "POST", mobile(jyMobile), event("activity", func(w *webtest.VanguardWorld) int64 { return w.JyAct.ID }), 404},
			try{"", "POST", mobile(htMobile), event("meeting", func(w *webtest.VanguardWorld) int64 { return w.JyMeeting.ID }), 422},
			try{"", "POST", mobile(htMobile), event("activity", func(w *webtest.VanguardWorld) int64 { return w.JyAct.ID }), 422},
		),
	}
}
