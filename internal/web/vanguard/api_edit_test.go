package vanguard_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestOrgnetAPIVanguardEdit corrects and deletes teams, members,
// activities, plans and sessions over the JSON API on both databases; what
// the rules refuse answers its status and key with a translated message
// (the count or the session named) and writes nothing.
func TestOrgnetAPIVanguardEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht, jy := e.W.Haitang, e.W.Jiyang
		c := e.Login("htbranch")
		x := webtest.Obj(t, webtest.Ok(t, "create", c.Do("POST", "/api/v1/vanguard", map[string]any{"org_id": ht.Branches[0].ID, "name": "HT护河先锋队",
			"focus": "environment", "leader_id": ht.Members[0].ID, "founded_on": "2026-03-01"}), 201))
		tp := fmt.Sprintf("/api/v1/vanguard/%d", webtest.Num(t, x, "id"))
		webtest.Ok(t, "member", c.Do("POST", tp+"/members", map[string]any{"person_id": ht.Members[1].ID}), 201)
		a := webtest.Obj(t, webtest.Ok(t, "activity", c.Do("POST", tp+"/activities", map[string]any{"held_on": "2026-04-01", "title": "清理河道", "hours": 2}), 201))
		ap := fmt.Sprintf("%s/activities/%d", tp, webtest.Num(t, a, "id"))
		edit := func(k string, v any) map[string]any {
			m := map[string]any{"name": "HT护河队", "focus": "rural", "leader_id": ht.Members[1].ID, "founded_on": "2026-03-15", "note": "改正"}
			if k != "" {
				m[k] = v
			}
			return m
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "founded after the first activity", Method: "PUT", Path: tp, Body: edit("founded_on", "2026-04-02"), Status: 422, Key: "err.vanguard.after_first_activity", Table: "vanguard_teams"},
			{Name: "future founding", Method: "PUT", Path: tp, Body: edit("founded_on", "2099-01-01"), Status: 422, Key: "err.vanguard.future_date", Table: "vanguard_teams"},
			{Name: "leader of 吉阳", Method: "PUT", Path: tp, Body: edit("leader_id", jy.Members[0].ID), Status: 422, Key: "err.vanguard.not_member", Table: "vanguard_members"},
			{Name: "no name", Method: "PUT", Path: tp, Body: edit("name", ""), Status: 422, Key: "err.vanguard.name", Table: "vanguard_teams"},
			{Name: "remove the leader", Method: "DELETE", Path: fmt.Sprintf("%s/members/%d", tp, ht.Members[0].ID), Body: nil, Status: 409, Key: "err.vanguard.remove_leader", Table: "vanguard_members"},
			{Name: "remove a stranger", Method: "DELETE", Path: fmt.Sprintf("%s/members/%d", tp, ht.Members[2].ID), Body: nil, Status: 404, Key: "err.not_found", Table: "vanguard_members"},
			{Name: "bad member id", Method: "DELETE", Path: tp + "/members/x", Body: nil, Status: 422, Key: "err.param.id", Table: "vanguard_members"},
		})
		r := c.Do("DELETE", tp, nil)
		webtest.WantAPIError(t, "delete a team with an activity", r, 409, "err.vanguard.team_has_activities")
		if _, _, _, msg := webtest.APIErr(r); !strings.Contains(msg, "1") {
			t.Errorf("the conflict does not give the count: %q", msg)
		}
		webtest.WantAPIError(t, "viewer edits", e.Login("viewer").Do("PUT", tp, edit("", nil)), 403, "err.forbidden")

		x = webtest.Obj(t, webtest.Ok(t, "update", c.Do("PUT", tp, edit("", nil)), 200))
		if x["name"] != "HT护河队" || x["focus"] != "rural" || webtest.Num(t, x, "leader_id") != ht.Members[1].ID || x["founded_on"] != "2026-03-15" || x["note"] != "改正" {
			t.Errorf("updated team: %v", x)
		}
		// The old leader can go now; the activity and then the team.
		webtest.Ok(t, "remove the old leader", c.Do("DELETE", fmt.Sprintf("%s/members/%d", tp, ht.Members[0].ID), nil), 204)
		webtest.Ok(t, "delete the activity", c.Do("DELETE", ap, nil), 204)
		webtest.WantAPIError(t, "the activity again", c.Do("DELETE", ap, nil), 404, "err.not_found")
		webtest.Ok(t, "delete the team", c.Do("DELETE", tp, nil), 204)
		webtest.WantAPIError(t, "the team after its deletion", c.Do("GET", tp, nil), 404, "err.not_found")
		webtest.Audited(t, e, "htbranch", "vanguard.update", "vanguard.member_remove", "vanguard.activity_delete", "vanguard.delete")

		p := webtest.Obj(t, webtest.Ok(t, "plan", c.Do("POST", "/api/v1/training", map[string]any{"org_id": ht.Branches[0].ID, "title": "HT学习计划", "kind": "study",
			"starts_on": "2026-01-01", "ends_on": "2026-12-31", "target_hours": 4}), 201))
		pp := fmt.Sprintf("/api/v1/training/%d", webtest.Num(t, p, "id"))
		s := webtest.Obj(t, webtest.Ok(t, "session", c.Do("POST", pp+"/sessions", map[string]any{"held_on": "2026-05-01", "hours": 2, "topic": "学习党章",
			"attendees": []int64{ht.Members[0].ID, ht.Members[1].ID}}), 201))
		sp := fmt.Sprintf("%s/sessions/%d", pp, webtest.Num(t, s, "id"))
		pedit := func(k string, v any) map[string]any {
			m := map[string]any{"title": "HT送学上门", "kind": "doorstep", "starts_on": "2026-04-01", "ends_on": "2026-06-30", "target_hours": 6, "note": "改正"}
			if k != "" {
				m[k] = v
			}
			return m
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "a period leaving the session out", Method: "PUT", Path: pp, Body: pedit("ends_on", "2026-04-30"), Status: 422, Key: "err.training.session_outside", Table: "study_plans"},
			{Name: "end before start", Method: "PUT", Path: pp, Body: pedit("ends_on", "2026-03-01"), Status: 422, Key: "err.training.period", Table: "study_plans"},
			{Name: "bad kind", Method: "PUT", Path: pp, Body: pedit("kind", "party"), Status: 422, Key: "err.training.kind", Table: "study_plans"},
			{Name: "delete with a session", Method: "DELETE", Path: pp, Body: nil, Status: 409, Key: "err.training.plan_has_sessions", Table: "study_plans"},
		})
		r = c.Do("PUT", pp, pedit("starts_on", "2026-05-02"))
		if _, _, _, msg := webtest.APIErr(r); !strings.Contains(msg, "2026-05-01") || !strings.Contains(msg, "学习党章") {
			t.Errorf("the refusal does not name the session: %q", msg)
		}
		x = webtest.Obj(t, webtest.Ok(t, "update plan", c.Do("PUT", pp, pedit("", nil)), 200))
		if x["title"] != "HT送学上门" || x["kind"] != "doorstep" || x["ends_on"] != "2026-06-30" || x["target_hours"] != 6.0 {
			t.Errorf("updated plan: %v", x)
		}
		n := webtest.VgCount(t, e, "study_attendance")
		webtest.Ok(t, "delete the session", c.Do("DELETE", sp, nil), 204)
		if got := webtest.VgCount(t, e, "study_attendance"); got != n-2 {
			t.Errorf("the session's attendance: %d rows left of %d, want %d", got, n, n-2)
		}
		webtest.Ok(t, "delete the plan", c.Do("DELETE", pp, nil), 204)
		webtest.WantAPIError(t, "the plan after its deletion", c.Do("GET", pp, nil), 404, "err.not_found")
		webtest.Audited(t, e, "htbranch", "training.update", "training.session_delete", "training.delete")
	})
}
