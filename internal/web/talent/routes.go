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

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(talent.Statuses)
	kit.Enum(talent.Modes)
	kit.Enum(talent.DemandStatuses)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	tRead, tWrite, tMatch := auth.PermTalentRead, auth.PermTalentWrite, auth.PermTalentMatch
	return append(m.pageRoutes(tRead, tWrite, tMatch), m.apiRoutes(tRead, tWrite, tMatch)...)
}

func (m *Module) pageRoutes(tRead, tWrite, tMatch string) []kit.Route {
	return []kit.Route{
		kit.R("GET", "/board", kit.Public, 0, m.pageBoard),
		kit.R("GET", "/board/{id}", kit.Public, 0, m.pageBoardDemand),
		kit.R("GET", "/join", kit.Public, 0, m.pageJoin),
		kit.R("POST", "/join", kit.Public, 0, m.pageJoinPost),
		kit.R("GET", "/me/talent", auth.PermTalentSelf, 0, m.pageMe),
		kit.R("GET", "/me/talent/edit", auth.PermTalentSelf, 0, m.pageMeEdit),
		kit.R("POST", "/me/talent", auth.PermTalentSelf, 0, m.pageMeUpdate),
		kit.R("GET", "/talents", tRead, 0, m.pageTalents),
		kit.R("GET", "/talents/new", tWrite, 0, m.pageTalentNew),
		kit.R("POST", "/talents", tWrite, 0, m.pageTalentCreate),
		kit.R("GET", "/talents/{id}", tRead, 0, m.pageTalent),
		kit.R("GET", "/talents/{id}/edit", tWrite, 0, m.pageTalentEdit),
		kit.R("POST", "/talents/{id}", tWrite, 0, m.pageTalentUpdate),
		kit.R("POST", "/talents/{id}/status", tWrite, 0, m.pageTalentStatus),
		kit.R("POST", "/talents/{id}/reveal", auth.PermPIIReveal, 0, m.pageTalentReveal),
		kit.R("POST", "/talents/{id}/honours", tWrite, 0, m.pageTalentHonour),
		kit.R("POST", "/points/correct", auth.PermTalentVerify, 0, m.pagePointsCorrect),
		kit.R("GET", "/demands", tRead, 0, m.pageDemands),
		kit.R("GET", "/demands/new", tWrite, 0, m.pageDemandNew),
		kit.R("POST", "/demands", tWrite, 0, m.pageDemandCreate),
		kit.R("GET", "/demands/{id}", tRead, 0, m.pageDemand),
		kit.R("GET", "/demands/{id}/edit", tWrite, 0, m.pageDemandEdit),
		kit.R("POST", "/demands/{id}", tWrite, 0, m.pageDemandUpdate),
		kit.R("POST", "/demands/{id}/status", tWrite, 0, m.pageDemandStatus),
		kit.R("POST", "/demands/{id}/invite", tMatch, 0, m.pageDemandInvite),
		kit.R("POST", "/engagements/{id}/rate", kit.AnyUser, 0, m.pageEngagementRate),
		kit.R("POST", "/engagements/{id}/{step}", kit.AnyUser, 0, m.pageEngagementStep),
		kit.R("GET", "/matching", tMatch, 0, m.pageMatching),
		kit.R("POST", "/matching", tMatch, 0, m.pageMatchPlan),
		kit.R("GET", "/matching/{id}", tMatch, 0, m.pageMatchRun),
		kit.R("POST", "/matching/{id}/apply", tMatch, 0, m.pageMatchApply),
		kit.R("GET", "/talent-report", tRead, 0, m.pageReport),
		kit.R("GET", "/fund", tRead, 0, m.pageFund),
		kit.R("POST", "/fund/requests", tWrite, 0, m.pageFundRequest),
		kit.R("POST", "/fund/decide", auth.PermFundApprove, 0, m.pageFundDecide),
		kit.R("POST", "/fund/allocate", auth.PermFundApprove, 0, m.pageFundAllocate),
		kit.R("POST", "/fund/correct", auth.PermFundApprove, 0, m.pageFundCorrect),
		kit.R("GET", "/notifications", kit.AnyUser, 0, m.pageNotifications),
		kit.R("POST", "/notifications/read", kit.AnyUser, 0, m.pageNotificationsRead),
		kit.R("POST", "/interests", kit.AnyUser, 0, m.pageInterestSave),
		kit.R("POST", "/interests/{id}/delete", kit.AnyUser, 0, m.pageInterestDelete),
	}
}

