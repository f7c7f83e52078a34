package vanguard

import (
	"dangjian/internal/declaration"
	"dangjian/internal/web/kit"
	"net/http"
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
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, mobileMemberCols...)...)
		return m.Declarations.EachMobileMember(r.Context(), p.Scope, r.URL.Query().Get("q"), func(d declaration.Declaration) error {
			return sw.Row(d.Name, d.PhoneMask, d.AreaName, d.HomeOrg)
		})
	}, nil
}

func (m *Module) exportInvitations(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := invitationFilter(r)
	if err != nil {
		return nil, err
	}
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, invitationCols...)...)
		return m.Declarations.EachInvitation(r.Context(), p.Scope, f, func(x declaration.Invitation) error {
			return sw.Row(invitationTexts(lang, x)...)
		})
	}, nil
}
