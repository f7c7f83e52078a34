package cultivation_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestRecruitAPI: a recruit's steps and the dual-cultivation register
// through the JSON API (issue 6), bad input refused with its code and
// nothing written.
func TestRecruitAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		p := webtest.Obj(t, webtest.Ok(t, "person", c.Do("POST", "/api/v1/people", map[string]any{"name": "HT申请人", "status": "masses", "area_id": ht.Village.ID}), 201))
		rp := fmt.Sprintf("/api/v1/recruits/%d", webtest.Num(t, p, "id"))
		step := func(stage, on string) map[string]any {
			return map[string]any{"stage": stage, "on": on, "org_id": ht.Branches[0].ID}
		}
		webtest.Ok(t, "applicant", c.Do("POST", rp+"/steps", step("applicant", "2024-01-10")), 201)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "out of order", Method: "POST", Path: rp + "/steps", Body: step("candidate", "2025-06-01"), Status: 422, Key: "err.cultivation.order", Table: "recruit_steps"},
			{Name: "future step", Method: "POST", Path: rp + "/steps", Body: step("activist", "2099-01-01"), Status: 422, Key: "err.cultivation.future", Table: "recruit_steps"},
		})
		webtest.Ok(t, "activist", c.Do("POST", rp+"/steps", step("activist", "2024-03-01")), 201)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "too early", Method: "POST", Path: rp + "/steps", Body: step("candidate", "2024-06-01"), Status: 422, Key: "err.cultivation.activist_year", Table: "recruit_steps"},
			{Name: "before the previous step", Method: "POST", Path: rp + "/steps", Body: step("candidate", "2024-02-01"), Status: 422, Key: "err.cultivation.before_previous", Table: "recruit_steps"},
		})
		webtest.Ok(t, "candidate", c.Do("POST", rp+"/steps", step("candidate", "2025-03-05")), 201)
		pl := webtest.Obj(t, webtest.Ok(t, "pipeline", c.Do("GET", rp, nil), 200))
		if pl["stage"] != "candidate" || pl["next"] != "probationary" || len(pl["steps"].([]any)) != 3 {
			t.Errorf("pipeline: %v", pl)
		}
		if r := c.Do("GET", "/api/v1/recruits?stage=candidate", nil); !strings.Contains(r.Body, "HT申请人") {
			t.Errorf("recruit list: %.300s", r.Body)
		}

		// The dual-cultivation register.
		w := e.Cultivation(t)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "bad direction", Method: "POST", Path: "/api/v1/dual", Body: map[string]any{"person_id": w.HtDual.PersonID, "direction": "sideways", "mentor": "x", "started_on": "2025-09-01"}, Status: 422, Key: "err.cultivation.direction", Table: "dual_cultivation"},
			{Name: "empty progress", Method: "POST", Path: fmt.Sprintf("/api/v1/dual/%d/progress", w.HtDual.ID), Body: map[string]any{"note": " "}, Status: 422, Key: "err.cultivation.progress", Table: ""},
		})
		dual := webtest.Obj(t, webtest.Ok(t, "dual progress", c.Do("POST", fmt.Sprintf("/api/v1/dual/%d/progress", w.HtDual.ID), map[string]any{"note": "已承担公开课"}), 200))
		if !strings.Contains(fmt.Sprint(dual["progress"]), "已承担公开课") {
			t.Errorf("dual after progress: %v", dual)
		}
		if r := c.Do("GET", "/api/v1/dual?sector=school", nil); !strings.Contains(r.Body, w.HtDual.Name) {
			t.Errorf("dual register: %.300s", r.Body)
		}
		webtest.Audited(t, e, "haitang", "cultivation.step", "cultivation.dual_progress")
	})
}
