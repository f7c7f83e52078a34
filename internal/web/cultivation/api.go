package cultivation

import (
	"context"
	"net/http"

	"dangjian/internal/cultivation"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// JSON API of the recruitment pipeline (发展党员) and of the
// dual-cultivation register (双培养).

// pipelineJSON is a person's pipeline: the person (personal data masked),
// the current stage, the next step's due date and the steps so far.
type pipelineJSON struct {
	Person          person.Person      `json:"person"`
	Stage           cultivation.Stage  `json:"stage"`
	StageOn         string             `json:"stage_on"`
	DueOn           string             `json:"due_on,omitempty"`
	Next            cultivation.Stage  `json:"next,omitempty"`
	ExtensionMonths int                `json:"extension_months,omitempty"`
	Steps           []cultivation.Step `json:"steps"`
}

// byPerson serves h, a kit shape that reads the path's {id}, on a path
// that names the person {person_id} (the API's documented name); a bad id
// is refused under that name, as before.
func byPerson(h kit.Handler) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
		if _, err := kit.PathID(r, "person_id"); err != nil {
			return err
		}
		r.SetPathValue("id", r.PathValue("person_id"))
		return h(w, r, p)
	}
}

// apiRecruit is a person's pipeline.
func (m *Module) apiRecruit(ctx context.Context, sc scope.Scope, id int64) (pipelineJSON, error) {
	pl, err := m.Cultivation.Get(ctx, sc, id)
	if err != nil {
		return pipelineJSON{}, err
	}
	h := pl.History
	out := pipelineJSON{Person: pl.Person, Stage: h.Stage, StageOn: h.StageOn, DueOn: h.Due(), Next: h.Stage.Next(), ExtensionMonths: h.ExtensionMonths, Steps: pl.Steps}
	if out.Steps == nil {
		out.Steps = []cultivation.Step{}
	}
	return out, nil
}

type recruitStepInput struct {
	Stage  cultivation.Stage `json:"stage"`
	On     string            `json:"on"`
	OrgID  int64             `json:"org_id"` // an applicant's branch, on the first step
	Months int               `json:"months"` // an extension's length
	Note   string            `json:"note"`
}

// apiRecruitStep records a person's next step: a step out of order, too
// early or by an org out of scope is refused and nothing is written.
func (m *Module) apiRecruitStep(r *http.Request, p *kit.Principal, id int64, in recruitStepInput) (any, error) {
	return m.Cultivation.Advance(r.Context(), p.Scope, cultivation.Step{PersonID: id, Stage: in.Stage, On: in.On, OrgID: in.OrgID, Months: in.Months, Note: in.Note})
}

// apiDuals is the dual-cultivation register (双培养) of schools and
// hospitals in scope, filtered by sector and direction as on the page.
// By hand: the register is one unpaged {"items"}, which kit.APIList's
// paged shape is not.
func (m *Module) apiDuals(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	sector, dir, err := dualFilter(r)
	if err != nil {
		return err
	}
	list, err := m.Cultivation.Duals(r.Context(), p.Scope, sector, dir)
	if err != nil {
		return err
	}
	if list == nil {
		list = []cultivation.Dual{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

type dualInput struct {
	PersonID  int64                 `json:"person_id"`
	Direction cultivation.Direction `json:"direction"`
	Mentor    string                `json:"mentor"`
	StartedOn string                `json:"started_on"`
	TargetOn  string                `json:"target_on"`
	Progress  string                `json:"progress"`
}

func (m *Module) apiDualCreate(r *http.Request, p *kit.Principal, in dualInput) (any, error) {
	return m.Cultivation.AddDual(r.Context(), p.Scope, cultivation.Dual{PersonID: in.PersonID, Direction: in.Direction, Mentor: in.Mentor,
		StartedOn: in.StartedOn, TargetOn: in.TargetOn, Progress: in.Progress})
}

type dualProgressInput struct {
	Note string `json:"note"`
}

// apiDualProgress adds a progress note to an entry in scope.
func (m *Module) apiDualProgress(r *http.Request, p *kit.Principal, id int64, in dualProgressInput) (any, error) {
	if err := m.Cultivation.Progress(r.Context(), p.Scope, id, in.Note); err != nil {
		return nil, err
	}
	return m.Cultivation.GetDual(r.Context(), p.Scope, id)
}
