package coverage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/coverage"
	"dangjian/internal/i18n"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// A run's page: progress while it runs (htmx polls it), then its result.

// runView is templates/run.html: a run's state (and its partial, which
// the poll swaps), then its result.
type runView struct {
	Title, Status, Stage, Error string
	Run                         coverage.Run
	Pct                         int
	CanRun, Map                 bool
	Fields                      []kit.KV
	Charts                      []string
	Forms                       []kit.InlineForm
	Sections                    []kit.Section
}

var runPage = kit.NewPage[runView]("run")

func (m *Module) pageCoverageRun(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	run, id, err := kit.ByID(r, p, m.Coverage.GetRun)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := runView{Title: kit.Tr(lang, "coverage.kind."+run.Kind) + " #" + kit.Itoa(id), Run: run,
		Status: kit.Tr(lang, "coverage.status."+run.Status), Stage: kit.Tr(lang, "coverage.stage."+run.Stage)}
	if run.Total > 0 {
		d.Pct = 100 * run.Done / run.Total
	}
	if run.Error != "" {
		f := run.Failure()
		d.Error = i18n.T(lang, f.Key, f.Args)
	}
	if r.Header.Get("HX-Request") == "true" && run.Status != coverage.Running && run.Status != coverage.Cancelling {
		w.Header().Set("HX-Refresh", "true") // the poll ends: show the whole result
	}
	if run.Status == coverage.Done {
		if err := m.runResult(lang, run, &d); err != nil {
			return err
		}
	}
	d.CanRun = p.Can(auth.PermCoverageRun)
	if !d.CanRun {
		d.Forms = nil
	}
	runPage.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func statRow(lang string, a coverage.AreaStat) []kit.Cell {
	c := []kit.Cell{{Text: a.Name, Href: "/areas/" + kit.Itoa(a.AreaID)}, {Text: kit.Tr(lang, "area.kind."+a.Kind)}, {Text: strconv.Itoa(a.Homes)}, {Text: strconv.Itoa(a.People)}}
	for _, n := range a.ByTier {
		c = append(c, kit.Cell{Text: strconv.Itoa(n)})
	}
	return append(c, kit.Cell{Text: strconv.Itoa(a.Covered)}, kit.Cell{Text: kit.Pct(a.Share)})
}

var statCols = []string{"coverage.area_name", "coverage.area_kind", "coverage.homes_n", "coverage.people", "coverage.within5", "coverage.within10", "coverage.within15", "coverage.covered", "coverage.share"}

// runResult fills the view of a finished run.
func (m *Module) runResult(lang string, run coverage.Run, d *runView) error {
	switch run.Kind {
	case "coverage":
		var res coverage.Result
		if err := json.Unmarshal(run.Result, &res); err != nil {
			return err
		}
		d.Fields = []kit.KV{{Key: "coverage.mode", Text: kit.Tr(lang, "coverage.mode."+string(res.Mode)), ID: "cov-mode"},
			{Key: "coverage.share", Text: kit.Pct(res.City.Share), ID: "cov-share"}, {Key: "coverage.people", Text: strconv.Itoa(res.City.People)},
			{Key: "coverage.covered", Text: strconv.Itoa(res.City.Covered)},
			{Key: "coverage.excluded", Text: kit.Trf(lang, "coverage.excluded_text", "far", res.Excluded.HomesFar, "island", res.Excluded.HomesIsland, "posts", res.Excluded.SitesFar, "people", res.Excluded.PeopleOut)}}
		var areas [3][][]kit.Cell
		for _, a := range res.Areas {
			k := map[string]int{"district": 0, "zone": 0, "community": 1, "village": 1, "grid": 2}[a.Kind]
			if len(areas[k]) < 200 {
				areas[k] = append(areas[k], statRow(lang, a))
			}
		}
		var cl [][]kit.Cell
		for i, c := range res.Clusters {
			cl = append(cl, []kit.Cell{{Text: strconv.Itoa(i + 1)}, {Text: c.AreaNam}, {Text: strconv.Itoa(c.Homes)}, {Text: strconv.Itoa(c.People)},
				{Text: fmt.Sprintf("%.5f, %.5f", c.Lat, c.Lng)}, {Text: fmt.Sprintf("%.0f", c.Metres)}})
		}
		var in coverage.Inputs
		json.Unmarshal(run.Inputs, &in)
		d.Fields = append(d.Fields, kit.KV{Key: "coverage.inputs", Text: kit.Trf(lang, "coverage.inputs_text", "homes", in.Homes, "people", in.People,
			"posts", len(in.Posts), "outside", in.PostsOutsideGrids, "network", in.NetworkID)})
		var posts [][]kit.Cell
		for _, su := range res.Sites {
			posts = append(posts, []kit.Cell{{Text: su.Name, Href: "/posts/" + kit.Itoa(su.ID)}, {Text: strconv.Itoa(su.Level)}, {Text: strconv.Itoa(su.Homes)}, {Text: strconv.Itoa(su.People)}})
		}
		d.Sections = []kit.Section{{Key: "coverage.by_district", Cols: kit.Cols(statCols...), Rows: areas[0]},
			{Key: "coverage.by_post", Cols: kit.Cols("coverage.site", "post.level", "coverage.homes_n", "coverage.people"), Rows: posts},
			{Key: "coverage.by_village", Cols: kit.Cols(statCols...), Rows: areas[1]}, {Key: "coverage.by_grid", Cols: kit.Cols(statCols...), Rows: areas[2]},
			{Key: "coverage.clusters", Cols: kit.Cols("coverage.no", "coverage.area_name", "coverage.homes_n", "coverage.people", "post.location", "coverage.extent"), Rows: cl}}
		d.Map = true
	case "siting":
		return sitingResult(lang, run, d)
	case "whatif":
		var res coverage.WhatIfResult
		if err := json.Unmarshal(run.Result, &res); err != nil {
			return err
		}
		var names string
		for i, c := range res.Changed {
			if i > 0 {
				names += "、"
			}
			names += c.Name
		}
		d.Fields = []kit.KV{{Key: "coverage.mode", Text: kit.Tr(lang, "coverage.mode."+string(res.Mode)), ID: "cov-mode"}, {Key: "coverage.changed", Text: names},
			{Key: "coverage.before", Text: kit.Pct(res.Before)}, {Key: "coverage.after", Text: kit.Pct(res.After), ID: "cov-share"},
			{Key: "coverage.lost", Text: fmt.Sprintf("%d / %d", res.LostPeople, res.LostHomes), ID: "cov-lost"}}
		var rows [][]kit.Cell
		for _, l := range res.Areas {
			rows = append(rows, []kit.Cell{{Text: l.Name, Href: "/areas/" + kit.Itoa(l.AreaID)}, {Text: kit.Tr(lang, "area.kind."+l.Kind)}, {Text: strconv.Itoa(l.People)},
				{Text: strconv.Itoa(l.Before)}, {Text: strconv.Itoa(l.After)}, {Text: strconv.Itoa(l.Lost)}})
		}
		d.Sections = []kit.Section{{Key: "coverage.losers", Cols: kit.Cols("coverage.area_name", "coverage.area_kind", "coverage.people", "coverage.before", "coverage.after", "coverage.lost_people"), Rows: rows}}
	}
	return nil
}

func sitingResult(lang string, run coverage.Run, d *runView) error {
	var res coverage.SitingResult
	if err := json.Unmarshal(run.Result, &res); err != nil {
		return err
	}
	pl := res.Plan
	d.Fields = []kit.KV{{Key: "coverage.mode", Text: kit.Tr(lang, "coverage.mode."+string(res.Mode)), ID: "cov-mode"},
		{Key: "coverage.today", Text: kit.Pct(res.Today)}, {Key: "coverage.after", Text: kit.Pct(res.After), ID: "cov-share"},
		{Key: "coverage.greedy", Text: fmt.Sprintf("%d → %d（%d）", pl.Greedy, pl.Total, pl.Swaps)},
		{Key: "coverage.candidates", Text: strconv.Itoa(pl.Candidates)}, {Key: "coverage.evaluations", Text: strconv.Itoa(pl.Evaluations)}}
	var picks [][]kit.Cell
	for i, pk := range pl.Picks {
		c := res.Candidates[pk.Candidate]
		picks = append(picks, []kit.Cell{{Text: strconv.Itoa(i + 1)}, {Text: strconv.Itoa(pk.Candidate + 1)}, {Text: c.Name},
			{Text: fmt.Sprintf("%.5f, %.5f", c.Lat, c.Lng)}, {Text: strconv.Itoa(pk.Gain)}, {Text: kit.YesNo(lang, pk.Pinned)}})
	}
	var cands [][]kit.Cell
	for i, c := range res.Candidates {
		if i >= 300 {
			break
		}
		cands = append(cands, []kit.Cell{{Text: strconv.Itoa(i + 1)}, {Text: c.Name}, {Text: fmt.Sprintf("%.5f, %.5f", c.Lat, c.Lng)}})
	}
	chart := kit.Chart{Title: kit.Tr(lang, "coverage.curve"), Series: []kit.ChartSeries{{Name: kit.Tr(lang, "coverage.share") + " %", Type: "line"}}}
	for k, sh := range res.Shares {
		chart.Categories = append(chart.Categories, "K="+strconv.Itoa(k))
		chart.Series[0].Data = append(chart.Series[0].Data, float64(int(sh*1000+0.5))/10)
	}
	b, _ := json.Marshal(chart)
	d.Charts = []string{string(b)}
	d.Sections = []kit.Section{{Key: "coverage.picks", Cols: kit.Cols("coverage.order", "coverage.no", "coverage.site", "post.location", "coverage.gain", "coverage.pinned_flag"), Rows: picks},
		{Key: "coverage.candidate_list", Cols: kit.Cols("coverage.no", "coverage.site", "post.location"), Rows: cands}}
	var sp coverage.SitingParams
	json.Unmarshal(run.Params, &sp)
	d.Forms = []kit.InlineForm{{Action: "/coverage/runs", Title: "coverage.rerun_pins", Button: "coverage.start", Fields: []kit.FormField{
		{Name: "kind", Type: "hidden", Value: "siting"}, {Name: "minutes", Type: "hidden", Value: strconv.Itoa(sp.Minutes)},
		{Name: "category", Type: "hidden", Value: sp.Category}, {Name: "area_id", Type: "hidden", Value: kit.IDStr(sp.AreaID)},
		{Name: "source", Type: "hidden", Value: sp.Source}, {Name: "k", Label: "coverage.k", Type: "number", Value: strconv.Itoa(sp.K)},
		{Name: "pinned", Label: "coverage.pinned", Type: "text", Value: joinIDs(sp.Pinned), Placeholder: "coverage.numbers_hint"},
		{Name: "excluded", Label: "coverage.excluded_candidates", Type: "text", Value: joinIDs(sp.Excluded), Placeholder: "coverage.numbers_hint"}}}}
	d.Map = true
	return nil
}

func joinIDs(ids []int64) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ","
		}
		out += kit.Itoa(id)
	}
	return out
}

