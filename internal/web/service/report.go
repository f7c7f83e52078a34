package service

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/order"
	"dangjian/internal/web/kit"
)

// The satisfaction and workload report: charts and tables by month,
// category, post and unit.

// reportRange reads from (YYYY-MM) and months; the default is the last 12
// months up to this one.
func reportRange(r *http.Request) (time.Time, time.Time, error) {
	now := time.Now().In(order.Sanya)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, order.Sanya).AddDate(0, -11, 0)
	if v := strings.TrimSpace(r.URL.Query().Get("from")); v != "" {
		t, err := time.ParseInLocation("2006-01", v, order.Sanya)
		if err != nil {
			return from, from, apperr.InvalidField("from", "err.date")
		}
		from = t
	}
	months, err := kit.QueryInt(r, "months", 12, 1, 36)
	if err != nil {
		return from, from, err
	}
	return from, from.AddDate(0, months, 0), nil
}

func (m *Module) pageServiceReport(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	from, to, err := reportRange(r)
	if err != nil {
		return err
	}
	rep, err := m.Orders.Stats(r.Context(), p.Scope, from, to)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	groups := statGroups(lang, rep)
	pct := func(f float64) float64 { return float64(int(f*1000+0.5)) / 10 }
	chart := func(title string, rows []order.StatRow, line bool) kit.Chart {
		kind := "bar"
		if line {
			kind = "line"
		}
		c := kit.Chart{Title: title, Series: []kit.ChartSeries{{Name: kit.Tr(lang, "stat.satisfaction") + " %", Type: kind}, {Name: kit.Tr(lang, "stat.overdue_rate") + " %", Type: kind}, {Name: kit.Tr(lang, "stat.median_hours"), Type: kind}}}
		for i, x := range rows {
			if i >= 20 {
				break
			}
			c.Categories = append(c.Categories, x.Name)
			c.Series[0].Data = append(c.Series[0].Data, pct(x.Satisfaction))
			c.Series[1].Data = append(c.Series[1].Data, pct(x.OverdueRate))
			c.Series[2].Data = append(c.Series[2].Data, float64(int(x.MedianHours*10))/10)
		}
		return c
	}
	var encoded []string
	for _, c := range []kit.Chart{chart(kit.Tr(lang, "stat.by_month"), groups[1].rows, true), chart(kit.Tr(lang, "stat.by_category"), groups[2].rows, false),
		chart(kit.Tr(lang, "stat.by_post"), groups[3].rows, false), chart(kit.Tr(lang, "stat.by_unit"), groups[4].rows, false)} {
		b, _ := json.Marshal(c)
		encoded = append(encoded, string(b))
	}
	var secs []kit.Section
	hdr := []kit.Col{}
	for _, k := range []string{"report.name", "stat.orders", "stat.closed", "stat.median_hours", "stat.overdue_rate", "stat.rated", "stat.satisfaction"} {
		hdr = append(hdr, kit.Col{Key: k})
	}
	for _, g := range groups {
		var rows [][]kit.Cell
		for _, x := range g.rows {
			var cs []kit.Cell
			for _, t := range statCells(x) {
				cs = append(cs, kit.Cell{Text: t})
			}
			rows = append(rows, cs)
		}
		secs = append(secs, kit.Section{Key: g.key, Cols: hdr, Rows: rows})
	}
	months := int(to.Sub(from).Hours()/24/30 + 0.5)
	kit.Report.Render(m.Kit, w, r, http.StatusOK, kit.ReportPage{Title: kit.Tr(lang, "nav.service_report"), Charts: encoded, Sections: secs,
		From: from.Format("2006-01"), Months: months, Action: "/service-report",
		Export: fmt.Sprintf("/export/service-report?format=xlsx&from=%s&months=%d", from.Format("2006-01"), months)})
	return nil
}
