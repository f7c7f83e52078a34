package vanguard_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// The JSON API of vanguard teams, study plans and invitations of mobile
// members, over both databases: a lifecycle each, and the bad input the
// rules name — a future date, a non-member on a team or at a session, a
// session outside its plan's period, a second invitation to one event —
// refused with its key and status, with no row and no audit entry written.

func TestOrgnetAPIVanguardTeams(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht, jy := e.W.Haitang, e.W.Jiyang
		c := e.Login("htbranch")
		team := func(k string, v any) map[string]any {
			m := map[string]any{"org_id": ht.Branches[0].ID, "name": "HT护河先锋队", "focus": "environment", "leader_id": ht.Members[0].ID,
				"founded_on": "2026-03-01"}
			if k != "" {
				m[k] = v
			}
			return m
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "future founding", Method: "POST", Path: "/api/v1/vanguard", Body: team("founded_on", "2099-01-01"), Status: 422, Key: "err.vanguard.future_date", Table: "vanguard_teams"},
			{Name: "leader of another branch", Method: "POST", Path: "/api/v1/vanguard", Body: team("leader_id", ht.Members[3].ID), Status: 422, Key: "err.vanguard.not_member", Table: "vanguard_teams"},
			{Name: "leader of 吉阳", Method: "POST", Path: "/api/v1/vanguard", Body: team("leader_id", jy.Members[0].ID), Status: 422, Key: "err.vanguard.not_member", Table: "vanguard_teams"},
			{Name: "the other branch's team", Method: "POST", Path: "/api/v1/vanguard", Body: team("org_id", ht.Branches[1].ID), Status: 422, Key: "err.vanguard.org_unknown", Table: "vanguard_teams"},
			{Name: "bad focus", Method: "POST", Path: "/api/v1/vanguard", Body: team("focus", "party"), Status: 422, Key: "err.vanguard.focus", Table: "vanguard_teams"},
			{Name: "bad date", Method: "POST", Path: "/api/v1/vanguard", Body: team("founded_on", "1/3/2026"), Status: 422, Key: "err.date.invalid", Table: "vanguard_teams"},
			{Name: "unknown field", Method: "POST", Path: "/api/v1/vanguard", Body: team("colour", "red"), Status: 422, Key: "err.json.unknown_field", Table: "vanguard_teams"},
			{Name: "bad focus filter", Method: "GET", Path: "/api/v1/vanguard?focus=party", Body: nil, Status: 422, Key: "err.param.enum", Table: ""},
		})
		webtest.WantAPIError(t, "viewer creates", e.Login("viewer").Do("POST", "/api/v1/vanguard", team("", nil)), 403, "err.forbidden")

		x := webtest.Obj(t, webtest.Ok(t, "create", c.Do("POST", "/api/v1/vanguard", team("note", "守护藤桥河")), 201))
		if x["name"] != "HT护河先锋队" || webtest.Num(t, x, "member_count") != 1 || webtest.Num(t, x, "leader_id") != ht.Members[0].ID {
			t.Errorf("created team: %v", x)
		}
		tp := fmt.Sprintf("/api/v1/vanguard/%d", webtest.Num(t, x, "id"))
		x = webtest.Obj(t, webtest.Ok(t, "member", c.Do("POST", tp+"/members", map[string]any{"person_id": ht.Members[1].ID}), 201))
		if webtest.Num(t, x, "member_count") != 2 || len(x["members"].([]any)) != 2 {
			t.Errorf("team after adding a member: %v", x)
		}
		act := func(k string, v any) map[string]any {
			m := map[string]any{"held_on": "2026-10-20", "title": "清理河道", "hours": 2.5}
			if k != "" {
				m[k] = v
			}
			return m
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "member twice", Method: "POST", Path: tp + "/members", Body: map[string]any{"person_id": ht.Members[1].ID}, Status: 409, Key: "err.vanguard.already_member", Table: "vanguard_members"},
			{Name: "member of another branch", Method: "POST", Path: tp + "/members", Body: map[string]any{"person_id": ht.Members[4].ID}, Status: 422, Key: "err.vanguard.not_member", Table: "vanguard_members"},
			{Name: "member of 吉阳", Method: "POST", Path: tp + "/members", Body: map[string]any{"person_id": jy.Members[1].ID}, Status: 422, Key: "err.vanguard.not_member", Table: "vanguard_members"},
			{Name: "no member", Method: "POST", Path: tp + "/members", Body: map[string]any{}, Status: 422, Key: "err.vanguard.member_required", Table: "vanguard_members"},
			{Name: "future activity", Method: "POST", Path: tp + "/activities", Body: act("held_on", "2099-01-01"), Status: 422, Key: "err.vanguard.future_date", Table: "vanguard_activities"},
			{Name: "before founding", Method: "POST", Path: tp + "/activities", Body: act("held_on", "2026-02-01"), Status: 422, Key: "err.vanguard.before_founded", Table: "vanguard_activities"},
			{Name: "too many hours", Method: "POST", Path: tp + "/activities", Body: act("hours", 25), Status: 422, Key: "err.vanguard.hours", Table: "vanguard_activities"},
			{Name: "hours as text", Method: "POST", Path: tp + "/activities", Body: act("hours", "two"), Status: 422, Key: "err.json.type", Table: "vanguard_activities"},
			{Name: "no title", Method: "POST", Path: tp + "/activities", Body: act("title", " "), Status: 422, Key: "err.vanguard.title", Table: "vanguard_activities"},
		})
		a := webtest.Obj(t, webtest.Ok(t, "activity", c.Do("POST", tp+"/activities", act("note", "十人参加")), 201))
		if a["title"] != "清理河道" || a["hours"] != 2.5 {
			t.Errorf("activity: %v", a)
		}
		x = webtest.Obj(t, webtest.Ok(t, "detail", c.Do("GET", tp, nil), 200))
		if webtest.Num(t, x, "activity_count") != 1 || x["hours"] != 2.5 || webtest.Num(t, x, "activities", 0, "id") != webtest.Num(t, a, "id") {
			t.Errorf("team detail: %v", x)
		}
		for _, q := range []string{"", "?q=护河", "?focus=environment", "?org_id=" + fmt.Sprint(ht.Branches[0].ID), "?sort=-founded_on&per_page=5"} {
			if r := webtest.Ok(t, "list"+q, c.Do("GET", "/api/v1/vanguard"+q, nil), 200); !strings.Contains(r.Body, "HT护河先锋队") {
				t.Errorf("list %s lacks the team: %.300s", q, r.Body)
			}
		}
		if r := c.Do("GET", "/api/v1/vanguard?focus=flood", nil); strings.Contains(r.Body, "HT护河先锋队") {
			t.Errorf("the focus filter does not filter")
		}
		webtest.Audited(t, e, "htbranch", "vanguard.create", "vanguard.member_add", "vanguard.activity")
	})
}

