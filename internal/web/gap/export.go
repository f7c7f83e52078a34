package gap

import (
	"net/http"

	"dangjian/internal/gap"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the action list with
// the list's filters, and the coverage tables.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"gaps": {Prepare: m.exportActions}, "gap-coverage": {Prepare: m.exportCoverage}}
}

// exportCoverage writes the coverage tables, one after another.
func (m *Module) exportCoverage(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	c, err := m.Gaps.Report(r.Context(), p.Scope)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		for _, g := range gapCovGroups(lang, c) {
			sw.Row(kit.Tr(lang, g.key))
			var hdr []string
			for _, k := range gapCovCols {
				hdr = append(hdr, kit.Tr(lang, k))
			}
			sw.Row(hdr...)
			for _, x := range g.rows {
				sw.Row(gapCovCells(x)...)
			}
			sw.Row()
		}
		return nil
	}, nil
}

// exportActions writes the action list, with the close reason.
func (m *Module) exportActions(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	f, _, err := gapFilter(r, p)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		var hdr []string
		for _, k := range gapCols {
			hdr = append(hdr, kit.Tr(lang, k))
		}
		sw.Row(append(hdr, kit.Tr(lang, "gap.close_reason"))...)
		return m.Gaps.Each(r.Context(), p.Scope, f, func(x gap.Action) error {
			var cells []string
			for _, c := range gapRow(lang, x) {
				cells = append(cells, c.Text)
			}
			reason := ""
			if x.Status == gap.Closed {
				reason = kit.Tr(lang, "gap.reason."+x.CloseReason) + " " + closeNote(lang, x.CloseNote)
			}
			return sw.Row(append(cells, reason)...)
		})
	}, nil
}
