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

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

// TestProjects builds a 吉阳 project tree: rollup with weights, progress
// refused out of range and on a parent, cycles refused without change,
// moves recomputing both chains, overdue milestones, and 海棠 seeing and
// changing nothing.
func TestProjects(t *testing.T) {
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

		_, err := st.CreateProject(ctx, ht.Scope, project.Draft{OrgID: jy.Committee.ID, Name: "越权项目"})
		wantErr(t, "org outside scope", err, apperr.Invalid, "err.project.org_unknown")
		root, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Committee.ID, Name: "JY乡村振兴"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.CreateProject(ctx, ht.Scope, project.Draft{OrgID: ht.Committee.ID, ParentID: root.ID, Name: "挂靠"})
		wantErr(t, "parent outside scope", err, apperr.Invalid, "err.project.parent_unknown")
		a, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Branches[0].ID, ParentID: root.ID, Name: "A", Weight: 3})
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Branches[1].ID, ParentID: root.ID, Name: "B"})
		if err != nil {
			t.Fatal(err)
		}
		a1, err := st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Branches[0].ID, ParentID: a.ID, Name: "A1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []int{-1, 101} {
			wantErr(t, "progress out of range", st.SetProgress(ctx, jy.Scope, a1.ID, p, ""), apperr.Invalid, "err.project.progress_range")
		}
		wantErr(t, "progress on a parent", st.SetProgress(ctx, jy.Scope, a.ID, 50, ""), apperr.Invalid, "err.project.rolled_up")
		if err := st.SetProgress(ctx, jy.Scope, a1.ID, 80, project.InProgress); err != nil {
			t.Fatal(err)
		}
		if err := st.SetProgress(ctx, jy.Scope, b.ID, 40, ""); err != nil {
			t.Fatal(err)
		}
		// root = (80*3 + 40*1) / 4 = 70.
		if g := get(root.ID); g.Progress != 70 || len(g.Children) != 2 || get(a.ID).Progress != 80 {
			t.Errorf("rollup: root %d, a %d", g.Progress, get(a.ID).Progress)
		}

		// Cycles: itself, a child, a grandchild; nothing changes.
		for _, c := range [][2]int64{{root.ID, root.ID}, {root.ID, a.ID}, {root.ID, a1.ID}, {a.ID, a1.ID}} {
			wantErr(t, "cycle", st.SetParent(ctx, jy.Scope, c[0], c[1]), apperr.Invalid, "err.project.cycle")
		}
		if g := get(root.ID); g.ParentID != 0 || g.Progress != 70 {
			t.Errorf("a refused cycle changed the root: %+v", g)
		}
		// Move A1 under B: A becomes a leaf (own 0), B = mean(40, 80)... B is
		// now a parent of A1 only: 80; root = (0*3 + 80) / 4 = 20.
		if err := st.SetParent(ctx, jy.Scope, a1.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if ga, gb, gr := get(a.ID), get(b.ID), get(root.ID); ga.Progress != 0 || gb.Progress != 80 || gr.Progress != 20 {
			t.Errorf("after move: a %d b %d root %d", ga.Progress, gb.Progress, gr.Progress)
		}

		wantErr(t, "海棠 reads", func() error { _, err := st.GetProject(ctx, ht.Scope, root.ID); return err }(), apperr.NotFound, "")
		wantErr(t, "海棠 progress", st.SetProgress(ctx, ht.Scope, a.ID, 10, ""), apperr.NotFound, "")
		wantErr(t, "海棠 parent", st.SetParent(ctx, ht.Scope, a.ID, 0), apperr.NotFound, "")
		_, err = st.AddMilestone(ctx, ht.Scope, a.ID, project.MilestoneDraft{Name: "x", DueOn: "2026-01-01"})
		wantErr(t, "海棠 milestone", err, apperr.NotFound, "")
		if l, _, _ := st.ListProjects(ctx, ht.Scope, project.ProjectFilter{}); len(l) != 0 {
			t.Errorf("海棠 lists %d projects", len(l))
		}

		mid, err := st.AddMilestone(ctx, jy.Scope, a.ID, project.MilestoneDraft{Name: "立项", DueOn: "2026-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetProgress(ctx, jy.Scope, a.ID, project.Unchanged, project.InProgress); err != nil {
			t.Fatal(err)
		}
		if g := get(a.ID); !g.Overdue || !g.Milestones[0].Overdue {
			t.Errorf("a late milestone is not overdue: %+v", g)
		}
		l, _, err := st.ListProjects(ctx, jy.Scope, project.ProjectFilter{Status: project.Overdue})
		if err != nil || len(l) != 1 || l[0].ID != a.ID {
			t.Errorf("overdue filter = %+v (%v)", l, err)
		}
		if err := st.CompleteMilestone(ctx, jy.Scope, a.ID, mid, "2026-09-02"); err != nil {
			t.Fatal(err)
		}
		if g := get(a.ID); g.Overdue {
			t.Errorf("a done milestone is still overdue")
		}
		l, _, _ = st.ListProjects(ctx, jy.Scope, project.ProjectFilter{})
		if len(l) != 4 || l[0].ID != root.ID || l[0].Depth != 0 || l[1].Depth != 1 {
			t.Errorf("tree = %+v", l)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action LIKE 'project.%'`).Scan(&n); err != nil || n != 10 {
			t.Errorf("audit entries = %d (%v), want 10", n, err)
		}
	})
}

// TestRisks registers risk points on 吉阳 units, refuses 海棠, flags the
// unreviewed and the stale as due, and filters by level and due.
func TestRisks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		st := &project.Store{DB: d, Clock: func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, project.Sanya) }}
		jy, ht := w.Jiyang, w.Haitang

		_, err := st.CreateRisk(ctx, ht.Scope, project.RiskDraft{UnitID: jy.Unit.ID, Description: "x", Level: project.High, Owner: "x"})
		wantErr(t, "unit outside scope", err, apperr.Invalid, "err.risk.unit_unknown")
		_, err = st.CreateRisk(ctx, jy.Scope, project.RiskDraft{Description: "x", Level: project.High, Owner: "x"})
		wantErr(t, "no unit or post", err, apperr.Invalid, "err.risk.target_required")
		_, err = st.CreateRisk(ctx, jy.Scope, project.RiskDraft{UnitID: jy.Unit.ID, Description: "x", Level: "severe", Owner: "x"})
		wantErr(t, "bad level", err, apperr.Invalid, "err.risk.level")

		r, err := st.CreateRisk(ctx, jy.Scope, project.RiskDraft{UnitID: jy.Unit.ID, Description: "JY工程招标", Level: project.High,
			Controls: []string{"集体决策", " ", "全程留痕"}, Owner: "张三"})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Controls) != 2 || !r.DueReview {
			t.Errorf("risk = %+v", r)
		}
		low, err := st.CreateRisk(ctx, jy.Scope, project.RiskDraft{UnitID: jy.Unit.ID, Description: "JY物资采购", Level: project.Low, Owner: "李四"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.AddReview(ctx, jy.Scope, r.ID, project.ReviewDraft{ReviewedOn: "2026-10-21", Reviewer: "纪检", Effective: true})
		wantErr(t, "future review", err, apperr.Invalid, "err.risk.future_date")
		_, err = st.AddReview(ctx, ht.Scope, r.ID, project.ReviewDraft{ReviewedOn: "2026-10-01", Reviewer: "纪检", Effective: true})
		wantErr(t, "海棠 reviews", err, apperr.NotFound, "")
		if _, err := st.AddReview(ctx, jy.Scope, r.ID, project.ReviewDraft{ReviewedOn: "2026-03-01", Reviewer: "纪检", Finding: "有效", Effective: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddReview(ctx, jy.Scope, low.ID, project.ReviewDraft{ReviewedOn: "2025-01-01", Reviewer: "纪检", Effective: false}); err != nil {
			t.Fatal(err)
		}
		g, err := st.GetRisk(ctx, jy.Scope, r.ID)
		if err != nil || g.DueReview || g.LastReview != "2026-03-01" || len(g.Reviews) != 1 || !g.Reviews[0].Effective {
			t.Errorf("reviewed risk = %+v (%v)", g, err)
		}
		if l, _, _ := st.ListRisks(ctx, jy.Scope, project.RiskFilter{Due: true}); len(l) != 1 || l[0].ID != low.ID {
			t.Errorf("due = %+v", l)
		}
		if l, _, _ := st.ListRisks(ctx, jy.Scope, project.RiskFilter{Level: project.High}); len(l) != 1 || l[0].ID != r.ID {
			t.Errorf("high = %+v", l)
		}
		if l, _, _ := st.ListRisks(ctx, ht.Scope, project.RiskFilter{}); len(l) != 0 {
			t.Errorf("海棠 lists %d risks", len(l))
		}
		if _, err := st.GetRisk(ctx, ht.Scope, r.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("海棠 reads a 吉阳 risk: %v", err)
		}
	})
}
