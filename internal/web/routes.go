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
	tRead, tWrite, tMatch := auth.PermTalentRead, auth.PermTalentWrite, auth.PermTalentMatch
	upload := s.Cfg.MaxUploadBytes
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
		{"GET", "/login", Public, 0, s.pageLogin},
		{"POST", "/login", Public, 0, s.pageLoginPost},
		{"POST", "/logout", AnyUser, 0, s.pageLogout},
		{"GET", "/lang/{lang}", Public, 0, s.pageLang},
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
		{"GET", "/imports", auth.PermImport, 0, s.pageImports},
		{"GET", "/imports/template/{file}", auth.PermImport, 0, s.importTemplate},
		{"POST", "/imports", auth.PermImport, upload, s.pageImportPost},
		{"GET", "/imports/{id}", auth.PermImport, 0, s.pageImport},
		{"GET", "/transfers", read, 0, s.pageTransfers},
		{"POST", "/transfers", auth.PermTransferRequest, 0, s.pageTransferCreate},
		{"GET", "/transfers/{id}", read, 0, s.pageTransfer},
		{"POST", "/transfers/{id}/approve-out", auth.PermTransferApprove, 0, pageAction("approve-out")},
		{"POST", "/transfers/{id}/approve-in", auth.PermTransferApprove, 0, pageAction("approve-in")},
		{"POST", "/transfers/{id}/reject", auth.PermTransferApprove, 0, pageAction("reject")},
		{"POST", "/transfers/{id}/revoke", auth.PermTransferRequest, 0, pageAction("revoke")},
		{"GET", "/audit", auth.PermAuditRead, 0, s.pageAudit},
		{"GET", "/users", auth.PermUsersAdmin, 0, s.pageUsers},
		{"POST", "/users", auth.PermUsersAdmin, 0, s.pageUserCreate},
		{"GET", "/users/{id}", auth.PermUsersAdmin, 0, s.pageUserEdit},
		{"POST", "/users/{id}", auth.PermUsersAdmin, 0, s.pageUserUpdate},
		{"POST", "/users/{id}/unlock", auth.PermUsersAdmin, 0, s.pageUserUnlock},

		// 候鸟智库: the talent pool, the demand board, matching, incentives.
		{"GET", "/board", Public, 0, s.pageBoard},
		{"GET", "/board/{id}", Public, 0, s.pageBoardDemand},
		{"GET", "/join", Public, 0, s.pageJoin},
		{"POST", "/join", Public, 0, s.pageJoinPost},
		{"GET", "/me/talent", auth.PermTalentSelf, 0, s.pageMe},
		{"GET", "/me/talent/edit", auth.PermTalentSelf, 0, s.pageMeEdit},
		{"POST", "/me/talent", auth.PermTalentSelf, 0, s.pageMeUpdate},
		{"GET", "/talents", tRead, 0, s.pageTalents},
		{"GET", "/talents/new", tWrite, 0, s.pageTalentNew},
		{"POST", "/talents", tWrite, 0, s.pageTalentCreate},
		{"GET", "/talents/{id}", tRead, 0, s.pageTalent},
		{"GET", "/talents/{id}/edit", tWrite, 0, s.pageTalentEdit},
		{"POST", "/talents/{id}", tWrite, 0, s.pageTalentUpdate},
		{"POST", "/talents/{id}/status", tWrite, 0, s.pageTalentStatus},
		{"POST", "/talents/{id}/reveal", auth.PermPIIReveal, 0, s.pageTalentReveal},
		{"POST", "/talents/{id}/honours", tWrite, 0, s.pageTalentHonour},
		{"POST", "/points/correct", auth.PermTalentVerify, 0, s.pagePointsCorrect},
		{"GET", "/demands", tRead, 0, s.pageDemands},
		{"GET", "/demands/new", tWrite, 0, s.pageDemandNew},
		{"POST", "/demands", tWrite, 0, s.pageDemandCreate},
		{"GET", "/demands/{id}", tRead, 0, s.pageDemand},
		{"GET", "/demands/{id}/edit", tWrite, 0, s.pageDemandEdit},
		{"POST", "/demands/{id}", tWrite, 0, s.pageDemandUpdate},
		{"POST", "/demands/{id}/status", tWrite, 0, s.pageDemandStatus},
		{"POST", "/demands/{id}/invite", tMatch, 0, s.pageDemandInvite},
		{"POST", "/engagements/{id}/rate", AnyUser, 0, s.pageEngagementRate},
		{"POST", "/engagements/{id}/{step}", AnyUser, 0, s.pageEngagementStep},
		{"GET", "/matching", tMatch, 0, s.pageMatching},
		{"POST", "/matching", tMatch, 0, s.pageMatchPlan},
		{"GET", "/matching/{id}", tMatch, 0, s.pageMatchRun},
		{"POST", "/matching/{id}/apply", tMatch, 0, s.pageMatchApply},
		{"GET", "/talent-report", tRead, 0, s.pageReport},
		{"GET", "/fund", tRead, 0, s.pageFund},
		{"POST", "/fund/requests", tWrite, 0, s.pageFundRequest},
		{"POST", "/fund/decide", auth.PermFundApprove, 0, s.pageFundDecide},
		{"POST", "/fund/allocate", auth.PermFundApprove, 0, s.pageFundAllocate},
		{"POST", "/fund/correct", auth.PermFundApprove, 0, s.pageFundCorrect},
		{"GET", "/notifications", AnyUser, 0, s.pageNotifications},
		{"POST", "/notifications/read", AnyUser, 0, s.pageNotificationsRead},
		{"POST", "/interests", AnyUser, 0, s.pageInterestSave},
		{"POST", "/interests/{id}/delete", AnyUser, 0, s.pageInterestDelete},

		// JSON API.
		{"GET", "/api/v1/openapi.json", Public, 0, s.apiOpenAPI},
		{"GET", "/api/v1/challenge", Public, 0, s.apiChallenge},
		{"POST", "/api/v1/session", Public, 0, s.apiLogin},
		{"DELETE", "/api/v1/session", AnyUser, 0, s.apiLogout},
		{"GET", "/api/v1/me", AnyUser, 0, s.apiMe},
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
		{"POST", "/api/v1/imports/{kind}", auth.PermImport, upload, s.apiImport},
		{"GET", "/api/v1/imports/{id}", auth.PermImport, 0, s.apiImportJob},
		{"GET", "/api/v1/transfers", read, 0, s.apiTransfers},
		{"POST", "/api/v1/transfers", auth.PermTransferRequest, 0, s.apiTransferCreate},
		{"GET", "/api/v1/transfers/{id}", read, 0, s.apiTransfer},
		{"POST", "/api/v1/transfers/{id}/approve-out", auth.PermTransferApprove, 0, action("approve-out")},
		{"POST", "/api/v1/transfers/{id}/approve-in", auth.PermTransferApprove, 0, action("approve-in")},
		{"POST", "/api/v1/transfers/{id}/reject", auth.PermTransferApprove, 0, action("reject")},
		{"POST", "/api/v1/transfers/{id}/revoke", auth.PermTransferRequest, 0, action("revoke")},
		{"GET", "/api/v1/audit", auth.PermAuditRead, 0, s.apiAudit},
		{"GET", "/api/v1/users", auth.PermUsersAdmin, 0, s.apiUsers},
		{"POST", "/api/v1/users", auth.PermUsersAdmin, 0, s.apiUserCreate},
		{"PUT", "/api/v1/users/{id}", auth.PermUsersAdmin, 0, s.apiUserUpdate},
		{"POST", "/api/v1/users/{id}/unlock", auth.PermUsersAdmin, 0, s.apiUserUnlock},
		{"GET", "/api/v1/skills", AnyUser, 0, s.apiSkills},
		{"GET", "/api/v1/talents", tRead, 0, s.apiTalents},
		{"POST", "/api/v1/talents", tWrite, 0, s.apiTalentCreate},
		{"GET", "/api/v1/talents/{id}", tRead, 0, s.apiTalent},
		{"PUT", "/api/v1/talents/{id}", tWrite, 0, s.apiTalentUpdate},
		{"POST", "/api/v1/talents/{id}/status", tWrite, 0, s.apiTalentStatus},
		{"POST", "/api/v1/talents/{id}/reveal", auth.PermPIIReveal, 0, s.apiTalentReveal},
		{"GET", "/api/v1/talents/{id}/demands", tRead, 0, s.apiTalentDemands},
		{"GET", "/api/v1/talents/{id}/points", tRead, 0, s.apiTalentPoints},
		{"POST", "/api/v1/points/{id}/corrections", auth.PermTalentVerify, 0, s.apiPointsCorrect},
		{"PUT", "/api/v1/points/{id}", tWrite, 0, s.apiLedgerEdit},
		{"DELETE", "/api/v1/points/{id}", tWrite, 0, s.apiLedgerEdit},
		{"GET", "/api/v1/demands", tRead, 0, s.apiDemands},
		{"POST", "/api/v1/demands", tWrite, 0, s.apiDemandCreate},
		{"GET", "/api/v1/demands/{id}", tRead, 0, s.apiDemand},
		{"PUT", "/api/v1/demands/{id}", tWrite, 0, s.apiDemandUpdate},
		{"POST", "/api/v1/demands/{id}/status", tWrite, 0, s.apiDemandStatus},
		{"GET", "/api/v1/demands/{id}/talents", tRead, 0, s.apiDemandTalents},
		{"POST", "/api/v1/demands/{id}/invitations", tMatch, 0, s.apiDemandInvite},
		{"GET", "/api/v1/engagements/{id}", AnyUser, 0, s.apiEngagement},
		{"POST", "/api/v1/engagements/{id}/rating", AnyUser, 0, s.apiEngagementRate},
		{"POST", "/api/v1/engagements/{id}/{step}", AnyUser, 0, s.apiEngagementStep},
		{"POST", "/api/v1/matching", tMatch, 0, s.apiMatchPlan},
		{"GET", "/api/v1/matching/{id}", tMatch, 0, s.apiMatchRun},
		{"POST", "/api/v1/matching/{id}/apply", tMatch, 0, s.apiMatchApply},
		{"GET", "/api/v1/fund", tRead, 0, s.apiFund},
		{"POST", "/api/v1/fund/allocations", auth.PermFundApprove, 0, s.apiFundAllocate},
		{"POST", "/api/v1/fund/requests", tWrite, 0, s.apiFundRequest},
		{"POST", "/api/v1/fund/requests/{id}/decision", auth.PermFundApprove, 0, s.apiFundDecide},
		{"POST", "/api/v1/fund/entries/{id}/corrections", auth.PermFundApprove, 0, s.apiFundCorrect},
		{"PUT", "/api/v1/fund/entries/{id}", auth.PermFundApprove, 0, s.apiLedgerEdit},
		{"DELETE", "/api/v1/fund/entries/{id}", auth.PermFundApprove, 0, s.apiLedgerEdit},
		{"GET", "/api/v1/talent-report", tRead, 0, s.apiReport},
		{"GET", "/api/v1/notifications", AnyUser, 0, s.apiNotifications},
		{"POST", "/api/v1/join", Public, 0, s.apiJoin},
		{"GET", "/api/v1/me/talent", auth.PermTalentSelf, 0, s.apiMeTalent},
		{"PUT", "/api/v1/me/talent", auth.PermTalentSelf, 0, s.apiMeTalentUpdate},
	}
	routes = append(routes, s.serviceRoutes()...)
	routes = append(routes, s.orglifeRoutes()...)
	routes = append(routes, s.gapRoutes()...)
	routes = append(routes, s.cultivationRoutes()...)
	routes = append(routes, s.declarationRoutes()...)
	for _, m := range s.modules {
		routes = append(routes, m.Routes()...)
	}
	routes = append(routes, s.orgnetAPIRoutes()...)
	return append(routes, s.open311Routes()...)
}
