package web

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
		strconv.Itoa(x.ByState[gap.JointBranch]), strconv.Itoa(x.ByState[gap.Instructor]), strconv.Itoa(x.Fallback), pct(x.Rate())}
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
	c := chartData{Title: title, Series: []chartSeries{{Name: kit.Tr(lang, "gap.state.covered")}, {Name: kit.Tr(lang, "gap.state.own_branch_needed")},
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

func (s *Server) pageGapCoverage(w http.ResponseWriter, r *http.Request, p *Principal) error {
	c, err := s.gapStore().Report(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var secs []section
	for _, g := range gapCovGroups(lang, c) {
		var rows [][]cell
		for _, x := range g.rows {
			var cs []cell
			for _, t := range gapCovCells(x) {
				cs = append(cs, cell{Text: t})
			}
			rows = append(rows, cs)
		}
		secs = append(secs, section{Key: g.key, Cols: kit.Cols(gapCovCols...), Rows: rows})
	}
	var shades []mapValue
	for _, x := range c.ByDistrict {
		shades = append(shades, mapValue{Name: x.Name, Value: float64(int(x.Rate()*1000)) / 10, Units: x.Units})
	}
	mj, _ := json.Marshal(shades)
	s.Render(w, r, http.StatusOK, "gapcoverage", map[string]any{
		"Title":    kit.Tr(lang, "nav.gap_coverage"),
		"Charts":   []string{gapChart(lang, kit.Tr(lang, "gap.cov.by_district"), c.ByDistrict), gapChart(lang, kit.Tr(lang, "gap.cov.by_chain"), c.ByChain)},
		"MapData":  string(mj),
		"Sections": secs,
		"Export":   []string{"/export/gap-coverage?format=xlsx", "/export/gap-coverage?format=csv"},
	})
	return nil
}

// gapExport writes the action list or the coverage tables as a sheet.
func (s *Server) gapExport(r *http.Request, p *Principal, kind string) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	if kind == "gap-coverage" {
		c, err := s.gapStore().Report(r.Context(), p.Scope)
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
		return s.gapStore().Each(r.Context(), p.Scope, f, func(x gap.Action) error {
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
