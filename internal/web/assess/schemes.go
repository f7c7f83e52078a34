package assess

import (
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
// indicators, an indicator form and an apply form.

// assessRows is the number of indicator rows of the indicator form.
const assessRows = 8

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (m *Module) pageAssess(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	xs, err := m.Assess.ListSchemes(r.Context())
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, x := range xs {
		rows = append(rows, []kit.Cell{{Text: x.Name, Href: "/assess/" + kit.Itoa(x.ID)}, {Text: strconv.Itoa(x.Count)}})
	}
	d := kit.ListPage{Title: kit.Tr(lang, "nav.assess"),
		Actions: []kit.Link{{Href: "/assess/indices", Key: "assess.indices"}}, ListTable: kit.ListTable{Cols: kit.Cols("assess.scheme", "assess.versions"), Rows: rows, Pager: kit.NewPager(r, 1, db.Page{Limit: len(rows) + 1}, len(rows), len(rows))}}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = append(d.Actions, kit.Link{Href: "/assess/new", Key: "assess.new"})
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) renderAssessForm(w http.ResponseWriter, r *http.Request, code int, name string, err error) {
	lang := kit.LangOf(r)
	fields := []kit.FormField{{Name: "name", Label: "assess.scheme", Type: "text", Value: name, Required: true}}
	msg := ""
	if err != nil {
		msg = kit.FormErr(lang, err, fields)
	}
	kit.Form.Render(m.Kit, w, r, code, kit.FormPage{Title: kit.Tr(lang, "assess.new"), Fields: fields, Error: msg, Action: "/assess", Cancel: "/assess"})
}

func (m *Module) pageAssessNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	m.renderAssessForm(w, r, http.StatusOK, "", nil)
	return nil
}

func (m *Module) pageAssessCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	name := r.PostFormValue("name")
	id, err := m.Assess.CreateScheme(r.Context(), name)
	if err == nil {
		http.Redirect(w, r, "/assess/"+kit.Itoa(id), http.StatusSeeOther)
		return nil
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	m.renderAssessForm(w, r, kit.Status(apperr.CodeOf(err)), name, err)
	return nil
}

func (m *Module) pageAssessScheme(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.Assess.GetScheme)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "assess.scheme", Text: x.Name}}
	if v := r.URL.Query().Get("new_version"); v != "" {
		fields = append(fields, kit.KV{Key: "assess.new_version_notice", Text: "v" + v, ID: "assess-notice"})
	}
	var secs []kit.Section
	var forms []kit.InlineForm
	for _, v := range x.Versions {
		var rows [][]kit.Cell
		for _, i := range v.Indicators {
			rows = append(rows, []kit.Cell{{Text: i.Name}, {Text: strconv.Itoa(i.Weight) + "%"}, {Text: kit.Tr(lang, "assess.measure."+string(i.Measure))},
				{Text: num(i.Target)}, {Text: idxLabel(lang, i.Index)}})
		}
		title := fmt.Sprintf("v%d", v.Version)
		if v.Locked {
			title += " · " + kit.Tr(lang, "assess.locked")
		}
		for _, run := range v.Runs {
			rows = append(rows, []kit.Cell{{Text: kit.Tr(lang, "assess.run") + " " + run.Period, Href: "/assess/runs/" + kit.Itoa(run.ID)}, {}, {}, {}, {}})
		}
		secs = append(secs, kit.Section{Key: title, Cols: kit.Cols("assess.indicator", "assess.weight", "assess.measure", "assess.target", "assess.index"), Rows: rows})
		if p.Can(auth.PermRegistryWrite) {
			base := "/assess/versions/" + kit.Itoa(v.ID)
			forms = append(forms, kit.InlineForm{Action: base + "/apply", Title: title + " " + kit.Tr(lang, "assess.apply"), Button: "form.save", Fields: []kit.FormField{
				{Name: "period", Label: "assess.period", Type: "text", Placeholder: "assess.period_hint", Required: true}}})
			// A locked version is read-only: its form starts a new version
			// from its indicators (the store saves them as v n+1).
			edit := kit.InlineForm{Action: base + "/indicators", Title: title + " " + kit.Tr(lang, "assess.edit"), Button: "form.save", Fields: indicatorFields(lang, v.Indicators)}
			if v.Locked {
				edit.Title, edit.Button = fmt.Sprintf("v%d · %s", v.Version, kit.Tr(lang, "assess.new_version_from")), "assess.new_version_save"
			}
			forms = append(forms, edit)
		}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: x.Name, Fields: fields, Sections: secs, Forms: forms,
		Actions: []kit.Link{{Href: "/assess", Key: "nav.assess"}}})
	return nil
}

func idxLabel(lang, k string) string {
	if k == "" {
		return ""
	}
	return kit.Tr(lang, "assess.index."+k)
}

func indicatorFields(lang string, xs []assess.Indicator) []kit.FormField {
	var fs []kit.FormField
	var measures []kit.Option
	for _, m := range assess.Measures {
		measures = append(measures, kit.Option{Value: string(m), Label: "assess.measure." + string(m)})
	}
	indices := []kit.Option{{Value: "", Label: "list.any"}}
	for _, k := range assess.Indices {
		indices = append(indices, kit.Option{Value: k, Label: "assess.index." + k})
	}
	sel := func(opts []kit.Option, v string) []kit.Option {
		out := append([]kit.Option{}, opts...)
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
		fs = append(fs, kit.FormField{Name: "name_" + n, Label: "assess.indicator", Type: "text", Value: x.Name},
			kit.FormField{Name: "weight_" + n, Label: "assess.weight", Type: "number", Value: w},
			kit.FormField{Name: "measure_" + n, Label: "assess.measure", Type: "select", Options: sel(measures, string(x.Measure))},
			kit.FormField{Name: "target_" + n, Label: "assess.target", Type: "text", Value: t},
			kit.FormField{Name: "index_" + n, Label: "assess.index", Type: "select", Options: sel(indices, x.Index)})
	}
	return fs
}

func (m *Module) pageAssessIndicators(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
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
	id, created, err := m.Assess.SetIndicators(r.Context(), vid, xs)
	if err != nil {
		return err
	}
	sid, err := m.Assess.VersionScheme(r.Context(), id)
	if err != nil {
		return err
	}
	loc := "/assess/" + kit.Itoa(sid)
	if created {
		x, err := m.Assess.GetScheme(r.Context(), p.Scope, sid)
		if err != nil {
			return err
		}
		loc += "?new_version=" + strconv.Itoa(x.Versions[0].Version)
	}
	http.Redirect(w, r, loc, http.StatusSeeOther)
	return nil
}

func (m *Module) pageAssessApply(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	vid, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	id, err := m.Assess.Apply(r.Context(), p.Scope, vid, r.PostFormValue("period"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/assess/runs/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
