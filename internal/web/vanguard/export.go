package vanguard

import (
	"net/http"

	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the vanguard teams,
// the study and training plans, the mobile members' invitations and the
// mobile members of the scope, each with its list's filters.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"vanguard": {Prepare: m.exportTeams}, "training": {Prepare: m.exportPlans},
		"invitations": {Prepare: m.exportInvitations}, "mobile-members": {Prepare: m.exportMobileMembers}}
}

func (m *Module) exportTeams(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := teamFilter(r)
	if err != nil {
		return nil, err
	}
	return teamTable.Export(kit.LangOf(r), func(fn func(team) error) error {
		return m.Vanguard.EachTeam(r.Context(), p.Scope, f, fn)
	}), nil
}

func (m *Module) exportPlans(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := planFilter(r)
	if err != nil {
		return nil, err
	}
	return planTable.Export(kit.LangOf(r), func(fn func(plan) error) error {
		return m.Vanguard.EachPlan(r.Context(), p.Scope, f, fn)
	}), nil
}

func (m *Module) exportMobileMembers(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	q := r.URL.Query().Get("q")
	return mobileMemberTable.Export(kit.LangOf(r), func(fn func(mobileMember) error) error {
		return m.Declarations.EachMobileMember(r.Context(), p.Scope, q, fn)
	}), nil
}

func (m *Module) exportInvitations(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := invitationFilter(r)
	if err != nil {
		return nil, err
	}
	return invitationTable.Export(kit.LangOf(r), func(fn func(invitation) error) error {
		return m.Declarations.EachInvitation(r.Context(), p.Scope, f, fn)
	}), nil
}
