package web

import (
	"net/http"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// The talent pool over JSON: skills, talents, demands, two-way rankings,
// engagements, batch matching, the ledgers, the report, notifications and
// self-registration.

// bodyJSON is the shape of a create: a JSON body, one store call, its
// result as JSON with code.
func bodyJSON[In, Out any](w http.ResponseWriter, r *http.Request, code int, call func(in In) (Out, error)) error {
	var in In
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	out, err := call(in)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, code, out)
	return nil
}

// idJSON is the shape of a write on one record: the path id, a JSON body,
// one store call, its result as JSON with code.
func idJSON[In, Out any](w http.ResponseWriter, r *http.Request, code int, call func(id int64, in In) (Out, error)) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	return bodyJSON(w, r, code, func(in In) (Out, error) { return call(id, in) })
}

// talentInput is a talent as written through the API.
type talentInput struct {
	Name        string        `json:"name"`
	Phone       string        `json:"phone"`
	Title       string        `json:"title"`
	PartyMember bool          `json:"party_member"`
	Expertise   string        `json:"expertise"`
	Experience  string        `json:"experience"`
	Hometown    string        `json:"hometown"`
	AreaID      int64         `json:"area_id"`
	Lat         float64       `json:"lat"`
	Lng         float64       `json:"lng"`
	TravelKm    int           `json:"travel_km"`
	Mode        talent.Mode   `json:"mode"`
	Capacity    int           `json:"capacity"`
	Skills      []string      `json:"skills"`
	Stays       []talent.Stay `json:"stays"`
}

func (in talentInput) talent() talent.Talent {
	return talent.Talent{Name: in.Name, Phone: in.Phone, Title: in.Title, PartyMember: in.PartyMember, Expertise: in.Expertise,
		Experience: in.Experience, Hometown: in.Hometown, AreaID: in.AreaID, Lat: in.Lat, Lng: in.Lng, TravelKm: in.TravelKm,
		Mode: in.Mode, Capacity: in.Capacity, Skills: in.Skills, Stays: in.Stays}
}

// demandInput is a demand as written through the API.
type demandInput struct {
	OrgID     int64        `json:"org_id"`
	AreaID    int64        `json:"area_id"`
	Title     string       `json:"title"`
	Body      string       `json:"body"`
	Channel   string       `json:"channel"`
	Place     string       `json:"place"`
	Lat       float64      `json:"lat"`
	Lng       float64      `json:"lng"`
	Mode      talent.Mode  `json:"mode"`
	Start     string       `json:"start"`
	End       string       `json:"end"`
	Slots     talent.Slots `json:"slots"`
	Headcount int          `json:"headcount"`
	Required  []string     `json:"required"`
	Optional  []string     `json:"optional"`
}

func (in demandInput) demand() talent.Demand {
	return talent.Demand{OrgID: in.OrgID, AreaID: in.AreaID, Title: in.Title, Body: in.Body, Channel: in.Channel, Place: in.Place,
		Lat: in.Lat, Lng: in.Lng, Mode: in.Mode, Start: in.Start, End: in.End, Slots: in.Slots, Headcount: in.Headcount,
		Required: in.Required, Optional: in.Optional}
}

func (s *Server) apiSkills(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if q := r.URL.Query().Get("q"); q != "" {
		kit.WriteJSON(w, http.StatusOK, map[string]any{"items": s.Talents.Tax.Search(q, 20)})
		return nil
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": s.Talents.Tax.Skills})
	return nil
}

func (s *Server) apiTalents(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := talentFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Talents.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (s *Server) apiTalentCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return bodyJSON(w, r, http.StatusCreated, func(in talentInput) (talent.Talent, error) {
		return s.Talents.Create(r.Context(), p.Scope, in.talent())
	})
}

func (s *Server) apiTalent(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Talents.Get(r.Context(), id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiTalentUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in talentInput) (talent.Talent, error) {
		t := in.talent()
		t.ID = id
		return s.Talents.Update(r.Context(), p.Scope, staffEditor(p), t)
	})
}

type statusInput struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

