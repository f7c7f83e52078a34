package weak_test

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
	"dangjian/internal/web/webtest"
)

// TestWeakPages walks the pages as the 海棠区 official: a detection run
// (twice: one case per branch), the case page, a task and its completion,
// an instructor (a foreign person refused), a supervision visit (a future
// date refused) whose finding becomes a task of the case, and the lists.
func TestWeakPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.Login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		st := &weak.Store{DB: d}
		list := func() []weak.Case {
			cs, _, err := st.List(context.Background(), e.W.Haitang.Scope, weak.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}

		webtest.Want(t, "detect", ht.Do("POST", "/weak/detect", url.Values{}), 303)
		webtest.Want(t, "detect again", ht.Do("POST", "/weak/detect", url.Values{}), 303)
		cs := list()
		if len(cs) != 2 {
			t.Fatalf("cases = %+v", cs)
		}
		c := cs[0]
		loc := "/weak/" + id(c.ID)
		webtest.Want(t, "task", ht.Do("POST", loc+"/tasks", url.Values{"body": {"健全三会一课制度"}, "owner_org_id": {id(c.OrgID)}, "deadline": {"2026-12-31"}}), 303)
		webtest.Want(t, "task without owner", ht.Do("POST", loc+"/tasks", url.Values{"body": {"x"}, "deadline": {"2026-12-31"}}), 422)
		webtest.Want(t, "foreign instructor", ht.Do("POST", loc+"/instructor", url.Values{"person_id": {id(e.W.Jiyang.Members[0].ID)}, "role": {"instructor"}}), 422)
		webtest.Want(t, "instructor", ht.Do("POST", loc+"/instructor", url.Values{"person_id": {id(e.W.Haitang.Members[0].ID)}, "role": {"first_secretary"}, "target_on": {"2027-06-30"}}), 303)
		got, err := st.Get(context.Background(), scope.Everything, c.ID)
		if err != nil || len(got.Tasks) != 1 || got.InstructorID != e.W.Haitang.Members[0].ID || got.TargetOn != "2027-06-30" {
			t.Fatalf("case = %+v, %v", got, err)
		}
		webtest.Want(t, "done", ht.Do("POST", loc+"/tasks/done", url.Values{"task_id": {id(got.Tasks[0].ID)}}), 303)

		webtest.Want(t, "visit form", ht.Do("GET", "/supervision/new", nil), 200)
		visit := func(on string) url.Values {
			return url.Values{"org_id": {id(c.OrgID)}, "visited_on": {on}, "inspectors": {"区委督查组"}, "findings": {"high|党员名册未更新\n学习记录缺失"}, "follow_up": {"两周后复查"}}
		}
		webtest.Want(t, "future visit", ht.Do("POST", "/supervision", visit("2099-01-01")), 422)
		r := ht.Do("POST", "/supervision", visit("2026-01-10"))
		webtest.Want(t, "visit", r, 303)
		vloc := r.Hdr.Get("Location")
		var vid int64
		fmt.Sscanf(strings.TrimPrefix(vloc, "/supervision/"), "%d", &vid)
		v, err := st.GetVisit(context.Background(), scope.Everything, vid)
		if err != nil || len(v.Findings) != 2 || v.Findings[0].Severity != "high" || v.Findings[1].Severity != "medium" || v.CaseID != c.ID {
			t.Fatalf("visit = %+v, %v", v, err)
		}
		webtest.Want(t, "link", ht.Do("POST", vloc+"/link", url.Values{"finding_id": {id(v.Findings[0].ID)}, "deadline": {"2026-12-31"}}), 303)

		page := ht.Do("GET", loc, nil)
		webtest.Want(t, "case page", page, 200)
		for _, s := range []string{c.OrgName, "健全三会一课制度", "党员名册未更新", e.W.Haitang.Members[0].Name, "2027-06-30", `action="` + loc + `/tasks/done"`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("case page lacks %q", s)
			}
		}
		if r := ht.Do("GET", vloc, nil); r.Code != 200 || !strings.Contains(r.Body, "学习记录缺失") || !strings.Contains(r.Body, "区委督查组") {
			t.Errorf("visit page: %d", r.Code)
		}
		if r := ht.Do("GET", "/supervision", nil); !strings.Contains(r.Body, "区委督查组") {
			t.Errorf("visit list lacks the visit")
		}
		if r := ht.Do("GET", "/weak?status=open", nil); !strings.Contains(r.Body, c.OrgName) {
			t.Errorf("open list lacks the case")
		}
		if r := ht.Do("GET", "/weak?status=closed", nil); strings.Contains(r.Body, `href="`+loc+`"`) {
			t.Errorf("the status filter does not filter")
		}
		webtest.Want(t, "bad status", ht.Do("GET", "/weak?status=nope", nil), 422)
		webtest.Want(t, "viewer detect", e.Login("viewer").Do("POST", "/weak/detect", url.Values{}), 403)
	})
}
