package vanguard_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// sayIn wants code and one of the messages in the page.
func sayIn(t *testing.T, what string, r webtest.Resp, code int, msgs ...string) {
	t.Helper()
	webtest.Want(t, what, r, code)
	for _, m := range msgs {
		if strings.Contains(r.Body, m) {
			return
		}
	}
	t.Errorf("%s: none of %q in %.400s", what, msgs, r.Body)
}

// TestVanguardEditPages corrects and deletes a team and a plan with the
// first 海棠 branch's secretary through the pages: the edit form, a
// refused edit shown again with its message and nothing written, deletes
// refused without the ticked box (422) or while something depends on the
// record (409 with the count), a member and an activity and a session
// removed, then the team and the plan.
func TestVanguardEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		br := e.Login("htbranch")
		ms := e.W.Haitang.Members
		id := func(n int64) string { return fmt.Sprint(n) }
		r := br.Do("POST", "/vanguard", url.Values{"org_id": {id(e.W.Haitang.Branches[0].ID)}, "name": {"椰林先锋队"}, "focus": {"environment"},
			"leader_id": {id(ms[0].ID)}, "founded_on": {"2026-03-05"}})
		webtest.Want(t, "create", r, 303)
		tp := r.Hdr.Get("Location")
		webtest.Want(t, "member", br.Do("POST", tp+"/members", url.Values{"person_id": {id(ms[1].ID)}}), 303)
		webtest.Want(t, "activity", br.Do("POST", tp+"/activities", url.Values{"held_on": {"2026-04-01"}, "title": {"清理海滩"}, "hours": {"2"}}), 303)

		page := br.Do("GET", tp, nil)
		for _, s := range []string{`href="` + tp + `/edit"`, `action="` + tp + `/delete"`, `action="` + tp + `/members/remove"`,
			`action="` + tp + `/activities/delete"`, `name="confirm"`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("the team page lacks %q", s)
			}
		}
		form := br.Do("GET", tp+"/edit", nil)
		webtest.Want(t, "edit form", form, 200)
		if !strings.Contains(form.Body, "椰林先锋队") || !strings.Contains(form.Body, ms[2].Name) || strings.Contains(form.Body, ms[3].Name) {
			t.Errorf("the edit form lacks the team or its org's members, or offers another branch's")
		}
		edit := url.Values{"name": {"椰林护滩先锋队"}, "focus": {"rural"}, "leader_id": {id(ms[1].ID)}, "founded_on": {"2026-03-10"}, "note": {"改正"}}
		n, a := webtest.VgCount(t, e, "vanguard_members"), webtest.AuditWrites(t, e)
		late := webtest.CloneForm(edit)
		late.Set("founded_on", "2026-04-02")
		r = br.Do("POST", tp, late)
		sayIn(t, "founded after the first activity", r, 422, "第一次活动", "first activity")
		if !strings.Contains(r.Body, "椰林护滩先锋队") {
			t.Errorf("the refused form does not keep what was entered")
		}
		stranger := webtest.CloneForm(edit)
		stranger.Set("leader_id", id(ms[3].ID))
		sayNotMember(t, "the other branch's leader", br.Do("POST", tp, stranger))
		webtest.Want(t, "delete unconfirmed", br.Do("POST", tp+"/delete", url.Values{}), 422)
		sayIn(t, "delete with an activity", br.Do("POST", tp+"/delete", url.Values{"confirm": {"1"}}), 409, "1 条活动", "1 recorded")
		sayIn(t, "remove the leader", br.Do("POST", tp+"/members/remove", url.Values{"confirm": {"1"}, "person_id": {id(ms[0].ID)}}), 409, "队长", "leader")
		webtest.Want(t, "remove unconfirmed", br.Do("POST", tp+"/members/remove", url.Values{"person_id": {id(ms[1].ID)}}), 422)
		if webtest.VgCount(t, e, "vanguard_members") != n || webtest.AuditWrites(t, e) != a {
			t.Errorf("refused writes wrote")
		}
		webtest.Want(t, "update", br.Do("POST", tp, edit), 303)
		if r := br.Do("GET", tp, nil); !strings.Contains(r.Body, "椰林护滩先锋队") || !strings.Contains(r.Body, "2026-03-10") {
			t.Errorf("the team page does not show the correction")
		}
		webtest.Want(t, "remove the old leader", br.Do("POST", tp+"/members/remove", url.Values{"confirm": {"1"}, "person_id": {id(ms[0].ID)}}), 303)
		var act int64
		if err := e.S.DB.Read().QueryRowContext(t.Context(), `SELECT max(id) FROM vanguard_activities`).Scan(&act); err != nil {
			t.Fatal(err)
		}
		webtest.Want(t, "delete the activity", br.Do("POST", tp+"/activities/delete", url.Values{"confirm": {"1"}, "activity_id": {id(act)}}), 303)
		r = br.Do("POST", tp+"/delete", url.Values{"confirm": {"1"}})
		webtest.Want(t, "delete the team", r, 303)
		webtest.Want(t, "the team after its deletion", br.Do("GET", tp, nil), 404)

		r = br.Do("POST", "/training", url.Values{"org_id": {id(e.W.Haitang.Branches[0].ID)}, "title": {"送学计划"}, "kind": {"doorstep"},
			"starts_on": {"2026-01-01"}, "ends_on": {"2026-12-31"}, "target_hours": {"4"}})
		webtest.Want(t, "plan", r, 303)
		pp := r.Hdr.Get("Location")
		webtest.Want(t, "session", br.Do("POST", pp+"/sessions", url.Values{"held_on": {"2026-05-01"}, "hours": {"2"}, "topic": {"学习党章"},
			"attendee": {id(ms[0].ID), id(ms[1].ID)}}), 303)
		page = br.Do("GET", pp, nil)
		for _, s := range []string{`href="` + pp + `/edit"`, `action="` + pp + `/delete"`, `action="` + pp + `/sessions/delete"`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("the plan page lacks %q", s)
			}
		}
		webtest.Want(t, "plan edit form", br.Do("GET", pp+"/edit", nil), 200)
		pedit := url.Values{"title": {"送学上门计划"}, "kind": {"study"}, "starts_on": {"2026-02-01"}, "ends_on": {"2026-04-30"}, "target_hours": {"6"}}
		sayIn(t, "a period leaving the session out", br.Do("POST", pp, pedit), 422, "2026-05-01")
		sayIn(t, "delete a plan with a session", br.Do("POST", pp+"/delete", url.Values{"confirm": {"1"}}), 409, "1 场", "1 recorded")
		pedit.Set("ends_on", "2026-06-30")
		webtest.Want(t, "update the plan", br.Do("POST", pp, pedit), 303)
		if r := br.Do("GET", pp, nil); !strings.Contains(r.Body, "送学上门计划") || !strings.Contains(r.Body, "2026-06-30") {
			t.Errorf("the plan page does not show the correction")
		}
		var sess int64
		if err := e.S.DB.Read().QueryRowContext(t.Context(), `SELECT max(id) FROM study_sessions`).Scan(&sess); err != nil {
			t.Fatal(err)
		}
		att := webtest.VgCount(t, e, "study_attendance")
		webtest.Want(t, "delete the session", br.Do("POST", pp+"/sessions/delete", url.Values{"confirm": {"1"}, "session_id": {id(sess)}}), 303)
		if got := webtest.VgCount(t, e, "study_attendance"); got != att-2 {
			t.Errorf("the session's attendance: %d rows, want %d", got, att-2)
		}
		webtest.Want(t, "delete the plan", br.Do("POST", pp+"/delete", url.Values{"confirm": {"1"}}), 303)
		webtest.Want(t, "the plan after its deletion", br.Do("GET", pp, nil), 404)
		webtest.Want(t, "viewer edits", e.Login("viewer").Do("GET", pp+"/edit", nil), 403, 404)
	})
}