func TestOrgnetAPITrainingPlans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht, jy := e.W.Haitang, e.W.Jiyang
		c := e.Login("haitang")
		plan := func(k string, v any) map[string]any {
			m := map[string]any{"org_id": ht.Branches[0].ID, "title": "HT上半年学习计划", "kind": "study", "starts_on": "2026-01-01", "ends_on": "2026-06-30",
				"target_hours": 4}
			if k != "" {
				m[k] = v
			}
			return m
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "end before start", Method: "POST", Path: "/api/v1/training", Body: plan("ends_on", "2025-12-31"), Status: 422, Key: "err.training.period", Table: "study_plans"},
			{Name: "bad kind", Method: "POST", Path: "/api/v1/training", Body: plan("kind", "party"), Status: 422, Key: "err.training.kind", Table: "study_plans"},
			{Name: "no target", Method: "POST", Path: "/api/v1/training", Body: plan("target_hours", 0), Status: 422, Key: "err.vanguard.hours", Table: "study_plans"},
			{Name: "吉阳's org", Method: "POST", Path: "/api/v1/training", Body: plan("org_id", jy.Branches[0].ID), Status: 422, Key: "err.vanguard.org_unknown", Table: "study_plans"},
		})
		x := webtest.Obj(t, webtest.Ok(t, "create", c.Do("POST", "/api/v1/training", plan("", nil)), 201))
		if x["title"] != "HT上半年学习计划" || webtest.Num(t, x, "target_hours") != 4 || len(x["progress"].([]any)) != 3 {
			t.Errorf("created plan: %v", x)
		}
		pp := fmt.Sprintf("/api/v1/training/%d", webtest.Num(t, x, "id"))
		session := func(k string, v any) map[string]any {
			m := map[string]any{"held_on": "2026-05-10", "hours": 2, "topic": "学习党章", "attendees": []int64{ht.Members[0].ID, ht.Members[1].ID}}
			if k != "" {
				m[k] = v
			}
			return m
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "after the period", Method: "POST", Path: pp + "/sessions", Body: session("held_on", "2026-07-01"), Status: 422, Key: "err.training.outside_period", Table: "study_sessions"},
			{Name: "before the period", Method: "POST", Path: pp + "/sessions", Body: session("held_on", "2025-12-31"), Status: 422, Key: "err.training.outside_period", Table: "study_sessions"},
			{Name: "future session", Method: "POST", Path: pp + "/sessions", Body: session("held_on", "2099-03-01"), Status: 422, Key: "err.vanguard.future_date", Table: "study_sessions"},
			{Name: "attendee of another branch", Method: "POST", Path: pp + "/sessions", Body: session("attendees", []int64{ht.Members[0].ID, ht.Members[3].ID}), Status: 422, Key: "err.training.not_member", Table: "study_attendance"},
			{Name: "attendee of 吉阳", Method: "POST", Path: pp + "/sessions", Body: session("attendees", []int64{jy.Members[0].ID}), Status: 422, Key: "err.training.not_member", Table: "study_sessions"},
			{Name: "attendee twice", Method: "POST", Path: pp + "/sessions", Body: session("attendees", []int64{ht.Members[0].ID, ht.Members[0].ID}), Status: 422, Key: "err.training.attendees", Table: "study_attendance"},
			{Name: "no topic", Method: "POST", Path: pp + "/sessions", Body: session("topic", ""), Status: 422, Key: "err.training.topic", Table: "study_sessions"},
		})
		s := webtest.Obj(t, webtest.Ok(t, "session", c.Do("POST", pp+"/sessions", session("", nil)), 201))
		if len(s["attendees"].([]any)) != 2 || s["topic"] != "学习党章" {
			t.Errorf("session: %v", s)
		}
		webtest.Ok(t, "second session", c.Do("POST", pp+"/sessions", session("attendees", []int64{ht.Members[0].ID})), 201)
		x = webtest.Obj(t, webtest.Ok(t, "detail", c.Do("GET", pp, nil), 200))
		if webtest.Num(t, x, "session_count") != 2 || webtest.Num(t, x, "hours") != 4 {
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
			if r := webtest.Ok(t, "list"+q, c.Do("GET", "/api/v1/training"+q, nil), 200); !strings.Contains(r.Body, "HT上半年学习计划") {
				t.Errorf("list %s lacks the plan", q)
			}
		}
		webtest.WantAPIError(t, "bad kind filter", c.Do("GET", "/api/v1/training?kind=party", nil), 422, "err.param.enum")
		webtest.Audited(t, e, "haitang", "training.create", "training.session")
	})
}

