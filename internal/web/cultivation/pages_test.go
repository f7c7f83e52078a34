package cultivation_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/web/webtest"
)

// TestCultivationPages walks the pipeline with the first 海棠 branch's
// secretary: the list with the probationary member's due date, a new
// applicant's timeline and form, steps recorded in order (and refused out
// of order, in the future and too early), the registry status following,
// and the dual-cultivation register.
func TestCultivationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		w := e.Cultivation(t)
		br, ht := e.Login("htbranch"), e.Login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }

		list := br.Do("GET", "/cultivation?stage=probationary", nil)
		webtest.Want(t, "list", list, 200)
		if !strings.Contains(list.Body, w.Ht0.Name) || !strings.Contains(list.Body, "2026-12-01") {
			t.Errorf("list lacks the probationary member and due date: %.500s", list.Body)
		}
		if r := ht.Do("GET", "/cultivation?stage=candidate", nil); strings.Contains(r.Body, w.Ht0.Name) {
			t.Errorf("stage filter ignored")
		}

		p, err := e.W.People.Create(t.Context(), scope.Everything, person.Person{Name: "陈申请", Status: person.Masses, AreaID: e.W.Haitang.Village.ID, BirthDate: "1998-05-01"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/cultivation/" + id(p.ID)
		page := ht.Do("GET", path, nil)
		webtest.Want(t, "new person's timeline", page, 200)
		if !strings.Contains(page.Body, `value="applicant"`) {
			t.Errorf("form lacks the applicant step")
		}
		post := func(c *webtest.Client, v url.Values, code int) webtest.Resp {
			t.Helper()
			r := c.Do("POST", path+"/steps", v)
			webtest.Want(t, fmt.Sprint(v), r, code)
			return r
		}
		post(ht, url.Values{"stage": {"activist"}, "on": {"2024-01-01"}, "org_id": {id(e.W.Haitang.Branches[0].ID)}}, 422)
		post(ht, url.Values{"stage": {"applicant"}, "on": {"2999-01-01"}, "org_id": {id(e.W.Haitang.Branches[0].ID)}}, 422)
		post(ht, url.Values{"stage": {"applicant"}, "on": {"2024-01-01"}, "org_id": {id(e.W.Haitang.Branches[0].ID)}, "note": {"递交申请书"}}, 303)
		// An applicant belongs to no org yet: the branch secretary cannot
		// see them until the district makes them an activist of the branch.
		webtest.Want(t, "branch sees an org-less applicant", br.Do("GET", path, nil), 404)
		post(ht, url.Values{"stage": {"activist"}, "on": {"2024-04-01"}}, 303)
		post(br, url.Values{"stage": {"candidate"}, "on": {"2025-03-31"}}, 422)
		post(br, url.Values{"stage": {"candidate"}, "on": {"2025-04-01"}, "note": {"支委会研究确定"}}, 303)
		got, err := e.W.People.Get(t.Context(), scope.Everything, p.ID)
		if err != nil || got.Status != person.Candidate || got.OrgID != e.W.Haitang.Branches[0].ID {
			t.Fatalf("registry after candidate: %+v %v", got, err)
		}
		page = br.Do("GET", path, nil)
		for _, s := range []string{"递交申请书", "支委会研究确定", "2024-04-01", `value="probationary"`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("timeline lacks %q", s)
			}
		}
		if r := e.Login("viewer").Do("GET", "/cultivation", nil); r.Code != 403 && r.Code != 200 {
			t.Errorf("viewer: %d", r.Code)
		}

		dual := ht.Do("GET", "/cultivation/dual?sector=school", nil)
		webtest.Want(t, "dual", dual, 200)
		if !strings.Contains(dual.Body, w.HtDual.Name) || !strings.Contains(dual.Body, w.HtDual.Mentor) {
			t.Errorf("dual register lacks the entry")
		}
		if r := ht.Do("GET", "/cultivation/dual?sector=hospital", nil); strings.Contains(r.Body, w.HtDual.Name) {
			t.Errorf("sector filter ignored")
		}
		webtest.Want(t, "progress", ht.Do("POST", "/cultivation/dual/"+id(w.HtDual.ID)+"/progress", url.Values{"note": {"获评校级骨干教师"}}), 303)
		if r := ht.Do("GET", "/cultivation/dual", nil); !strings.Contains(r.Body, "获评校级骨干教师") {
			t.Errorf("progress note missing")
		}
		webtest.Want(t, "member as backbone-to-member", ht.Do("POST", "/cultivation/dual", url.Values{"person_id": {id(w.HtDual.PersonID)}, "direction": {"backbone_to_member"},
			"mentor": {"王"}, "started_on": {"2025-01-01"}}), 422)
	})
}
