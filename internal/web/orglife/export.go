package orglife

import (
	"net/http"

	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the meetings with the
// list's filters, and the compliance report.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"meetings": {Prepare: m.exportMeetings}, "orglife-compliance": {Prepare: m.exportCompliance}}
}

// exportMeetings writes the meeting list with the list's filters.
func (m *Module) exportMeetings(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	f, _, err := meetingFilter(r)
	if err != nil {
		return nil, err
	}
	return meetingTable.Export(lang, func(fn func(orglife.Meeting) error) error {
		return m.Orglife.Each(r.Context(), p.Scope, f, fn)
	}), nil
}

// exportCompliance writes the compliance report: the committee groups,
// then every branch.
func (m *Module) exportCompliance(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	period, root, err := complianceQuery(r)
	if err != nil {
		return nil, err
	}
	rep, err := m.Orglife.Compliance(r.Context(), p.Scope, period, root)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		for _, g := range []struct {
			key  string
			rows []orglife.Row
		}{{"compliance.groups", rep.Groups}, {"compliance.branch_rows", rep.Branches}} {
			sw.Row(kit.Tr(lang, g.key))
			sw.Row(complianceHeader(lang)...)
			for _, row := range g.rows {
				sw.Row(complianceCells(lang, row)...)
			}
			sw.Row()
		}
		return nil
	}, nil
}
