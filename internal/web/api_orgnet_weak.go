package web

import (
	"net/http"

	"dangjian/internal/assess"
	"dangjian/internal/weak"
	"dangjian/internal/web/kit"
)

// JSON API of weak-branch detection, rectification and supervision
// (软弱涣散, 整顿, 督查) and of assessment (schemes, versions, runs).

func (s *Server) apiWeak(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := weakFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.weaks().List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

// apiWeakFlags evaluates the rules over the branches in scope without
// writing: the branches a detection would flag now, with their reasons.
func (s *Server) apiWeakFlags(w http.ResponseWriter, r *http.Request, p *Principal) error {
	flags, err := s.weaks().Detect(r.Context(), p.Scope)
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
// cleared and closed.
func (s *Server) apiWeakDetect(w http.ResponseWriter, r *http.Request, p *Principal) error {
	res, err := s.weaks().Run(r.Context(), p.Scope)
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
func (s *Server) caseAfter(r *http.Request, p *Principal, id int64, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return s.weaks().Get(r.Context(), p.Scope, id)
}

func (s *Server) apiWeakTask(r *http.Request, p *Principal, id int64, in weakTaskInput) (any, error) {
	d := weak.TaskDraft{Body: in.Body, OwnerPersonID: in.OwnerPersonID, OwnerOrgID: in.OwnerOrgID, Deadline: in.Deadline}
	if d.OwnerPersonID != 0 {
		d.OwnerOrgID = 0 // a person named overrides the org, as on the page
	}
	_, err := s.weaks().AddTask(r.Context(), p.Scope, id, d)
	return s.caseAfter(r, p, id, err)
}

func (s *Server) apiWeakTaskDone(r *http.Request, p *Principal, id int64, in weakDoneInput) (any, error) {
	tid, err := kit.PathID(r, "task")
	if err != nil {
		return nil, err
	}
	return s.caseAfter(r, p, id, s.weaks().CompleteTask(r.Context(), p.Scope, id, tid, in.DoneOn))
}

func (s *Server) apiWeakInstructor(r *http.Request, p *Principal, id int64, in instructorInput) (any, error) {
	return s.caseAfter(r, p, id, s.weaks().SetInstructor(r.Context(), p.Scope, id, in.PersonID, in.Role, in.TargetOn))
}

func (s *Server) apiVisits(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := s.weaks().ListVisits(r.Context(), p.Scope, pg)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, pg.Norm()))
	return nil
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

func (s *Server) apiVisitCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in visitInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	d := weak.VisitDraft{OrgID: in.OrgID, VisitedOn: in.VisitedOn, Inspectors: in.Inspectors, FollowUp: in.FollowUp}
	for _, f := range in.Findings {
		d.Findings = append(d.Findings, weak.Finding{Body: f.Body, Severity: f.Severity})
	}
	id, err := s.weaks().CreateVisit(r.Context(), p.Scope, d)
	if err != nil {
		return err
	}
	v, err := s.weaks().GetVisit(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, v)
	return nil
}

type linkInput struct {
	Deadline string `json:"deadline"`
}

// apiVisitLink turns a finding into a task of the org's open case.
func (s *Server) apiVisitLink(r *http.Request, p *Principal, id int64, in linkInput) (any, error) {
	fid, err := kit.PathID(r, "finding")
	if err != nil {
		return nil, err
	}
	tid, err := s.weaks().LinkFinding(r.Context(), p.Scope, id, fid, in.Deadline)
	if err != nil {
		return nil, err
	}
	return map[string]int64{"task_id": tid}, nil
}

// Schemes are shared definitions (as on the pages); runs and their scores
// are read through their orgs' scope.

func (s *Server) apiSchemes(w http.ResponseWriter, r *http.Request, p *Principal) error {
	xs, err := s.assessStore().ListSchemes(r.Context())
	if err != nil {
		return err
	}
	if xs == nil {
		xs = []assess.Scheme{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": xs})
	return nil
}

type schemeInput struct {
	Name string `json:"name"`
}

func (s *Server) apiSchemeCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in schemeInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.assessStore().CreateScheme(r.Context(), in.Name)
	if err != nil {
		return err
	}
	x, err := s.assessStore().GetScheme(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, x)
	return nil
}

type indicatorsInput struct {
	Indicators []assess.Indicator `json:"indicators"`
}

// apiIndicators replaces a version's indicators. A locked version (applied
// to a closed period) is left as it is: the indicators become a new
// version, answered with 201 and its id.
func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request, p *Principal) error {
	vid, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in indicatorsInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	for i := range in.Indicators {
		in.Indicators[i].ID = 0
	}
	id, created, err := s.assessStore().SetIndicators(r.Context(), vid, in.Indicators)
	if err != nil {
		return err
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
	}
	kit.WriteJSON(w, code, map[string]any{"version_id": id, "created": created, "from_version_id": vid})
	return nil
}

type runInput struct {
	VersionID int64  `json:"version_id"`
	Period    string `json:"period"` // 2026 or 2026-Q1
}

// apiRunApply applies a version to a period over the caller's branches.
func (s *Server) apiRunApply(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in runInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.assessStore().Apply(r.Context(), p.Scope, in.VersionID, in.Period)
	if err != nil {
		return err
	}
	run, err := s.assessStore().GetRun(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, run)
	return nil
}

// apiIndices is the four indices (组织力, 服务力, 人才力, 廉洁力) per
// committee of a run in scope (by default the latest), as on the page.
func (s *Server) apiIndices(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.QueryID(r, "run_id")
	if err != nil {
		return err
	}
	if id == 0 {
		if id, err = s.assessStore().LatestRun(r.Context(), p.Scope); err != nil {
			return err
		}
	}
	out := map[string]any{"run_id": id, "indices": assess.Indices, "rows": []assess.IndexRow{}}
	if id != 0 {
		x, err := s.assessStore().GetRun(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		if rows := assess.IndexRows(x); rows != nil {
			out["rows"] = rows
		}
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
