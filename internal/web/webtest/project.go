package webtest

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/project"
)

// projectWorld is the project fixture of the web tests: a 吉阳区 project
// with a child and a milestone, and a 吉阳 risk point with a review.
type ProjectWorld struct {
	Root, Child project.Project
	Milestone   int64
	Risk        project.Risk
}

var projectWorlds sync.Map // *Env → *ProjectWorld

func (e *Env) Project(t *testing.T) *ProjectWorld {
	t.Helper()
	if w, ok := projectWorlds.Load(e); ok {
		return w.(*ProjectWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &project.Store{DB: e.S.DB}
	jy := e.W.Jiyang
	w := &ProjectWorld{}
	var err error
	if w.Root, err = st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Committee.ID, Name: "JY秘密项目", Description: "JY项目描述"}); err != nil {
		t.Fatal(err)
	}
	if w.Child, err = st.CreateProject(ctx, jy.Scope, project.Draft{OrgID: jy.Branches[0].ID, ParentID: w.Root.ID, Name: "JY子项目"}); err != nil {
		t.Fatal(err)
	}
	if w.Milestone, err = st.AddMilestone(ctx, jy.Scope, w.Child.ID, project.MilestoneDraft{Name: "JY里程碑", DueOn: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	if w.Risk, err = st.CreateRisk(ctx, jy.Scope, project.RiskDraft{UnitID: jy.Unit.ID, Description: "JY廉洁风险", Level: project.High,
		Controls: []string{"JY防控措施"}, Owner: "JY责任人"}); err != nil {
		t.Fatal(err)
	}
	if _, err = st.AddReview(ctx, jy.Scope, w.Risk.ID, project.ReviewDraft{ReviewedOn: "2025-01-01", Reviewer: "JY评估人", Finding: "JY发现", Effective: true}); err != nil {
		t.Fatal(err)
	}
	projectWorlds.Store(e, w)
	t.Cleanup(func() { projectWorlds.Delete(e) })
	return w
}

// projectWrites counts the audit entries of project and risk writes.
func ProjectWrites(t *testing.T, e *Env) int {
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'project.%' OR action LIKE 'risk.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// projectName reads a project's name as stored ("" once deleted).
func ProjectName(t *testing.T, e *Env, id int64) string {
	var name string
	e.S.DB.Read().QueryRowContext(context.Background(), `SELECT name FROM projects WHERE id = ?`, id).Scan(&name)
	return name
}
