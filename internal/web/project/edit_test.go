package project_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestProjectEditPages: the owner's district edits a project (an owner
// outside the scope refused and not shown), is refused deleting a project
// with sub-projects and deletes a leaf.
func TestProjectEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		w := e.Project(t)
		jy := e.Login("jiyang")
		root, child := fmt.Sprintf("/projects/%d", w.Root.ID), fmt.Sprintf("/projects/%d", w.Child.ID)
		if r := jy.Do("GET", child, nil); !strings.Contains(r.Body, child+"/edit") || !strings.Contains(r.Body, child+"/delete") {
			t.Errorf("project page lacks edit and delete")
		}
		if r := jy.Do("GET", root, nil); strings.Contains(r.Body, root+"/delete") {
			t.Errorf("a project with sub-projects offers delete")
		}
		if r := jy.Do("GET", child+"/edit", nil); r.Code != 200 || !strings.Contains(r.Body, "JY子项目") {
			t.Errorf("edit form: %d", r.Code)
		}
		haitangOrg := e.W.Haitang.Committee
		r := jy.Do("POST", child, url.Values{"name": {"JY子项目改"}, "org_id": {fmt.Sprint(haitangOrg.ID)}, "status": {"in_progress"}})
		if r.Code != 422 || strings.Contains(r.Body, haitangOrg.Name) {
			t.Errorf("owner outside scope: %d", r.Code)
		}
		webtest.Want(t, "bad date", jy.Do("POST", child, url.Values{"name": {"x"}, "org_id": {fmt.Sprint(e.W.Jiyang.Branches[1].ID)}, "due_on": {"2026-02-30"}}), 422)
		webtest.Want(t, "edit", jy.Do("POST", child, url.Values{"name": {"JY子项目改"}, "org_id": {fmt.Sprint(e.W.Jiyang.Branches[1].ID)}, "status": {"in_progress"},
			"due_on": {"2026-12-31"}, "weight": {"2"}}), 303)
		if r := jy.Do("GET", child, nil); !strings.Contains(r.Body, "JY子项目改") || !strings.Contains(r.Body, e.W.Jiyang.Branches[1].Name) {
			t.Errorf("edited project not shown")
		}
		r = jy.Do("POST", root+"/delete", url.Values{"confirm": {"1"}})
		if r.Code != 409 || !strings.Contains(r.Body, "子项目") {
			t.Errorf("delete with children: %d", r.Code)
		}
		webtest.Want(t, "delete", jy.Do("POST", child+"/delete", url.Values{"confirm": {"1"}}), 303)
		webtest.Want(t, "deleted project", jy.Do("GET", child, nil), 404)
		webtest.Want(t, "root now a leaf", jy.Do("POST", root+"/delete", url.Values{"confirm": {"1"}}), 303)
	})
}
