// Package talent is the HTTP side of the 候鸟智库 (the talent pool): the
// talents, the demand board, matching, the points and the incentive fund,
// the public sign-up (/join) with its self-service profile (/me/talent),
// notifications and saved interests: its pages, its JSON API and its
// exports.
package talent

import (
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/org"
	"dangjian/internal/ratelimit"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Module serves the talent pool's pages and API.
type Module struct {
	*kit.Kit
	Talents *talent.Store
	// Auth signs up and signs in a self-registered talent.
	Auth  *auth.Store
	Areas *area.Store
	Orgs  *org.Store
	// PoW is the proof of work a sign-up carries; nil asks for none.
	PoW *ratelimit.PoW
	// Optional signs in the visitor of a public page when their session
	// is valid, and otherwise leaves them anonymous (nil principal).
	Optional func(*http.Request) (*http.Request, *kit.Principal)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	tRead, tWrite, tMatch := auth.PermTalentRead, auth.PermTalentWrite, auth.PermTalentMatch
	return append(m.pageRoutes(tRead, tWrite, tMatch), m.apiRoutes(tRead, tWrite, tMatch)...)
}

func (m *Module) pageRoutes(tRead, tWrite, tMatch string) []kit.Route {
	return []kit.Route{
		{"GET", "/board", kit.Public, 0, m.pageBoard},
		{"GET", "/board/{id}", kit.Public, 0, m.pageBoardDemand},
		{"GET", "/join", kit.Public, 0, m.pageJoin},
		{"POST", "/join", kit.Public, 0, m.pageJoinPost},
		{"GET", "/me/talent", auth.PermTalentSelf, 0, m.pageMe},
		{"GET", "/me/talent/edit", auth.PermTalentSelf, 0, m.pageMeEdit},
		{"POST", "/me/talent", auth.PermTalentSelf, 0, m.pageMeUpdate},
		{"GET", "/talents", tRead, 0, m.pageTalents},
		{"GET", "/talents/new", tWrite, 0, m.pageTalentNew},
		{"POST", "/talents", tWrite, 0, m.pageTalentCreate},
		{"GET", "/talents/{id}", tRead, 0, m.pageTalent},
		{"GET", "/talents/{id}/edit", tWrite, 0, m.pageTalentEdit},
		{"POST", "/talents/{id}", tWrite, 0, m.pageTalentUpdate},
		{"POST", "/talents/{id}/status", tWrite, 0, m.pageTalentStatus},
		{"POST", "/talents/{id}/reveal", auth.PermPIIReveal, 0, m.pageTalentReveal},
		{"POST", "/talents/{id}/honours", tWrite, 0, m.pageTalentHonour},
		{"POST", "/points/correct", auth.PermTalentVerify, 0, m.pagePointsCorrect},
		{"GET", "/demands", tRead, 0, m.pageDemands},
		{"GET", "/demands/new", tWrite, 0, m.pageDemandNew},
		{"POST", "/demands", tWrite, 0, m.pageDemandCreate},
		{"GET", "/demands/{id}", tRead, 0, m.pageDemand},
		{"GET", "/demands/{id}/edit", tWrite, 0, m.pageDemandEdit},
		{"POST", "/demands/{id}", tWrite, 0, m.pageDemandUpdate},
		{"POST", "/demands/{id}/status", tWrite, 0, m.pageDemandStatus},
		{"POST", "/demands/{id}/invite", tMatch, 0, m.pageDemandInvite},
		{"POST", "/engagements/{id}/rate", kit.AnyUser, 0, m.pageEngagementRate},
		{"POST", "/engagements/{id}/{step}", kit.AnyUser, 0, m.pageEngagementStep},
		{"GET", "/matching", tMatch, 0, m.pageMatching},
		{"POST", "/matching", tMatch, 0, m.pageMatchPlan},
		{"GET", "/matching/{id}", tMatch, 0, m.pageMatchRun},
		{"POST", "/matching/{id}/apply", tMatch, 0, m.pageMatchApply},
		{"GET", "/talent-report", tRead, 0, m.pageReport},
		{"GET", "/fund", tRead, 0, m.pageFund},
		{"POST", "/fund/requests", tWrite, 0, m.pageFundRequest},
		{"POST", "/fund/decide", auth.PermFundApprove, 0, m.pageFundDecide},
		{"POST", "/fund/allocate", auth.PermFundApprove, 0, m.pageFundAllocate},
		{"POST", "/fund/correct", auth.PermFundApprove, 0, m.pageFundCorrect},
		{"GET", "/notifications", kit.AnyUser, 0, m.pageNotifications},
		{"POST", "/notifications/read", kit.AnyUser, 0, m.pageNotificationsRead},
		{"POST", "/interests", kit.AnyUser, 0, m.pageInterestSave},
		{"POST", "/interests/{id}/delete", kit.AnyUser, 0, m.pageInterestDelete},
	}
}

func (m *Module) apiRoutes(tRead, tWrite, tMatch string) []kit.Route {
	return []kit.Route{
		{"GET", "/api/v1/skills", kit.AnyUser, 0, m.apiSkills},
		{"GET", "/api/v1/talents", tRead, 0, m.apiTalents},
		{"POST", "/api/v1/talents", tWrite, 0, m.apiTalentCreate},
		{"GET", "/api/v1/talents/{id}", tRead, 0, m.apiTalent},
		{"PUT", "/api/v1/talents/{id}", tWrite, 0, m.apiTalentUpdate},
		{"POST", "/api/v1/talents/{id}/status", tWrite, 0, m.apiTalentStatus},
		{"POST", "/api/v1/talents/{id}/reveal", auth.PermPIIReveal, 0, m.apiTalentReveal},
		{"GET", "/api/v1/talents/{id}/demands", tRead, 0, m.apiTalentDemands},
		{"GET", "/api/v1/talents/{id}/points", tRead, 0, m.apiTalentPoints},
		{"POST", "/api/v1/points/{id}/corrections", auth.PermTalentVerify, 0, m.apiPointsCorrect},
		{"PUT", "/api/v1/points/{id}", tWrite, 0, m.apiLedgerEdit},
		{"DELETE", "/api/v1/points/{id}", tWrite, 0, m.apiLedgerEdit},
		{"GET", "/api/v1/demands", tRead, 0, m.apiDemands},
		{"POST", "/api/v1/demands", tWrite, 0, m.apiDemandCreate},
		{"GET", "/api/v1/demands/{id}", tRead, 0, m.apiDemand},
		{"PUT", "/api/v1/demands/{id}", tWrite, 0, m.apiDemandUpdate},
		{"POST", "/api/v1/demands/{id}/status", tWrite, 0, m.apiDemandStatus},
		{"GET", "/api/v1/demands/{id}/talents", tRead, 0, m.apiDemandTalents},
		{"POST", "/api/v1/demands/{id}/invitations", tMatch, 0, m.apiDemandInvite},
		{"GET", "/api/v1/engagements/{id}", kit.AnyUser, 0, m.apiEngagement},
		{"POST", "/api/v1/engagements/{id}/rating", kit.AnyUser, 0, m.apiEngagementRate},
		{"POST", "/api/v1/engagements/{id}/{step}", kit.AnyUser, 0, m.apiEngagementStep},
		{"POST", "/api/v1/matching", tMatch, 0, m.apiMatchPlan},
		{"GET", "/api/v1/matching/{id}", tMatch, 0, m.apiMatchRun},
		{"POST", "/api/v1/matching/{id}/apply", tMatch, 0, m.apiMatchApply},
		{"GET", "/api/v1/fund", tRead, 0, m.apiFund},
		{"POST", "/api/v1/fund/allocations", auth.PermFundApprove, 0, m.apiFundAllocate},
		{"POST", "/api/v1/fund/requests", tWrite, 0, m.apiFundRequest},
		{"POST", "/api/v1/fund/requests/{id}/decision", auth.PermFundApprove, 0, m.apiFundDecide},
		{"POST", "/api/v1/fund/entries/{id}/corrections", auth.PermFundApprove, 0, m.apiFundCorrect},
		{"PUT", "/api/v1/fund/entries/{id}", auth.PermFundApprove, 0, m.apiLedgerEdit},
		{"DELETE", "/api/v1/fund/entries/{id}", auth.PermFundApprove, 0, m.apiLedgerEdit},
		{"GET", "/api/v1/talent-report", tRead, 0, m.apiReport},
		{"GET", "/api/v1/notifications", kit.AnyUser, 0, m.apiNotifications},
		{"POST", "/api/v1/join", kit.Public, 0, m.apiJoin},
		{"GET", "/api/v1/me/talent", auth.PermTalentSelf, 0, m.apiMeTalent},
		{"PUT", "/api/v1/me/talent", auth.PermTalentSelf, 0, m.apiMeTalentUpdate},
	}
}
