package web

import (
	"net/http"

	"dangjian/internal/declaration"
	"dangjian/internal/vanguard"
	"dangjian/internal/web/kit"
)

// vanguardExport writes the vanguard teams, the study and training plans or
// the mobile members' invitations of the scope, with the list's filters.
func (s *Server) vanguardExport(r *http.Request, p *Principal, kind string) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	header := func(sw kit.Sheet, keys []string) {
		row := make([]string, len(keys))
		for i, k := range keys {
			row[i] = kit.Tr(lang, k)
		}
		sw.Row(row...)
	}
	switch kind {
	case "vanguard":
		f, _, err := teamFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			header(sw, append(teamCols, "vanguard.note"))
			return s.vanguard().EachTeam(r.Context(), p.Scope, f, func(t vanguard.Team) error {
				return sw.Row(append(teamRow(lang, t), t.Note)...)
			})
		}, nil
	case "training":
		f, _, err := planFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			header(sw, append(studyPlanCols, "training.note"))
			return s.vanguard().EachPlan(r.Context(), p.Scope, f, func(x vanguard.Plan) error {
				return sw.Row(append(studyPlanRow(lang, x), x.Note)...)
			})
		}, nil
	case "mobile-members":
		return func(sw kit.Sheet) error {
			header(sw, mobileMemberCols)
			return s.declarations().EachMobileMember(r.Context(), p.Scope, r.URL.Query().Get("q"), func(d declaration.Declaration) error {
				return sw.Row(d.Name, d.PhoneMask, d.AreaName, d.HomeOrg)
			})
		}, nil
	}
	f, _, err := invitationFilter(r)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		header(sw, invitationCols)
		return s.declarations().EachInvitation(r.Context(), p.Scope, f, func(x declaration.Invitation) error {
			return sw.Row(invitationTexts(lang, x)...)
		})
	}, nil
}