func (s *Server) apiTalentStatus(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in statusInput) (talent.Talent, error) {
		return s.Talents.SetStatus(r.Context(), p.Scope, staffEditor(p), id, talent.Status(in.Status), in.Note)
	})
}

func (s *Server) apiTalentReveal(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	phone, err := s.Talents.Reveal(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "phone": phone})
	return nil
}

func (s *Server) apiTalentDemands(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	k, err := kit.QueryInt(r, "limit", 10, 1, 100)
	if err != nil {
		return err
	}
	if _, err := s.Talents.Get(r.Context(), id); err != nil {
		return err
	}
	out, err := s.Talents.Recommend(r.Context(), id, k)
	if err != nil {
		return err
	}
	if out == nil {
		out = []talent.RankedDemand{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "weights": talent.Weights})
	return nil
}

func (s *Server) apiTalentPoints(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Talents.Get(r.Context(), id); err != nil {
		return err
	}
	entries, balance, err := s.Talents.Points(r.Context(), id)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []talent.PointsEntry{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": entries, "balance": balance})
	return nil
}

type correctionInput struct {
	Delta int64  `json:"delta"`
	Note  string `json:"note"`
}

func (s *Server) apiPointsCorrect(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusCreated, func(id int64, in correctionInput) (talent.PointsEntry, error) {
		return s.Talents.CorrectPoints(r.Context(), p.Scope, id, in.Delta, in.Note)
	})
}

// apiLedgerEdit answers every attempt to change or remove a ledger entry:
// ledgers are append-only.
func (s *Server) apiLedgerEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if _, err := kit.PathID(r, "id"); err != nil {
		return err
	}
	return talent.ErrAppendOnly
}

func (s *Server) apiDemands(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := demandFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Talents.ListDemands(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (s *Server) apiDemandCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return bodyJSON(w, r, http.StatusCreated, func(in demandInput) (talent.Demand, error) {
		return s.Talents.CreateDemand(r.Context(), p.Scope, in.demand())
	})
}

func (s *Server) apiDemand(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Talents.GetDemand(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDemandUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in demandInput) (talent.Demand, error) {
		d := in.demand()
		d.ID = id
		return s.Talents.UpdateDemand(r.Context(), p.Scope, d)
	})
}

func (s *Server) apiDemandStatus(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in statusInput) (talent.Demand, error) {
		return s.Talents.SetDemandStatus(r.Context(), p.Scope, id, talent.DemandStatus(in.Status))
	})
}

func (s *Server) apiDemandTalents(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	k, err := kit.QueryInt(r, "limit", 10, 1, 200)
	if err != nil {
		return err
	}
	d, err := s.Talents.GetDemand(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	out, err := s.Talents.Live.RankTalents(r.Context(), talent.QueryOf(d), k)
	if err != nil {
		return err
	}
	if out == nil {
		out = []talent.Ranked{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "weights": talent.Weights})
	return nil
}

type inviteInput struct {
	TalentID int64   `json:"talent_id"`
	Score    float64 `json:"score"`
}

func (s *Server) apiDemandInvite(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusCreated, func(id int64, in inviteInput) (talent.Engagement, error) {
		return s.Talents.Invite(r.Context(), p.Scope, id, in.TalentID, in.Score, "manual")
	})
}

func actorOf(p *Principal) talent.Actor {
	return talent.Actor{Scope: p.Scope, Staff: p.Can(auth.PermTalentMatch), UserID: p.User.ID}
}

func (s *Server) apiEngagement(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Talents.GetEngagement(r.Context(), actorOf(p), id)
	if err != nil {
		return err
	}
	events, err := s.Talents.History(r.Context(), actorOf(p), id)
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

func (s *Server) apiEngagementStep(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in stepInput) (talent.Engagement, error) {
		return s.Talents.Advance(r.Context(), actorOf(p), id, talent.Step(r.PathValue("step")), in.Hours, in.Note)
	})
}

type rateInput struct {
	Stars int    `json:"stars"`
	Note  string `json:"note"`
}

