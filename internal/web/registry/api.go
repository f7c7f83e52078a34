package registry

import (
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// JSON API for the registry: areas, orgs, units and people. Every call
// passes the principal's scope to the store, which filters in SQL.

func (m *Module) apiAreas(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := areaFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Areas.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiArea(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := m.Areas.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	geom, err := m.Areas.Geometry(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"area": a, "geometry": rawOrNull(geom)})
	return nil
}

type areaInput struct {
	ParentID int64     `json:"parent_id"`
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Kind     area.Kind `json:"kind"`
}

func (m *Module) apiAreaCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in areaInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := m.Areas.Create(r.Context(), p.Scope, area.Area{ParentID: in.ParentID, Code: in.Code, Name: in.Name, Kind: in.Kind}, "")
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (m *Module) apiOrgs(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := orgFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Orgs.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiOrg(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := m.Orgs.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, o)
	return nil
}

type orgInput struct {
	ParentID    int64      `json:"parent_id"`
	Code        string     `json:"code"`
	Name        string     `json:"name"`
	Kind        org.Kind   `json:"kind"`
	Sector      org.Sector `json:"sector"`
	AreaID      int64      `json:"area_id"`
	SecretaryID int64      `json:"secretary_id"`
	FoundedOn   string     `json:"founded_on"`
}

func (in orgInput) org() org.Org {
	return org.Org{ParentID: in.ParentID, Code: in.Code, Name: in.Name, Kind: in.Kind, Sector: in.Sector, AreaID: in.AreaID, SecretaryID: in.SecretaryID, FoundedOn: in.FoundedOn}
}

func (m *Module) apiOrgCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in orgInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	o, err := m.Orgs.Create(r.Context(), p.Scope, in.org())
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, o)
	return nil
}

func (m *Module) apiOrgUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in orgInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	o := in.org()
	o.ID = id
	if o, err = m.Orgs.Update(r.Context(), p.Scope, o); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (m *Module) apiOrgDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := m.Orgs.Delete(r.Context(), p.Scope, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (m *Module) apiUnits(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := unitFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Units.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiUnit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := m.Units.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, u)
	return nil
}

// UnitInput is the JSON body of a unit's create and update.
type UnitInput struct {
	Name         string    `json:"name"`
	CreditCode   string    `json:"credit_code"`
	Kind         unit.Kind `json:"kind"`
	Industry     string    `json:"industry"`
	ChainTags    []string  `json:"chain_tags"`
	Employees    int       `json:"employees"`
	ForeignOwned bool      `json:"foreign_owned"`
	AreaID       int64     `json:"area_id"`
	OrgID        int64     `json:"org_id"`
}

func (in UnitInput) unit() unit.Unit {
	return unit.Unit{Name: in.Name, CreditCode: in.CreditCode, Kind: in.Kind, Industry: in.Industry, ChainTags: in.ChainTags, Employees: in.Employees, ForeignOwned: in.ForeignOwned, AreaID: in.AreaID, OrgID: in.OrgID}
}

func (m *Module) apiUnitCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in UnitInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := m.Units.Create(r.Context(), p.Scope, in.unit())
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, u)
	return nil
}

func (m *Module) apiUnitUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in UnitInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	u := in.unit()
	u.ID = id
	if u, err = m.Units.Update(r.Context(), p.Scope, u); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (m *Module) apiPeople(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := personFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.People.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiPerson(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := m.People.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, x)
	return nil
}

func (m *Module) apiPersonReveal(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := m.People.Reveal(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, x)
	return nil
}

type personInput struct {
	Name           string        `json:"name"`
	IDNumber       string        `json:"id_number"`
	Phone          string        `json:"phone"`
	Gender         string        `json:"gender"`
	Status         person.Status `json:"status"`
	JoinedOn       string        `json:"joined_on"`
	OrgID          int64         `json:"org_id"`
	AreaID         int64         `json:"area_id"`
	UnitID         int64         `json:"unit_id"`
	Mobile         bool          `json:"mobile"`
	Pocket         bool          `json:"pocket"`
	SeasonalMonths []int         `json:"seasonal_months"`
	CadreRoles     []string      `json:"cadre_roles"`
	Tags           []string      `json:"tags"`
}

func (in personInput) person() person.Person {
	return person.Person{Name: in.Name, IDNumber: in.IDNumber, Phone: in.Phone, Gender: in.Gender, Status: in.Status, JoinedOn: in.JoinedOn,
		OrgID: in.OrgID, AreaID: in.AreaID, UnitID: in.UnitID, Mobile: in.Mobile, Pocket: in.Pocket,
		SeasonalMonths: in.SeasonalMonths, CadreRoles: in.CadreRoles, Tags: in.Tags}
}

func (m *Module) apiPersonCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in personInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := m.People.Create(r.Context(), p.Scope, in.person())
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, x)
	return nil
}

func (m *Module) apiPersonUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in personInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	x := in.person()
	x.ID = id
	if x, err = m.People.Update(r.Context(), p.Scope, x); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, x)
	return nil
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func rawOrNull(s string) any {
	if s == "" {
		return nil
	}
	return rawJSON(s)
}
