package talent

import (
	"net/http"

	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// The talent pool over JSON: skills, talents, demands, their two-way
// rankings and the points ledger.

// idJSON is the shape of a write on one record: the path id, a JSON body,
// one store call, its result as JSON with code.
func idJSON[In, Out any](w http.ResponseWriter, r *http.Request, code int, call func(id int64, in In) (Out, error)) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	return kit.BodyJSON(w, r, code, func(in In) (Out, error) { return call(id, in) })
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

func (m *Module) apiSkills(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if q := r.URL.Query().Get("q"); q != "" {
		kit.WriteJSON(w, http.StatusOK, map[string]any{"items": m.Talents.Tax.Search(q, 20)})
		return nil
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": m.Talents.Tax.Skills})
	return nil
}

func (m *Module) apiTalents(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := talentFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Talents.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiTalentCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.BodyJSON(w, r, http.StatusCreated, func(in talentInput) (talent.Talent, error) {
		return m.Talents.Create(r.Context(), p.Scope, in.talent())
	})
}

func (m *Module) apiTalent(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := m.Talents.Get(r.Context(), id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (m *Module) apiTalentUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in talentInput) (talent.Talent, error) {
		t := in.talent()
		t.ID = id
		return m.Talents.Update(r.Context(), p.Scope, staffEditor(p), t)
	})
}

type statusInput struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

func (m *Module) apiTalentStatus(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in statusInput) (talent.Talent, error) {
		return m.Talents.SetStatus(r.Context(), p.Scope, staffEditor(p), id, talent.Status(in.Status), in.Note)
	})
}

func (m *Module) apiTalentReveal(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	phone, err := m.Talents.Reveal(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "phone": phone})
	return nil
}

func (m *Module) apiTalentDemands(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	k, err := kit.QueryInt(r, "limit", 10, 1, 100)
	if err != nil {
		return err
	}
	if _, err := m.Talents.Get(r.Context(), id); err != nil {
		return err
	}
	out, err := m.Talents.Recommend(r.Context(), id, k)
	if err != nil {
		return err
	}
	if out == nil {
		out = []talent.RankedDemand{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "weights": talent.Weights})
	return nil
}

func (m *Module) apiTalentPoints(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Talents.Get(r.Context(), id); err != nil {
		return err
	}
	entries, balance, err := m.Talents.Points(r.Context(), id)
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

func (m *Module) apiPointsCorrect(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusCreated, func(id int64, in correctionInput) (talent.PointsEntry, error) {
		return m.Talents.CorrectPoints(r.Context(), p.Scope, id, in.Delta, in.Note)
	})
}

// apiLedgerEdit answers every attempt to change or remove a ledger entry:
// ledgers are append-only.
func (m *Module) apiLedgerEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if _, err := kit.PathID(r, "id"); err != nil {
		return err
	}
	return talent.ErrAppendOnly
}

func (m *Module) apiDemands(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := demandFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Talents.ListDemands(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiDemandCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.BodyJSON(w, r, http.StatusCreated, func(in demandInput) (talent.Demand, error) {
		return m.Talents.CreateDemand(r.Context(), p.Scope, in.demand())
	})
}

func (m *Module) apiDemand(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := m.Talents.GetDemand(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (m *Module) apiDemandUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in demandInput) (talent.Demand, error) {
		d := in.demand()
		d.ID = id
		return m.Talents.UpdateDemand(r.Context(), p.Scope, d)
	})
}

func (m *Module) apiDemandStatus(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return idJSON(w, r, http.StatusOK, func(id int64, in statusInput) (talent.Demand, error) {
		return m.Talents.SetDemandStatus(r.Context(), p.Scope, id, talent.DemandStatus(in.Status))
	})
}

func (m *Module) apiDemandTalents(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	k, err := kit.QueryInt(r, "limit", 10, 1, 200)
	if err != nil {
		return err
	}
	d, err := m.Talents.GetDemand(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	out, err := m.Talents.Live.RankTalents(r.Context(), talent.QueryOf(d), k)
	if err != nil {
		return err
	}
	if out == nil {
		out = []talent.Ranked{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": out, "weights": talent.Weights})
	return nil
}
