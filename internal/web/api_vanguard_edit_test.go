package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestOrgnetAPIVanguardEdit corrects and deletes teams, members,
// activities, plans and sessions over the JSON API on both databases; what
// the rules refuse answers its status and key with a translated message
// (the count or the session named) and writes nothing.
func TestOrgnetAPIVanguardEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht, jy := e.w.Haitang, e.w.Jiyang
		c := e.login("htbranch")
		x := obj(t, ok(t, "create", c.do("POST", "/api/v1/vanguard", map[string]any{"org_id": ht.Branches[0].ID, "name": "HT护河先锋队",
			"focus": "environment", "leader_id": ht.Members[0].ID, "founded_on": "2026-03-01"}), 201))
		tp := fmt.Sprintf("/api/v1/vanguard/%d", num(t, x, "id"))
		ok(t, "member", c.do("POST", tp+"/members", map[string]any{"person_id": ht.Members[1].ID}), 201)
		a := obj(t, ok(t, "activity", c.do("POST", tp+"/activities", map[string]any{"held_on": "2026-04-01", "title": "清理河道", "hours": 2}), 201))
		ap := fmt.Sprintf("%s/activities/%d", tp, num(t, a, "id"))
		edit := func(k string, v any) map[string]any {
			m := map[string]any{"name": "HT护河队", "focus": "rural", "leader_id": ht.Members[1].ID, "founded_on": "2026-03-15", "note": "改正"}
			if k != "" {
				m[k] = v
			}
			return m
		}
		runBad(t, e, c, []badCase{
			{"founded after the first activity", "PUT", tp, edit("founded_on", "2026-04-02"), 422, "err.vanguard.after_first_activity", "vanguard_teams"},
			{"future founding", "PUT", tp, edit("founded_on", "2099-01-01"), 422, "err.vanguard.future_date", "vanguard_teams"},
			{"leader of 吉阳", "PUT", tp, edit("leader_id", jy.Members[0].ID), 422, "err.vanguard.not_member", "vanguard_members"},
			{"no name", "PUT", tp, edit("name", ""), 422, "err.vanguard.name", "vanguard_teams"},
			{"remove the leader", "DELETE", fmt.Sprintf("%s/members/%d", tp, ht.Members[0].ID), nil, 409, "err.vanguard.remove_leader", "vanguard_members"},
			{"remove a stranger", "DELETE", fmt.Sprintf("%s/members/%d", tp, ht.Members[2].ID), nil, 404, "err.not_found", "vanguard_members"},
			{"bad member id", "DELETE", tp + "/members/x", nil, 422, "err.param.id", "vanguard_members"},
		})
		r := c.do("DELETE", tp, nil)
		wantAPIError(t, "delete a team with an activity", r, 409, "err.vanguard.team_has_activities")
		if _, _, _, msg := apiErr(r); !strings.Contains(msg, "1") {
			t.Errorf("the conflict does not give the count: %q", msg)
		}
		wantAPIError(t, "viewer edits", e.login("viewer").do("PUT", tp, edit("", nil)), 403, "err.forbidden")

		x = obj(t, ok(t, "update", c.do("PUT", tp, edit("", nil)), 200))
		if x["name"] != "HT护河队" || x["focus"] != "rural" || num(t, x, "leader_id") != ht.Members[1].ID || x["founded_on"] != "2026-03-15" || x["note"] != "改正" {
			t.Errorf("updated team: %v", x)
		}
		// The old leader can go now; the activity and then the team.
		ok(t, "remove the old leader", c.do("DELETE", fmt.Sprintf("%s/members/%d", tp, ht.Members[0].ID), nil), 204)
		ok(t, "delete the activity", c.do("DELETE", ap, nil), 204)
		wantAPIError(t, "the activity again", c.do("DELETE", ap, nil), 404, "err.not_found")
		ok(t, "delete the team", c.do("DELETE", tp, nil), 204)
		wantAPIError(t, "the team after its deletion", c.do("GET", tp, nil), 404, "err.not_found")
		audited(t, e, "htbranch", "vanguard.update", "vanguard.member_remove", "vanguard.activity_delete", "vanguard.delete")

		p := obj(t, ok(t, "plan", c.do("POST", "/api/v1/training", map[string]any{"org_id": ht.Branches[0].ID, "title": "HT学习计划", "kind": "study",
			"starts_on": "2026-01-01", "ends_on": "2026-12-31", "target_hours": 4}), 201))
		pp := fmt.Sprintf("/api/v1/training/%d", num(t, p, "id"))
		s := obj(t, ok(t, "session", c.do("POST", pp+"/sessions", map[string]any{"held_on": "2026-05-01", "hours": 2, "topic": "学习党章",
			"attendees": []int64{ht.Members[0].ID, ht.Members[1].ID}}), 201))
		sp := fmt.Sprintf("%s/sessions/%d", pp, num(t, s, "id"))
		pedit := func(k string, v any) map[string]any {
			m := map[string]any{"title": "HT送学上门", "kind": "doorstep", "starts_on": "2026-04-01", "ends_on": "2026-06-30", "target_hours": 6, "note": "改正"}
			if k != "" {
				m[k] = v
			}
			return m
		}
		runBad(t, e, c, []badCase{
			{"a period leaving the session out", "PUT", pp, pedit("ends_on", "2026-04-30"), 422, "err.training.session_outside", "study_plans"},
			{"end before start", "PUT", pp, pedit("ends_on", "2026-03-01"), 422, "err.training.period", "study_plans"},
			{"bad kind", "PUT", pp, pedit("kind", "party"), 422, "err.training.kind", "study_plans"},
			{"delete with a session", "DELETE", pp, nil, 409, "err.training.plan_has_sessions", "study_plans"},
		})
		r = c.do("PUT", pp, pedit("starts_on", "2026-05-02"))
		if _, _, _, msg := apiErr(r); !strings.Contains(msg, "2026-05-01") || !strings.Contains(msg, "学习党章") {
			t.Errorf("the refusal does not name the session: %q", msg)
		}
		x = obj(t, ok(t, "update plan", c.do("PUT", pp, pedit("", nil)), 200))
		if x["title"] != "HT送学上门" || x["kind"] != "doorstep" || x["ends_on"] != "2026-06-30" || x["target_hours"] != 6.0 {
			t.Errorf("updated plan: %v", x)
		}
		n := vgCount(t, e, "study_attendance")
		ok(t, "delete the session", c.do("DELETE", sp, nil), 204)
		if got := vgCount(t, e, "study_attendance"); got != n-2 {
			t.Errorf("the session's attendance: %d rows left of %d, want %d", got, n, n-2)
		}
		ok(t, "delete the plan", c.do("DELETE", pp, nil), 204)
		wantAPIError(t, "the plan after its deletion", c.do("GET", pp, nil), 404, "err.not_found")
		audited(t, e, "htbranch", "training.update", "training.session_delete", "training.delete")
	})
}
