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
		{"GET", "/vanguard", read, 0, m.pageTeams},
		{"GET", "/vanguard/new", write, 0, m.pageTeamNew},
		{"POST", "/vanguard", write, 0, m.pageTeamCreate},
		{"GET", "/vanguard/{id}", read, 0, m.pageTeam},
		{"POST", "/vanguard/{id}/members", write, 0, m.pageTeamMember},
		{"POST", "/vanguard/{id}/activities", write, 0, m.pageTeamActivity},
		{"GET", "/vanguard/{id}/edit", write, 0, m.pageTeamEdit},
		{"POST", "/vanguard/{id}", write, 0, m.pageTeamUpdate},
		{"POST", "/vanguard/{id}/delete", write, 0, m.pageTeamDelete},
		{"POST", "/vanguard/{id}/members/remove", write, 0, m.pageTeamMemberRemove},
		{"POST", "/vanguard/{id}/activities/delete", write, 0, m.pageTeamActivityDelete},
		{"GET", "/training", read, 0, m.pagePlans},
		{"GET", "/training/new", write, 0, m.pagePlanNew},
		{"POST", "/training", write, 0, m.pagePlanCreate},
		{"GET", "/training/{id}", read, 0, m.pagePlan},
		{"POST", "/training/{id}/sessions", write, 0, m.pagePlanSession},
		{"GET", "/training/{id}/edit", write, 0, m.pagePlanEdit},
		{"POST", "/training/{id}", write, 0, m.pagePlanUpdate},
		{"POST", "/training/{id}/delete", write, 0, m.pagePlanDelete},
		{"POST", "/training/{id}/sessions/delete", write, 0, m.pagePlanSessionDelete},
		{"GET", "/invitations", read, 0, m.pageInvitations},
		{"GET", "/invitations/members", read, 0, m.pageInvitationMembers},
		{"POST", "/invitations/{id}/attendance", write, 0, m.pageInvitationAttendance},
		{"GET", "/mobile/invitations", kit.AnyUser, 0, m.pageMyInvitations},
		{"GET", "/mobile/{id}", read, 0, m.pageMobileMember},
		{"POST", "/mobile/{id}/invitations", write, 0, m.pageMobileInvite},

		{"GET", "/api/v1/vanguard", read, 0, m.apiTeams},
		{"POST", "/api/v1/vanguard", write, 0, m.apiTeamCreate},
		{"GET", "/api/v1/vanguard/{id}", read, 0, kit.APIGet(m.Vanguard.GetTeam)},
		{"PUT", "/api/v1/vanguard/{id}", write, 0, kit.APIChange(200, m.apiTeamUpdate)},
		{"DELETE", "/api/v1/vanguard/{id}", write, 0, kit.APIDelete(m.Vanguard.DeleteTeam)},
		{"DELETE", "/api/v1/vanguard/{id}/members/{person}", write, 0, kit.APIChange(204, m.apiTeamMemberRemove)},
		{"DELETE", "/api/v1/vanguard/{id}/activities/{activity}", write, 0, kit.APIChange(204, m.apiTeamActivityDelete)},
		{"POST", "/api/v1/vanguard/{id}/members", write, 0, kit.APIChange(201, m.apiTeamMember)},
		{"POST", "/api/v1/vanguard/{id}/activities", write, 0, kit.APIChange(201, m.apiTeamActivity)},
		{"GET", "/api/v1/training", read, 0, m.apiPlans},
		{"POST", "/api/v1/training", write, 0, m.apiPlanCreate},
		{"GET", "/api/v1/training/{id}", read, 0, kit.APIGet(m.Vanguard.GetPlan)},
		{"PUT", "/api/v1/training/{id}", write, 0, kit.APIChange(200, m.apiPlanUpdate)},
		{"DELETE", "/api/v1/training/{id}", write, 0, kit.APIDelete(m.Vanguard.DeletePlan)},
		{"DELETE", "/api/v1/training/{id}/sessions/{session}", write, 0, kit.APIChange(204, m.apiPlanSessionDelete)},
		{"POST", "/api/v1/training/{id}/sessions", write, 0, kit.APIChange(201, m.apiPlanSession)},
		{"GET", "/api/v1/invitations", read, 0, m.apiInvitations},
		{"GET", "/api/v1/invitations/members", read, 0, m.apiMobileMembers},
		{"POST", "/api/v1/invitations/{id}/attendance", write, 0, kit.APIChange(200, m.apiInvitationAttendance)},
		{"GET", "/api/v1/mobile/invitations", kit.AnyUser, 0, m.apiMyInvitations},
		{"POST", "/api/v1/mobile/{id}/invitations", write, 0, kit.APIChange(201, m.apiMobileInvite)},
	}
}
