package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/alliance"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
)

// TestAlliancePages walks a 湾区大党委 as the 海棠区 official: the form,
// the alliance led by the district committee, members from another
// district by id (a subordinate unit refused), a resource, a joint meeting
// with decisions (a future date and a non-member owner refused), a task
// done, a memorandum and its progress (out of range refused), the list and
// its filter; a 吉阳 member district sees it but cannot write.
func TestAlliancePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		st := &alliance.Store{DB: d}
		get := func(aid int64) alliance.Alliance {
			a, err := st.Get(context.Background(), scope.Everything, aid)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}

		want(t, "form", ht.do("GET", "/alliances/new", nil), 200)
		r := ht.do("POST", "/alliances", url.Values{"kind": {"regional_committee"}, "name": {"海棠湾区大党委"}, "lead_org_id": {id(e.w.Haitang.Committee.ID)}})
		want(t, "create", r, 303)
		loc := r.hdr.Get("Location")
		aid, err := strconv.ParseInt(strings.TrimPrefix(loc, "/alliances/"), 10, 64)
		if err != nil {
			t.Fatalf("create went to %q", loc)
		}
		want(t, "a pairing without type", ht.do("POST", "/alliances", url.Values{"kind": {"pairing"}, "name": {"x"}, "lead_org_id": {id(e.w.Haitang.Committee.ID)}}), 422)

		want(t, "member org of 吉阳", ht.do("POST", loc+"/members", url.Values{"org_id": {id(e.w.Jiyang.Committee.ID)}, "role": {"成员单位"}}), 303)
		want(t, "member unit of 吉阳", ht.do("POST", loc+"/members", url.Values{"unit_id": {id(e.w.Jiyang.Unit.ID)}}), 303)
		want(t, "a subordinate unit", ht.do("POST", loc+"/members", url.Values{"unit_id": {id(e.w.Haitang.Unit.ID)}}), 422)
		ms := get(aid).Members
		if len(ms) != 2 {
			t.Fatalf("members = %+v", ms)
		}
		m0, m1 := id(ms[0].ID), id(ms[1].ID)
		want(t, "resource", ht.do("POST", loc+"/resources", url.Values{"name": {"共享会议室"}, "kind": {"场地"}, "owner_id": {m1}}), 303)

		meeting := func(held, decisions string) url.Values {
			return url.Values{"held_on": {held}, "agenda": {"第一次联席会"}, "present": {m0, m1}, "decisions": {decisions}}
		}
		want(t, "a future meeting", ht.do("POST", loc+"/meetings", meeting("2099-01-01", "")), 422)
		want(t, "a non-member owner", ht.do("POST", loc+"/meetings", meeting("2026-10-01", "共建活动室|999999|2026-12-31")), 422)
		want(t, "meeting", ht.do("POST", loc+"/meetings", meeting("2026-10-01", "共建活动室|"+m1+"|2020-01-01\n联合招聘|"+m0+"|2099-12-31")), 303)
		a := get(aid)
		if len(a.Tasks) != 2 || !a.Tasks[0].Overdue || a.Tasks[1].Overdue {
			t.Fatalf("tasks = %+v", a.Tasks)
		}
		want(t, "task done", ht.do("POST", loc+"/tasks/done", url.Values{"task_id": {id(a.Tasks[1].ID)}}), 303)
		want(t, "task", ht.do("POST", loc+"/tasks", url.Values{"decision": {"走访企业"}, "owner_id": {m0}, "deadline": {"2026-12-31"}}), 303)

		want(t, "memo", ht.do("POST", loc+"/memoranda", url.Values{"title": {"人才共育合作备忘录"}, "signed_on": {"2026-10-02"}, "parties": {m0, m1},
			"commitments": {"开放实训基地|" + m1 + "|2026-12-31"}}), 303)
		cid := id(get(aid).Memoranda[0].Commitments[0].ID)
		want(t, "progress 150", ht.do("POST", loc+"/progress", url.Values{"commitment_id": {cid}, "progress": {"150"}}), 422)
		want(t, "progress", ht.do("POST", loc+"/progress", url.Values{"commitment_id": {cid}, "progress": {"50"}, "note": {"已开放一期"}}), 303)

		page := ht.do("GET", loc, nil)
		want(t, "page", page, 200)
		for _, s := range []string{"海棠湾区大党委", e.w.Jiyang.Committee.Name, e.w.Jiyang.Unit.Name, "共享会议室", "第一次联席会", "共建活动室", "走访企业",
			"人才共育合作备忘录", "开放实训基地", "50%", "已开放一期", `action="` + loc + `/members"`, `action="` + loc + `/progress"`} {
			if !strings.Contains(page.body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		if r := ht.do("GET", "/alliances?kind=regional_committee", nil); !strings.Contains(r.body, "海棠湾区大党委") {
			t.Errorf("list lacks the alliance")
		}
		if r := ht.do("GET", "/alliances?kind=pairing", nil); strings.Contains(r.body, "海棠湾区大党委") {
			t.Errorf("the kind filter does not filter")
		}
		want(t, "bad kind", ht.do("GET", "/alliances?kind=nope", nil), 422)

		// 吉阳's committee is a member: 吉阳 sees the alliance, without forms,
		// and cannot write it.
		jy := e.login("jiyang")
		if r := jy.do("GET", "/alliances", nil); !strings.Contains(r.body, "海棠湾区大党委") {
			t.Errorf("a member's district does not list the alliance")
		}
		if r := jy.do("GET", loc, nil); r.code != 200 || strings.Contains(r.body, `action="`+loc+`/members"`) {
			t.Errorf("member view: %d, forms shown", r.code)
		}
		want(t, "a member writes", jy.do("POST", loc+"/resources", url.Values{"name": {"x"}, "owner_id": {m0}}), 403)
	})
}
