package gap

import (
	"encoding/json"
	"net/http"
	"strconv"

	"dangjian/internal/gap"
	"dangjian/internal/web/kit"
)

// The coverage of two-new units: tables per district (and zone), per park
// and per industry chain, a bar chart by district and by chain, and a map
// of the districts shaded by coverage rate.

var gapCovCols = []string{"gap.cov.name", "gap.cov.units", "gap.state.covered", "gap.state.own_branch_needed", "gap.state.joint_branch_needed",
	"gap.state.instructor_needed", "gap.cov.fallback", "gap.cov.rate"}

func gapCovCells(x gap.Row) []string {
	return []string{x.Name, strconv.Itoa(x.Units), strconv.Itoa(x.ByState[gap.Covered]), strconv.Itoa(x.ByState[gap.OwnBranch]),
		strconv.Itoa(x.ByState[gap.JointBranch]), strconv.Itoa(x.ByState[gap.Instructor]), strconv.Itoa(x.Fallback), kit.Pct(x.Rate())}
}

type gapCovGroup struct {
	key  string
	rows []gap.Row
}

func gapCovGroups(lang string, c gap.Coverage) []gapCovGroup {
	total := c.Total
	total.Name = kit.Tr(lang, "stat.total")
	return []gapCovGroup{{"gap.cov.total", []gap.Row{total}}, {"gap.cov.by_district", c.ByDistrict}, {"gap.cov.by_park", c.ByPark}, {"gap.cov.by_chain", c.ByChain}}
}

// gapChart is a bar chart of units by state with the coverage rate.
func gapChart(lang, title string, rows []gap.Row) string {
	c := kit.Chart{Title: title, Series: []kit.ChartSeries{{Name: kit.Tr(lang, "gap.state.covered")}, {Name: kit.Tr(lang, "gap.state.own_branch_needed")},
		{Name: kit.Tr(lang, "gap.state.joint_branch_needed")}, {Name: kit.Tr(lang, "gap.state.instructor_needed")}, {Name: kit.Tr(lang, "gap.cov.rate") + " %", Type: "line"}}}
	for i, x := range rows {
		if i >= 20 {
			break
		}
		c.Categories = append(c.Categories, x.Name)
		for j, st := range gap.States {
			c.Series[j].Data = append(c.Series[j].Data, float64(x.ByState[st]))
		}
		c.Series[4].Data = append(c.Series[4].Data, float64(int(x.Rate()*1000))/10)
	}
	b, _ := json.Marshal(c)
	return string(b)
}

type mapValue struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Units int     `json:"units"`
}

// coverageView is templates/gapcoverage.html: the charts (JSON), the
// districts' shades for the map (JSON), the tables and the export links.
type coverageView struct {
	Title    string
	Charts   []string
	MapData  string
	Sections []kit.Section
	Export   kit.Exports
}

var coveragePage = kit.NewPage[coverageView]("gapcoverage")

func (m *Module) pageGapCoverage(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	c, err := m.Gaps.Report(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var secs []kit.Section
	for _, g := range gapCovGroups(lang, c) {
		var rows [][]kit.Cell
		for _, x := range g.rows {
			var cs []kit.Cell
			for _, t := range gapCovCells(x) {
				cs = append(cs, kit.Cell{Text: t})
			}
			rows = append(rows, cs)
		}
		secs = append(secs, kit.Section{Key: g.key, Cols: kit.Cols(gapCovCols...), Rows: rows})
	}
	var shades []mapValue
	for _, x := range c.ByDistrict {
		shades = append(shades, mapValue{Name: x.Name, Value: float64(int(x.Rate()*1000)) / 10, Units: x.Units})
	}
	mj, _ := json.Marshal(shades)
	coveragePage.Render(m.Kit, w, r, http.StatusOK, coverageView{
		Title:    kit.Tr(lang, "nav.gap_coverage"),
		Charts:   []string{gapChart(lang, kit.Tr(lang, "gap.cov.by_district"), c.ByDistrict), gapChart(lang, kit.Tr(lang, "gap.cov.by_chain"), c.ByChain)},
		MapData:  string(mj),
		Sections: secs,
		Export:   kit.Exports{XLSX: "/export/gap-coverage?format=xlsx", CSV: "/export/gap-coverage?format=csv"},
	})
	return nil
}
