// Package registry is the HTTP side of the registry: the home page, areas,
// orgs and the org tree, units, people, membership transfers between
// branches and the audit log, with the pickers (/pick/{kind}) that forms
// use to choose an area, org or unit: its pages, its JSON API and its
// exports. Every call passes the principal's scope to the store, which
// filters in SQL.
package registry

import (
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/transfer"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// Module serves the registry's pages and API.
type Module struct {
	*kit.Kit
	// DB holds the audit log.
	DB        *db.DB
	Areas     *area.Store
	Orgs      *org.Store
	Units     *unit.Store
	People    *person.Store
	Transfers *transfer.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(area.Kinds)
	kit.Enum(org.Kinds)
	kit.Enum(org.Sectors)
	kit.Enum(person.Statuses)
	kit.EnumNamed("person.cadre_role", person.CadreRoles)
	kit.EnumNamed("person.tag", person.Tags)
	kit.Enum(transfer.Statuses)
	kit.Enum(unit.Kinds)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return append(m.pageRoutes(read, write), m.apiRoutes(read, write)...)
}

func (m *Module) pageRoutes(read, write string) []kit.Route {
	action := func(name string) kit.Handler {
		return func(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
			r.SetPathValue("action", name)
			return m.pageTransferAction(w, r, p)
		}
	}
	return []kit.Route{
		{"GET", "/{$}", read, 0, m.pageHome},
		{"GET", "/areas", read, 0, m.pageAreas},
		{"GET", "/areas/{id}", read, 0, m.pageArea},
		{"GET", "/orgs", read, 0, m.pageOrgs},
		{"GET", "/orgs/tree", read, 0, m.pageOrgTree},
		{"GET", "/orgs/new", write, 0, m.pageOrgNew},
		{"POST", "/orgs", write, 0, m.pageOrgCreate},
		{"GET", "/orgs/{id}", read, 0, m.pageOrg},
		{"GET", "/orgs/{id}/edit", write, 0, m.pageOrgEdit},
		{"POST", "/orgs/{id}", write, 0, m.pageOrgUpdate},
		{"GET", "/units", read, 0, m.pageUnits},
		{"GET", "/units/new", write, 0, m.pageUnitNew},
		{"POST", "/units", write, 0, m.pageUnitCreate},
		{"GET", "/units/{id}", read, 0, m.pageUnit},
		{"GET", "/units/{id}/edit", write, 0, m.pageUnitEdit},
		{"POST", "/units/{id}", write, 0, m.pageUnitUpdate},
		{"GET", "/people", read, 0, m.pagePeople},
		{"GET", "/people/new", write, 0, m.pagePersonNew},
		{"POST", "/people", write, 0, m.pagePersonCreate},
		{"GET", "/people/{id}", read, 0, m.pagePerson},
		{"GET", "/people/{id}/edit", write, 0, m.pagePersonEdit},
		{"POST", "/people/{id}", write, 0, m.pagePersonUpdate},
		{"POST", "/people/{id}/reveal", auth.PermPIIReveal, 0, m.pagePersonReveal},
		{"GET", "/pick/{kind}", read, 0, m.pagePick},
		{"GET", "/transfers", read, 0, m.pageTransfers},
		{"POST", "/transfers", auth.PermTransferRequest, 0, m.pageTransferCreate},
		{"GET", "/transfers/{id}", read, 0, m.pageTransfer},
		{"POST", "/transfers/{id}/approve-out", auth.PermTransferApprove, 0, action("approve-out")},
		{"POST", "/transfers/{id}/approve-in", auth.PermTransferApprove, 0, action("approve-in")},
		{"POST", "/transfers/{id}/reject", auth.PermTransferApprove, 0, action("reject")},
		{"POST", "/transfers/{id}/revoke", auth.PermTransferRequest, 0, action("revoke")},
		{"GET", "/audit", auth.PermAuditRead, 0, m.pageAudit},
	}
}

func (m *Module) apiRoutes(read, write string) []kit.Route {
	action := func(name string) kit.Handler {
		return func(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
			r.SetPathValue("action", name)
			return m.apiTransferAction(w, r, p)
		}
	}
	return []kit.Route{
		{"GET", "/api/v1/areas", read, 0, m.apiAreas},
		{"POST", "/api/v1/areas", write, 0, m.apiAreaCreate},
		{"GET", "/api/v1/areas/{id}", read, 0, m.apiArea},
		{"GET", "/api/v1/orgs", read, 0, m.apiOrgs},
		{"POST", "/api/v1/orgs", write, 0, m.apiOrgCreate},
		{"GET", "/api/v1/orgs/{id}", read, 0, m.apiOrg},
		{"PUT", "/api/v1/orgs/{id}", write, 0, m.apiOrgUpdate},
		{"DELETE", "/api/v1/orgs/{id}", write, 0, m.apiOrgDelete},
		{"GET", "/api/v1/units", read, 0, m.apiUnits},
		{"POST", "/api/v1/units", write, 0, m.apiUnitCreate},
		{"GET", "/api/v1/units/{id}", read, 0, m.apiUnit},
		{"PUT", "/api/v1/units/{id}", write, 0, m.apiUnitUpdate},
		{"GET", "/api/v1/people", read, 0, m.apiPeople},
		{"POST", "/api/v1/people", write, 0, m.apiPersonCreate},
		{"GET", "/api/v1/people/{id}", read, 0, m.apiPerson},
		{"PUT", "/api/v1/people/{id}", write, 0, m.apiPersonUpdate},
		{"POST", "/api/v1/people/{id}/reveal", auth.PermPIIReveal, 0, m.apiPersonReveal},
		{"GET", "/api/v1/transfers", read, 0, m.apiTransfers},
		{"POST", "/api/v1/transfers", auth.PermTransferRequest, 0, m.apiTransferCreate},
		{"GET", "/api/v1/transfers/{id}", read, 0, m.apiTransfer},
		{"POST", "/api/v1/transfers/{id}/approve-out", auth.PermTransferApprove, 0, action("approve-out")},
		{"POST", "/api/v1/transfers/{id}/approve-in", auth.PermTransferApprove, 0, action("approve-in")},
		{"POST", "/api/v1/transfers/{id}/reject", auth.PermTransferApprove, 0, action("reject")},
		{"POST", "/api/v1/transfers/{id}/revoke", auth.PermTransferRequest, 0, action("revoke")},
		{"GET", "/api/v1/audit", auth.PermAuditRead, 0, m.apiAudit},
	}
}