func (m *Module) apiRoutes(tRead, tWrite, tMatch string) []kit.Route {
	fund := auth.PermFundApprove
	return []kit.Route{
		kit.R("GET", "/api/v1/skills", kit.AnyUser, 0, m.apiSkills),
		kit.R("GET", "/api/v1/talents", tRead, 0, kit.APIList(talentFilter, m.Talents.List)),
		kit.R("POST", "/api/v1/talents", tWrite, 0, kit.APICreate(http.StatusCreated, m.apiTalentCreate)),
		kit.R("GET", "/api/v1/talents/{id}", tRead, 0, kit.APIGet(m.getTalent)),
		kit.R("PUT", "/api/v1/talents/{id}", tWrite, 0, kit.APIChange(http.StatusOK, m.apiTalentUpdate)),
		kit.R("POST", "/api/v1/talents/{id}/status", tWrite, 0, kit.APIChange(http.StatusOK, m.apiTalentStatus)),
		kit.R("POST", "/api/v1/talents/{id}/reveal", auth.PermPIIReveal, 0, kit.APIChange(http.StatusOK, m.apiTalentReveal)),
		kit.R("GET", "/api/v1/talents/{id}/demands", tRead, 0, apiRead(m.apiTalentDemands)),
		kit.R("GET", "/api/v1/talents/{id}/points", tRead, 0, kit.APIGet(m.talentPoints)),
		kit.R("POST", "/api/v1/points/{id}/corrections", auth.PermTalentVerify, 0, kit.APIChange(http.StatusCreated, m.apiPointsCorrect)),
		kit.R("PUT", "/api/v1/points/{id}", tWrite, 0, kit.APIChange(http.StatusOK, m.apiLedgerEdit)),
		kit.R("DELETE", "/api/v1/points/{id}", tWrite, 0, kit.APIChange(http.StatusOK, m.apiLedgerEdit)),
		kit.R("GET", "/api/v1/demands", tRead, 0, kit.APIList(demandFilter, m.Talents.ListDemands)),
		kit.R("POST", "/api/v1/demands", tWrite, 0, kit.APICreate(http.StatusCreated, m.apiDemandCreate)),
		kit.R("GET", "/api/v1/demands/{id}", tRead, 0, kit.APIGet(m.Talents.GetDemand)),
		kit.R("PUT", "/api/v1/demands/{id}", tWrite, 0, kit.APIChange(http.StatusOK, m.apiDemandUpdate)),
		kit.R("POST", "/api/v1/demands/{id}/status", tWrite, 0, kit.APIChange(http.StatusOK, m.apiDemandStatus)),
		kit.R("GET", "/api/v1/demands/{id}/talents", tRead, 0, apiRead(m.apiDemandTalents)),
		kit.R("POST", "/api/v1/demands/{id}/invitations", tMatch, 0, kit.APIChange(http.StatusCreated, m.apiDemandInvite)),
		kit.R("GET", "/api/v1/engagements/{id}", kit.AnyUser, 0, apiRead(m.apiEngagement)),
		kit.R("POST", "/api/v1/engagements/{id}/rating", kit.AnyUser, 0, kit.APIChange(http.StatusOK, m.apiEngagementRate)),
		kit.R("POST", "/api/v1/engagements/{id}/{step}", kit.AnyUser, 0, kit.APIChange(http.StatusOK, m.apiEngagementStep)),
		kit.R("POST", "/api/v1/matching", tMatch, 0, m.apiMatchPlan),
		kit.R("GET", "/api/v1/matching/{id}", tMatch, 0, kit.APIGet(m.Talents.GetRun)),
		kit.R("POST", "/api/v1/matching/{id}/apply", tMatch, 0, kit.APIChange(http.StatusOK, m.apiMatchApply)),
		kit.R("GET", "/api/v1/fund", tRead, 0, m.apiFund),
		kit.R("POST", "/api/v1/fund/allocations", fund, 0, kit.APICreate(http.StatusOK, m.apiFundAllocate)),
		kit.R("POST", "/api/v1/fund/requests", tWrite, 0, kit.APICreate(http.StatusCreated, m.apiFundRequest)),
		kit.R("POST", "/api/v1/fund/requests/{id}/decision", fund, 0, kit.APIChange(http.StatusOK, m.apiFundDecide)),
		kit.R("POST", "/api/v1/fund/entries/{id}/corrections", fund, 0, kit.APIChange(http.StatusOK, m.apiFundCorrect)),
		kit.R("PUT", "/api/v1/fund/entries/{id}", fund, 0, kit.APIChange(http.StatusOK, m.apiLedgerEdit)),
		kit.R("DELETE", "/api/v1/fund/entries/{id}", fund, 0, kit.APIChange(http.StatusOK, m.apiLedgerEdit)),
		kit.R("GET", "/api/v1/talent-report", tRead, 0, m.apiReport),
		kit.R("GET", "/api/v1/notifications", kit.AnyUser, 0, m.apiNotifications),
		kit.R("POST", "/api/v1/join", kit.Public, 0, m.apiJoin),
		kit.R("GET", "/api/v1/me/talent", auth.PermTalentSelf, 0, m.apiMeTalent),
		kit.R("PUT", "/api/v1/me/talent", auth.PermTalentSelf, 0, kit.APICreate(http.StatusOK, m.apiMeTalentUpdate)),
	}
}
