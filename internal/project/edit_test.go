package project_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/project"
	"dangjian/internal/testfix"
)

// TestEditProject edits a project (owner, name, status, due date, weight
// rolling up), refuses an owner outside the scope and another district
// without change, refuses deleting a project with sub-projects, and deletes
// a leaf with its milestones, rolling the parent up again.
func TestEditProject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		st := &project.Store{DB: d, Clock: func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, project.Sanya) }}
		jy, ht := w.Jiyang, w.Haitang
		get := func(id int64) project.Project {
			t.Helper()
			p, err := st.GetProject(ctx, jy.Scope, id)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		count := func(action string) int {
			var n int
			if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		root, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Committee.ID, Name: "JY乡村振兴"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Branches[0].ID, ParentID: root.ID, Name: "A"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Branches[0].ID, ParentID: root.ID, Name: "B"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMilestone(ctx, jy.Scope, b.ID, project.MilestoneDraft{Name: "立项", DueOn: "2026-12-01"}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetProgress(ctx, jy.Scope, a.ID, 100, ""); err != nil {
			t.Fatal(err)
		}
		// root = mean(100, 0) = 50; A's weight 3 makes it (300 + 0) / 4 = 75.
		got, err := st.Update(ctx, jy.Scope, a.ID, project.Draft{OrgID: jy.Branches[1].ID, Name: " A改 ", Status: project.Done, Weight: 3, DueOn: "2026-11-30"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "A改" || got.OrgID != jy.Branches[1].ID || got.Status != project.Done || got.DueOn != "2026-11-30" || got.ParentID != root.ID || got.Progress != 100 {
			t.Errorf("updated: %+v", got)
		}
		if g := get(root.ID); g.Progress != 75 {
			t.Errorf("root after the weight change: %d", g.Progress)
		}
		_, err = st.Update(ctx, jy.Scope, a.ID, project.Draft{OrgID: ht.Committee.ID, Name: "越权"})
		wantErr(t, "owner outside scope", err, apperr.Invalid, "err.project.org_unknown")
		_, err = st.Update(ctx, jy.Scope, a.ID, project.Draft{OrgID: jy.Committee.ID, Name: "x", Status: "lost"})
		wantErr(t, "bad status", err, apperr.Invalid, "err.project.status")
		_, err = st.Update(ctx, jy.Scope, a.ID, project.Draft{OrgID: jy.Committee.ID, Name: "项目\xff\xfe"})
		wantErr(t, "name not UTF-8", err, apperr.Invalid, "err.project.name")
		_, err = st.Update(ctx, jy.Scope, a.ID, project.Draft{OrgID: jy.Committee.ID, Name: "x", DueOn: "2026-13-01"})
		wantErr(t, "bad date", err, apperr.Invalid, "")
		_, err = st.Update(ctx, ht.Scope, a.ID, project.Draft{OrgID: ht.Committee.ID, Name: "越权"})
		wantErr(t, "海棠 edits", err, apperr.NotFound, "")
		wantErr(t, "海棠 deletes", st.Delete(ctx, ht.Scope, b.ID), apperr.NotFound, "")
		if g := get(a.ID); g.Name != "A改" || g.OrgID != jy.Branches[1].ID {
			t.Errorf("refused edits changed the project: %+v", g)
		}
		if n := count("project.update"); n != 1 {
			t.Errorf("update audited %d times", n)
		}

		wantErr(t, "a project with children", st.Delete(ctx, jy.Scope, root.ID), apperr.Conflict, "err.project.has_children")
		if g := get(root.ID); len(g.Children) != 2 {
			t.Errorf("refused delete touched the tree: %+v", g)
		}
		if err := st.Delete(ctx, jy.Scope, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.GetProject(ctx, jy.Scope, b.ID); err != apperr.ErrNotFound {
			t.Errorf("deleted project still read: %v", err)
		}
		var ms int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM project_milestones WHERE project_id = ?`, b.ID).Scan(&ms); err != nil || ms != 0 {
			t.Errorf("milestones left: %d %v", ms, err)
		}
		if g := get(root.ID); g.Progress != 100 || len(g.Children) != 1 {
			t.Errorf("root after deleting B: %d, %d children", g.Progress, len(g.Children))
		}
		if n := count("project.delete"); n != 1 {
			t.Errorf("delete audited %d times", n)
		}
	})
}
