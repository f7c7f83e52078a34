package service

import (
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/order"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the post list, the
// order list and the satisfaction and workload report, each for those who
// may read the service network. Orderers' contacts stay masked.
func (m *Module) Exports() map[string]kit.Export {
	read := auth.PermServiceRead
	return map[string]kit.Export{
		"posts":          {Perm: read, Prepare: kit.ListExport(postFilter, postTable, m.Posts.Each)},
		"orders":         {Perm: read, Prepare: kit.ListExport(orderFilter, orderTable, m.Orders.Each)},
		"service-report": {Perm: read, Prepare: m.exportReport},
	}
}

func (m *Module) exportReport(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	from, to, err := reportRange(r)
	if err != nil {
		return nil, err
	}
	rep, err := m.Orders.Stats(r.Context(), p.Scope, from, to)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		for _, g := range statGroups(lang, rep) {
			sw.Row(kit.Tr(lang, g.key))
			sw.Row(statHeader(lang)...)
			for _, x := range g.rows {
				sw.Row(statCells(x)...)
			}
			sw.Row()
		}
		return nil
	}, nil
}

func statHeader(lang string) []string {
	var out []string
	for _, k := range []string{"report.name", "stat.orders", "stat.closed", "stat.median_hours", "stat.overdue_rate", "stat.rated", "stat.satisfaction"} {
		out = append(out, kit.Tr(lang, k))
	}
	return out
}

func statCells(x order.StatRow) []string {
	return []string{x.Name, strconv.Itoa(x.Orders), strconv.Itoa(x.Closed), fmt.Sprintf("%.1f", x.MedianHours),
		fmt.Sprintf("%.1f%%", 100*x.OverdueRate), strconv.Itoa(x.Rated), fmt.Sprintf("%.1f%%", 100*x.Satisfaction)}
}

type statGroup struct {
	key  string
	rows []order.StatRow
}

// statGroups names the report's groups; categories get their display names.
func statGroups(lang string, rep order.Report) []statGroup {
	cats := make([]order.StatRow, len(rep.ByCategory))
	for i, x := range rep.ByCategory {
		x.Name = kit.Tr(lang, "svc.cat."+x.Key)
		cats[i] = x
	}
	total := rep.Total
	total.Name = kit.Tr(lang, "stat.total")
	return []statGroup{{"stat.total", []order.StatRow{total}}, {"stat.by_month", rep.ByMonth}, {"stat.by_category", cats},
		{"stat.by_post", rep.ByPost}, {"stat.by_unit", rep.ByUnit}}
}
