package project

import (
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
	"net/http"
)

// JSON API of project lists and integrity risk points (项目清单, 廉洁风险点).

type projectInput struct {
	OrgID       int64          `json:"org_id"`
	ParentID    int64          `json:"parent_id"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Status      project.Status `json:"status"`
	Weight      int            `json:"weight"` // 0 is 1
	DueOn       string         `json:"due_on"`
}

func (in projectInput) draft() project.Draft {
	return project.Draft{OrgID: in.OrgID, ParentID: in.ParentID, Name: in.Name, Description: in.Description, Status: in.Status, Weight: in.Weight, DueOn: in.DueOn}
}

// apiProjectUpdate changes a project's name, owner org, status, due date,
// weight and description; the parent and progress have their own routes.
func (m *Module) apiProjectUpdate(r *http.Request, p *kit.Principal, id int64, in projectInput) (any, error) {
	return m.Projects.Update(r.Context(), p.Scope, id, in.draft())
}

func (m *Module) apiProjectCreate(r *http.Request, p *kit.Principal, in projectInput) (any, error) {
	return m.Projects.CreateProject(r.Context(), p.Scope, in.draft())
}

type progressInput struct {
	Progress *int           `json:"progress"` // absent leaves it
	Status   project.Status `json:"status"`   // empty leaves it
}

type milestoneInput struct {
	MilestoneID int64  `json:"milestone_id"` // set: mark this milestone done on done_on
	Name        string `json:"name"`
	DueOn       string `json:"due_on"`
	DoneOn      string `json:"done_on"`
}

type parentInput struct {
	ParentID int64 `json:"parent_id"` // 0 makes the project a root
}

// projectAfter answers the project as it is after a change (or the
// change's error).
func (m *Module) projectAfter(r *http.Request, p *kit.Principal, id int64, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return m.Projects.GetProject(r.Context(), p.Scope, id)
}

func (m *Module) apiProjectProgress(r *http.Request, p *kit.Principal, id int64, in progressInput) (any, error) {
	pr := project.Unchanged
	if in.Progress != nil {
		pr = *in.Progress
	}
	return m.projectAfter(r, p, id, m.Projects.SetProgress(r.Context(), p.Scope, id, pr, in.Status))
}

func (m *Module) apiProjectMilestone(r *http.Request, p *kit.Principal, id int64, in milestoneInput) (any, error) {
	if in.MilestoneID != 0 {
		return m.projectAfter(r, p, id, m.Projects.CompleteMilestone(r.Context(), p.Scope, id, in.MilestoneID, in.DoneOn))
	}
	_, err := m.Projects.AddMilestone(r.Context(), p.Scope, id, project.MilestoneDraft{Name: in.Name, DueOn: in.DueOn, DoneOn: in.DoneOn})
	return m.projectAfter(r, p, id, err)
}

// apiProjectParent moves a project; a move into its own subtree is refused.
func (m *Module) apiProjectParent(r *http.Request, p *kit.Principal, id int64, in parentInput) (any, error) {
	return m.projectAfter(r, p, id, m.Projects.SetParent(r.Context(), p.Scope, id, in.ParentID))
}

type riskInput struct {
	UnitID      int64         `json:"unit_id"`
	PostID      int64         `json:"post_id"`
	Description string        `json:"description"`
	Level       project.Level `json:"level"`
	Controls    []string      `json:"controls"`
	Owner       string        `json:"owner"`
}

func (m *Module) apiRiskCreate(r *http.Request, p *kit.Principal, in riskInput) (any, error) {
	return m.Projects.CreateRisk(r.Context(), p.Scope, project.RiskDraft{UnitID: in.UnitID, PostID: in.PostID, Description: in.Description,
		Level: in.Level, Controls: in.Controls, Owner: in.Owner})
}

type reviewInput struct {
	ReviewedOn string `json:"reviewed_on"`
	Reviewer   string `json:"reviewer"`
	Finding    string `json:"finding"`
	Effective  bool   `json:"effective"`
}

// apiRiskReview records a review and answers the risk point with it.
func (m *Module) apiRiskReview(r *http.Request, p *kit.Principal, id int64, in reviewInput) (any, error) {
	if _, err := m.Projects.AddReview(r.Context(), p.Scope, id, project.ReviewDraft{ReviewedOn: in.ReviewedOn, Reviewer: in.Reviewer,
		Finding: in.Finding, Effective: in.Effective}); err != nil {
		return nil, err
	}
	return m.Projects.GetRisk(r.Context(), p.Scope, id)
}