// TestOrgnetAPIInvitations: an account registers as a mobile member living
// in the 海棠 fixture village, the district confirms, the branch secretary
// invites them over the API (a second invitation, 吉阳's meeting and a bad
// kind refused), records the attendance, and the member reads their own.
func TestOrgnetAPIInvitations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		vw := e.Vanguard(t)
		ht, br, me := e.Login("haitang"), e.Login("htbranch"), e.Login("viewer")
		webtest.Ok(t, "register", me.Do("POST", "/api/v1/mobile", map[string]any{"name": "候鸟党员老王", "id_number": testfix.IDNumber(978), "phone": "13900000978",
			"area_id": e.W.Haitang.Village.ID, "home_org": "吉林某村党支部"}), 202)
		var decl int64
		if err := d.Read().QueryRowContext(t.Context(), `SELECT id FROM declarations WHERE name = ?`, "候鸟党员老王").Scan(&decl); err != nil {
			t.Fatal(err)
		}
		mp := fmt.Sprintf("/api/v1/mobile/%d/invitations", decl)
		invite := func(kind string, event int64) map[string]any { return map[string]any{"kind": kind, "event_id": event} }
		webtest.RunBad(t, e, br, []webtest.BadCase{
			{Name: "before confirmation", Method: "POST", Path: mp, Body: invite("activity", vw.HtAct.ID), Status: 422, Key: "err.invitation.mobile", Table: "invitations"},
		})
		webtest.Ok(t, "confirm", ht.Do("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", decl), map[string]any{"org_id": e.W.Haitang.Branches[1].ID,
			"verify_method": "phone", "verify_note": "村书记电话核实本人"}), 200)

		r := webtest.Ok(t, "members", br.Do("GET", "/api/v1/invitations/members?q=老王", nil), 200)
		if webtest.Num(t, webtest.Obj(t, r), "items", 0, "id") != decl || strings.Contains(r.Body, "13900000978") || strings.Contains(r.Body, testfix.IDNumber(978)) {
			t.Errorf("members to invite: %.300s", r.Body)
		}
		x := webtest.Obj(t, webtest.Ok(t, "invite", br.Do("POST", mp, invite("activity", vw.HtAct.ID)), 201))
		if x["status"] != "invited" || webtest.Num(t, x, "team_id") != vw.HtTeam.ID || webtest.Num(t, x, "declaration_id") != decl {
			t.Errorf("invitation: %v", x)
		}
		webtest.RunBad(t, e, br, []webtest.BadCase{
			{Name: "invite twice", Method: "POST", Path: mp, Body: invite("activity", vw.HtAct.ID), Status: 409, Key: "err.invitation.duplicate", Table: "invitations"},
			{Name: "吉阳's meeting", Method: "POST", Path: mp, Body: invite("meeting", vw.JyMeeting.ID), Status: 422, Key: "err.invitation.event", Table: "invitations"},
			{Name: "no event", Method: "POST", Path: mp, Body: map[string]any{"kind": "meeting"}, Status: 422, Key: "err.invitation.event", Table: "invitations"},
			{Name: "bad kind", Method: "POST", Path: mp, Body: invite("party", vw.HtMeeting.ID), Status: 422, Key: "err.invitation.kind", Table: "invitations"},
		})
		ip := fmt.Sprintf("/api/v1/invitations/%d/attendance", webtest.Num(t, x, "id"))
		if r := webtest.Ok(t, "own", me.Do("GET", "/api/v1/mobile/invitations", nil), 200); webtest.Num(t, webtest.Obj(t, r), "total") != 1 || !strings.Contains(r.Body, "HT清理沙滩") {
			t.Errorf("the member's own invitations: %.300s", r.Body)
		}
		webtest.RunBad(t, e, br, []webtest.BadCase{
			{Name: "bad status", Method: "POST", Path: ip, Body: map[string]any{"status": "maybe"}, Status: 422, Key: "err.invitation.status", Table: ""},
			{Name: "long note", Method: "POST", Path: ip, Body: map[string]any{"status": "absent", "note": strings.Repeat("长", 201)}, Status: 422, Key: "err.invitation.note", Table: ""},
		})
		x = webtest.Obj(t, webtest.Ok(t, "record", br.Do("POST", ip, map[string]any{"status": "attended", "note": "带来了渔具"}), 200))
		if x["status"] != "attended" || x["note"] != "带来了渔具" {
			t.Errorf("recorded: %v", x)
		}
		if r := me.Do("GET", "/api/v1/mobile/invitations?status=attended", nil); webtest.Num(t, webtest.Obj(t, r), "total") != 1 {
			t.Errorf("the member does not see the attendance: %.300s", r.Body)
		}
		if r := me.Do("GET", "/api/v1/mobile/invitations?status=invited", nil); webtest.Num(t, webtest.Obj(t, r), "total") != 0 {
			t.Errorf("the status filter does not filter: %.300s", r.Body)
		}
		for _, c := range []*webtest.Client{ht, br} {
			r := webtest.Ok(t, "list", c.Do("GET", fmt.Sprintf("/api/v1/invitations?status=attended&declaration_id=%d", decl), nil), 200)
			if webtest.Num(t, webtest.Obj(t, r), "total") != 1 || !strings.Contains(r.Body, "候鸟党员老王") {
				t.Errorf("invitation list: %.300s", r.Body)
			}
		}
		webtest.WantAPIError(t, "bad status filter", ht.Do("GET", "/api/v1/invitations?status=maybe", nil), 422, "err.param.enum")
		webtest.WantAPIError(t, "anonymous own", e.Anon().Do("GET", "/api/v1/mobile/invitations", nil), 401, "err.unauthorized")
		webtest.Audited(t, e, "htbranch", "invitation.create", "invitation.attendance")
	})
}
