package weak

import (
	"context"
	"net/http"

	"dangjian/internal/db"
	"dangjian/internal/scope"

	"dangjian/internal/weak"
	"dangjian/internal/web/kit"
)

// JSON API of weak-branch detection, rectification and supervision
// (软弱涣散, 整顿, 督查) and of assessment (schemes, versions, runs).

// apiWeakFlags evaluates the rules over the branches in scope without
// writing: the branches a detection would flag now, with their reasons.
// By hand: a whole-scope reading with neither id nor paging fits no kit
// shape.
func (m *Module) apiWeakFlags(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	flags, err := m.Weak.Detect(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	if flags == nil {
		flags = []weak.Flag{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": flags})
	return nil
}

// apiWeakDetect runs a detection over the scope: cases opened, kept,
// cleared and closed. By hand: a POST with neither body nor id fits no kit
// shape (APICreate requires a JSON body).
func (m *Module) apiWeakDetect(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	res, err := m.Weak.Run(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, res)
	return nil
}

type weakTaskInput struct {
	Body          string `json:"body"`
	OwnerPersonID int64  `json:"owner_person_id"`
	OwnerOrgID    int64  `json:"owner_org_id"`
	Deadline      string `json:"deadline"`
}

type weakDoneInput struct {
	DoneOn string `json:"done_on"`
}

type instructorInput struct {
	PersonID int64  `json:"person_id"`
	Role     string `json:"role"`
	TargetOn string `json:"target_on"`
}

// caseAfter answers the case as it is after a change (or the change's
// error).
func (m *Module) caseAfter(r *http.Request, p *kit.Principal, id int64, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return m.Weak.Get(r.Context(), p.Scope, id)
}

func (m *Module) apiWeakTask(r *http.Request, p *kit.Principal, id int64, in weakTaskInput) (any, error) {
	d := weak.TaskDraft{Body: in.Body, OwnerPersonID: in.OwnerPersonID, OwnerOrgID: in.OwnerOrgID, Deadline: in.Deadline}
	if d.OwnerPersonID != 0 {
		d.OwnerOrgID = 0 // a person named overrides the org, as on the page
	}
	_, err := m.Weak.AddTask(r.Context(), p.Scope, id, d)
	return m.caseAfter(r, p, id, err)
}

func (m *Module) apiWeakTaskDone(r *http.Request, p *kit.Principal, id int64, in weakDoneInput) (any, error) {
	tid, err := kit.PathID(r, "task")
	if err != nil {
		return nil, err
	}
	return m.caseAfter(r, p, id, m.Weak.CompleteTask(r.Context(), p.Scope, id, tid, in.DoneOn))
}

func (m *Module) apiWeakInstructor(r *http.Request, p *kit.Principal, id int64, in instructorInput) (any, error) {
	return m.caseAfter(r, p, id, m.Weak.SetInstructor(r.Context(), p.Scope, id, in.PersonID, in.Role, in.TargetOn))
}

// visitFilter is the visit list's query: its paging alone, in the Page
// field kit.APIList reads.
type visitFilter struct{ Page db.Page }

func visitQuery(r *http.Request) (visitFilter, int, error) {
	pg, page, err := kit.QueryPage(r)
	return visitFilter{Page: pg}, page, err
}

func (m *Module) listVisits(ctx context.Context, sc scope.Scope, f visitFilter) ([]weak.Visit, int, error) {
	return m.Weak.ListVisits(ctx, sc, f.Page)
}

type findingInput struct {
	Body     string `json:"body"`
	Severity string `json:"severity"`
}

type visitInput struct {
	OrgID      int64          `json:"org_id"`
	VisitedOn  string         `json:"visited_on"`
	Inspectors string         `json:"inspectors"`
	FollowUp   string         `json:"follow_up"`
	Findings   []findingInput `json:"findings"`
}

// apiVisitCreate records a visit with its findings and answers it.
func (m *Module) apiVisitCreate(r *http.Request, p *kit.Principal, in visitInput) (any, error) {
	d := weak.VisitDraft{OrgID: in.OrgID, VisitedOn: in.VisitedOn, Inspectors: in.Inspectors, FollowUp: in.FollowUp}
	for _, f := range in.Findings {
		d.Findings = append(d.Findings, weak.Finding{Body: f.Body, Severity: f.Severity})
	}
	id, err := m.Weak.CreateVisit(r.Context(), p.Scope, d)
	if err != nil {
		return nil, err
	}
	return m.Weak.GetVisit(r.Context(), p.Scope, id)
}

type linkInput struct {
	Deadline string `json:"deadline"`
}

// apiVisitLink turns a finding into a task of the org's open case.
func (m *Module) apiVisitLink(r *http.Request, p *kit.Principal, id int64, in linkInput) (any, error) {
	fid, err := kit.PathID(r, "finding")
	if err != nil {
		return nil, err
	}
	tid, err := m.Weak.LinkFinding(r.Context(), p.Scope, id, fid, in.Deadline)
	if err != nil {
		return nil, err
	}
	return map[string]int64{"task_id": tid}, nil
}

// Schemes are shared definitions (as on the pages); runs and their scores
// are read through their orgs' scope.
