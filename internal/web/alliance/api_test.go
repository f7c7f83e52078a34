package alliance_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestAllianceAPI: an alliance's lifecycle through the JSON API (issue 6):
// members, meetings, resources, memoranda, tasks and commitments, bad input
// refused with its code and nothing written.
func TestAllianceAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "pairing without type", Method: "POST", Path: "/api/v1/alliances", Body: map[string]any{"kind": "pairing", "name": "结对", "lead_org_id": ht.Branches[0].ID}, Status: 422, Key: "err.alliance.pairing", Table: "alliances"},
			{Name: "no lead", Method: "POST", Path: "/api/v1/alliances", Body: map[string]any{"kind": "medical", "name": "医联"}, Status: 422, Key: "err.alliance.lead_required", Table: "alliances"},
		})
		r := webtest.Ok(t, "create", c.Do("POST", "/api/v1/alliances", map[string]any{"kind": "industry_chain", "name": "HT旅游产业链联盟", "lead_org_id": ht.Branches[0].ID}), 201)
		ap := fmt.Sprintf("/api/v1/alliances/%d", webtest.Num(t, webtest.Obj(t, r), "id"))
		m1 := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "member", c.Do("POST", ap+"/members", map[string]any{"org_id": ht.Branches[1].ID, "role": "成员"}), 201)), "id")
		m0 := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "lead member", c.Do("GET", ap, nil), 200)), "members", 0, "id")
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "future meeting", Method: "POST", Path: ap + "/meetings", Body: map[string]any{"held_on": "2099-01-01", "agenda": "未来", "present": []int64{m0, m1}}, Status: 422, Key: "err.alliance.future_date", Table: "alliance_meetings"},
			{Name: "duplicate member", Method: "POST", Path: ap + "/members", Body: map[string]any{"org_id": ht.Branches[1].ID}, Status: 409, Key: "err.alliance.member_dup", Table: "alliance_members"},
		})
		mid := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "meeting", c.Do("POST", ap+"/meetings", map[string]any{"held_on": "2026-10-01", "agenda": "联席会",
			"present": []int64{m0, m1}, "decisions": []map[string]any{{"decision": "共建驿站", "owner_id": m1, "deadline": "2026-12-31"}}}), 201)), "id")
		webtest.Ok(t, "resource", c.Do("POST", ap+"/resources", map[string]any{"name": "会议室", "kind": "场地", "owner_id": m0}), 201)
		webtest.Ok(t, "memo", c.Do("POST", ap+"/memoranda", map[string]any{"title": "合作备忘录", "signed_on": "2026-10-02", "parties": []int64{m0, m1},
			"commitments": []map[string]any{{"content": "提供场地", "owner_id": m0, "due_on": "2026-12-31"}}}), 201)
		a := webtest.Obj(t, webtest.Ok(t, "detail", c.Do("GET", ap, nil), 200))
		task, cm := webtest.Num(t, a, "tasks", 0, "id"), webtest.Num(t, a, "memoranda", 0, "commitments", 0, "id")
		if webtest.Num(t, a, "meetings", 0, "id") != mid {
			t.Errorf("meeting missing: %v", a["meetings"])
		}
		webtest.Ok(t, "task done", c.Do("POST", fmt.Sprintf("%s/tasks/%d/done", ap, task), nil), 204)
		webtest.WantAPIError(t, "progress out of range", c.Do("POST", fmt.Sprintf("%s/commitments/%d/progress", ap, cm), map[string]any{"progress": 150}), 422, "err.alliance.progress_range")
		webtest.Ok(t, "progress", c.Do("POST", fmt.Sprintf("%s/commitments/%d/progress", ap, cm), map[string]any{"progress": 50, "note": "过半"}), 204)
		if r := c.Do("GET", "/api/v1/alliances?q=HT旅游", nil); !strings.Contains(r.Body, "HT旅游产业链联盟") {
			t.Errorf("alliance list: %.300s", r.Body)
		}
		a = webtest.Obj(t, webtest.Ok(t, "rename", c.Do("PUT", ap, map[string]any{"kind": "supply_chain", "name": "HT供应链联盟", "lead_org_id": ht.Branches[0].ID}), 200))
		if a["name"] != "HT供应链联盟" || a["kind"] != "supply_chain" {
			t.Errorf("renamed alliance: %v", a)
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "delete with records", Method: "DELETE", Path: ap, Body: nil, Status: 409, Key: "err.alliance.has_records", Table: "alliances"},
			{Name: "rename to nothing", Method: "PUT", Path: ap, Body: map[string]any{"kind": "supply_chain", "name": " ", "lead_org_id": ht.Branches[0].ID}, Status: 422, Key: "err.alliance.name", Table: "alliances"},
		})
		empty := webtest.Obj(t, webtest.Ok(t, "empty alliance", c.Do("POST", "/api/v1/alliances", map[string]any{"kind": "medical", "name": "HT医联", "lead_org_id": ht.Branches[0].ID}), 201))
		ep := fmt.Sprintf("/api/v1/alliances/%d", webtest.Num(t, empty, "id"))
		webtest.Ok(t, "delete", c.Do("DELETE", ep, nil), 204)
		webtest.Want(t, "deleted alliance", c.Do("GET", ep, nil), 404)
		webtest.Audited(t, e, "haitang", "alliance.create", "alliance.member", "alliance.meeting", "alliance.resource", "alliance.memo", "alliance.task_done", "alliance.progress", "alliance.update", "alliance.delete")
	})
}
