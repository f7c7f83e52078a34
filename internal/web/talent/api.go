package talent

import (
	"context"
	"net/http"

	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// The talent pool over JSON: skills, talents, demands, their two-way
// rankings and the points ledger.

// apiRead is kit.APIGet for a read that needs the request (a query
// parameter) or the principal itself, not only its scope: the object the
// path's id names, answered 200. (A local addition; kit.APIGet passes the
// scope alone.)
func apiRead(get func(r *http.Request, p *kit.Principal, id int64) (any, error)) kit.Handler {
	return kit.APIChange(http.StatusOK, func(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
		return get(r, p, id)
	})
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

// apiSkills is the skill taxonomy, or a search of it. By hand: no path
// id and no paging, so no kit shape fits.
func (m *Module) apiSkills(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if q := r.URL.Query().Get("q"); q != "" {
		kit.WriteJSON(w, http.StatusOK, map[string]any{"items": m.Talents.Tax.Search(q, 20)})
		return nil
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": m.Talents.Tax.Skills})
	return nil
}

func (m *Module) apiTalentCreate(r *http.Request, p *kit.Principal, in talentInput) (any, error) {
	return m.Talents.Create(r.Context(), p.Scope, in.talent())
}

// getTalent is a talent by id: the pool is city-wide, so any scope reads
// it.
func (m *Module) getTalent(ctx context.Context, _ scope.Scope, id int64) (talent.Talent, error) {
	return m.Talents.Get(ctx, id)
}

func (m *Module) apiTalentUpdate(r *http.Request, p *kit.Principal, id int64, in talentInput) (any, error) {
	t := in.talent()
	t.ID = id
	return m.Talents.Update(r.Context(), p.Scope, staffEditor(p), t)
}

type statusInput struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

func (m *Module) apiTalentStatus(r *http.Request, p *kit.Principal, id int64, in statusInput) (any, error) {
	return m.Talents.SetStatus(r.Context(), p.Scope, staffEditor(p), id, talent.Status(in.Status), in.Note)
}

func (m *Module) apiTalentReveal(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
	phone, err := m.Talents.Reveal(r.Context(), p.Scope, id)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": id, "phone": phone}, nil
}

// apiTalentDemands ranks the open demands for a talent (?limit, 10).
func (m *Module) apiTalentDemands(r *http.Request, p *kit.Principal, id int64) (any, error) {
	k, err := kit.QueryInt(r, "limit", 10, 1, 100)
	if err != nil {
		return nil, err
	}
	if _, err := m.Talents.Get(r.Context(), id); err != nil {
		return nil, err
	}
	out, err := m.Talents.Recommend(r.Context(), id, k)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []talent.RankedDemand{}
	}
	return map[string]any{"items": out, "weights": talent.Weights}, nil
}

// talentPoints is a talent's points ledger with its balance.
func (m *Module) talentPoints(ctx context.Context, _ scope.Scope, id int64) (any, error) {
	if _, err := m.Talents.Get(ctx, id); err != nil {
		return nil, err
	}
	entries, balance, err := m.Talents.Points(ctx, id)
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []talent.PointsEntry{}
	}
	return map[string]any{"items": entries, "balance": balance}, nil
}

type correctionInput struct {
	Delta int64  `json:"delta"`
	Note  string `json:"note"`
}

func (m *Module) apiPointsCorrect(r *http.Request, p *kit.Principal, id int64, in correctionInput) (any, error) {
	return m.Talents.CorrectPoints(r.Context(), p.Scope, id, in.Delta, in.Note)
}

// apiLedgerEdit answers every attempt to change or remove a ledger entry:
// ledgers are append-only.
func (m *Module) apiLedgerEdit(*http.Request, *kit.Principal, int64, kit.NoBody) (any, error) {
	return nil, talent.ErrAppendOnly
}

func (m *Module) apiDemandCreate(r *http.Request, p *kit.Principal, in demandInput) (any, error) {
	return m.Talents.CreateDemand(r.Context(), p.Scope, in.demand())
}

func (m *Module) apiDemandUpdate(r *http.Request, p *kit.Principal, id int64, in demandInput) (any, error) {
	d := in.demand()
	d.ID = id
	return m.Talents.UpdateDemand(r.Context(), p.Scope, d)
}

func (m *Module) apiDemandStatus(r *http.Request, p *kit.Principal, id int64, in statusInput) (any, error) {
	return m.Talents.SetDemandStatus(r.Context(), p.Scope, id, talent.DemandStatus(in.Status))
}

// apiDemandTalents ranks the talents for a demand (?limit, 10).
func (m *Module) apiDemandTalents(r *http.Request, p *kit.Principal, id int64) (any, error) {
	k, err := kit.QueryInt(r, "limit", 10, 1, 200)
	if err != nil {
		return nil, err
	}
	d, err := m.Talents.GetDemand(r.Context(), p.Scope, id)
	if err != nil {
		return nil, err
	}
	out, err := m.Talents.Live.RankTalents(r.Context(), talent.QueryOf(d), k)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []talent.Ranked{}
	}
	return map[string]any{"items": out, "weights": talent.Weights}, nil
}
