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

func (m *Module) apiDemandInvite(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusCreated, func(id int64, in inviteInput) (talent.Engagement, error) {
		return m.Talents.Invite(r.Context(), p.Scope, id, in.TalentID, in.Score, "manual")
	})
}

func actorOf(p *kit.Principal) talent.Actor {
	return talent.Actor{Scope: p.Scope, Staff: p.Can(auth.PermTalentMatch), UserID: p.User.ID}
}

func (m *Module) apiEngagement(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	e, err := m.Talents.GetEngagement(r.Context(), actorOf(p), id)
	if err != nil {
		return err
	}
	events, err := m.Talents.History(r.Context(), actorOf(p), id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"engagement": e, "events": events})
	return nil
}

type stepInput struct {
	Hours float64 `json:"hours"`
	Note  string  `json:"note"`
}

func (m *Module) apiEngagementStep(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in stepInput) (talent.Engagement, error) {
		return m.Talents.Advance(r.Context(), actorOf(p), id, talent.Step(r.PathValue("step")), in.Hours, in.Note)
	})
}

type rateInput struct {
	Stars int    `json:"stars"`
	Note  string `json:"note"`
}

func (m *Module) apiEngagementRate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in rateInput) (talent.Engagement, error) {
		return m.Talents.Rate(r.Context(), actorOf(p), id, in.Stars, in.Note)
	})
}

func (m *Module) apiMatchPlan(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	run, err := m.Talents.PlanBatch(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, run)
	return nil
}

func (m *Module) apiMatchRun(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := m.Talents.GetRun(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, run)
	return nil
}

func (m *Module) apiMatchApply(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := m.Talents.ApplyRun(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "invited": n})
	return nil
}

func (m *Module) apiFund(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, _, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	entries, balance, err := m.Talents.FundLedger(r.Context(), pg)
	if err != nil {
		return err
	}
	reqs, total, err := m.Talents.FundRequests(r.Context(), p.Scope, pg)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []talent.FundEntry{}
	}
	if reqs == nil {
		reqs = []talent.FundRequest{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"balance_cents": balance, "ledger": entries, "requests": reqs, "requests_total": total})
	return nil
}

type fundInput struct {
	AmountCents int64  `json:"amount_cents"`
	Note        string `json:"note"`
}

func (m *Module) apiFundAllocate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in fundInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := m.Talents.Allocate(r.Context(), p.Scope, in.AmountCents, in.Note); err != nil {
		return err
	}
	return m.apiFund(w, r, p)
}

func (m *Module) apiFundCorrect(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in fundInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := m.Talents.CorrectFund(r.Context(), p.Scope, id, in.AmountCents, in.Note); err != nil {
		return err
	}
	return m.apiFund(w, r, p)
}

type fundRequestInput struct {
	OrgID       int64  `json:"org_id"`
	TalentID    int64  `json:"talent_id"`
	Purpose     string `json:"purpose"`
	AmountCents int64  `json:"amount_cents"`
}

func (m *Module) apiFundRequest(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.BodyJSON(w, r, http.StatusCreated, func(in fundRequestInput) (talent.FundRequest, error) {
		return m.Talents.RequestFunds(r.Context(), p.Scope, talent.FundRequest{OrgID: in.OrgID, TalentID: in.TalentID, Purpose: in.Purpose, AmountCents: in.AmountCents})
	})
}

type decisionInput struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

func (m *Module) apiFundDecide(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in decisionInput) (talent.FundRequest, error) {
		return m.Talents.Decide(r.Context(), p.Scope, id, in.Approve, in.Note)
	})
}

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
