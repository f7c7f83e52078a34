package weak

import (
	"net/http"
	"strconv"

	"dangjian/internal/db"
	"dangjian/internal/weak"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the cases with the
// list's filters, and the supervision visits.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"weak": {Prepare: m.exportCases}, "supervision": {Prepare: m.exportVisits}}
}

func (m *Module) exportCases(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := weakFilter(r)
	if err != nil {
		return nil, err
	}
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, "weak.case", "weak.org", "weak.status", "weak.reasons", "weak.tasks_open", "weak.opened_on", "weak.closed_on")...)
		return kit.PagedRows(sw, func(pg db.Page) ([]weak.Case, error) {
			f.Page = pg
			items, _, err := m.Weak.List(r.Context(), p.Scope, f)
			return items, err
		}, func(c weak.Case) []string {
			return []string{"#" + kit.Itoa(c.ID), c.OrgName, kit.Tr(lang, "weak.status."+string(c.Status)), reasonText(lang, c.Reasons), strconv.Itoa(c.TasksOpen), c.OpenedOn, c.ClosedOn}
		})
	}, nil
}

func (m *Module) exportVisits(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, "supervision.visited_on", "weak.org", "supervision.inspectors", "supervision.follow_up")...)
		return kit.PagedRows(sw, func(pg db.Page) ([]weak.Visit, error) {
			items, _, err := m.Weak.ListVisits(r.Context(), p.Scope, pg)
			return items, err
		}, func(v weak.Visit) []string { return []string{v.VisitedOn, v.OrgName, v.Inspectors, v.FollowUp} })
	}, nil
}
