package weak

import (
	"net/http"

	"dangjian/internal/weak"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the cases with the
// list's filters, and the supervision visits.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"weak": {Prepare: kit.ListExport(weakFilter, caseTable, m.Weak.Each)}, "supervision": {Prepare: m.exportVisits}}
}

func (m *Module) exportVisits(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	return visitTable.Export(kit.LangOf(r), func(fn func(weak.Visit) error) error {
		return m.Weak.EachVisit(r.Context(), p.Scope, fn)
	}), nil
}
