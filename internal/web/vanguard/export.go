package vanguard

import (
	"net/http"

	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the vanguard teams,
// the study and training plans, the mobile members' invitations and the
// mobile members of the scope, each with its list's filters.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"vanguard": {Prepare: kit.ListExport(teamFilter, teamTable, m.Vanguard.EachTeam)}, "training": {Prepare: kit.ListExport(planFilter, planTable, m.Vanguard.EachPlan)},
		"invitations": {Prepare: kit.ListExport(invitationFilter, invitationTable, m.Declarations.EachInvitation)}, "mobile-members": {Prepare: m.exportMobileMembers}}
}

func (m *Module) exportMobileMembers(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	q := r.URL.Query().Get("q")
	return mobileMemberTable.Export(kit.LangOf(r), func(fn func(mobileMember) error) error {
		return m.Declarations.EachMobileMember(r.Context(), p.Scope, q, fn)
	}), nil
}
