package vanguard_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

func sayNotMember(t *testing.T, what string, r webtest.Resp) {
	t.Helper()
	webtest.Want(t, what, r, 422)
	if !strings.Contains(r.Body, "不是") && !strings.Contains(r.Body, "not a") {
		t.Errorf("%s: no clear message: %.400s", what, r.Body)
	}
}

func sayFuture(t *testing.T, what string, r webtest.Resp) {
	t.Helper()
	webtest.Want(t, what, r, 422)
	if !strings.Contains(r.Body, "不能晚于今天") && !strings.Contains(r.Body, "after today") {
		t.Errorf("%s: no clear message: %.400s", what, r.Body)
	}
}

// TestVanguardPages walks a vanguard team with the first 海棠 branch's
// secretary: the form with the branch's members, a team created, a member
// added and an activity recorded; a founding date or activity in the
// future and a leader or member from the other branch refused with nothing
// written; the team page, the list with filters and the export.
func TestVanguardPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		br := e.Login("htbranch")
		ms := e.W.Haitang.Members
		id := func(n int64) string { return fmt.Sprint(n) }
		org := id(e.W.Haitang.Branches[0].ID)

		form := br.Do("GET", "/vanguard/new", nil)
		webtest.Want(t, "form", form, 200)
		for _, s := range []string{ms[0].Name, ms[2].Name, `name="leader_id"`, `name="founded_on"`} {
			if !strings.Contains(form.Body, s) {
				t.Errorf("form lacks %q", s)
			}
		}
		if strings.Contains(form.Body, ms[3].Name) {
			t.Errorf("the form offers the other branch's member")
		}
		ht := e.Login("haitang")
		choose := ht.Do("GET", "/vanguard/new", nil)
		if !strings.Contains(choose.Body, `href="/vanguard/new?org_id=`+id(e.W.Haitang.Committee.ID)+`"`) || strings.Contains(choose.Body, `name="leader_id"`) {
			t.Errorf("the district official is not first asked for the org: %.300s", choose.Body)
		}
		if r := ht.Do("GET", "/vanguard/new?org_id="+id(e.W.Haitang.Committee.ID), nil); !strings.Contains(r.Body, ms[0].Name) || !strings.Contains(r.Body, ms[3].Name) {
			t.Errorf("a committee's team does not offer the members of its branches")
		}
		team := url.Values{"org_id": {org}, "name": {"椰林环境整治先锋队"}, "focus": {"environment"}, "leader_id": {id(ms[0].ID)},
			"founded_on": {"2026-03-05"}, "note": {"每周六清理海滩"}}
		n := webtest.VgCount(t, e, "vanguard_teams")
		future := webtest.CloneForm(team)
		future.Set("founded_on", "2099-01-01")
		r := br.Do("POST", "/vanguard", future)
		sayFuture(t, "founded in the future", r)
		if !strings.Contains(r.Body, "椰林环境整治先锋队") {
			t.Errorf("the refused form does not keep what was entered")
		}
		stranger := webtest.CloneForm(team)
		stranger.Set("leader_id", id(ms[3].ID))
		sayNotMember(t, "the other branch's leader", br.Do("POST", "/vanguard", stranger))
		bad := webtest.CloneForm(team)
		bad.Set("focus", "party")
		webtest.Want(t, "an unknown focus", br.Do("POST", "/vanguard", bad), 422)
		if got := webtest.VgCount(t, e, "vanguard_teams"); got != n {
			t.Errorf("refused teams wrote %d rows", got-n)
		}

		r = br.Do("POST", "/vanguard", webtest.CloneForm(team))
		webtest.Want(t, "create", r, 303)
		loc := r.Hdr.Get("Location")
		if !strings.HasPrefix(loc, "/vanguard/") {
			t.Fatalf("create went to %q", loc)
		}
		members := webtest.VgCount(t, e, "vanguard_members")
		sayNotMember(t, "the other branch's member", br.Do("POST", loc+"/members", url.Values{"person_id": {id(ms[3].ID)}}))
		sayNotMember(t, "吉阳's member", br.Do("POST", loc+"/members", url.Values{"person_id": {id(e.W.Jiyang.Members[0].ID)}}))
		webtest.Want(t, "the leader twice", br.Do("POST", loc+"/members", url.Values{"person_id": {id(ms[0].ID)}}), 409)
		if got := webtest.VgCount(t, e, "vanguard_members"); got != members {
			t.Errorf("refused members wrote %d rows", got-members)
		}
		webtest.Want(t, "add a member", br.Do("POST", loc+"/members", url.Values{"person_id": {id(ms[2].ID)}}), 303)

		acts := webtest.VgCount(t, e, "vanguard_activities")
		sayFuture(t, "an activity in the future", br.Do("POST", loc+"/activities", url.Values{"held_on": {"2099-01-01"}, "title": {"未来"}, "hours": {"2"}}))
		webtest.Want(t, "no hours", br.Do("POST", loc+"/activities", url.Values{"held_on": {"2026-10-01"}, "title": {"x"}, "hours": {"两小时"}}), 422)
		webtest.Want(t, "before the team was founded", br.Do("POST", loc+"/activities", url.Values{"held_on": {"2026-03-04"}, "title": {"x"}, "hours": {"1"}}), 422)
		if got := webtest.VgCount(t, e, "vanguard_activities"); got != acts {
			t.Errorf("refused activities wrote %d rows", got-acts)
		}
		webtest.Want(t, "record an activity", br.Do("POST", loc+"/activities", url.Values{"held_on": {"2026-10-10"}, "title": {"清理大东海沙滩垃圾"},
			"hours": {"2.5"}, "note": {"收集垃圾二十袋"}}), 303)

		page := br.Do("GET", loc, nil)
		webtest.Want(t, "team page", page, 200)
		for _, s := range []string{"椰林环境整治先锋队", "环境整治", ms[0].Name, ms[2].Name, "清理大东海沙滩垃圾", "2.5", "收集垃圾二十袋", `id="team-members">2<`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("team page lacks %q", s)
			}
		}
		for _, q := range []string{"", "?focus=environment", "?q=椰林", "?q=" + url.QueryEscape(ms[0].Name), "?sort=-founded_on", "?org_id=" + org} {
			if r := br.Do("GET", "/vanguard"+q, nil); !strings.Contains(r.Body, "椰林环境整治先锋队") {
				t.Errorf("list %s lacks the team", q)
			}
		}
		if r := br.Do("GET", "/vanguard?focus=flood", nil); strings.Contains(r.Body, "椰林环境整治先锋队") {
			t.Errorf("the focus filter does not filter")
		}
		webtest.Want(t, "bad focus filter", br.Do("GET", "/vanguard?focus=party", nil), 422)
		if r := br.Do("GET", "/export/vanguard?format=csv", nil); r.Code != 200 || !strings.Contains(r.Body, "椰林环境整治先锋队") || !strings.Contains(r.Body, "2.5") {
			t.Errorf("export: %d %.300s", r.Code, r.Body)
		}
		webtest.Want(t, "export xlsx", br.Do("GET", "/export/vanguard?format=xlsx", nil), 200)
	})
}

