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
		kit.R("GET", "/{$}", read, 0, m.pageHome),
		kit.R("GET", "/areas", read, 0, m.pageAreas),
		kit.R("GET", "/areas/{id}", read, 0, m.pageArea),
		kit.R("GET", "/orgs", read, 0, m.pageOrgs),
		kit.R("GET", "/orgs/tree", read, 0, m.pageOrgTree),
		kit.R("GET", "/orgs/new", write, 0, m.pageOrgNew),
		kit.R("POST", "/orgs", write, 0, m.pageOrgCreate),
		kit.R("GET", "/orgs/{id}", read, 0, m.pageOrg),
		kit.R("GET", "/orgs/{id}/edit", write, 0, m.pageOrgEdit),
		kit.R("POST", "/orgs/{id}", write, 0, m.pageOrgUpdate),
		kit.R("GET", "/units", read, 0, m.pageUnits),
		kit.R("GET", "/units/new", write, 0, m.pageUnitNew),
		kit.R("POST", "/units", write, 0, m.pageUnitCreate),
		kit.R("GET", "/units/{id}", read, 0, m.pageUnit),
		kit.R("GET", "/units/{id}/edit", write, 0, m.pageUnitEdit),
		kit.R("POST", "/units/{id}", write, 0, m.pageUnitUpdate),
		kit.R("GET", "/people", read, 0, m.pagePeople),
		kit.R("GET", "/people/new", write, 0, m.pagePersonNew),
		kit.R("POST", "/people", write, 0, m.pagePersonCreate),
		kit.R("GET", "/people/{id}", read, 0, m.pagePerson),
		kit.R("GET", "/people/{id}/edit", write, 0, m.pagePersonEdit),
		kit.R("POST", "/people/{id}", write, 0, m.pagePersonUpdate),
		kit.R("POST", "/people/{id}/reveal", auth.PermPIIReveal, 0, m.pagePersonReveal),
		kit.R("GET", "/pick/{kind}", read, 0, m.pagePick),
		kit.R("GET", "/transfers", read, 0, m.pageTransfers),
		kit.R("POST", "/transfers", auth.PermTransferRequest, 0, m.pageTransferCreate),
		kit.R("GET", "/transfers/{id}", read, 0, m.pageTransfer),
		kit.R("POST", "/transfers/{id}/approve-out", auth.PermTransferApprove, 0, action("approve-out")),
		kit.R("POST", "/transfers/{id}/approve-in", auth.PermTransferApprove, 0, action("approve-in")),
		kit.R("POST", "/transfers/{id}/reject", auth.PermTransferApprove, 0, action("reject")),
		kit.R("POST", "/transfers/{id}/revoke", auth.PermTransferRequest, 0, action("revoke")),
		kit.R("GET", "/audit", auth.PermAuditRead, 0, m.pageAudit),
	}
}

func (m *Module) apiRoutes(read, write string) []kit.Route {
	routes := append(m.registryAPI(read, write), m.transferAPI()...)
	return append(routes, kit.R("GET", "/api/v1/audit", auth.PermAuditRead, 0, kit.APIList(auditFilter, m.auditList)))
}