func (s *Server) apiEngagementRate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in rateInput) (talent.Engagement, error) {
		return s.Talents.Rate(r.Context(), actorOf(p), id, in.Stars, in.Note)
	})
}

func (s *Server) apiMatchPlan(w http.ResponseWriter, r *http.Request, p *Principal) error {
	run, err := s.Talents.PlanBatch(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, run)
	return nil
}

func (s *Server) apiMatchRun(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := s.Talents.GetRun(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, run)
	return nil
}

func (s *Server) apiMatchApply(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.Talents.ApplyRun(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "invited": n})
	return nil
}

func (s *Server) apiFund(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, _, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	entries, balance, err := s.Talents.FundLedger(r.Context(), pg)
	if err != nil {
		return err
	}
	reqs, total, err := s.Talents.FundRequests(r.Context(), p.Scope, pg)
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

func (s *Server) apiFundAllocate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in fundInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Talents.Allocate(r.Context(), p.Scope, in.AmountCents, in.Note); err != nil {
		return err
	}
	return s.apiFund(w, r, p)
}

func (s *Server) apiFundCorrect(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in fundInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Talents.CorrectFund(r.Context(), p.Scope, id, in.AmountCents, in.Note); err != nil {
		return err
	}
	return s.apiFund(w, r, p)
}

type fundRequestInput struct {
	OrgID       int64  `json:"org_id"`
	TalentID    int64  `json:"talent_id"`
	Purpose     string `json:"purpose"`
	AmountCents int64  `json:"amount_cents"`
}

func (s *Server) apiFundRequest(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return bodyJSON(w, r, http.StatusCreated, func(in fundRequestInput) (talent.FundRequest, error) {
		return s.Talents.RequestFunds(r.Context(), p.Scope, talent.FundRequest{OrgID: in.OrgID, TalentID: in.TalentID, Purpose: in.Purpose, AmountCents: in.AmountCents})
	})
}

type decisionInput struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

func (s *Server) apiFundDecide(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in decisionInput) (talent.FundRequest, error) {
		return s.Talents.Decide(r.Context(), p.Scope, id, in.Approve, in.Note)
	})
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	start, months, err := reportParams(r)
	if err != nil {
		return err
	}
	rep, err := s.Talents.Report(r.Context(), start, months)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request, p *Principal) error {
	notes, unread, err := s.Talents.Notifications(r.Context(), p.User.ID, 100)
	if err != nil {
		return err
	}
	if notes == nil {
		notes = []talent.Notification{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": notes, "unread": unread})
	return nil
}

type joinInput struct {
	Username string      `json:"username"`
	Password string      `json:"password"`
	Talent   talentInput `json:"talent"`
}

// apiJoin is self-registration over JSON: the account and the pending
// profile, then a session as for POST /api/v1/session.
func (s *Server) apiJoin(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var in joinInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.checkPoW(r); err != nil {
		return err
	}
	t, _, err := s.Talents.Register(r.Context(), s.Auth, in.Username, in.Password, in.Talent.talent())
	if err != nil {
		return err
	}
	sess, err := s.Auth.Login(r.Context(), in.Username, in.Password, kit.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	s.setSession(w, sess.Token)
	kit.WriteJSON(w, http.StatusCreated, map[string]any{"talent": t, "csrf_token": sess.CSRF, "expires_in": int(s.Cfg.SessionIdle / time.Second)})
	return nil
}

func (s *Server) apiMeTalent(w http.ResponseWriter, r *http.Request, p *Principal) error {
	t, err := s.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	engs, err := s.Talents.Engagements(r.Context(), talent.Actor{UserID: p.User.ID}, 0, t.ID)
	if err != nil {
		return err
	}
	if engs == nil {
		engs = []talent.Engagement{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"talent": t, "engagements": engs})
	return nil
}

func (s *Server) apiMeTalentUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	cur, err := s.Talents.ByUser(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	var in talentInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	t := in.talent()
	t.ID = cur.ID
	out, err := s.Talents.Update(r.Context(), scope.Scope{}, talent.Editor{Self: p.User.ID}, t)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