// TestTrainingPages walks a 送学上门 plan with the first 海棠 branch's
// secretary: a plan with an end before its start refused, the plan, two
// sessions with attendees, a session in the future or with the other
// branch's member refused with nothing written, each member's progress on
// the plan page, the list and the export.
func TestTrainingPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		br := e.Login("htbranch")
		ms := e.W.Haitang.Members
		id := func(n int64) string { return fmt.Sprint(n) }
		org := id(e.W.Haitang.Branches[0].ID)

		webtest.Want(t, "form", br.Do("GET", "/training/new", nil), 200)
		plan := url.Values{"org_id": {org}, "title": {"老党员送学上门"}, "kind": {"doorstep"}, "starts_on": {"2026-07-01"}, "ends_on": {"2026-12-31"},
			"target_hours": {"4"}, "note": {"为行动不便的老党员上门送学"}}
		n := webtest.VgCount(t, e, "study_plans")
		early := webtest.CloneForm(plan)
		early.Set("ends_on", "2026-06-30")
		r := br.Do("POST", "/training", early)
		webtest.Want(t, "end before start", r, 422)
		if !strings.Contains(r.Body, "结束日期不能早于开始日期") && !strings.Contains(r.Body, "end cannot be before") {
			t.Errorf("end before start: no clear message")
		}
		other := webtest.CloneForm(plan)
		other.Set("org_id", id(e.W.Haitang.Branches[1].ID))
		webtest.Want(t, "the other branch's plan", br.Do("POST", "/training", other), 422)
		if got := webtest.VgCount(t, e, "study_plans"); got != n {
			t.Errorf("refused plans wrote %d rows", got-n)
		}
		r = br.Do("POST", "/training", webtest.CloneForm(plan))
		webtest.Want(t, "create", r, 303)
		loc := r.Hdr.Get("Location")
		if !strings.HasPrefix(loc, "/training/") {
			t.Fatalf("create went to %q", loc)
		}
		page := br.Do("GET", loc, nil)
		if !strings.Contains(page.Body, `name="attendee" value="`+id(ms[0].ID)+`"`) || strings.Contains(page.Body, ms[3].Name) {
			t.Errorf("the session form does not offer exactly the branch's members")
		}
		session := func(day, hours, topic string, who ...int64) url.Values {
			v := url.Values{"held_on": {day}, "hours": {hours}, "topic": {topic}}
			for _, p := range who {
				v.Add("attendee", id(p))
			}
			return v
		}
		sessions, att := webtest.VgCount(t, e, "study_sessions"), webtest.VgCount(t, e, "study_attendance")
		sayFuture(t, "a session in the future", br.Do("POST", loc+"/sessions", session("2099-01-01", "1", "未来", ms[0].ID)))
		sayNotMember(t, "the other branch's member", br.Do("POST", loc+"/sessions", session("2026-10-01", "1", "学党章", ms[0].ID, ms[3].ID)))
		sayNotMember(t, "吉阳's member", br.Do("POST", loc+"/sessions", session("2026-10-01", "1", "学党章", e.W.Jiyang.Members[0].ID)))
		webtest.Want(t, "before the period", br.Do("POST", loc+"/sessions", session("2026-06-01", "1", "学党章", ms[0].ID)), 422)
		if got, ga := webtest.VgCount(t, e, "study_sessions"), webtest.VgCount(t, e, "study_attendance"); got != sessions || ga != att {
			t.Errorf("refused sessions wrote %d sessions, %d attendees", got-sessions, ga-att)
		}
		webtest.Want(t, "session 1", br.Do("POST", loc+"/sessions", session("2026-09-10", "2.5", "学习党章第一章", ms[0].ID, ms[1].ID)), 303)
		webtest.Want(t, "session 2", br.Do("POST", loc+"/sessions", session("2026-10-10", "1.5", "自贸港政策宣讲", ms[0].ID)), 303)

		page = br.Do("GET", loc, nil)
		webtest.Want(t, "plan page", page, 200)
		for _, s := range []string{"老党员送学上门", "送学上门", "学习党章第一章", "自贸港政策宣讲", "4 / 4", "2.5 / 4", "0 / 4", "100%", "62%",
			`id="plan-done">1 / 3<`, ms[0].Name + "、" + ms[1].Name} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("plan page lacks %q", s)
			}
		}
		for _, q := range []string{"", "?kind=doorstep", "?q=送学", "?sort=-starts_on", "?org_id=" + org} {
			if r := br.Do("GET", "/training"+q, nil); !strings.Contains(r.Body, "老党员送学上门") {
				t.Errorf("list %s lacks the plan", q)
			}
		}
		if r := br.Do("GET", "/training?kind=training", nil); strings.Contains(r.Body, "老党员送学上门") {
			t.Errorf("the kind filter does not filter")
		}
		if r := br.Do("GET", "/export/training?format=csv", nil); r.Code != 200 || !strings.Contains(r.Body, "老党员送学上门") {
			t.Errorf("export: %d %.300s", r.Code, r.Body)
		}
		webtest.Want(t, "export xlsx", br.Do("GET", "/export/training?format=xlsx", nil), 200)
	})
}

