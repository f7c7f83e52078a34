package web_test

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
)

// TestProjectPages walks projects and risk points as the 海棠区 official:
// a project and two weighted children, progress rolled up (a parent's own
// progress and out-of-range values refused), a cycle refused, a milestone
// added and done, the list and its filter; a risk point on a unit, a
// review, and the due filter.
func TestProjectPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.login("haitang")
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
			r := ht.do("POST", "/projects", form)
			want(t, "create "+form.Get("name"), r, 303)
			loc := r.hdr.Get("Location")
			pid, err := strconv.ParseInt(strings.TrimPrefix(loc, "/projects/"), 10, 64)
			if err != nil {
				t.Fatalf("create went to %q", loc)
			}
			return loc, pid
		}
		org := id(e.w.Haitang.Committee.ID)

		want(t, "form", ht.do("GET", "/projects/new", nil), 200)
		loc, root := create(url.Values{"name": {"海棠乡村振兴项目"}, "org_id": {org}, "status": {"in_progress"}, "due_on": {"2099-12-31"}})
		aloc, a := create(url.Values{"name": {"道路硬化"}, "org_id": {org}, "parent_id": {id(root)}, "weight": {"3"}})
		bloc, b := create(url.Values{"name": {"路灯安装"}, "org_id": {org}, "parent_id": {id(root)}})
		want(t, "weight -2", ht.do("POST", "/projects", url.Values{"name": {"x"}, "org_id": {org}, "weight": {"-2"}}), 422)

		want(t, "progress 101", ht.do("POST", aloc+"/progress", url.Values{"progress": {"101"}}), 422)
		want(t, "parent's progress", ht.do("POST", loc+"/progress", url.Values{"progress": {"10"}}), 422)
		want(t, "progress a", ht.do("POST", aloc+"/progress", url.Values{"progress": {"100"}, "status": {"done"}}), 303)
		want(t, "progress b", ht.do("POST", bloc+"/progress", url.Values{"progress": {"20"}}), 303)
		if g := get(root); g.Progress != 80 {
			t.Errorf("root progress = %d, want 80", g.Progress)
		}
		want(t, "cycle", ht.do("POST", loc+"/parent", url.Values{"parent_id": {id(a)}}), 422)
		if g := get(root); g.ParentID != 0 {
			t.Errorf("a refused cycle moved the root under %d", g.ParentID)
		}
		want(t, "move b out", ht.do("POST", bloc+"/parent", url.Values{"parent_id": {""}}), 303)
		if g := get(root); g.Progress != 100 || get(b).ParentID != 0 {
			t.Errorf("after the move: root %d", g.Progress)
		}
		want(t, "milestone", ht.do("POST", bloc+"/milestones", url.Values{"name": {"完成招标"}, "due_on": {"2020-01-01"}}), 303)
		ms := get(b).Milestones
		if len(ms) != 1 || !ms[0].Overdue || !get(b).Overdue {
			t.Fatalf("milestones = %+v", ms)
		}
		if r := ht.do("GET", "/projects?status=overdue", nil); !strings.Contains(r.body, "路灯安装") || strings.Contains(r.body, "道路硬化") {
			t.Errorf("the overdue filter does not filter")
		}
		want(t, "milestone done", ht.do("POST", bloc+"/milestones", url.Values{"milestone_id": {id(ms[0].ID)}, "done_on": {"2020-02-01"}}), 303)
		if get(b).Overdue {
			t.Errorf("a done milestone is overdue")
		}
		page := ht.do("GET", loc, nil)
		want(t, "page", page, 200)
		for _, s := range []string{"海棠乡村振兴项目", "道路硬化", "100%", `action="` + loc + `/parent"`, `action="` + loc + `/milestones"`} {
			if !strings.Contains(page.body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		if r := ht.do("GET", "/projects", nil); !strings.Contains(r.body, "海棠乡村振兴项目") || !strings.Contains(r.body, "路灯安装") {
			t.Errorf("list lacks the projects")
		}
		want(t, "bad status", ht.do("GET", "/projects?status=nope", nil), 422)

		want(t, "risk form", ht.do("GET", "/risks/new", nil), 200)
		want(t, "risk without target", ht.do("POST", "/risks", url.Values{"description": {"x"}, "level": {"high"}, "owner": {"x"}}), 422)
		r := ht.do("POST", "/risks", url.Values{"unit_id": {id(e.w.Haitang.Unit.ID)}, "description": {"工程项目招投标"}, "level": {"high"},
			"controls": {"集体决策\n全程留痕"}, "owner": {"王五"}})
		want(t, "risk", r, 303)
		rloc := r.hdr.Get("Location")
		if r := ht.do("GET", "/risks?due=true", nil); !strings.Contains(r.body, "工程项目招投标") {
			t.Errorf("an unreviewed risk is not due")
		}
		want(t, "future review", ht.do("POST", rloc+"/reviews", url.Values{"reviewed_on": {"2099-01-01"}, "reviewer": {"纪委"}, "effective": {"true"}}), 422)
		want(t, "review", ht.do("POST", rloc+"/reviews", url.Values{"reviewed_on": {st.Today()}, "reviewer": {"纪委"}, "finding": {"措施有效"}, "effective": {"true"}}), 303)
		if r := ht.do("GET", "/risks?due=true", nil); strings.Contains(r.body, "工程项目招投标") {
			t.Errorf("a reviewed risk is due")
		}
		if r := ht.do("GET", "/risks?level=low", nil); strings.Contains(r.body, "工程项目招投标") {
			t.Errorf("the level filter does not filter")
		}
		rp := ht.do("GET", rloc, nil)
		want(t, "risk page", rp, 200)
		for _, s := range []string{"工程项目招投标", "集体决策", "全程留痕", "王五", "纪委", "措施有效", e.w.Haitang.Unit.Name} {
			if !strings.Contains(rp.body, s) {
				t.Errorf("risk page lacks %q", s)
			}
		}
	})
}
