package cultivation_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// TestBackfillPage: a probationary member admitted in 2025, with no
// history on the platform, gets the backfill form on their pipeline page;
// a candidate date less than a year after the activist date is refused
// with the rule's message and nothing saved; their real dates are saved in
// one go and the form gives way to the next step's.
func TestBackfillPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		p, err := e.W.People.Create(context.Background(), scope.Everything, person.Person{Name: "HT预备党员补录", Status: person.Probationary,
			OrgID: ht.Branches[0].ID, AreaID: ht.Village.ID, IDNumber: testfix.IDNumber(811), JoinedOn: "2025-07-01"})
		if err != nil {
			t.Fatal(err)
		}
		br := e.Login("htbranch")
		path := fmt.Sprintf("/cultivation/%d", p.ID)
		r := br.Do("GET", path, nil)
		if r.Code != 200 || !strings.Contains(r.Body, path+"/backfill") || !strings.Contains(r.Body, `name="probationary_on"`) {
			t.Fatalf("pipeline page lacks the backfill form: %d", r.Code)
		}
		form := func() url.Values {
			return url.Values{"applicant_on": {"2023-03-01"}, "activist_on": {"2023-09-01"}, "candidate_on": {"2024-09-10"}, "probationary_on": {"2025-07-01"},
				"note": {"据档案补录"}}
		}
		bad := form()
		bad.Set("candidate_on", "2024-06-01")
		r = br.Do("POST", path+"/backfill", bad)
		if r.Code != 422 || !strings.Contains(r.Body, "一年以上培养考察") {
			t.Errorf("short activist year: %d %.300s", r.Code, r.Body)
		}
		gap := form()
		gap.Del("activist_on")
		webtest.Want(t, "a stage left out", br.Do("POST", path+"/backfill", gap), 422)
		var n int
		if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM recruit_steps WHERE person_id = ?`, p.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("refused backfills saved %d steps", n)
		}
		webtest.Want(t, "backfill", br.Do("POST", path+"/backfill", form()), 303)
		r = br.Do("GET", path, nil)
		for _, s := range []string{"2023-03-01", "2024-09-10", "2026-07-01", "据档案补录", "/steps"} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("backfilled pipeline lacks %q", s)
			}
		}
		if strings.Contains(r.Body, path+"/backfill") {
			t.Errorf("the backfill form is still offered")
		}
		webtest.Want(t, "a second backfill", br.Do("POST", path+"/backfill", form()), 409)
	})
}
