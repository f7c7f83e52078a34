package gap

import (
	"net/http"

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

// exportActions writes the action list with the list's filters.
func (m *Module) exportActions(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := gapFilter(r, p)
	if err != nil {
		return nil, err
	}
	return actionTable.Export(kit.LangOf(r), func(fn func(action) error) error {
		return m.Gaps.Each(r.Context(), p.Scope, f, fn)
	}), nil
}
