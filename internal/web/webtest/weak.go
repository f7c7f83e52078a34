package webtest

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
type WeakWorld struct {
	Jy      weak.Case
	Task    int64
	Visit   int64
	Finding int64
}

var weakWorlds sync.Map // *Env → *WeakWorld

func (e *Env) Weak(t *testing.T) *WeakWorld {
	t.Helper()
	if w, ok := weakWorlds.Load(e); ok {
		return w.(*WeakWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &weak.Store{DB: e.S.DB}
	jy := e.W.Jiyang
	w := &WeakWorld{}
	if _, err := st.Run(ctx, jy.Scope); err != nil {
		t.Fatal(err)
	}
	cases, _, err := st.List(ctx, jy.Scope, weak.Filter{})
	if err != nil || len(cases) == 0 {
		t.Fatalf("no 吉阳 case: %v", err)
	}
	w.Jy = cases[0]
	if w.Task, err = st.AddTask(ctx, jy.Scope, w.Jy.ID, weak.TaskDraft{Body: "JY整改任务", OwnerOrgID: w.Jy.OrgID, Deadline: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	if w.Visit, err = st.CreateVisit(ctx, jy.Scope, weak.VisitDraft{OrgID: w.Jy.OrgID, VisitedOn: "2026-01-10", Inspectors: "JY督查组",
		Findings: []weak.Finding{{Body: "JY督查发现", Severity: "high"}}}); err != nil {
		t.Fatal(err)
	}
	v, err := st.GetVisit(ctx, jy.Scope, w.Visit)
	if err != nil {
		t.Fatal(err)
	}
	w.Finding = v.Findings[0].ID
	weakWorlds.Store(e, w)
	t.Cleanup(func() { weakWorlds.Delete(e) })
	return w
}

// weakWrites counts the audit entries of weak-branch and supervision writes.
func WeakWrites(t *testing.T, e *Env) int {
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'weak.%' OR action LIKE 'supervision.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
