package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/weak"
)

// TestWeakPages walks the pages as the 海棠区 official: a detection run
// (twice: one case per branch), the case page, a task and its completion,
// an instructor (a foreign person refused), a supervision visit (a future
// date refused) whose finding becomes a task of the case, and the lists.
func TestWeakPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		st := &weak.Store{DB: d}
		list := func() []weak.Case {
			cs, _, err := st.List(context.Background(), e.w.Haitang.Scope, weak.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}

		want(t, "detect", ht.do("POST", "/weak/detect", url.Values{}), 303)
		want(t, "detect again", ht.do("POST", "/weak/detect", url.Values{}), 303)
		cs := list()
		if len(cs) != 2 {
			t.Fatalf("cases = %+v", cs)
		}
		c := cs[0]
		loc := "/weak/" + id(c.ID)
		want(t, "task", ht.do("POST", loc+"/tasks", url.Values{"body": {"健全三会一课制度"}, "owner_org_id": {id(c.OrgID)}, "deadline": {"2026-12-31"}}), 303)
		want(t, "task without owner", ht.do("POST", loc+"/tasks", url.Values{"body": {"x"}, "deadline": {"2026-12-31"}}), 422)
		want(t, "foreign instructor", ht.do("POST", loc+"/instructor", url.Values{"person_id": {id(e.w.Jiyang.Members[0].ID)}, "role": {"instructor"}}), 422)
		want(t, "instructor", ht.do("POST", loc+"/instructor", url.Values{"person_id": {id(e.w.Haitang.Members[0].ID)}, "role": {"first_secretary"}, "target_on": {"2027-06-30"}}), 303)
		got, err := st.Get(context.Background(), scope.Everything, c.ID)
		if err != nil || len(got.Tasks) != 1 || got.InstructorID != e.w.Haitang.Members[0].ID || got.TargetOn != "2027-06-30" {
			t.Fatalf("case = %+v, %v", got, err)
		}
		want(t, "done", ht.do("POST", loc+"/tasks/done", url.Values{"task_id": {id(got.Tasks[0].ID)}}), 303)

		want(t, "visit form", ht.do("GET", "/supervision/new", nil), 200)
		visit := func(on string) url.Values {
			return url.Values{"org_id": {id(c.OrgID)}, "visited_on": {on}, "inspectors": {"区委督查组"}, "findings": {"high|党员名册未更新\n学习记录缺失"}, "follow_up": {"两周后复查"}}
		}
		want(t, "future visit", ht.do("POST", "/supervision", visit("2099-01-01")), 422)
		r := ht.do("POST", "/supervision", visit("2026-01-10"))
		want(t, "visit", r, 303)
		vloc := r.hdr.Get("Location")
		var vid int64
		fmt.Sscanf(strings.TrimPrefix(vloc, "/supervision/"), "%d", &vid)
		v, err := st.GetVisit(context.Background(), scope.Everything, vid)
		if err != nil || len(v.Findings) != 2 || v.Findings[0].Severity != "high" || v.Findings[1].Severity != "medium" || v.CaseID != c.ID {
			t.Fatalf("visit = %+v, %v", v, err)
		}
		want(t, "link", ht.do("POST", vloc+"/link", url.Values{"finding_id": {id(v.Findings[0].ID)}, "deadline": {"2026-12-31"}}), 303)

		page := ht.do("GET", loc, nil)
		want(t, "case page", page, 200)
		for _, s := range []string{c.OrgName, "健全三会一课制度", "党员名册未更新", e.w.Haitang.Members[0].Name, "2027-06-30", `action="` + loc + `/tasks/done"`} {
			if !strings.Contains(page.body, s) {
				t.Errorf("case page lacks %q", s)
			}
		}
		if r := ht.do("GET", vloc, nil); r.code != 200 || !strings.Contains(r.body, "学习记录缺失") || !strings.Contains(r.body, "区委督查组") {
			t.Errorf("visit page: %d", r.code)
		}
		if r := ht.do("GET", "/supervision", nil); !strings.Contains(r.body, "区委督查组") {
			t.Errorf("visit list lacks the visit")
		}
		if r := ht.do("GET", "/weak?status=open", nil); !strings.Contains(r.body, c.OrgName) {
			t.Errorf("open list lacks the case")
		}
		if r := ht.do("GET", "/weak?status=closed", nil); strings.Contains(r.body, `href="`+loc+`"`) {
			t.Errorf("the status filter does not filter")
		}
		want(t, "bad status", ht.do("GET", "/weak?status=nope", nil), 422)
		want(t, "viewer detect", e.login("viewer").do("POST", "/weak/detect", url.Values{}), 403)
	})
}
