package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestDateRuleAPI: an impossible day (2026-02-30) and an absurd year
// (1800-01-01) are refused with a message that names the value, through
// the person API (joined_on), a meeting (held_on) and a people import,
// and nothing is written.
func TestDateRuleAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")
		m := ht.Members[0]
		joined := func() string {
			var s string
			if err := e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT joined_on FROM people WHERE id = ?`), m.ID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		was := joined()
		for _, c2 := range []struct{ day, key string }{{"2026-02-30", "err.date.invalid"}, {"1800-01-01", "err.date.too_early"}} {
			person := map[string]any{"name": m.Name, "status": m.Status, "area_id": m.AreaID, "org_id": m.OrgID, "joined_on": c2.day}
			meeting := map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": c2.day, "title": "支委会"}
			webtest.RunBad(t, e, c, []webtest.BadCase{
				{Name: "person joined_on " + c2.day, Method: "PUT", Path: fmt.Sprintf("/api/v1/people/%d", m.ID), Body: person, Status: 422, Key: c2.key, Table: "people"},
				{Name: "meeting held_on " + c2.day, Method: "POST", Path: "/api/v1/meetings", Body: meeting, Status: 422, Key: c2.key, Table: "meetings"},
			})
			r := c.Do("PUT", fmt.Sprintf("/api/v1/people/%d", m.ID), person)
			if _, field, _, msg := webtest.APIErr(r); field != "joined_on" || !strings.Contains(msg, c2.day) {
				t.Errorf("joined_on %s: field %q message %q, want the field and the value", c2.day, field, msg)
			}
			if got := joined(); got != was {
				t.Errorf("joined_on %s was stored: %s", c2.day, got)
			}

			n := e.Count(t, "people")
			csv := "name,status,area_code,org_code,joined_on\n导入甲,正式党员," + ht.Village.Code + "," + ht.Branches[0].Code + "," + c2.day + "\n"
			body := e.WaitJob(t, c, c.Do("POST", "/api/v1/imports/people", webtest.FileUpload(t, nil, "dates.csv", []byte(csv))))
			if !strings.Contains(body, `"status":"failed"`) || !strings.Contains(body, c2.key) {
				t.Errorf("import with joined_on %s: %s", c2.day, body)
			}
			if e.Count(t, "people") != n {
				t.Errorf("import with joined_on %s wrote people", c2.day)
			}
		}
	})
}
