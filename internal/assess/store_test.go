package assess_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/assess"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/project"
	"dangjian/internal/testfix"
	"dangjian/internal/weak"
)

// TestAssess: weights not summing to 100 and unknown formulas refused, a
// hand-computed score and ranking for two 海棠 branches, 吉阳 not seeing
// them, and a version applied to a closed period locked (editing makes v2).
func TestAssess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		clock := func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, assess.Sanya) }
		st := &assess.Store{DB: d, Clock: clock}
		ht := w.Haitang
		sid, err := st.CreateScheme(ctx, "海棠考核")
		if err != nil {
			t.Fatal(err)
		}
		sch, err := st.GetScheme(ctx, ht.Scope, sid)
		if err != nil || len(sch.Versions) != 1 {
			t.Fatalf("scheme = %+v, %v", sch, err)
		}
		v1 := sch.Versions[0].ID
		xs := []assess.Indicator{
			{Name: "项目推进", Weight: 60, Measure: assess.ProjectProgress, Target: 80, Index: "service"},
			{Name: "督查问题", Weight: 30, Measure: assess.SupervisionFindings, Target: 4, Index: "integrity"},
		}
		if _, _, err := st.SetIndicators(ctx, v1, xs); apperr.As(err).Key != "err.assess.weight_sum" {
			t.Errorf("sum 90: %v", err)
		}
		bad := append([]assess.Indicator{}, xs...)
		bad[1].Weight, bad[0].Measure = 40, "party_spirit"
		if _, _, err := st.SetIndicators(ctx, v1, bad); apperr.As(err).Key != "err.assess.unknown_measure" {
			t.Errorf("unknown measure: %v", err)
		}
		if got, _ := st.GetScheme(ctx, ht.Scope, sid); len(got.Versions[0].Indicators) != 0 {
			t.Errorf("refused indicators saved: %+v", got.Versions[0].Indicators)
		}
		xs[1].Weight = 40
		if id, created, err := st.SetIndicators(ctx, v1, xs); err != nil || created || id != v1 {
			t.Fatalf("set = %d %v %v", id, created, err)
		}

		// Branch 0: a project at 40% (norm 50), one finding (norm 75) → 60.
		// Branch 1: nothing (0), no finding (100) → 40.
		ps := &project.Store{DB: d}
		pr, err := ps.CreateProject(ctx, ht.Scope, project.Draft{OrgID: ht.Branches[0].ID, Name: "道路"})
		if err != nil {
			t.Fatal(err)
		}
		if err := ps.SetProgress(ctx, ht.Scope, pr.ID, 40, ""); err != nil {
			t.Fatal(err)
		}
		ws := &weak.Store{DB: d, Clock: clock}
		if _, err := ws.CreateVisit(ctx, ht.Scope, weak.VisitDraft{OrgID: ht.Branches[0].ID, VisitedOn: "2026-05-01", Inspectors: "督查组",
			Findings: []weak.Finding{{Body: "台账不全", Severity: "medium"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Apply(ctx, ht.Scope, v1, "2026-Q5"); apperr.As(err).Key != "err.assess.period" {
			t.Errorf("bad period: %v", err)
		}
		run, err := st.Apply(ctx, ht.Scope, v1, "2026-Q2")
		if err != nil {
			t.Fatal(err)
		}
		r, err := st.GetRun(ctx, ht.Scope, run)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Scores) != 2 || r.Scores[0].OrgID != ht.Branches[0].ID || r.Scores[0].Score != 60 || r.Scores[0].Rank != 1 ||
			r.Scores[1].Score != 40 || r.Scores[1].Rank != 2 || r.Scores[0].Norm[0] != 50 || r.Scores[0].Norm[1] != 75 {
			t.Fatalf("scores = %+v", r.Scores)
		}
		if rows := assess.IndexRows(r); len(rows) != 1 || rows[0].Values["service"] != 25 || rows[0].Values["integrity"] != 87.5 {
			t.Errorf("indices = %+v", rows)
		}
		if _, err := st.GetRun(ctx, w.Jiyang.Scope, run); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("吉阳 sees 海棠's run: %v", err)
		}
		// 2026-Q2 has ended: v1 is locked, an edit makes v2.
		xs[0].Weight, xs[1].Weight = 50, 50
		id, created, err := st.SetIndicators(ctx, v1, xs)
		if err != nil || !created || id == v1 {
			t.Fatalf("locked edit = %d %v %v", id, created, err)
		}
		sch, _ = st.GetScheme(ctx, ht.Scope, sid)
		if len(sch.Versions) != 2 || sch.Versions[0].Version != 2 || !sch.Versions[1].Locked || sch.Versions[1].Indicators[0].Weight != 60 {
			t.Errorf("versions = %+v", sch.Versions)
		}
	})
}
