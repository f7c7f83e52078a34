package talent

import (
	"net/http"

	"dangjian/internal/auth"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Invitations, engagements, batch matching, the fund and the report over
// JSON.

type inviteInput struct {
	TalentID int64   `json:"talent_id"`
	Score    float64 `json:"score"`
}

func (m *Module) apiDemandInvite(r *http.Request, p *kit.Principal, id int64, in inviteInput) (any, error) {
	return m.Talents.Invite(r.Context(), p.Scope, id, in.TalentID, in.Score, "manual")
}

func actorOf(p *kit.Principal) talent.Actor {
	return talent.Actor{Scope: p.Scope, Staff: p.Can(auth.PermTalentMatch), UserID: p.User.ID}
}

// apiEngagement is an engagement with its history, as the caller (staff
// or the talent) may see it.
func (m *Module) apiEngagement(r *http.Request, p *kit.Principal, id int64) (any, error) {
	e, err := m.Talents.GetEngagement(r.Context(), actorOf(p), id)
	if err != nil {
		return nil, err
	}
	events, err := m.Talents.History(r.Context(), actorOf(p), id)
	if err != nil {
		return nil, err
	}
	return map[string]any{"engagement": e, "events": events}, nil
}

type stepInput struct {
	Hours float64 `json:"hours"`
	Note  string  `json:"note"`
}

func (m *Module) apiEngagementStep(r *http.Request, p *kit.Principal, id int64, in stepInput) (any, error) {
	return m.Talents.Advance(r.Context(), actorOf(p), id, talent.Step(r.PathValue("step")), in.Hours, in.Note)
}

type rateInput struct {
	Stars int    `json:"stars"`
	Note  string `json:"note"`
}

func (m *Module) apiEngagementRate(r *http.Request, p *kit.Principal, id int64, in rateInput) (any, error) {
	return m.Talents.Rate(r.Context(), actorOf(p), id, in.Stars, in.Note)
}

// apiMatchPlan plans a batch run for the caller's scope. By hand: it
// names no object and takes no body, and kit.APICreate wants one.
func (m *Module) apiMatchPlan(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	run, err := m.Talents.PlanBatch(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, run)
	return nil
}

func (m *Module) apiMatchApply(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
	n, err := m.Talents.ApplyRun(r.Context(), p.Scope, id)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": id, "invited": n}, nil
}

// apiFund is the fund: its balance, a page of its ledger and of the
// requests in scope. By hand: no path id, and two lists in one answer
// are no kit.APIList.
func (m *Module) apiFund(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	out, err := m.fund(r, p)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}

// fund is apiFund's answer, which the fund's writes answer too.
func (m *Module) fund(r *http.Request, p *kit.Principal) (any, error) {
	pg, _, err := kit.QueryPage(r)
	if err != nil {
		return nil, err
	}
	entries, balance, err := m.Talents.FundLedger(r.Context(), pg)
	if err != nil {
		return nil, err
	}
	reqs, total, err := m.Talents.FundRequests(r.Context(), p.Scope, pg)
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []talent.FundEntry{}
	}
	if reqs == nil {
		reqs = []talent.FundRequest{}
	}
	return map[string]any{"balance_cents": balance, "ledger": entries, "requests": reqs, "requests_total": total}, nil
}

type fundInput struct {
	AmountCents int64  `json:"amount_cents"`
	Note        string `json:"note"`
}

func (m *Module) apiFundAllocate(r *http.Request, p *kit.Principal, in fundInput) (any, error) {
	if err := m.Talents.Allocate(r.Context(), p.Scope, in.AmountCents, in.Note); err != nil {
		return nil, err
	}
	return m.fund(r, p)
}

func (m *Module) apiFundCorrect(r *http.Request, p *kit.Principal, id int64, in fundInput) (any, error) {
	if err := m.Talents.CorrectFund(r.Context(), p.Scope, id, in.AmountCents, in.Note); err != nil {
		return nil, err
	}
	return m.fund(r, p)
}

type fundRequestInput struct {
	OrgID       int64  `json:"org_id"`
	TalentID    int64  `json:"talent_id"`
	Purpose     string `json:"purpose"`
	AmountCents int64  `json:"amount_cents"`
}

func (m *Module) apiFundRequest(r *http.Request, p *kit.Principal, in fundRequestInput) (any, error) {
	return m.Talents.RequestFunds(r.Context(), p.Scope, talent.FundRequest{OrgID: in.OrgID, TalentID: in.TalentID, Purpose: in.Purpose, AmountCents: in.AmountCents})
}

type decisionInput struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

func (m *Module) apiFundDecide(r *http.Request, p *kit.Principal, id int64, in decisionInput) (any, error) {
	return m.Talents.Decide(r.Context(), p.Scope, id, in.Approve, in.Note)
}

// apiReport is the supply and demand report for a season. By hand: no
// path id and not a list.
func (m *Module) apiReport(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	start, months, err := reportParams(r)
	if err != nil {
		return err
	}
	rep, err := m.Talents.Report(r.Context(), start, months)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, rep)
	return nil
}
