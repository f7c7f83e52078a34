package web

import "dangjian/internal/auth"

// vanguardRoutes are the pages of vanguard teams (党员先锋队), study and
// training plans (学习, 送学上门, 白衣书记) and activity invitations for mobile members.
// Teams and plans belong to an org and invitations to the inviting org:
// the registry permissions apply, scoped to the org's path; a mobile
// member is reached through the area they live in.
func (s *Server) vanguardRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/vanguard", read, 0, s.pageTeams},
		{"GET", "/vanguard/new", write, 0, s.pageTeamNew},
		{"POST", "/vanguard", write, 0, s.pageTeamCreate},
		{"GET", "/vanguard/{id}", read, 0, s.pageTeam},
		{"POST", "/vanguard/{id}/members", write, 0, s.pageTeamMember},
		{"POST", "/vanguard/{id}/activities", write, 0, s.pageTeamActivity},
		{"GET", "/vanguard/{id}/edit", write, 0, s.pageTeamEdit},
		{"POST", "/vanguard/{id}", write, 0, s.pageTeamUpdate},
		{"POST", "/vanguard/{id}/delete", write, 0, s.pageTeamDelete},
		{"POST", "/vanguard/{id}/members/remove", write, 0, s.pageTeamMemberRemove},
		{"POST", "/vanguard/{id}/activities/delete", write, 0, s.pageTeamActivityDelete},
		{"GET", "/training", read, 0, s.pagePlans},
		{"GET", "/training/new", write, 0, s.pagePlanNew},
		{"POST", "/training", write, 0, s.pagePlanCreate},
		{"GET", "/training/{id}", read, 0, s.pagePlan},
		{"POST", "/training/{id}/sessions", write, 0, s.pagePlanSession},
		{"GET", "/training/{id}/edit", write, 0, s.pagePlanEdit},
		{"POST", "/training/{id}", write, 0, s.pagePlanUpdate},
		{"POST", "/training/{id}/delete", write, 0, s.pagePlanDelete},
		{"POST", "/training/{id}/sessions/delete", write, 0, s.pagePlanSessionDelete},
		{"GET", "/invitations", read, 0, s.pageInvitations},
		{"GET", "/invitations/members", read, 0, s.pageInvitationMembers},
		{"POST", "/invitations/{id}/attendance", write, 0, s.pageInvitationAttendance},
		{"GET", "/mobile/invitations", AnyUser, 0, s.pageMyInvitations},
		{"GET", "/mobile/{id}", read, 0, s.pageMobileMember},
		{"POST", "/mobile/{id}/invitations", write, 0, s.pageMobileInvite},
	}
}