// mapData is what the coverage map draws: grids coloured by share (in the
// caller's scope), posts by level, uncovered clusters, chosen sites.
type mapData struct {
	Grids    json.RawMessage `json:"grids"`
	Posts    [][4]any        `json:"posts"`    // lng, lat, level, name
	Clusters [][4]any        `json:"clusters"` // lng, lat, people, area
	Picks    [][3]any        `json:"picks"`    // lng, lat, name
}

// runMap is a run's map data (kit.APIGet), its grids in scope sc.
func (m *Module) runMap(ctx context.Context, sc scope.Scope, id int64) (mapData, error) {
	var md mapData
	run, err := m.Coverage.GetRun(ctx, sc, id)
	if err != nil {
		return md, err
	}
	var in coverage.Inputs
	json.Unmarshal(run.Inputs, &in)
	posts, err := m.Coverage.Posts(ctx)
	if err != nil {
		return md, err
	}
	for _, x := range posts {
		md.Posts = append(md.Posts, [4]any{x.Lng, x.Lat, x.Level, x.Name})
	}
	shares := map[int64]coverage.AreaStat{}
	switch run.Kind {
	case "coverage":
		var res coverage.Result
		json.Unmarshal(run.Result, &res)
		for _, a := range res.Areas {
			shares[a.AreaID] = a
		}
		for _, c := range res.Clusters {
			md.Clusters = append(md.Clusters, [4]any{c.Lng, c.Lat, c.People, c.AreaNam})
		}
	case "siting":
		var res coverage.SitingResult
		json.Unmarshal(run.Result, &res)
		for _, pk := range res.Plan.Picks {
			c := res.Candidates[pk.Candidate]
			md.Picks = append(md.Picks, [3]any{c.Lng, c.Lat, c.Name})
		}
	}
	shapes, err := m.Areas.Shapes(ctx, sc, area.Grid)
	if err != nil {
		return md, err
	}
	md.Grids = gridFeatures(shapes, shares)
	return md, nil
}

// gridFeatures is a GeoJSON FeatureCollection of the grids with their
// numbers; a grid without homes has share -1.
func gridFeatures(shapes map[int64]string, shares map[int64]coverage.AreaStat) json.RawMessage {
	type feature struct {
		Type       string          `json:"type"`
		Properties map[string]any  `json:"properties"`
		Geometry   json.RawMessage `json:"geometry"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for id, raw := range shapes {
		st, ok := shares[id]
		props := map[string]any{"name": "g" + kit.Itoa(id), "id": id, "share": -1.0, "people": 0, "covered": 0, "title": st.Name}
		if ok {
			props["share"], props["people"], props["covered"] = st.Share, st.People, st.Covered
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", Properties: props, Geometry: json.RawMessage(raw)})
	}
	b, _ := json.Marshal(fc)
	return b
}
