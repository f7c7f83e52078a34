package coverage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/coverage"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// 15分钟服务圈: the planner's page (homes, network, the forms that start a
// coverage, siting or what-if run, the latest runs) and a run's page
// (progress with cancel, then the result: map, tables, export, rerun).

func (m *Module) pageCoverage(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	ctx := r.Context()
	lang := kit.LangOf(r)
	homes, people, err := m.Coverage.HomesSummary(ctx, p.Scope)
	if err != nil {
		return err
	}
	nets, err := m.Coverage.Networks(ctx)
	if err != nil {
		return err
	}
	runs, err := m.Coverage.Runs(ctx, p.Scope, "", 20)
	if err != nil {
		return err
	}
	network := kit.Tr(lang, "coverage.no_network")
	for _, n := range nets {
		if n.Active {
			network = fmt.Sprintf("%s（%d / %d）", n.Name, n.Nodes, n.Edges)
		}
	}
	var rows [][]kit.Cell
	for _, x := range runs {
		rows = append(rows, []kit.Cell{{Text: "#" + kit.Itoa(x.ID), Href: "/coverage/runs/" + kit.Itoa(x.ID)}, {Text: kit.Tr(lang, "coverage.kind."+x.Kind)},
			{Text: kit.Tr(lang, "coverage.status."+x.Status)}, {Text: string(x.Params)}, {Text: x.CreatedAt.Format("2006-01-02 15:04")}})
	}
	cats := append([]kit.Option{{Value: "", Label: "coverage.any_post"}}, kit.EnumOptions(post.Categories, "svc.cat.", "", "")...)
	tiers := []kit.Option{{Value: "15", Label: "coverage.min15", Selected: true}, {Value: "10", Label: "coverage.min10"}, {Value: "5", Label: "coverage.min5"}}
	common := func(kind string) []kit.FormField {
		return []kit.FormField{{Name: "kind", Type: "hidden", Value: kind}, {Name: "minutes", Label: "coverage.minutes", Type: "select", Options: tiers},
			{Name: "category", Label: "coverage.category", Type: "select", Options: cats}, kit.Pick("area_id", "coverage.area", "areas", 0, "", false)}
	}
	sources := []kit.Option{{Value: "generated", Label: "coverage.source.generated"}, {Value: "sites", Label: "coverage.source.sites"}}
	d := kit.DetailPage{Title: kit.Tr(lang, "nav.coverage"),
		Fields:   []kit.KV{{Key: "coverage.homes", Text: fmt.Sprintf("%d / %d", homes, people), Href: "/homes"}, {Key: "coverage.network", Text: network, Href: "/networks"}},
		Sections: []kit.Section{{Key: "coverage.runs", Cols: kit.Cols("coverage.run", "coverage.kind", "coverage.status", "coverage.params", "coverage.created"), Rows: rows}},
		Forms: []kit.InlineForm{
			{Action: "/coverage/runs", Title: "coverage.kind.coverage", Button: "coverage.start", Fields: append(common("coverage"),
				kit.FormField{Name: "at", Label: "coverage.at", Type: "datetime-local"})},
			{Action: "/coverage/runs", Title: "coverage.kind.siting", Button: "coverage.start", Fields: append(common("siting"),
				kit.FormField{Name: "k", Label: "coverage.k", Type: "number", Value: "5", Required: true},
				kit.FormField{Name: "source", Label: "coverage.source", Type: "select", Options: sources},
				kit.FormField{Name: "pinned", Label: "coverage.pinned", Type: "text", Placeholder: "coverage.numbers_hint"},
				kit.FormField{Name: "excluded", Label: "coverage.excluded_candidates", Type: "text", Placeholder: "coverage.numbers_hint"})},
			{Action: "/coverage/runs", Title: "coverage.kind.whatif", Button: "coverage.start", Fields: append(common("whatif"),
				kit.FormField{Name: "close", Label: "coverage.close", Type: "text", Placeholder: "coverage.post_ids_hint"},
				kit.FormField{Name: "hours_post", Label: "coverage.hours_post", Type: "number"},
				kit.FormField{Name: "hours", Label: "post.hours", Type: "text", Placeholder: "post.hours_hint"},
				kit.FormField{Name: "drop_post", Label: "coverage.drop_post", Type: "number"},
				kit.FormField{Name: "drop", Label: "coverage.drop", Type: "select", Options: kit.EnumOptions(post.Categories, "svc.cat.", "", "list.any")})},
		},
		Actions: []kit.Link{{Href: "/homes", Key: "nav.homes"}, {Href: "/sites", Key: "nav.sites"}, {Href: "/networks", Key: "nav.networks"}},
	}
	if !p.Can(auth.PermCoverageRun) {
		d.Forms = nil
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// runForm reads a run's parameters from the form.
func runForm(r *http.Request) (string, any, error) {
	kind := r.PostFormValue("kind")
	var p coverage.Params
	var err error
	if p.Minutes, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("minutes"))); err != nil {
		return "", nil, apperr.InvalidField("minutes", "err.coverage.minutes")
	}
	p.Category = r.PostFormValue("category")
	if p.AreaID, err = kit.FormInt(r, "area_id"); err != nil {
		return "", nil, err
	}
	p.At = strings.TrimSpace(r.PostFormValue("at"))
	if err := p.Normalize(); err != nil {
		return "", nil, err
	}
	switch kind {
	case "coverage":
		return kind, p, nil
	case "siting":
		sp := coverage.SitingParams{Params: p, Source: r.PostFormValue("source")}
		if sp.K, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("k"))); err != nil || sp.K < 1 || sp.K > 500 {
			return "", nil, apperr.InvalidField("k", "err.coverage.k")
		}
		if sp.Pinned, err = kit.IDList(r.PostFormValue("pinned"), "pinned"); err != nil {
			return "", nil, err
		}
		sp.Excluded, err = kit.IDList(r.PostFormValue("excluded"), "excluded")
		return kind, sp, err
	case "whatif":
		wp := coverage.WhatIfParams{Params: p, Hours: map[int64]string{}, Drop: map[int64][]string{}}
		if wp.Close, err = kit.IDList(r.PostFormValue("close"), "close"); err != nil {
			return "", nil, err
		}
		if id, _ := kit.FormInt(r, "hours_post"); id != 0 {
			wp.Hours[id] = r.PostFormValue("hours")
		}
		if id, _ := kit.FormInt(r, "drop_post"); id != 0 && r.PostFormValue("drop") != "" {
			wp.Drop[id] = []string{r.PostFormValue("drop")}
		}
		return kind, wp, nil
	}
	return "", nil, apperr.InvalidField("kind", "err.param.enum")
}