// TestInvitationPages: an account registers as a mobile member living in
// the 海棠 fixture village, the district confirms, the first branch's
// secretary invites them to a vanguard activity of the branch (a second
// invitation and 吉阳's meeting refused), records their attendance, and
// the member sees the invitation on their own page; the list and export.
func TestInvitationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		vw := e.Vanguard(t)
		ht, br, me := e.Login("haitang"), e.Login("htbranch"), e.Login("viewer")
		id := func(n int64) string { return fmt.Sprint(n) }

		r := me.Do("POST", "/mobile", url.Values{"name": {"候鸟党员老陈"}, "id_number": {testfix.IDNumber(977)}, "phone": {"13900000977"},
			"area_id": {id(e.W.Haitang.Village.ID)}, "home_org": {"黑龙江某村党支部"}})
		webtest.Want(t, "register", r, 200, 303)
		var decl int64
		if err := d.Read().QueryRowContext(t.Context(), `SELECT id FROM declarations WHERE name = ?`, "候鸟党员老陈").Scan(&decl); err != nil {
			t.Fatal(err)
		}
		page := "/mobile/" + id(decl)
		if r := br.Do("GET", page, nil); r.Code != 404 || strings.Contains(r.Body, "候鸟党员老陈") {
			t.Errorf("an unconfirmed member's page: %d", r.Code)
		}
		n := webtest.VgCount(t, e, "invitations")
		webtest.Want(t, "invite before confirmation", br.Do("POST", page+"/invitations", url.Values{"kind": {"activity"}, "activity_id": {id(vw.HtAct.ID)}}), 422)
		webtest.Want(t, "confirm", ht.Do("POST", "/declarations/"+id(decl)+"/confirm", url.Values{"org_id": {id(e.W.Haitang.Branches[1].ID)},
			"verify_method": {"phone"}, "verify_note": {"村书记电话核实本人"}}), 303)

		r = br.Do("GET", page, nil)
		webtest.Want(t, "member page", r, 200)
		for _, s := range []string{"候鸟党员老陈", "黑龙江某村党支部", `name="activity_id"`, "HT清理沙滩", `name="meeting_id"`, "HT一支部会议"} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("member page lacks %q", s)
			}
		}
		for _, s := range webtest.VanguardSecrets {
			if strings.Contains(r.Body, s) {
				t.Errorf("member page offers 吉阳's %q", s)
			}
		}
		webtest.Want(t, "吉阳's meeting", br.Do("POST", page+"/invitations", url.Values{"kind": {"meeting"}, "meeting_id": {id(vw.JyMeeting.ID)}}), 422)
		webtest.Want(t, "no event", br.Do("POST", page+"/invitations", url.Values{"kind": {"activity"}}), 422)
		webtest.Want(t, "a bad kind", br.Do("POST", page+"/invitations", url.Values{"kind": {"party"}, "meeting_id": {id(vw.HtMeeting.ID)}}), 422)
		if got := webtest.VgCount(t, e, "invitations"); got != n {
			t.Errorf("refused invitations wrote %d rows", got-n)
		}
		webtest.Want(t, "invite", br.Do("POST", page+"/invitations", url.Values{"kind": {"activity"}, "activity_id": {id(vw.HtAct.ID)}}), 303)
		webtest.Want(t, "invite twice", br.Do("POST", page+"/invitations", url.Values{"kind": {"activity"}, "activity_id": {id(vw.HtAct.ID)}}), 409)
		if r := br.Do("GET", page, nil); strings.Contains(r.Body, `name="activity_id"`) || !strings.Contains(r.Body, `name="meeting_id"`) {
			t.Errorf("the page offers the activity again or no longer the meeting")
		}

		var inv int64
		if err := d.Read().QueryRowContext(t.Context(), `SELECT id FROM invitations WHERE declaration_id = ?`, decl).Scan(&inv); err != nil {
			t.Fatal(err)
		}
		if r := me.Do("GET", "/mobile/invitations", nil); r.Code != 200 || !strings.Contains(r.Body, "HT清理沙滩") || !strings.Contains(r.Body, "已邀请") {
			t.Errorf("the member's own page: %d %.300s", r.Code, r.Body)
		}
		webtest.Want(t, "a bad status", br.Do("POST", "/invitations/"+id(inv)+"/attendance", url.Values{"status": {"maybe"}}), 422)
		webtest.Want(t, "record", br.Do("POST", "/invitations/"+id(inv)+"/attendance", url.Values{"status": {"attended"}, "note": {"带来了渔具"}}), 303)
		r = br.Do("GET", page, nil)
		if !strings.Contains(r.Body, "已参加") || !strings.Contains(r.Body, "带来了渔具") {
			t.Errorf("the member page does not show the attendance")
		}
		if r := me.Do("GET", "/mobile/invitations", nil); !strings.Contains(r.Body, "已参加") {
			t.Errorf("the member does not see their attendance")
		}
		for _, c := range []*webtest.Client{ht, br} {
			if r := c.Do("GET", "/invitations?status=attended", nil); !strings.Contains(r.Body, "候鸟党员老陈") {
				t.Errorf("the invitation list lacks the attended invitation")
			}
			if r := c.Do("GET", "/invitations/members?q=老陈", nil); !strings.Contains(r.Body, "候鸟党员老陈") {
				t.Errorf("the members to invite lack the member")
			}
		}
		if r := ht.Do("GET", "/export/invitations?format=csv", nil); r.Code != 200 || !strings.Contains(r.Body, "候鸟党员老陈") || !strings.Contains(r.Body, "带来了渔具") {
			t.Errorf("export: %d %.300s", r.Code, r.Body)
		}
		webtest.Want(t, "export xlsx", ht.Do("GET", "/export/invitations?format=xlsx", nil), 200)
		if r := br.Do("GET", "/export/mobile-members?format=csv&q=老陈", nil); r.Code != 200 || !strings.Contains(r.Body, "候鸟党员老陈") || strings.Contains(r.Body, "13900000977") {
			t.Errorf("members export: %d %.300s", r.Code, r.Body)
		}
	})
}

