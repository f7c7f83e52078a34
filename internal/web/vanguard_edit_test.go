package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// sayIn wants code and one of the messages in the page.
func sayIn(t *testing.T, what string, r resp, code int, msgs ...string) {
	t.Helper()
	want(t, what, r, code)
	for _, m := range msgs {
		if strings.Contains(r.body, m) {
			return
		}
	}
	t.Errorf("%s: none of %q in %.400s", what, msgs, r.body)
}

// TestVanguardEditPages corrects and deletes a team and a plan with the
// first 海棠 branch's secretary through the pages: the edit form, a
// refused edit shown again with its message and nothing written, deletes
// refused without the ticked box (422) or while something depends on the
// record (409 with the count), a member and an activity and a session
// removed, then the team and the plan.
func TestVanguardEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		br := e.login("htbranch")
		ms := e.w.Haitang.Members
		id := func(n int64) string { return fmt.Sprint(n) }
		r := br.do("POST", "/vanguard", url.Values{"org_id": {id(e.w.Haitang.Branches[0].ID)}, "name": {"椰林先锋队"}, "focus": {"environment"},
			"leader_id": {id(ms[0].ID)}, "founded_on": {"2026-03-05"}})
		want(t, "create", r, 303)
		tp := r.hdr.Get("Location")
		want(t, "member", br.do("POST", tp+"/members", url.Values{"person_id": {id(ms[1].ID)}}), 303)
		want(t, "activity", br.do("POST", tp+"/activities", url.Values{"held_on": {"2026-04-01"}, "title": {"清理海滩"}, "hours": {"2"}}), 303)

		page := br.do("GET", tp, nil)
		for _, s := range []string{`href="` + tp + `/edit"`, `action="` + tp + `/delete"`, `action="` + tp + `/members/remove"`,
			`action="` + tp + `/activities/delete"`, `name="confirm"`} {
			if !strings.Contains(page.body, s) {
				t.Errorf("the team page lacks %q", s)
			}
		}
		form := br.do("GET", tp+"/edit", nil)
		want(t, "edit form", form, 200)
		if !strings.Contains(form.body, "椰林先锋队") || !strings.Contains(form.body, ms[2].Name) || strings.Contains(form.body, ms[3].Name) {
			t.Errorf("the edit form lacks the team or its org's members, or offers another branch's")
		}
		edit := url.Values{"name": {"椰林护滩先锋队"}, "focus": {"rural"}, "leader_id": {id(ms[1].ID)}, "founded_on": {"2026-03-10"}, "note": {"改正"}}
		n, a := vgCount(t, e, "vanguard_members"), auditWrites(t, e)
		late := cloneForm(edit)
		late.Set("founded_on", "2026-04-02")
		r = br.do("POST", tp, late)
		sayIn(t, "founded after the first activity", r, 422, "第一次活动", "first activity")
		if !strings.Contains(r.body, "椰林护滩先锋队") {
			t.Errorf("the refused form does not keep what was entered")
		}
		stranger := cloneForm(edit)
		stranger.Set("leader_id", id(ms[3].ID))
		sayNotMember(t, "the other branch's leader", br.do("POST", tp, stranger))
		want(t, "delete unconfirmed", br.do("POST", tp+"/delete", url.Values{}), 422)
		sayIn(t, "delete with an activity", br.do("POST", tp+"/delete", url.Values{"confirm": {"1"}}), 409, "1 条活动", "1 recorded")
		sayIn(t, "remove the leader", br.do("POST", tp+"/members/remove", url.Values{"confirm": {"1"}, "person_id": {id(ms[0].ID)}}), 409, "队长", "leader")
		want(t, "remove unconfirmed", br.do("POST", tp+"/members/remove", url.Values{"person_id": {id(ms[1].ID)}}), 422)
		if vgCount(t, e, "vanguard_members") != n || auditWrites(t, e) != a {
			t.Errorf("refused writes wrote")
		}
		want(t, "update", br.do("POST", tp, edit), 303)
		if r := br.do("GET", tp, nil); !strings.Contains(r.body, "椰林护滩先锋队") || !strings.Contains(r.body, "2026-03-10") {
			t.Errorf("the team page does not show the correction")
		}
		want(t, "remove the old leader", br.do("POST", tp+"/members/remove", url.Values{"confirm": {"1"}, "person_id": {id(ms[0].ID)}}), 303)
		var act int64
		if err := e.s.DB.Read().QueryRowContext(t.Context(), `SELECT max(id) FROM vanguard_activities`).Scan(&act); err != nil {
			t.Fatal(err)
		}
		want(t, "delete the activity", br.do("POST", tp+"/activities/delete", url.Values{"confirm": {"1"}, "activity_id": {id(act)}}), 303)
		r = br.do("POST", tp+"/delete", url.Values{"confirm": {"1"}})
		want(t, "delete the team", r, 303)
		want(t, "the team after its deletion", br.do("GET", tp, nil), 404)

		r = br.do("POST", "/training", url.Values{"org_id": {id(e.w.Haitang.Branches[0].ID)}, "title": {"送学计划"}, "kind": {"doorstep"},
			"starts_on": {"2026-01-01"}, "ends_on": {"2026-12-31"}, "target_hours": {"4"}})
		want(t, "plan", r, 303)
		pp := r.hdr.Get("Location")
		want(t, "session", br.do("POST", pp+"/sessions", url.Values{"held_on": {"2026-05-01"}, "hours": {"2"}, "topic": {"学习党章"},
			"attendee": {id(ms[0].ID), id(ms[1].ID)}}), 303)
		page = br.do("GET", pp, nil)
		for _, s := range []string{`href="` + pp + `/edit"`, `action="` + pp + `/delete"`, `action="` + pp + `/sessions/delete"`} {
			if !strings.Contains(page.body, s) {
				t.Errorf("the plan page lacks %q", s)
			}
		}
		want(t, "plan edit form", br.do("GET", pp+"/edit", nil), 200)
		pedit := url.Values{"title": {"送学上门计划"}, "kind": {"study"}, "starts_on": {"2026-02-01"}, "ends_on": {"2026-04-30"}, "target_hours": {"6"}}
		sayIn(t, "a period leaving the session out", br.do("POST", pp, pedit), 422, "2026-05-01")
		sayIn(t, "delete a plan with a session", br.do("POST", pp+"/delete", url.Values{"confirm": {"1"}}), 409, "1 场", "1 recorded")
		pedit.Set("ends_on", "2026-06-30")
		want(t, "update the plan", br.do("POST", pp, pedit), 303)
		if r := br.do("GET", pp, nil); !strings.Contains(r.body, "送学上门计划") || !strings.Contains(r.body, "2026-06-30") {
			t.Errorf("the plan page does not show the correction")
		}
		var sess int64
		if err := e.s.DB.Read().QueryRowContext(t.Context(), `SELECT max(id) FROM study_sessions`).Scan(&sess); err != nil {
			t.Fatal(err)
		}
		att := vgCount(t, e, "study_attendance")
		want(t, "delete the session", br.do("POST", pp+"/sessions/delete", url.Values{"confirm": {"1"}, "session_id": {id(sess)}}), 303)
		if got := vgCount(t, e, "study_attendance"); got != att-2 {
			t.Errorf("the session's attendance: %d rows, want %d", got, att-2)
		}
		want(t, "delete the plan", br.do("POST", pp+"/delete", url.Values{"confirm": {"1"}}), 303)
		want(t, "the plan after its deletion", br.do("GET", pp, nil), 404)
		want(t, "viewer edits", e.login("viewer").do("GET", pp+"/edit", nil), 403, 404)
	})
}
