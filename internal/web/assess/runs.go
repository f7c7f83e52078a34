package assess

import (
	"dangjian/internal/assess"
	"dangjian/internal/web/kit"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// A run's scores and ranking, and the four indices (四项指数) of a run.

func (m *Module) pageAssessRun(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.Assess.GetRun)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	cs := kit.Cols("assess.rank", "assess.org", "assess.parent", "assess.score")
	for _, i := range x.Indicators {
		cs = append(cs, kit.Col{Key: fmt.Sprintf("%s (%d%%)", i.Name, i.Weight)})
	}
	var rows [][]kit.Cell
	for _, sc := range x.Scores {
		row := []kit.Cell{{Text: strconv.Itoa(sc.Rank)}, {Text: sc.OrgName}, {Text: sc.ParentName}, {Text: num(sc.Score)}}
		for i := range x.Indicators {
			if i < len(sc.Norm) {
				row = append(row, kit.Cell{Text: num(sc.Norm[i]) + " (" + num(sc.Raw[i]) + ")"})
			}
		}
		rows = append(rows, row)
	}
	fields := []kit.KV{{Key: "assess.scheme", Text: x.SchemeName, Href: "/assess/" + kit.Itoa(x.SchemeID)}, {Key: "assess.version", Text: fmt.Sprintf("v%d", x.Version)},
		{Key: "assess.period", Text: x.Period}, {Key: "assess.state", Text: kit.Tr(lang, map[bool]string{true: "assess.state_open", false: "assess.state_closed"}[x.Open])}}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: x.SchemeName + " " + x.Period, Fields: fields,
		Sections: []kit.Section{{Key: "assess.ranking", Cols: cs, Rows: rows}},
		Actions: []kit.Link{{Href: "/assess/indices?run_id=" + kit.Itoa(x.ID), Key: "assess.indices"}, {Href: "/assess", Key: "nav.assess"},
			{Href: "/export/assess-run?format=xlsx&run=" + kit.Itoa(x.ID), Key: "list.export_xlsx"}, {Href: "/export/assess-run?format=csv&run=" + kit.Itoa(x.ID), Key: "list.export_csv"}}})
	return nil
}

func (m *Module) pageAssessIndices(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.QueryID(r, "run_id")
	if err != nil {
		return err
	}
	if id == 0 {
		if id, err = m.Assess.LatestRun(r.Context(), p.Scope); err != nil {
			return err
		}
	}
	lang := kit.LangOf(r)
	d := kit.DetailPage{Title: kit.Tr(lang, "assess.indices"), Actions: []kit.Link{{Href: "/assess", Key: "nav.assess"}}}
	if id == 0 { // nothing applied in scope yet: say so, and where to start
		d.Notice = kit.Tr(lang, "assess.no_run")
		d.Sections = []kit.Section{{Key: "assess.indices", Cols: kit.Cols("assess.group")}}
	} else {
		x, err := m.Assess.GetRun(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		cs := kit.Cols("assess.group")
		for _, k := range assess.Indices {
			cs = append(cs, kit.Col{Key: "assess.index." + k})
		}
		var rows [][]kit.Cell
		chart := kit.Chart{Title: kit.Tr(lang, "assess.indices")}
		for _, k := range assess.Indices {
			chart.Series = append(chart.Series, kit.ChartSeries{Name: kit.Tr(lang, "assess.index."+k)})
		}
		for _, g := range assess.IndexRows(x) {
			row := []kit.Cell{{Text: g.Group}}
			chart.Categories = append(chart.Categories, g.Group)
			for i, k := range assess.Indices {
				v, ok := g.Values[k]
				t := "—"
				if ok {
					t = num(v)
				}
				row = append(row, kit.Cell{Text: t})
				chart.Series[i].Data = append(chart.Series[i].Data, float64(int(v*10+0.5))/10)
			}
			rows = append(rows, row)
		}
		b, _ := json.Marshal(chart)
		d.Charts = []string{string(b)}
		d.Fields = []kit.KV{{Key: "assess.run", Text: x.SchemeName + " " + x.Period, Href: "/assess/runs/" + kit.Itoa(x.ID)}}
		d.Actions = []kit.Link{{Href: "/assess", Key: "nav.assess"}, {Href: "/export/assess-indices?format=xlsx&run=" + kit.Itoa(x.ID), Key: "list.export_xlsx"},
			{Href: "/export/assess-indices?format=csv&run=" + kit.Itoa(x.ID), Key: "list.export_csv"}}
		d.Sections = []kit.Section{{Key: "assess.indices", Cols: cs, Rows: rows}}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}
