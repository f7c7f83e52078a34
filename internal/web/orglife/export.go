package orglife

import (
	"net/http"
	"strconv"

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
	return func(sw kit.Sheet) error {
		var hdr []string
		for _, k := range append(append([]string{}, meetingCols...), "meeting.place", "meeting.lecturer", "meeting.expected", "meeting.present") {
			hdr = append(hdr, kit.Tr(lang, k))
		}
		sw.Row(hdr...)
		return m.Orglife.Each(r.Context(), p.Scope, f, func(x orglife.Meeting) error {
			return sw.Row(x.HeldOn, kit.Tr(lang, "meeting.kind."+string(x.Kind)), x.Title, x.OrgName, x.Topic,
				strconv.Itoa(x.Present)+"/"+strconv.Itoa(x.Expected), x.Place, x.Lecturer, strconv.Itoa(x.Expected), strconv.Itoa(x.Present))
		})
	}, nil
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
