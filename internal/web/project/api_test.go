package project_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestProjectAPI: a project tree and a risk through the JSON API (issue
// 6), bad input refused with its code and nothing written.
func TestProjectAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		// Projects: a tree whose progress rolls up, and no cycles.
		root := webtest.Obj(t, webtest.Ok(t, "root", c.Do("POST", "/api/v1/projects", map[string]any{"org_id": ht.Committee.ID, "name": "HT乡村振兴"}), 201))
		rootP := fmt.Sprintf("/api/v1/projects/%d", webtest.Num(t, root, "id"))
		child := webtest.Obj(t, webtest.Ok(t, "child", c.Do("POST", "/api/v1/projects", map[string]any{"org_id": ht.Branches[0].ID, "parent_id": root["id"], "name": "HT驿站建设", "due_on": "2026-12-31"}), 201))
		childP := fmt.Sprintf("/api/v1/projects/%d", webtest.Num(t, child, "id"))
		webtest.Ok(t, "progress", c.Do("POST", childP+"/progress", map[string]any{"progress": 40, "status": "in_progress"}), 200)
		webtest.Ok(t, "milestone", c.Do("POST", childP+"/milestones", map[string]any{"name": "选址", "due_on": "2026-12-01"}), 200)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "circular parent", Method: "POST", Path: rootP + "/parent", Body: map[string]any{"parent_id": child["id"]}, Status: 422, Key: "err.project.cycle", Table: ""},
			{Name: "own parent", Method: "POST", Path: rootP + "/parent", Body: map[string]any{"parent_id": root["id"]}, Status: 422, Key: "err.project.cycle", Table: ""},
			{Name: "progress over 100", Method: "POST", Path: childP + "/progress", Body: map[string]any{"progress": 150}, Status: 422, Key: "err.project.progress_range", Table: ""},
			{Name: "progress of a parent", Method: "POST", Path: rootP + "/progress", Body: map[string]any{"progress": 10}, Status: 422, Key: "err.project.rolled_up", Table: ""},
			{Name: "no name", Method: "POST", Path: "/api/v1/projects", Body: map[string]any{"org_id": ht.Committee.ID}, Status: 422, Key: "err.project.name", Table: "projects"},
		})
		got := webtest.Obj(t, webtest.Ok(t, "root detail", c.Do("GET", rootP, nil), 200))
		if webtest.Num(t, got, "progress") != 40 || webtest.Num(t, got, "children", 0, "id") != webtest.Num(t, child, "id") {
			t.Errorf("root: %v", got)
		}
		if pid := webtest.Obj(t, c.Do("GET", rootP, nil))["parent_id"]; pid != nil {
			t.Errorf("a refused move changed the root's parent to %v", pid)
		}
		if r := c.Do("GET", "/api/v1/projects?q=驿站", nil); !strings.Contains(r.Body, "HT驿站建设") {
			t.Errorf("project list: %.300s", r.Body)
		}
		got = webtest.Obj(t, webtest.Ok(t, "edit", c.Do("PUT", rootP, map[string]any{"org_id": ht.Committee.ID, "name": "HT乡村振兴（2026）", "status": "in_progress"}), 200))
		if got["name"] != "HT乡村振兴（2026）" || webtest.Num(t, got, "progress") != 40 {
			t.Errorf("edited root: %v", got)
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{{Name: "delete a parent", Method: "DELETE", Path: rootP, Body: nil, Status: 409, Key: "err.project.has_children", Table: "projects"}})
		webtest.Ok(t, "delete child", c.Do("DELETE", childP, nil), 204)
		webtest.Want(t, "deleted child", c.Do("GET", childP, nil), 404)

		risk := webtest.Obj(t, webtest.Ok(t, "risk", c.Do("POST", "/api/v1/risks", map[string]any{"unit_id": ht.Unit.ID, "description": "HT采购风险", "level": "high",
			"controls": []string{"三人比价"}, "owner": "HT负责人"}), 201))
		kp := fmt.Sprintf("/api/v1/risks/%d", webtest.Num(t, risk, "id"))
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "bad level", Method: "POST", Path: "/api/v1/risks", Body: map[string]any{"unit_id": ht.Unit.ID, "description": "x", "level": "extreme", "owner": "x"}, Status: 422, Key: "err.risk.level", Table: "risks"},
			{Name: "future review", Method: "POST", Path: kp + "/reviews", Body: map[string]any{"reviewed_on": "2099-01-01", "reviewer": "x", "effective": true}, Status: 422, Key: "err.risk.future_date", Table: "risk_reviews"},
		})
		k := webtest.Obj(t, webtest.Ok(t, "review", c.Do("POST", kp+"/reviews", map[string]any{"reviewed_on": "2026-11-01", "reviewer": "纪检", "finding": "有效", "effective": true}), 201))
		if k["last_review"] != "2026-11-01" {
			t.Errorf("risk after review: %v", k)
		}
		webtest.Ok(t, "risks", c.Do("GET", "/api/v1/risks?level=high", nil), 200)
		webtest.Audited(t, e, "haitang", "project.create", "project.progress", "project.milestone", "project.update", "project.delete", "risk.create", "risk.review")
	})
}