// startRun starts a stored run of a kind with its params.
func (m *Module) startRun(r *http.Request, p *kit.Principal, kind string, params any) (int64, error) {
	sc := p.Scope
	var work coverage.Work
	switch x := params.(type) {
	case coverage.Params:
		work = func(ctx context.Context, rep coverage.Progress) (any, any, error) {
			return unpack3(m.Coverage.Coverage(ctx, sc, x, rep))
		}
	case coverage.SitingParams:
		work = func(ctx context.Context, rep coverage.Progress) (any, any, error) {
			return unpack3(m.Coverage.Siting(ctx, sc, x, rep))
		}
	case coverage.WhatIfParams:
		work = func(ctx context.Context, rep coverage.Progress) (any, any, error) {
			return unpack3(m.Coverage.WhatIf(ctx, sc, x, rep))
		}
	default:
		return 0, apperr.InvalidField("kind", "err.param.enum")
	}
	return m.Coverage.Start(r.Context(), m.BG, sc, p.User.ID, kind, params, work)
}

func unpack3[I, R any](in I, res R, err error) (any, any, error) { return in, res, err }

func (m *Module) pageCoverageStart(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	kind, params, err := runForm(r)
	if err != nil {
		return err
	}
	if aid, _ := kit.FormInt(r, "area_id"); aid != 0 {
		if _, err := m.Areas.Get(r.Context(), p.Scope, aid); err != nil {
			return apperr.InvalidField("area_id", "err.area_missing") // checked now, not when the run starts
		}
	}
	id, err := m.startRun(r, p, kind, params)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/coverage/runs/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

// pageCoverageRerun starts the same computation again with the run's
// stored parameters.
func (m *Module) pageCoverageRerun(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	run, _, err := kit.ByID(r, p, m.Coverage.GetRun)
	if err != nil {
		return err
	}
	var params any
	switch run.Kind {
	case "coverage":
		var x coverage.Params
		err = json.Unmarshal(run.Params, &x)
		params = x
	case "siting":
		var x coverage.SitingParams
		err = json.Unmarshal(run.Params, &x)
		params = x
	default:
		var x coverage.WhatIfParams
		err = json.Unmarshal(run.Params, &x)
		params = x
	}
	if err != nil {
		return apperr.Wrap(err, "rerun params")
	}
	nid, err := m.startRun(r, p, run.Kind, params)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/coverage/runs/"+kit.Itoa(nid), http.StatusSeeOther)
	return nil
}

func (m *Module) pageCoverageCancel(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	// A run that ended while its page still offered the button (the poll
	// had not come yet) is not an error: its page shows how it ended.
	if err := m.Coverage.Cancel(r.Context(), p.Scope, id); err != nil && apperr.As(err).Code != apperr.Conflict {
		return err
	}
	http.Redirect(w, r, "/coverage/runs/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
