package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// TestCultivationPages walks the pipeline with the first 海棠 branch's
// secretary: the list with the probationary member's due date, a new
// applicant's timeline and form, steps recorded in order (and refused out
// of order, in the future and too early), the registry status following,
// and the dual-cultivation register.
func TestCultivationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.cultivationFix(t)
		br, ht := e.login("htbranch"), e.login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }

		list := br.do("GET", "/cultivation?stage=probationary", nil)
		want(t, "list", list, 200)
		if !strings.Contains(list.body, w.ht0.Name) || !strings.Contains(list.body, "2026-12-01") {
			t.Errorf("list lacks the probationary member and due date: %.500s", list.body)
		}
		if r := ht.do("GET", "/cultivation?stage=candidate", nil); strings.Contains(r.body, w.ht0.Name) {
			t.Errorf("stage filter ignored")
		}

		p, err := e.w.People.Create(t.Context(), scope.Everything, person.Person{Name: "陈申请", Status: person.Masses, AreaID: e.w.Haitang.Village.ID, BirthDate: "1998-05-01"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/cultivation/" + id(p.ID)
		page := ht.do("GET", path, nil)
		want(t, "new person's timeline", page, 200)
		if !strings.Contains(page.body, `value="applicant"`) {
			t.Errorf("form lacks the applicant step")
		}
		post := func(c *client, v url.Values, code int) resp {
			t.Helper()
			r := c.do("POST", path+"/steps", v)
			want(t, fmt.Sprint(v), r, code)
			return r
		}
		post(ht, url.Values{"stage": {"activist"}, "on": {"2024-01-01"}, "org_id": {id(e.w.Haitang.Branches[0].ID)}}, 422)
		post(ht, url.Values{"stage": {"applicant"}, "on": {"2999-01-01"}, "org_id": {id(e.w.Haitang.Branches[0].ID)}}, 422)
		post(ht, url.Values{"stage": {"applicant"}, "on": {"2024-01-01"}, "org_id": {id(e.w.Haitang.Branches[0].ID)}, "note": {"递交申请书"}}, 303)
		// An applicant belongs to no org yet: the branch secretary cannot
		// see them until the district makes them an activist of the branch.
		want(t, "branch sees an org-less applicant", br.do("GET", path, nil), 404)
		post(ht, url.Values{"stage": {"activist"}, "on": {"2024-04-01"}}, 303)
		post(br, url.Values{"stage": {"candidate"}, "on": {"2025-03-31"}}, 422)
		post(br, url.Values{"stage": {"candidate"}, "on": {"2025-04-01"}, "note": {"支委会研究确定"}}, 303)
		got, err := e.w.People.Get(t.Context(), scope.Everything, p.ID)
		if err != nil || got.Status != person.Candidate || got.OrgID != e.w.Haitang.Branches[0].ID {
			t.Fatalf("registry after candidate: %+v %v", got, err)
		}
		page = br.do("GET", path, nil)
		for _, s := range []string{"递交申请书", "支委会研究确定", "2024-04-01", `value="probationary"`} {
			if !strings.Contains(page.body, s) {
				t.Errorf("timeline lacks %q", s)
			}
		}
		if r := e.login("viewer").do("GET", "/cultivation", nil); r.code != 403 && r.code != 200 {
			t.Errorf("viewer: %d", r.code)
		}

		dual := ht.do("GET", "/cultivation/dual?sector=school", nil)
		want(t, "dual", dual, 200)
		if !strings.Contains(dual.body, w.htDual.Name) || !strings.Contains(dual.body, w.htDual.Mentor) {
			t.Errorf("dual register lacks the entry")
		}
		if r := ht.do("GET", "/cultivation/dual?sector=hospital", nil); strings.Contains(r.body, w.htDual.Name) {
			t.Errorf("sector filter ignored")
		}
		want(t, "progress", ht.do("POST", "/cultivation/dual/"+id(w.htDual.ID)+"/progress", url.Values{"note": {"获评校级骨干教师"}}), 303)
		if r := ht.do("GET", "/cultivation/dual", nil); !strings.Contains(r.body, "获评校级骨干教师") {
			t.Errorf("progress note missing")
		}
		want(t, "member as backbone-to-member", ht.do("POST", "/cultivation/dual", url.Values{"person_id": {id(w.htDual.PersonID)}, "direction": {"backbone_to_member"},
			"mentor": {"王"}, "started_on": {"2025-01-01"}}), 422)
	})
}
