package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestDateRuleAPI: an impossible day (2026-02-30) and an absurd year
// (1800-01-01) are refused with a message that names the value, through
// the person API (joined_on), a meeting (held_on) and a people import,
// and nothing is written.
func TestDateRuleAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.w.Haitang
		c := e.login("haitang")
		m := ht.Members[0]
		joined := func() string {
			var s string
			if err := e.s.DB.Read().QueryRowContext(t.Context(), e.s.DB.Rebind(`SELECT joined_on FROM people WHERE id = ?`), m.ID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		was := joined()
		for _, c2 := range []struct{ day, key string }{{"2026-02-30", "err.date.invalid"}, {"1800-01-01", "err.date.too_early"}} {
			person := map[string]any{"name": m.Name, "status": m.Status, "area_id": m.AreaID, "org_id": m.OrgID, "joined_on": c2.day}
			meeting := map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": c2.day, "title": "支委会"}
			runBad(t, e, c, []badCase{
				{"person joined_on " + c2.day, "PUT", fmt.Sprintf("/api/v1/people/%d", m.ID), person, 422, c2.key, "people"},
				{"meeting held_on " + c2.day, "POST", "/api/v1/meetings", meeting, 422, c2.key, "meetings"},
			})
			r := c.do("PUT", fmt.Sprintf("/api/v1/people/%d", m.ID), person)
			if _, field, _, msg := apiErr(r); field != "joined_on" || !strings.Contains(msg, c2.day) {
				t.Errorf("joined_on %s: field %q message %q, want the field and the value", c2.day, field, msg)
			}
			if got := joined(); got != was {
				t.Errorf("joined_on %s was stored: %s", c2.day, got)
			}

			n := e.count(t, "people")
			csv := "name,status,area_code,org_code,joined_on\n导入甲,正式党员," + ht.Village.Code + "," + ht.Branches[0].Code + "," + c2.day + "\n"
			body := e.waitJob(t, c, c.do("POST", "/api/v1/imports/people", fileUpload(t, nil, "dates.csv", []byte(csv))))
			if !strings.Contains(body, `"status":"failed"`) || !strings.Contains(body, c2.key) {
				t.Errorf("import with joined_on %s: %s", c2.day, body)
			}
			if e.count(t, "people") != n {
				t.Errorf("import with joined_on %s wrote people", c2.day)
			}
		}
	})
}
