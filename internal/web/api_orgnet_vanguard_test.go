package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
)

// The JSON API of vanguard teams, study plans and invitations of mobile
// members, over both databases: a lifecycle each, and the bad input the
// rules name — a future date, a non-member on a team or at a session, a
// session outside its plan's period, a second invitation to one event —
// refused with its key and status, with no row and no audit entry written.

func TestOrgnetAPIVanguardTeams(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht, jy := e.w.Haitang, e.w.Jiyang
		c := e.login("htbranch")
		team := func(k string, v any) map[string]any {
			m := map[string]any{"org_id": ht.Branches[0].ID, "name": "HT护河先锋队", "focus": "environment", "leader_id": ht.Members[0].ID,
				"founded_on": "2026-03-01"}
			if k != "" {
				m[k] = v
			}
			return m
		}
		runBad(t, e, c, []badCase{
			{"future founding", "POST", "/api/v1/vanguard", team("founded_on", "2099-01-01"), 422, "err.vanguard.future_date", "vanguard_teams"},
			{"leader of another branch", "POST", "/api/v1/vanguard", team("leader_id", ht.Members[3].ID), 422, "err.vanguard.not_member", "vanguard_teams"},
			{"leader of 吉阳", "POST", "/api/v1/vanguard", team("leader_id", jy.Members[0].ID), 422, "err.vanguard.not_member", "vanguard_teams"},
			{"the other branch's team", "POST", "/api/v1/vanguard", team("org_id", ht.Branches[1].ID), 422, "err.vanguard.org_unknown", "vanguard_teams"},
			{"bad focus", "POST", "/api/v1/vanguard", team("focus", "party"), 422, "err.vanguard.focus", "vanguard_teams"},
			{"bad date", "POST", "/api/v1/vanguard", team("founded_on", "1/3/2026"), 422, "err.date.invalid", "vanguard_teams"},
			{"unknown field", "POST", "/api/v1/vanguard", team("colour", "red"), 422, "err.json.unknown_field", "vanguard_teams"},
			{"bad focus filter", "GET", "/api/v1/vanguard?focus=party", nil, 422, "err.param.enum", ""},
		})
		wantAPIError(t, "viewer creates", e.login("viewer").do("POST", "/api/v1/vanguard", team("", nil)), 403, "err.forbidden")

		x := obj(t, ok(t, "create", c.do("POST", "/api/v1/vanguard", team("note", "守护藤桥河")), 201))
		if x["name"] != "HT护河先锋队" || num(t, x, "member_count") != 1 || num(t, x, "leader_id") != ht.Members[0].ID {
			t.Errorf("created team: %v", x)
		}
		tp := fmt.Sprintf("/api/v1/vanguard/%d", num(t, x, "id"))
		x = obj(t, ok(t, "member", c.do("POST", tp+"/members", map[string]any{"person_id": ht.Members[1].ID}), 201))
		if num(t, x, "member_count") != 2 || len(x["members"].([]any)) != 2 {
			t.Errorf("team after adding a member: %v", x)
		}
		act := func(k string, v any) map[string]any {
			m := map[string]any{"held_on": "2026-10-20", "title": "清理河道", "hours": 2.5}
			if k != "" {
				m[k] = v
			}
			return m
		}
		runBad(t, e, c, []badCase{
			{"member twice", "POST", tp + "/members", map[string]any{"person_id": ht.Members[1].ID}, 409, "err.vanguard.already_member", "vanguard_members"},
			{"member of another branch", "POST", tp + "/members", map[string]any{"person_id": ht.Members[4].ID}, 422, "err.vanguard.not_member", "vanguard_members"},
			{"member of 吉阳", "POST", tp + "/members", map[string]any{"person_id": jy.Members[1].ID}, 422, "err.vanguard.not_member", "vanguard_members"},
			{"no member", "POST", tp + "/members", map[string]any{}, 422, "err.vanguard.member_required", "vanguard_members"},
			{"future activity", "POST", tp + "/activities", act("held_on", "2099-01-01"), 422, "err.vanguard.future_date", "vanguard_activities"},
			{"before founding", "POST", tp + "/activities", act("held_on", "2026-02-01"), 422, "err.vanguard.before_founded", "vanguard_activities"},
			{"too many hours", "POST", tp + "/activities", act("hours", 25), 422, "err.vanguard.hours", "vanguard_activities"},
			{"hours as text", "POST", tp + "/activities", act("hours", "two"), 422, "err.json.type", "vanguard_activities"},
			{"no title", "POST", tp + "/activities", act("title", " "), 422, "err.vanguard.title", "vanguard_activities"},
		})
		a := obj(t, ok(t, "activity", c.do("POST", tp+"/activities", act("note", "十人参加")), 201))
		if a["title"] != "清理河道" || a["hours"] != 2.5 {
			t.Errorf("activity: %v", a)
		}
		x = obj(t, ok(t, "detail", c.do("GET", tp, nil), 200))
		if num(t, x, "activity_count") != 1 || x["hours"] != 2.5 || num(t, x, "activities", 0, "id") != num(t, a, "id") {
			t.Errorf("team detail: %v", x)
		}
		for _, q := range []string{"", "?q=护河", "?focus=environment", "?org_id=" + fmt.Sprint(ht.Branches[0].ID), "?sort=-founded_on&per_page=5"} {
			if r := ok(t, "list"+q, c.do("GET", "/api/v1/vanguard"+q, nil), 200); !strings.Contains(r.body, "HT护河先锋队") {
				t.Errorf("list %s lacks the team: %.300s", q, r.body)
			}
		}
		if r := c.do("GET", "/api/v1/vanguard?focus=flood", nil); strings.Contains(r.body, "HT护河先锋队") {
			t.Errorf("the focus filter does not filter")
		}
		audited(t, e, "htbranch", "vanguard.create", "vanguard.member_add", "vanguard.activity")
	})
}

