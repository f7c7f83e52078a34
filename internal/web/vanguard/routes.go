// Package vanguard is the HTTP side of vanguard teams (党员先锋队), study
// and training plans (学习, 送学上门, 白衣书记) and activity invitations for
// mobile members: their pages, forms, JSON API and exports. Teams and plans
// belong to an org and invitations to the inviting org: the registry
// permissions apply, scoped to the org's path; a mobile member is reached
// through the area they live in.
package vanguard

import (
	"dangjian/internal/auth"
	"dangjian/internal/declaration"
	"dangjian/internal/org"
	"dangjian/internal/vanguard"
	"dangjian/internal/web/kit"
)

// Module serves the vanguard, training and invitation pages and API.
type Module struct {
	*kit.Kit
	Vanguard     *vanguard.Store
	Declarations *declaration.Store
	Orgs         *org.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(vanguard.Focuses)
	kit.Enum(vanguard.PlanKinds)
	kit.Enum(declaration.InvitationStatuses)
	kit.Enum(declaration.EventKinds)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/vanguard", read, 0, m.pageTeams),
		kit.R("GET", "/vanguard/new", write, 0, m.pageTeamNew),
		kit.R("POST", "/vanguard", write, 0, m.pageTeamCreate),
		kit.R("GET", "/vanguard/{id}", read, 0, m.pageTeam),
		kit.R("POST", "/vanguard/{id}/members", write, 0, m.pageTeamMember),
		kit.R("POST", "/vanguard/{id}/activities", write, 0, m.pageTeamActivity),
		kit.R("GET", "/vanguard/{id}/edit", write, 0, m.pageTeamEdit),
		kit.R("POST", "/vanguard/{id}", write, 0, m.pageTeamUpdate),
		kit.R("POST", "/vanguard/{id}/delete", write, 0, m.pageTeamDelete),
		kit.R("POST", "/vanguard/{id}/members/remove", write, 0, m.pageTeamMemberRemove),
		kit.R("POST", "/vanguard/{id}/activities/delete", write, 0, m.pageTeamActivityDelete),
		kit.R("GET", "/training", read, 0, m.pagePlans),
		kit.R("GET", "/training/new", write, 0, m.pagePlanNew),
		kit.R("POST", "/training", write, 0, m.pagePlanCreate),
		kit.R("GET", "/training/{id}", read, 0, m.pagePlan),
		kit.R("POST", "/training/{id}/sessions", write, 0, m.pagePlanSession),
		kit.R("GET", "/training/{id}/edit", write, 0, m.pagePlanEdit),
		kit.R("POST", "/training/{id}", write, 0, m.pagePlanUpdate),
		kit.R("POST", "/training/{id}/delete", write, 0, m.pagePlanDelete),
		kit.R("POST", "/training/{id}/sessions/delete", write, 0, m.pagePlanSessionDelete),
		kit.R("GET", "/invitations", read, 0, m.pageInvitations),
		kit.R("GET", "/invitations/members", read, 0, m.pageInvitationMembers),
		kit.R("POST", "/invitations/{id}/attendance", write, 0, m.pageInvitationAttendance),
		kit.R("GET", "/mobile/invitations", kit.AnyUser, 0, m.pageMyInvitations),
		kit.R("GET", "/mobile/{id}", read, 0, m.pageMobileMember),
		kit.R("POST", "/mobile/{id}/invitations", write, 0, m.pageMobileInvite),

		kit.R("GET", "/api/v1/vanguard", read, 0, kit.APIList(teamFilter, m.Vanguard.ListTeams)),
		kit.R("POST", "/api/v1/vanguard", write, 0, kit.APICreate(201, m.apiTeamCreate)),
		kit.R("GET", "/api/v1/vanguard/{id}", read, 0, kit.APIGet(m.Vanguard.GetTeam)),
		kit.R("PUT", "/api/v1/vanguard/{id}", write, 0, kit.APIChange(200, m.apiTeamUpdate)),
		kit.R("DELETE", "/api/v1/vanguard/{id}", write, 0, kit.APIDelete(m.Vanguard.DeleteTeam)),
		kit.R("DELETE", "/api/v1/vanguard/{id}/members/{person}", write, 0, kit.APIChange(204, m.apiTeamMemberRemove)),
		kit.R("DELETE", "/api/v1/vanguard/{id}/activities/{activity}", write, 0, kit.APIChange(204, m.apiTeamActivityDelete)),
		kit.R("POST", "/api/v1/vanguard/{id}/members", write, 0, kit.APIChange(201, m.apiTeamMember)),
		kit.R("POST", "/api/v1/vanguard/{id}/activities", write, 0, kit.APIChange(201, m.apiTeamActivity)),
		kit.R("GET", "/api/v1/training", read, 0, kit.APIList(planFilter, m.Vanguard.ListPlans)),
		kit.R("POST", "/api/v1/training", write, 0, kit.APICreate(201, m.apiPlanCreate)),
		kit.R("GET", "/api/v1/training/{id}", read, 0, kit.APIGet(m.Vanguard.GetPlan)),
		kit.R("PUT", "/api/v1/training/{id}", write, 0, kit.APIChange(200, m.apiPlanUpdate)),
		kit.R("DELETE", "/api/v1/training/{id}", write, 0, kit.APIDelete(m.Vanguard.DeletePlan)),
		kit.R("DELETE", "/api/v1/training/{id}/sessions/{session}", write, 0, kit.APIChange(204, m.apiPlanSessionDelete)),
		kit.R("POST", "/api/v1/training/{id}/sessions", write, 0, kit.APIChange(201, m.apiPlanSession)),
		kit.R("GET", "/api/v1/invitations", read, 0, kit.APIList(invitationQuery, m.Declarations.Invitations)),
		kit.R("GET", "/api/v1/invitations/members", read, 0, kit.APIList(mobileQuery, m.mobileMembers)),
		kit.R("POST", "/api/v1/invitations/{id}/attendance", write, 0, kit.APIChange(200, m.apiInvitationAttendance)),
		kit.R("GET", "/api/v1/mobile/invitations", kit.AnyUser, 0, kit.APIList(myInvitationQuery, m.myInvitations)),
		kit.R("POST", "/api/v1/mobile/{id}/invitations", write, 0, kit.APIChange(201, m.apiMobileInvite)),
	}
}