// TestMobileListLinksMemberPage: on /mobile a confirmed mobile member's name
// opens their page (/mobile/{id}, where they are invited) and the status
// their registration; a pending registration's name still opens the
// registration alone, and the /declarations list is unchanged. Every member
// page the list links opens for the account that sees the list (the branch
// secretary's /mobile lists no mobile member today, so links none).
func TestMobileListLinksMemberPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		vw := e.Vanguard(t)
		id := func(n int64) string { return fmt.Sprint(n) }
		ht, br := e.Login("haitang"), e.Login("htbranch")
		register := func(name string, n int) int64 {
			webtest.Ok(t, "register "+name, e.Login("viewer").Do("POST", "/api/v1/mobile", map[string]any{"name": name, "id_number": testfix.IDNumber(n),
				"phone": fmt.Sprintf("139000009%02d", n%100), "area_id": e.W.Haitang.Village.ID, "home_org": "辽宁某村党支部"}), 202)
			var x int64
			if err := d.Read().QueryRowContext(t.Context(), `SELECT id FROM declarations WHERE name = ?`, name).Scan(&x); err != nil {
				t.Fatal(err)
			}
			return x
		}
		pending, mine := register("候鸟党员老李", 979), register("候鸟党员老赵", 980)
		webtest.Ok(t, "confirm", ht.Do("POST", "/api/v1/declarations/"+id(mine)+"/confirm", map[string]any{"org_id": e.W.Haitang.Branches[0].ID,
			"verify_method": "phone", "verify_note": "村书记电话核实本人"}), 200)

		r := ht.Do("GET", "/mobile", nil)
		webtest.Want(t, "district /mobile", r, 200)
		for _, s := range []string{`<a href="/mobile/` + id(vw.HtMobile.ID) + `">HT流动党员甲</a>`, `<a href="/declarations/` + id(vw.HtMobile.ID) + `">`,
			`<a href="/mobile/` + id(mine) + `">候鸟党员老赵</a>`, `<a href="/declarations/` + id(pending) + `">候鸟党员老李</a>`} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("district /mobile lacks %s", s)
			}
		}
		if strings.Contains(r.Body, `href="/mobile/`+id(pending)+`"`) {
			t.Errorf("the pending registration's row links a member page")
		}
		rb := br.Do("GET", "/mobile", nil)
		webtest.Want(t, "branch /mobile", rb, 200)
		for who, x := range map[string]struct {
			c    *webtest.Client
			body string
		}{"district": {ht, r.Body}, "branch": {br, rb.Body}} {
			for _, m := range regexp.MustCompile(`href="(/mobile/[0-9]+)"`).FindAllStringSubmatch(x.body, -1) {
				if p := x.c.Do("GET", m[1], nil); p.Code != 200 {
					t.Errorf("%s: the linked %s answers %d", who, m[1], p.Code)
				}
			}
			if r := x.c.Do("GET", "/declarations?kind=mobile", nil); strings.Contains(r.Body, `href="/mobile/`) {
				t.Errorf("%s: the declarations list links a member page", who)
			}
		}
	})
}
