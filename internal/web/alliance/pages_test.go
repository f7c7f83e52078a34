package alliance_test

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
	"dangjian/internal/web/webtest"
)

// TestAlliancePages walks a 湾区大党委 as the 海棠区 official: the form,
// the alliance led by the district committee, members from another
// district by id (a subordinate unit refused), a resource, a joint meeting
// with decisions (a future date and a non-member owner refused), a task
// done, a memorandum and its progress (out of range refused), the list and
// its filter; a 吉阳 member district sees it but cannot write.
func TestAlliancePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.Login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		st := &alliance.Store{DB: d}
		get := func(aid int64) alliance.Alliance {
			a, err := st.Get(context.Background(), scope.Everything, aid)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}

		webtest.Want(t, "form", ht.Do("GET", "/alliances/new", nil), 200)
		r := ht.Do("POST", "/alliances", url.Values{"kind": {"regional_committee"}, "name": {"海棠湾区大党委"}, "lead_org_id": {id(e.W.Haitang.Committee.ID)}})
		webtest.Want(t, "create", r, 303)
		loc := r.Hdr.Get("Location")
		aid, err := strconv.ParseInt(strings.TrimPrefix(loc, "/alliances/"), 10, 64)
		if err != nil {
			t.Fatalf("create went to %q", loc)
		}
		webtest.Want(t, "a pairing without type", ht.Do("POST", "/alliances", url.Values{"kind": {"pairing"}, "name": {"x"}, "lead_org_id": {id(e.W.Haitang.Committee.ID)}}), 422)

		webtest.Want(t, "member org of 吉阳", ht.Do("POST", loc+"/members", url.Values{"org_id": {id(e.W.Jiyang.Committee.ID)}, "role": {"成员单位"}}), 303)
		webtest.Want(t, "member unit of 吉阳", ht.Do("POST", loc+"/members", url.Values{"unit_id": {id(e.W.Jiyang.Unit.ID)}}), 303)
		webtest.Want(t, "a subordinate unit", ht.Do("POST", loc+"/members", url.Values{"unit_id": {id(e.W.Haitang.Unit.ID)}}), 422)
		ms := get(aid).Members
		if len(ms) != 2 {
			t.Fatalf("members = %+v", ms)
		}
		m0, m1 := id(ms[0].ID), id(ms[1].ID)
		webtest.Want(t, "resource", ht.Do("POST", loc+"/resources", url.Values{"name": {"共享会议室"}, "kind": {"场地"}, "owner_id": {m1}}), 303)

		meeting := func(held, decisions string) url.Values {
			return url.Values{"held_on": {held}, "agenda": {"第一次联席会"}, "present": {m0, m1}, "decisions": {decisions}}
		}
		webtest.Want(t, "a future meeting", ht.Do("POST", loc+"/meetings", meeting("2099-01-01", "")), 422)
		webtest.Want(t, "a non-member owner", ht.Do("POST", loc+"/meetings", meeting("2026-10-01", "共建活动室|999999|2026-12-31")), 422)
		webtest.Want(t, "meeting", ht.Do("POST", loc+"/meetings", meeting("2026-10-01", "共建活动室|"+m1+"|2020-01-01\n联合招聘|"+m0+"|2099-12-31")), 303)
		a := get(aid)
		if len(a.Tasks) != 2 || !a.Tasks[0].Overdue || a.Tasks[1].Overdue {
			t.Fatalf("tasks = %+v", a.Tasks)
		}
		webtest.Want(t, "task done", ht.Do("POST", loc+"/tasks/done", url.Values{"task_id": {id(a.Tasks[1].ID)}}), 303)
		webtest.Want(t, "task", ht.Do("POST", loc+"/tasks", url.Values{"decision": {"走访企业"}, "owner_id": {m0}, "deadline": {"2026-12-31"}}), 303)

		webtest.Want(t, "memo", ht.Do("POST", loc+"/memoranda", url.Values{"title": {"人才共育合作备忘录"}, "signed_on": {"2026-10-02"}, "parties": {m0, m1},
			"commitments": {"开放实训基地|" + m1 + "|2026-12-31"}}), 303)
		cid := id(get(aid).Memoranda[0].Commitments[0].ID)
		webtest.Want(t, "progress 150", ht.Do("POST", loc+"/progress", url.Values{"commitment_id": {cid}, "progress": {"150"}}), 422)
		webtest.Want(t, "progress", ht.Do("POST", loc+"/progress", url.Values{"commitment_id": {cid}, "progress": {"50"}, "note": {"已开放一期"}}), 303)

		page := ht.Do("GET", loc, nil)
		webtest.Want(t, "page", page, 200)
		for _, s := range []string{"海棠湾区大党委", e.W.Jiyang.Committee.Name, e.W.Jiyang.Unit.Name, "共享会议室", "第一次联席会", "共建活动室", "走访企业",
			"人才共育合作备忘录", "开放实训基地", "50%", "已开放一期", `action="` + loc + `/members"`, `action="` + loc + `/progress"`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		if r := ht.Do("GET", "/alliances?kind=regional_committee", nil); !strings.Contains(r.Body, "海棠湾区大党委") {
			t.Errorf("list lacks the alliance")
		}
		if r := ht.Do("GET", "/alliances?kind=pairing", nil); strings.Contains(r.Body, "海棠湾区大党委") {
			t.Errorf("the kind filter does not filter")
		}
		webtest.Want(t, "bad kind", ht.Do("GET", "/alliances?kind=nope", nil), 422)

		// 吉阳's committee is a member: 吉阳 sees the alliance, without forms,
		// and cannot write it.
		jy := e.Login("jiyang")
		if r := jy.Do("GET", "/alliances", nil); !strings.Contains(r.Body, "海棠湾区大党委") {
			t.Errorf("a member's district does not list the alliance")
		}
		if r := jy.Do("GET", loc, nil); r.Code != 200 || strings.Contains(r.Body, `action="`+loc+`/members"`) {
			t.Errorf("member view: %d, forms shown", r.Code)
		}
		webtest.Want(t, "a member writes", jy.Do("POST", loc+"/resources", url.Values{"name": {"x"}, "owner_id": {m0}}), 403)
	})
}