func TestOrgnetAPITrainingPlans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht, jy := e.w.Haitang, e.w.Jiyang
		c := e.login("haitang")
		plan := func(k string, v any) map[string]any {
			m := map[string]any{"org_id": ht.Branches[0].ID, "title": "HT上半年学习计划", "kind": "study", "starts_on": "2026-01-01", "ends_on": "2026-06-30",
				"target_hours": 4}
			if k != "" {
				m[k] = v
			}
			return m
		}
		runBad(t, e, c, []badCase{
			{"end before start", "POST", "/api/v1/training", plan("ends_on", "2025-12-31"), 422, "err.training.period", "study_plans"},
			{"bad kind", "POST", "/api/v1/training", plan("kind", "party"), 422, "err.training.kind", "study_plans"},
			{"no target", "POST", "/api/v1/training", plan("target_hours", 0), 422, "err.vanguard.hours", "study_plans"},
			{"吉阳's org", "POST", "/api/v1/training", plan("org_id", jy.Branches[0].ID), 422, "err.vanguard.org_unknown", "study_plans"},
		})
		x := obj(t, ok(t, "create", c.do("POST", "/api/v1/training", plan("", nil)), 201))
		if x["title"] != "HT上半年学习计划" || num(t, x, "target_hours") != 4 || len(x["progress"].([]any)) != 3 {
			t.Errorf("created plan: %v", x)
		}
		pp := fmt.Sprintf("/api/v1/training/%d", num(t, x, "id"))
		session := func(k string, v any) map[string]any {
			m := map[string]any{"held_on": "2026-05-10", "hours": 2, "topic": "学习党章", "attendees": []int64{ht.Members[0].ID, ht.Members[1].ID}}
			if k != "" {
				m[k] = v
			}
			return m
		}
		runBad(t, e, c, []badCase{
			{"after the period", "POST", pp + "/sessions", session("held_on", "2026-07-01"), 422, "err.training.outside_period", "study_sessions"},
			{"before the period", "POST", pp + "/sessions", session("held_on", "2025-12-31"), 422, "err.training.outside_period", "study_sessions"},
			{"future session", "POST", pp + "/sessions", session("held_on", "2099-03-01"), 422, "err.vanguard.future_date", "study_sessions"},
			{"attendee of another branch", "POST", pp + "/sessions", session("attendees", []int64{ht.Members[0].ID, ht.Members[3].ID}), 422, "err.training.not_member", "study_attendance"},
			{"attendee of 吉阳", "POST", pp + "/sessions", session("attendees", []int64{jy.Members[0].ID}), 422, "err.training.not_member", "study_sessions"},
			{"attendee twice", "POST", pp + "/sessions", session("attendees", []int64{ht.Members[0].ID, ht.Members[0].ID}), 422, "err.training.attendees", "study_attendance"},
			{"no topic", "POST", pp + "/sessions", session("topic", ""), 422, "err.training.topic", "study_sessions"},
		})
		s := obj(t, ok(t, "session", c.do("POST", pp+"/sessions", session("", nil)), 201))
		if len(s["attendees"].([]any)) != 2 || s["topic"] != "学习党章" {
			t.Errorf("session: %v", s)
		}
		ok(t, "second session", c.do("POST", pp+"/sessions", session("attendees", []int64{ht.Members[0].ID})), 201)
		x = obj(t, ok(t, "detail", c.do("GET", pp, nil), 200))
		if num(t, x, "session_count") != 2 || num(t, x, "hours") != 4 {
			t.Errorf("plan detail: %v", x)
		}
		done := map[int64]bool{}
		for _, p := range x["progress"].([]any) {
			m := p.(map[string]any)
			done[int64(m["person_id"].(float64))] = m["done"] == true
		}
		if !done[ht.Members[0].ID] || done[ht.Members[1].ID] || done[ht.Members[2].ID] {
			t.Errorf("progress: %v", x["progress"])
		}
		for _, q := range []string{"", "?kind=study", "?q=上半年", "?sort=starts_on"} {
			if r := ok(t, "list"+q, c.do("GET", "/api/v1/training"+q, nil), 200); !strings.Contains(r.body, "HT上半年学习计划") {
				t.Errorf("list %s lacks the plan", q)
			}
		}
		wantAPIError(t, "bad kind filter", c.do("GET", "/api/v1/training?kind=party", nil), 422, "err.param.enum")
		audited(t, e, "haitang", "training.create", "training.session")
	})
}

