package project_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/project"
	"dangjian/internal/scope"
	"dangjian/internal/web/webtest"
)

// TestProjectPages walks projects and risk points as the 海棠区 official:
// a project and two weighted children, progress rolled up (a parent's own
// progress and out-of-range values refused), a cycle refused, a milestone
// added and done, the list and its filter; a risk point on a unit, a
// review, and the due filter.
func TestProjectPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.Login("haitang")
		id := func(n int64) string { return fmt.Sprint(n) }
		st := &project.Store{DB: d}
		get := func(pid int64) project.Project {
			p, err := st.GetProject(context.Background(), scope.Everything, pid)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		create := func(form url.Values) (string, int64) {
			t.Helper()
			r := ht.Do("POST", "/projects", form)
			webtest.Want(t, "create "+form.Get("name"), r, 303)
			loc := r.Hdr.Get("Location")
			pid, err := strconv.ParseInt(strings.TrimPrefix(loc, "/projects/"), 10, 64)
			if err != nil {
				t.Fatalf("create went to %q", loc)
			}
			return loc, pid
		}
		org := id(e.W.Haitang.Committee.ID)

		webtest.Want(t, "form", ht.Do("GET", "/projects/new", nil), 200)
		loc, root := create(url.Values{"name": {"海棠乡村振兴项目"}, "org_id": {org}, "status": {"in_progress"}, "due_on": {"2099-12-31"}})
		aloc, a := create(url.Values{"name": {"道路硬化"}, "org_id": {org}, "parent_id": {id(root)}, "weight": {"3"}})
		bloc, b := create(url.Values{"name": {"路灯安装"}, "org_id": {org}, "parent_id": {id(root)}})
		webtest.Want(t, "weight -2", ht.Do("POST", "/projects", url.Values{"name": {"x"}, "org_id": {org}, "weight": {"-2"}}), 422)

		webtest.Want(t, "progress 101", ht.Do("POST", aloc+"/progress", url.Values{"progress": {"101"}}), 422)
		webtest.Want(t, "parent's progress", ht.Do("POST", loc+"/progress", url.Values{"progress": {"10"}}), 422)
		webtest.Want(t, "progress a", ht.Do("POST", aloc+"/progress", url.Values{"progress": {"100"}, "status": {"done"}}), 303)
		webtest.Want(t, "progress b", ht.Do("POST", bloc+"/progress", url.Values{"progress": {"20"}}), 303)
		if g := get(root); g.Progress != 80 {
			t.Errorf("root progress = %d, want 80", g.Progress)
		}
		webtest.Want(t, "cycle", ht.Do("POST", loc+"/parent", url.Values{"parent_id": {id(a)}}), 422)
		if g := get(root); g.ParentID != 0 {
			t.Errorf("a refused cycle moved the root under %d", g.ParentID)
		}
		webtest.Want(t, "move b out", ht.Do("POST", bloc+"/parent", url.Values{"parent_id": {""}}), 303)
		if g := get(root); g.Progress != 100 || get(b).ParentID != 0 {
			t.Errorf("after the move: root %d", g.Progress)
		}
		webtest.Want(t, "milestone", ht.Do("POST", bloc+"/milestones", url.Values{"name": {"完成招标"}, "due_on": {"2020-01-01"}}), 303)
		ms := get(b).Milestones
		if len(ms) != 1 || !ms[0].Overdue || !get(b).Overdue {
			t.Fatalf("milestones = %+v", ms)
		}
		if r := ht.Do("GET", "/projects?status=overdue", nil); !strings.Contains(r.Body, "路灯安装") || strings.Contains(r.Body, "道路硬化") {
			t.Errorf("the overdue filter does not filter")
		}
		webtest.Want(t, "milestone done", ht.Do("POST", bloc+"/milestones", url.Values{"milestone_id": {id(ms[0].ID)}, "done_on": {"2020-02-01"}}), 303)
		if get(b).Overdue {
			t.Errorf("a done milestone is overdue")
		}
		page := ht.Do("GET", loc, nil)
		webtest.Want(t, "page", page, 200)
		for _, s := range []string{"海棠乡村振兴项目", "道路硬化", "100%", `action="` + loc + `/parent"`, `action="` + loc + `/milestones"`} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		if r := ht.Do("GET", "/projects", nil); !strings.Contains(r.Body, "海棠乡村振兴项目") || !strings.Contains(r.Body, "路灯安装") {
			t.Errorf("list lacks the projects")
		}
		webtest.Want(t, "bad status", ht.Do("GET", "/projects?status=nope", nil), 422)

		webtest.Want(t, "risk form", ht.Do("GET", "/risks/new", nil), 200)
		webtest.Want(t, "risk without target", ht.Do("POST", "/risks", url.Values{"description": {"x"}, "level": {"high"}, "owner": {"x"}}), 422)
		r := ht.Do("POST", "/risks", url.Values{"unit_id": {id(e.W.Haitang.Unit.ID)}, "description": {"工程项目招投标"}, "level": {"high"},
			"controls": {"集体决策\n全程留痕"}, "owner": {"王五"}})
		webtest.Want(t, "risk", r, 303)
		rloc := r.Hdr.Get("Location")
		if r := ht.Do("GET", "/risks?due=true", nil); !strings.Contains(r.Body, "工程项目招投标") {
			t.Errorf("an unreviewed risk is not due")
		}
		webtest.Want(t, "future review", ht.Do("POST", rloc+"/reviews", url.Values{"reviewed_on": {"2099-01-01"}, "reviewer": {"纪委"}, "effective": {"true"}}), 422)
		webtest.Want(t, "review", ht.Do("POST", rloc+"/reviews", url.Values{"reviewed_on": {st.Today()}, "reviewer": {"纪委"}, "finding": {"措施有效"}, "effective": {"true"}}), 303)
		if r := ht.Do("GET", "/risks?due=true", nil); strings.Contains(r.Body, "工程项目招投标") {
			t.Errorf("a reviewed risk is due")
		}
		if r := ht.Do("GET", "/risks?level=low", nil); strings.Contains(r.Body, "工程项目招投标") {
			t.Errorf("the level filter does not filter")
		}
		rp := ht.Do("GET", rloc, nil)
		webtest.Want(t, "risk page", rp, 200)
		for _, s := range []string{"工程项目招投标", "集体决策", "全程留痕", "王五", "纪委", "措施有效", e.W.Haitang.Unit.Name} {
			if !strings.Contains(rp.Body, s) {
				t.Errorf("risk page lacks %q", s)
			}
		}
	})
}
