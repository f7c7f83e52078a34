package registry

import (
	"context"
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// JSON API for the registry: areas, orgs, units and people. Every call
// passes the principal's scope to the store, which filters in SQL.

func (m *Module) registryAPI(read, write string) []kit.Route {
	return []kit.Route{
		kit.R("GET", "/api/v1/areas", read, 0, kit.APIList(areaFilter, m.Areas.List)),
		kit.R("POST", "/api/v1/areas", write, 0, kit.APICreate(http.StatusCreated, func(r *http.Request, p *kit.Principal, in areaInput) (any, error) {
			return m.Areas.Create(r.Context(), p.Scope, area.Area{ParentID: in.ParentID, Code: in.Code, Name: in.Name, Kind: in.Kind}, "")
		})),
		kit.R("GET", "/api/v1/areas/{id}", read, 0, kit.APIGet(m.areaJSON)),
		kit.R("GET", "/api/v1/orgs", read, 0, kit.APIList(orgFilter, m.Orgs.List)),
		kit.R("POST", "/api/v1/orgs", write, 0, apiCreate[orgInput](m.Orgs.Create)),
		kit.R("GET", "/api/v1/orgs/{id}", read, 0, kit.APIGet(m.Orgs.Get)),
		kit.R("PUT", "/api/v1/orgs/{id}", write, 0, apiUpdate[orgInput](m.Orgs.Update)),
		kit.R("DELETE", "/api/v1/orgs/{id}", write, 0, kit.APIDelete(m.Orgs.Delete)),
		kit.R("GET", "/api/v1/units", read, 0, kit.APIList(unitFilter, m.Units.List)),
		kit.R("POST", "/api/v1/units", write, 0, apiCreate[UnitInput](m.Units.Create)),
		kit.R("GET", "/api/v1/units/{id}", read, 0, kit.APIGet(m.Units.Get)),
		kit.R("PUT", "/api/v1/units/{id}", write, 0, apiUpdate[UnitInput](m.Units.Update)),
		kit.R("GET", "/api/v1/people", read, 0, kit.APIList(personFilter, m.People.List)),
		kit.R("POST", "/api/v1/people", write, 0, apiCreate[personInput](m.People.Create)),
		kit.R("GET", "/api/v1/people/{id}", read, 0, kit.APIGet(m.People.Get)),
		kit.R("PUT", "/api/v1/people/{id}", write, 0, apiUpdate[personInput](m.People.Update)),
		kit.R("POST", "/api/v1/people/{id}/reveal", auth.PermPIIReveal, 0, kit.APIChange(http.StatusOK, func(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
			return m.People.Reveal(r.Context(), p.Scope, id)
		})),
	}
}

// input is a JSON body that makes a record, with id (0 for a new one).
type input[T any] interface{ record(id int64) T }

// apiCreate makes a record from the JSON body: 201 with the record.
func apiCreate[In input[T], T any](create func(context.Context, scope.Scope, T) (T, error)) kit.Handler {
	return kit.APICreate(http.StatusCreated, func(r *http.Request, p *kit.Principal, in In) (any, error) {
		return create(r.Context(), p.Scope, in.record(0))
	})
}

// apiUpdate replaces the record the path names with the JSON body: 200
// with the record.
func apiUpdate[In input[T], T any](update func(context.Context, scope.Scope, T) (T, error)) kit.Handler {
	return kit.APIChange(http.StatusOK, func(r *http.Request, p *kit.Principal, id int64, in In) (any, error) {
		return update(r.Context(), p.Scope, in.record(id))
	})
}

// areaJSON is an area with its geometry (GeoJSON, or null).
type areaJSON struct {
	Area     area.Area `json:"area"`
	Geometry any       `json:"geometry"`
}

func (m *Module) areaJSON(ctx context.Context, sc scope.Scope, id int64) (areaJSON, error) {
	a, err := m.Areas.Get(ctx, sc, id)
	if err != nil {
		return areaJSON{}, err
	}
	geom, err := m.Areas.Geometry(ctx, sc, id)
	if err != nil {
		return areaJSON{}, err
	}
	return areaJSON{Area: a, Geometry: rawOrNull(geom)}, nil
}

type areaInput struct {
	ParentID int64     `json:"parent_id"`
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Kind     area.Kind `json:"kind"`
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

func (in orgInput) record(id int64) org.Org {
	return org.Org{ID: id, ParentID: in.ParentID, Code: in.Code, Name: in.Name, Kind: in.Kind, Sector: in.Sector, AreaID: in.AreaID, SecretaryID: in.SecretaryID, FoundedOn: in.FoundedOn}
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

func (in UnitInput) record(id int64) unit.Unit {
	return unit.Unit{ID: id, Name: in.Name, CreditCode: in.CreditCode, Kind: in.Kind, Industry: in.Industry, ChainTags: in.ChainTags, Employees: in.Employees, ForeignOwned: in.ForeignOwned, AreaID: in.AreaID, OrgID: in.OrgID}
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

func (in personInput) record(id int64) person.Person {
	return person.Person{ID: id, Name: in.Name, IDNumber: in.IDNumber, Phone: in.Phone, Gender: in.Gender, Status: in.Status, JoinedOn: in.JoinedOn,
		OrgID: in.OrgID, AreaID: in.AreaID, UnitID: in.UnitID, Mobile: in.Mobile, Pocket: in.Pocket,
		SeasonalMonths: in.SeasonalMonths, CadreRoles: in.CadreRoles, Tags: in.Tags}
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func rawOrNull(s string) any {
	if s == "" {
		return nil
	}
	return rawJSON(s)
}
