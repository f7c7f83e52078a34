package web_test

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/weak"
)

// weakWorld is the weak-branch fixture of the web tests: a 吉阳 case (its
// branches have no meetings and no secretary, so a run flags them) with a
// task, and a 吉阳 supervision visit with a finding.
type weakWorld struct {
	jy      weak.Case
	task    int64
	visit   int64
	finding int64
}

var weakWorlds sync.Map // *env → *weakWorld

func (e *env) weak(t *testing.T) *weakWorld {
	t.Helper()
	if w, ok := weakWorlds.Load(e); ok {
		return w.(*weakWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &weak.Store{DB: e.s.DB}
	jy := e.w.Jiyang
	w := &weakWorld{}
	if _, err := st.Run(ctx, jy.Scope); err != nil {
		t.Fatal(err)
	}
	cases, _, err := st.List(ctx, jy.Scope, weak.Filter{})
	if err != nil || len(cases) == 0 {
		t.Fatalf("no 吉阳 case: %v", err)
	}
	w.jy = cases[0]
	if w.task, err = st.AddTask(ctx, jy.Scope, w.jy.ID, weak.TaskDraft{Body: "JY整改任务", OwnerOrgID: w.jy.OrgID, Deadline: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	if w.visit, err = st.CreateVisit(ctx, jy.Scope, weak.VisitDraft{OrgID: w.jy.OrgID, VisitedOn: "2026-01-10", Inspectors: "JY督查组",
		Findings: []weak.Finding{{Body: "JY督查发现", Severity: "high"}}}); err != nil {
		t.Fatal(err)
	}
	v, err := st.GetVisit(ctx, jy.Scope, w.visit)
	if err != nil {
		t.Fatal(err)
	}
	w.finding = v.Findings[0].ID
	weakWorlds.Store(e, w)
	t.Cleanup(func() { weakWorlds.Delete(e) })
	return w
}

// weakWrites counts the audit entries of weak-branch and supervision writes.
func weakWrites(t *testing.T, e *env) int {
	var n int
	if err := e.s.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'weak.%' OR action LIKE 'supervision.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
