package web

import (
	"net/http"

	"dangjian/internal/auth"
)

// Routes is the route table: every page and API endpoint, with the
// permission it needs. Tests walk it to prove scope enforcement and the
// OpenAPI document's completeness.
func (s *Server) Routes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	action := func(name string) handler {
		return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
			r.SetPathValue("action", name)
			return s.apiTransferAction(w, r, p)
		}
	}
	pageAction := func(name string) handler {
		return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
			r.SetPathValue("action", name)
			return s.pageTransferAction(w, r, p)
		}
	}
	routes := []Route{
		// Pages.
		{"GET", "/{$}", read, 0, s.pageHome},
		{"GET", "/areas", read, 0, s.pageAreas},
		{"GET", "/areas/{id}", read, 0, s.pageArea},
		{"GET", "/orgs", read, 0, s.pageOrgs},
		{"GET", "/orgs/tree", read, 0, s.pageOrgTree},
		{"GET", "/orgs/new", write, 0, s.pageOrgNew},
		{"POST", "/orgs", write, 0, s.pageOrgCreate},
		{"GET", "/orgs/{id}", read, 0, s.pageOrg},
		{"GET", "/orgs/{id}/edit", write, 0, s.pageOrgEdit},
		{"POST", "/orgs/{id}", write, 0, s.pageOrgUpdate},
		{"GET", "/units", read, 0, s.pageUnits},
		{"GET", "/units/new", write, 0, s.pageUnitNew},
		{"POST", "/units", write, 0, s.pageUnitCreate},
		{"GET", "/units/{id}", read, 0, s.pageUnit},
		{"GET", "/units/{id}/edit", write, 0, s.pageUnitEdit},
		{"POST", "/units/{id}", write, 0, s.pageUnitUpdate},
		{"GET", "/people", read, 0, s.pagePeople},
		{"GET", "/people/new", write, 0, s.pagePersonNew},
		{"POST", "/people", write, 0, s.pagePersonCreate},
		{"GET", "/people/{id}", read, 0, s.pagePerson},
		{"GET", "/people/{id}/edit", write, 0, s.pagePersonEdit},
		{"POST", "/people/{id}", write, 0, s.pagePersonUpdate},
		{"POST", "/people/{id}/reveal", auth.PermPIIReveal, 0, s.pagePersonReveal},
		{"GET", "/export/{kind}", read, 0, s.export},
		{"GET", "/pick/{kind}", read, 0, s.pagePick},
		{"GET", "/transfers", read, 0, s.pageTransfers},
		{"POST", "/transfers", auth.PermTransferRequest, 0, s.pageTransferCreate},
		{"GET", "/transfers/{id}", read, 0, s.pageTransfer},
		{"POST", "/transfers/{id}/approve-out", auth.PermTransferApprove, 0, pageAction("approve-out")},
		{"POST", "/transfers/{id}/approve-in", auth.PermTransferApprove, 0, pageAction("approve-in")},
		{"POST", "/transfers/{id}/reject", auth.PermTransferApprove, 0, pageAction("reject")},
		{"POST", "/transfers/{id}/revoke", auth.PermTransferRequest, 0, pageAction("revoke")},
		{"GET", "/audit", auth.PermAuditRead, 0, s.pageAudit},

		// JSON API.
		{"GET", "/api/v1/openapi.json", Public, 0, s.apiOpenAPI},
		{"GET", "/api/v1/challenge", Public, 0, s.apiChallenge},
		{"GET", "/api/v1/areas", read, 0, s.apiAreas},
		{"POST", "/api/v1/areas", write, 0, s.apiAreaCreate},
		{"GET", "/api/v1/areas/{id}", read, 0, s.apiArea},
		{"GET", "/api/v1/orgs", read, 0, s.apiOrgs},
		{"POST", "/api/v1/orgs", write, 0, s.apiOrgCreate},
		{"GET", "/api/v1/orgs/{id}", read, 0, s.apiOrg},
		{"PUT", "/api/v1/orgs/{id}", write, 0, s.apiOrgUpdate},
		{"DELETE", "/api/v1/orgs/{id}", write, 0, s.apiOrgDelete},
		{"GET", "/api/v1/units", read, 0, s.apiUnits},
		{"POST", "/api/v1/units", write, 0, s.apiUnitCreate},
		{"GET", "/api/v1/units/{id}", read, 0, s.apiUnit},
		{"PUT", "/api/v1/units/{id}", write, 0, s.apiUnitUpdate},
		{"GET", "/api/v1/people", read, 0, s.apiPeople},
		{"POST", "/api/v1/people", write, 0, s.apiPersonCreate},
		{"GET", "/api/v1/people/{id}", read, 0, s.apiPerson},
		{"PUT", "/api/v1/people/{id}", write, 0, s.apiPersonUpdate},
		{"POST", "/api/v1/people/{id}/reveal", auth.PermPIIReveal, 0, s.apiPersonReveal},
		{"GET", "/api/v1/export/{kind}", read, 0, s.export},
		{"GET", "/api/v1/transfers", read, 0, s.apiTransfers},
		{"POST", "/api/v1/transfers", auth.PermTransferRequest, 0, s.apiTransferCreate},
		{"GET", "/api/v1/transfers/{id}", read, 0, s.apiTransfer},
		{"POST", "/api/v1/transfers/{id}/approve-out", auth.PermTransferApprove, 0, action("approve-out")},
		{"POST", "/api/v1/transfers/{id}/approve-in", auth.PermTransferApprove, 0, action("approve-in")},
		{"POST", "/api/v1/transfers/{id}/reject", auth.PermTransferApprove, 0, action("reject")},
		{"POST", "/api/v1/transfers/{id}/revoke", auth.PermTransferRequest, 0, action("revoke")},
		{"GET", "/api/v1/audit", auth.PermAuditRead, 0, s.apiAudit},
	}
	for _, m := range s.modules {
		routes = append(routes, m.Routes()...)
	}
	return routes
}
