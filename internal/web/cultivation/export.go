package cultivation

import (
	"net/http"

	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the pipeline with the
// list's filters, and the dual-cultivation register.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"recruits": {Prepare: kit.ListExport(recruitFilter, recruitTable, m.Cultivation.Each)}, "dual": {Prepare: m.exportDuals}}
}

func (m *Module) exportDuals(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	sector, dir, err := dualFilter(r)
	if err != nil {
		return nil, err
	}
	return dualTable.Export(lang, func(fn func(dual) error) error {
		return m.Cultivation.EachDual(r.Context(), p.Scope, sector, dir, fn)
	}), nil
}
