package weak_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestWeakAPI: weak-branch detection, a case's tasks and a supervision
// visit through the JSON API (issue 6), bad input refused with its code and
// nothing written.
func TestWeakAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		flags := webtest.Obj(t, webtest.Ok(t, "flags", c.Do("GET", "/api/v1/weak/flags", nil), 200))
		run := webtest.Obj(t, webtest.Ok(t, "detect", c.Do("POST", "/api/v1/weak/detect", nil), 200))
		if int64(len(flags["items"].([]any))) != webtest.Num(t, run, "flagged") || webtest.Num(t, run, "flagged") == 0 {
			t.Fatalf("flags %v, run %v", flags, run)
		}
		cases := webtest.Obj(t, webtest.Ok(t, "cases", c.Do("GET", "/api/v1/weak?status=open", nil), 200))
		cp := fmt.Sprintf("/api/v1/weak/cases/%d", webtest.Num(t, cases, "items", 0, "id"))
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "task without body", Method: "POST", Path: cp + "/tasks", Body: map[string]any{"owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}, Status: 422, Key: "err.weak.task_body", Table: "weak_tasks"},
			{Name: "bad status", Method: "GET", Path: "/api/v1/weak?status=half", Body: nil, Status: 422, Key: "err.param.enum", Table: ""},
		})
		x := webtest.Obj(t, webtest.Ok(t, "task", c.Do("POST", cp+"/tasks", map[string]any{"body": "补选支部书记", "owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 201))
		webtest.Ok(t, "task done", c.Do("POST", fmt.Sprintf("%s/tasks/%d/done", cp, webtest.Num(t, x, "tasks", 0, "id")), map[string]any{"done_on": "2026-11-20"}), 200)
		webtest.Ok(t, "case", c.Do("GET", cp, nil), 200)

		visit := map[string]any{"org_id": ht.Branches[0].ID, "visited_on": "2026-11-10", "inspectors": "区督查组", "findings": []map[string]any{{"body": "记录不全", "severity": "high"}}}
		future := map[string]any{"org_id": ht.Branches[0].ID, "visited_on": "2099-01-01", "inspectors": "区督查组"}
		webtest.RunBad(t, e, c, []webtest.BadCase{{Name: "future visit", Method: "POST", Path: "/api/v1/supervision", Body: future, Status: 422, Key: "err.weak.future_date", Table: "supervision_visits"}})
		v := webtest.Obj(t, webtest.Ok(t, "visit", c.Do("POST", "/api/v1/supervision", visit), 201))
		vp := fmt.Sprintf("/api/v1/supervision/%d", webtest.Num(t, v, "id"))
		webtest.Ok(t, "visit detail", c.Do("GET", vp, nil), 200)
		webtest.Ok(t, "link", c.Do("POST", fmt.Sprintf("%s/findings/%d/task", vp, webtest.Num(t, v, "findings", 0, "id")), map[string]any{"deadline": "2026-12-31"}), 201)
		if r := c.Do("GET", "/api/v1/supervision", nil); !strings.Contains(r.Body, "区督查组") {
			t.Errorf("visit list: %.300s", r.Body)
		}
		webtest.Audited(t, e, "haitang", "weak.task", "weak.done", "supervision.create")
	})
}
