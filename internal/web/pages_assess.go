package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/assess"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/web/kit"
)

// Assessment (考核): the schemes, a scheme's versions with their
// indicators, an indicator form and an apply form, a run's scores and
// ranking, and the four indices (四项指数) of a run.

// assessRows is the number of indicator rows of the indicator form.
const assessRows = 8

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (s *Server) pageAssess(w http.ResponseWriter, r *http.Request, p *Principal) error {
	xs, err := s.assessStore().ListSchemes(r.Context())
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, x := range xs {
		rows = append(rows, []cell{{Text: x.Name, Href: "/assess/" + kit.Itoa(x.ID)}, {Text: strconv.Itoa(x.Count)}})
	}
	d := map[string]any{"Title": kit.Tr(lang, "nav.assess"), "Cols": kit.Cols("assess.scheme", "assess.versions"), "Rows": rows,
		"Pager": kit.NewPager(r, 1, db.Page{Limit: len(rows) + 1}, len(rows), len(rows))}
	acts := []link{{Href: "/assess/indices", Key: "assess.indices"}}
	if p.Can(auth.PermRegistryWrite) {
		acts = append(acts, link{Href: "/assess/new", Key: "assess.new"})
	}
	d["Actions"] = acts
	s.Render(w, r, http.StatusOK, "list", d)
	return nil
}

func (s *Server) renderAssessForm(w http.ResponseWriter, r *http.Request, code int, name string, err error) {
	lang := kit.LangOf(r)
	fields := []formField{{Name: "name", Label: "assess.scheme", Type: "text", Value: name, Required: true}}
	msg := ""
	if err != nil {
		msg = kit.FormErr(lang, err, fields)
	}
	s.Render(w, r, code, "form", map[string]any{"Title": kit.Tr(lang, "assess.new"), "Fields": fields, "Error": msg, "Action": "/assess", "Cancel": "/assess"})
}

func (s *Server) pageAssessNew(w http.ResponseWriter, r *http.Request, p *Principal) error {
	s.renderAssessForm(w, r, http.StatusOK, "", nil)
	return nil
}

func (s *Server) pageAssessCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	name := r.PostFormValue("name")
	id, err := s.assessStore().CreateScheme(r.Context(), name)
	if err == nil {
		http.Redirect(w, r, "/assess/"+kit.Itoa(id), http.StatusSeeOther)
		return nil
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	s.renderAssessForm(w, r, kit.Status(apperr.CodeOf(err)), name, err)
	return nil
}