// TestOrgnetAPIInvitations: an account registers as a mobile member living
// in the 海棠 fixture village, the district confirms, the branch secretary
// invites them over the API (a second invitation, 吉阳's meeting and a bad
// kind refused), records the attendance, and the member reads their own.
func TestOrgnetAPIInvitations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		vw := e.vanguard(t)
		ht, br, me := e.login("haitang"), e.login("htbranch"), e.login("viewer")
		ok(t, "register", me.do("POST", "/api/v1/mobile", map[string]any{"name": "候鸟党员老王", "id_number": testfix.IDNumber(978), "phone": "13900000978",
			"area_id": e.w.Haitang.Village.ID, "home_org": "吉林某村党支部"}), 202)
		var decl int64
		if err := d.Read().QueryRowContext(t.Context(), `SELECT id FROM declarations WHERE name = ?`, "候鸟党员老王").Scan(&decl); err != nil {
			t.Fatal(err)
		}
		mp := fmt.Sprintf("/api/v1/mobile/%d/invitations", decl)
		invite := func(kind string, event int64) map[string]any { return map[string]any{"kind": kind, "event_id": event} }
		runBad(t, e, br, []badCase{
			{"before confirmation", "POST", mp, invite("activity", vw.htAct.ID), 422, "err.invitation.mobile", "invitations"},
		})
		ok(t, "confirm", ht.do("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", decl), map[string]any{"org_id": e.w.Haitang.Branches[1].ID,
			"verify_method": "phone", "verify_note": "村书记电话核实本人"}), 200)

		r := ok(t, "members", br.do("GET", "/api/v1/invitations/members?q=老王", nil), 200)
		if num(t, obj(t, r), "items", 0, "id") != decl || strings.Contains(r.body, "13900000978") || strings.Contains(r.body, testfix.IDNumber(978)) {
			t.Errorf("members to invite: %.300s", r.body)
		}
		x := obj(t, ok(t, "invite", br.do("POST", mp, invite("activity", vw.htAct.ID)), 201))
		if x["status"] != "invited" || num(t, x, "team_id") != vw.htTeam.ID || num(t, x, "declaration_id") != decl {
			t.Errorf("invitation: %v", x)
		}
		runBad(t, e, br, []badCase{
			{"invite twice", "POST", mp, invite("activity", vw.htAct.ID), 409, "err.invitation.duplicate", "invitations"},
			{"吉阳's meeting", "POST", mp, invite("meeting", vw.jyMeeting.ID), 422, "err.invitation.event", "invitations"},
			{"no event", "POST", mp, map[string]any{"kind": "meeting"}, 422, "err.invitation.event", "invitations"},
			{"bad kind", "POST", mp, invite("party", vw.htMeeting.ID), 422, "err.invitation.kind", "invitations"},
		})
		ip := fmt.Sprintf("/api/v1/invitations/%d/attendance", num(t, x, "id"))
		if r := ok(t, "own", me.do("GET", "/api/v1/mobile/invitations", nil), 200); num(t, obj(t, r), "total") != 1 || !strings.Contains(r.body, "HT清理沙滩") {
			t.Errorf("the member's own invitations: %.300s", r.body)
		}
		runBad(t, e, br, []badCase{
			{"bad status", "POST", ip, map[string]any{"status": "maybe"}, 422, "err.invitation.status", ""},
			{"long note", "POST", ip, map[string]any{"status": "absent", "note": strings.Repeat("长", 201)}, 422, "err.invitation.note", ""},
		})
		x = obj(t, ok(t, "record", br.do("POST", ip, map[string]any{"status": "attended", "note": "带来了渔具"}), 200))
		if x["status"] != "attended" || x["note"] != "带来了渔具" {
			t.Errorf("recorded: %v", x)
		}
		if r := me.do("GET", "/api/v1/mobile/invitations?status=attended", nil); num(t, obj(t, r), "total") != 1 {
			t.Errorf("the member does not see the attendance: %.300s", r.body)
		}
		if r := me.do("GET", "/api/v1/mobile/invitations?status=invited", nil); num(t, obj(t, r), "total") != 0 {
			t.Errorf("the status filter does not filter: %.300s", r.body)
		}
		for _, c := range []*client{ht, br} {
			r := ok(t, "list", c.do("GET", fmt.Sprintf("/api/v1/invitations?status=attended&declaration_id=%d", decl), nil), 200)
			if num(t, obj(t, r), "total") != 1 || !strings.Contains(r.body, "候鸟党员老王") {
				t.Errorf("invitation list: %.300s", r.body)
			}
		}
		wantAPIError(t, "bad status filter", ht.do("GET", "/api/v1/invitations?status=maybe", nil), 422, "err.param.enum")
		wantAPIError(t, "anonymous own", e.anon().do("GET", "/api/v1/mobile/invitations", nil), 401, "err.unauthorized")
		audited(t, e, "htbranch", "invitation.create", "invitation.attendance")
	})
}