func (s *Server) pageAssessScheme(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.assessStore().GetScheme(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kv{{Key: "assess.scheme", Text: x.Name}}
	if v := r.URL.Query().Get("new_version"); v != "" {
		fields = append(fields, kv{Key: "assess.new_version_notice", Text: "v" + v, ID: "assess-notice"})
	}
	var secs []section
	var forms []inlineForm
	for _, v := range x.Versions {
		var rows [][]cell
		for _, i := range v.Indicators {
			rows = append(rows, []cell{{Text: i.Name}, {Text: strconv.Itoa(i.Weight) + "%"}, {Text: kit.Tr(lang, "assess.measure."+string(i.Measure))},
				{Text: num(i.Target)}, {Text: idxLabel(lang, i.Index)}})
		}
		title := fmt.Sprintf("v%d", v.Version)
		if v.Locked {
			title += " · " + kit.Tr(lang, "assess.locked")
		}
		for _, run := range v.Runs {
			rows = append(rows, []cell{{Text: kit.Tr(lang, "assess.run") + " " + run.Period, Href: "/assess/runs/" + kit.Itoa(run.ID)}, {}, {}, {}, {}})
		}
		secs = append(secs, section{Key: title, Cols: kit.Cols("assess.indicator", "assess.weight", "assess.measure", "assess.target", "assess.index"), Rows: rows})
		if p.Can(auth.PermRegistryWrite) {
			base := "/assess/versions/" + kit.Itoa(v.ID)
			forms = append(forms, inlineForm{Action: base + "/apply", Title: title + " " + kit.Tr(lang, "assess.apply"), Button: "form.save", Fields: []formField{
				{Name: "period", Label: "assess.period", Type: "text", Placeholder: "assess.period_hint", Required: true}}})
			// A locked version is read-only: its form starts a new version
			// from its indicators (the store saves them as v n+1).
			edit := inlineForm{Action: base + "/indicators", Title: title + " " + kit.Tr(lang, "assess.edit"), Button: "form.save", Fields: indicatorFields(lang, v.Indicators)}
			if v.Locked {
				edit.Title, edit.Button = fmt.Sprintf("v%d · %s", v.Version, kit.Tr(lang, "assess.new_version_from")), "assess.new_version_save"
			}
			forms = append(forms, edit)
		}
	}
	d := map[string]any{"Title": x.Name, "Fields": fields, "Sections": secs, "Actions": []link{{Href: "/assess", Key: "nav.assess"}}}
	if len(forms) > 0 {
		d["Forms"] = forms
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

func idxLabel(lang, k string) string {
	if k == "" {
		return ""
	}
	return kit.Tr(lang, "assess.index."+k)
}

func indicatorFields(lang string, xs []assess.Indicator) []formField {
	var fs []formField
	var measures []option
	for _, m := range assess.Measures {
		measures = append(measures, option{Value: string(m), Label: "assess.measure." + string(m)})
	}
	indices := []option{{Value: "", Label: "list.any"}}
	for _, k := range assess.Indices {
		indices = append(indices, option{Value: k, Label: "assess.index." + k})
	}
	sel := func(opts []option, v string) []option {
		out := append([]option{}, opts...)
		for i := range out {
			out[i].Selected = out[i].Value == v
		}
		return out
	}
	for i := 0; i < assessRows; i++ {
		var x assess.Indicator
		if i < len(xs) {
			x = xs[i]
		}
		n := strconv.Itoa(i)
		w, t := "", ""
		if x.Weight != 0 {
			w, t = strconv.Itoa(x.Weight), num(x.Target)
		}
		fs = append(fs, formField{Name: "name_" + n, Label: "assess.indicator", Type: "text", Value: x.Name},
			formField{Name: "weight_" + n, Label: "assess.weight", Type: "number", Value: w},
			formField{Name: "measure_" + n, Label: "assess.measure", Type: "select", Options: sel(measures, string(x.Measure))},
			formField{Name: "target_" + n, Label: "assess.target", Type: "text", Value: t},
			formField{Name: "index_" + n, Label: "assess.index", Type: "select", Options: sel(indices, x.Index)})
	}
	return fs
}

// schemeOf is the scheme of a version, for the redirect.
func (s *Server) schemeOf(r *http.Request, versionID int64) (int64, error) {
	var id int64
	err := s.DB.Read().QueryRowContext(r.Context(), `SELECT scheme_id FROM assess_versions WHERE id = ?`, versionID).Scan(&id)
	if err != nil {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}

func (s *Server) pageAssessIndicators(w http.ResponseWriter, r *http.Request, p *Principal) error {
	vid, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	var xs []assess.Indicator
	for i := 0; i < 50; i++ {
		n := strconv.Itoa(i)
		name := strings.TrimSpace(r.PostFormValue("name_" + n))
		if name == "" {
			continue
		}
		x := assess.Indicator{Name: name, Measure: assess.Measure(strings.TrimSpace(r.PostFormValue("measure_" + n))), Index: r.PostFormValue("index_" + n)}
		if x.Weight, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("weight_" + n))); err != nil {
			return apperr.InvalidField("weight", "err.assess.weight_range").With("name", name)
		}
		if x.Target, err = kit.ParseNumber("target", r.PostFormValue("target_"+n)); err != nil {
			return apperr.InvalidField("target", "err.assess.target_range").With("name", name)
		}
		xs = append(xs, x)
	}
	id, created, err := s.assessStore().SetIndicators(r.Context(), vid, xs)
	if err != nil {
		return err
	}
	sid, err := s.schemeOf(r, id)
	if err != nil {
		return err
	}
	loc := "/assess/" + kit.Itoa(sid)
	if created {
		x, err := s.assessStore().GetScheme(r.Context(), p.Scope, sid)
		if err != nil {
			return err
		}
		loc += "?new_version=" + strconv.Itoa(x.Versions[0].Version)
	}
	http.Redirect(w, r, loc, http.StatusSeeOther)
	return nil
}

func (s *Server) pageAssessApply(w http.ResponseWriter, r *http.Request, p *Principal) error {
	vid, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	id, err := s.assessStore().Apply(r.Context(), p.Scope, vid, r.PostFormValue("period"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/assess/runs/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (s *Server) pageAssessRun(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.assessStore().GetRun(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	cs := kit.Cols("assess.rank", "assess.org", "assess.parent", "assess.score")
	for _, i := range x.Indicators {
		cs = append(cs, col{Key: fmt.Sprintf("%s (%d%%)", i.Name, i.Weight)})
	}
	var rows [][]cell
	for _, sc := range x.Scores {
		row := []cell{{Text: strconv.Itoa(sc.Rank)}, {Text: sc.OrgName}, {Text: sc.ParentName}, {Text: num(sc.Score)}}
		for i := range x.Indicators {
			if i < len(sc.Norm) {
				row = append(row, cell{Text: num(sc.Norm[i]) + " (" + num(sc.Raw[i]) + ")"})
			}
		}
		rows = append(rows, row)
	}
	fields := []kv{{Key: "assess.scheme", Text: x.SchemeName, Href: "/assess/" + kit.Itoa(x.SchemeID)}, {Key: "assess.version", Text: fmt.Sprintf("v%d", x.Version)},
		{Key: "assess.period", Text: x.Period}, {Key: "assess.state", Text: kit.Tr(lang, map[bool]string{true: "assess.state_open", false: "assess.state_closed"}[x.Open])}}
	s.Render(w, r, http.StatusOK, "detail", map[string]any{"Title": x.SchemeName + " " + x.Period, "Fields": fields,
		"Sections": []section{{Key: "assess.ranking", Cols: cs, Rows: rows}},
		"Actions": []link{{Href: "/assess/indices?run_id=" + kit.Itoa(x.ID), Key: "assess.indices"}, {Href: "/assess", Key: "nav.assess"},
			{Href: "/export/assess-run?format=xlsx&run=" + kit.Itoa(x.ID), Key: "list.export_xlsx"}, {Href: "/export/assess-run?format=csv&run=" + kit.Itoa(x.ID), Key: "list.export_csv"}}})
	_ = lang
	return nil
}

func (s *Server) pageAssessIndices(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.QueryID(r, "run_id")
	if err != nil {
		return err
	}
	if id == 0 {
		if id, err = s.assessStore().LatestRun(r.Context(), p.Scope); err != nil {
			return err
		}
	}
	lang := kit.LangOf(r)
	d := map[string]any{"Title": kit.Tr(lang, "assess.indices"), "Actions": []link{{Href: "/assess", Key: "nav.assess"}}}
	if id == 0 { // nothing applied in scope yet: say so, and where to start
		d["Notice"] = kit.Tr(lang, "assess.no_run")
		d["Sections"] = []section{{Key: "assess.indices", Cols: kit.Cols("assess.group")}}
	} else {
		x, err := s.assessStore().GetRun(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		cs := kit.Cols("assess.group")
		for _, k := range assess.Indices {
			cs = append(cs, col{Key: "assess.index." + k})
		}
		var rows [][]cell
		chart := chartData{Title: kit.Tr(lang, "assess.indices")}
		for _, k := range assess.Indices {
			chart.Series = append(chart.Series, chartSeries{Name: kit.Tr(lang, "assess.index."+k)})
		}
		for _, g := range assess.IndexRows(x) {
			row := []cell{{Text: g.Group}}
			chart.Categories = append(chart.Categories, g.Group)
			for i, k := range assess.Indices {
				v, ok := g.Values[k]
				t := "—"
				if ok {
					t = num(v)
				}
				row = append(row, cell{Text: t})
				chart.Series[i].Data = append(chart.Series[i].Data, float64(int(v*10+0.5))/10)
			}
			rows = append(rows, row)
		}
		b, _ := json.Marshal(chart)
		d["Charts"] = []string{string(b)}
		d["Fields"] = []kv{{Key: "assess.run", Text: x.SchemeName + " " + x.Period, Href: "/assess/runs/" + kit.Itoa(x.ID)}}
		d["Actions"] = []link{{Href: "/assess", Key: "nav.assess"}, {Href: "/export/assess-indices?format=xlsx&run=" + kit.Itoa(x.ID), Key: "list.export_xlsx"},
			{Href: "/export/assess-indices?format=csv&run=" + kit.Itoa(x.ID), Key: "list.export_csv"}}
		d["Sections"] = []section{{Key: "assess.indices", Cols: cs, Rows: rows}}
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}
