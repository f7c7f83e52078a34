package project

import (
	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
	"strings"
)

// Risk points (廉洁风险点): the register with filters by level and due for
// review, the form, and a risk's page with its reviews and a review form.

// riskFilter reads the risk register's filters (the list and its export).
var riskFilter = kit.QueryFilter[project.RiskFilter]

// riskTable is the risk register's columns: the page and the export.
var riskTable = kit.Table[project.Risk]{Columns: []kit.Column[project.Risk]{
	{Key: "risk.description", Clip: 40, Cell: func(_ string, k project.Risk) kit.Cell {
		return kit.Cell{Text: k.Description, Href: "/risks/" + kit.Itoa(k.ID)}
	}},
	{Key: "risk.target", Cell: func(_ string, k project.Risk) kit.Cell { return kit.Cell{Text: riskTarget(k)} }},
	{Key: "risk.level", Cell: func(lang string, k project.Risk) kit.Cell { return kit.Cell{Text: riskLevel(lang, k)} }},
	{Key: "risk.controls", ExportOnly: true, Cell: func(_ string, k project.Risk) kit.Cell { return kit.Cell{Text: strings.Join(k.Controls, "；")} }},
	{Key: "risk.owner", Cell: func(_ string, k project.Risk) kit.Cell { return kit.Cell{Text: k.Owner} }},
	{Key: "risk.last_review", Cell: func(_ string, k project.Risk) kit.Cell { return kit.Cell{Text: k.LastReview} }},
	{Key: "risk.due", Cell: func(lang string, k project.Risk) kit.Cell { return kit.Cell{Text: kit.YesNo(lang, k.DueReview)} }},
}}

func riskLevel(lang string, k project.Risk) string {
	return kit.Tr(lang, "risk.level."+string(k.Level))
}

func (m *Module) pageRisks(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, riskFilter, m.Projects.ListRisks, riskTable, "risks")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.risks"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			{Name: "level", Label: "risk.level", Type: "select", Options: kit.EnumOptions(project.Levels, "risk.level.", string(f.Level), "list.any")},
			{Name: "due", Label: "risk.due", Type: "select", Options: []kit.Option{{Value: "", Label: "list.any"}, {Value: "true", Label: "common.yes", Selected: f.Due}}},
		},
		ListTable: lt,
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/risks/new", Key: "risk.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func riskTarget(k project.Risk) string {
	var parts []string
	for _, s := range []string{k.UnitName, k.PostName} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

func (m *Module) renderRiskForm(w http.ResponseWriter, r *http.Request, code int, d project.RiskDraft, err error) {
	lang := kit.LangOf(r)
	fields := []kit.FormField{
		kit.Pick("unit_id", "risk.unit", "units", d.UnitID, "", false),
		{Name: "post_id", Label: "risk.post_id", Type: "number", Value: kit.IDStr(d.PostID)},
		{Name: "description", Label: "risk.description", Type: "textarea", Value: d.Description, Required: true},
		{Name: "level", Label: "risk.level", Type: "select", Options: kit.EnumOptions(project.Levels, "risk.level.", string(d.Level), ""), Required: true},
		{Name: "controls", Label: "risk.controls", Type: "textarea", Value: strings.Join(d.Controls, "\n"), Placeholder: "risk.controls_hint"},
		{Name: "owner", Label: "risk.owner", Type: "text", Value: d.Owner, Required: true},
	}
	msg := ""
	if err != nil {
		msg = kit.FormErr(lang, err, fields)
	}
	kit.Form.Render(m.Kit, w, r, code, kit.FormPage{Title: kit.Tr(lang, "risk.new"), Fields: fields, Error: msg, Action: "/risks", Cancel: "/risks"})
}

func (m *Module) pageRiskNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	m.renderRiskForm(w, r, http.StatusOK, project.RiskDraft{Level: project.Medium}, nil)
	return nil
}

func (m *Module) pageRiskCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d := project.RiskDraft{Description: r.PostFormValue("description"), Level: project.Level(r.PostFormValue("level")),
		Controls: strings.Split(r.PostFormValue("controls"), "\n"), Owner: r.PostFormValue("owner")}
	var err error
	if d.UnitID, err = kit.FormInt(r, "unit_id"); err == nil {
		if d.PostID, err = kit.FormInt(r, "post_id"); err == nil {
			var k project.Risk
			if k, err = m.Projects.CreateRisk(r.Context(), p.Scope, d); err == nil {
				http.Redirect(w, r, "/risks/"+kit.Itoa(k.ID), http.StatusSeeOther)
				return nil
			}
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	switch apperr.As(err).Key {
	case "err.risk.unit_unknown":
		d.UnitID = 0
	case "err.risk.post_unknown":
		d.PostID = 0
	}
	m.renderRiskForm(w, r, kit.Status(apperr.CodeOf(err)), d, err)
	return nil
}

func (m *Module) pageRisk(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	k, _, err := kit.ByID(r, p, m.Projects.GetRisk)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "risk.target", Text: riskTarget(k)}, {Key: "risk.level", Text: riskLevel(lang, k)},
		{Key: "risk.owner", Text: k.Owner}, {Key: "risk.last_review", Text: k.LastReview}, {Key: "risk.due", Text: kit.YesNo(lang, k.DueReview), ID: "risk-due"}}
	var controls, reviews [][]kit.Cell
	for i, c := range k.Controls {
		controls = append(controls, []kit.Cell{{Text: strconv.Itoa(i + 1)}, {Text: c}})
	}
	for _, v := range k.Reviews {
		reviews = append(reviews, []kit.Cell{{Text: v.ReviewedOn}, {Text: v.Reviewer}, {Text: v.Finding}, {Text: kit.YesNo(lang, v.Effective)}})
	}
	d := kit.DetailPage{Title: kit.Clip(k.Description, 40), Fields: append([]kit.KV{{Key: "risk.description", Text: k.Description}}, fields...), Sections: []kit.Section{
		{Key: "risk.controls", Cols: kit.Cols("risk.control_no", "risk.control"), Rows: controls},
		{Key: "risk.reviews", Cols: kit.Cols("risk.reviewed_on", "risk.reviewer", "risk.finding", "risk.effective"), Rows: reviews},
	}, Actions: []kit.Link{{Href: "/risks", Key: "nav.risks"}}}
	if p.Can(auth.PermRegistryWrite) {
		d.Forms = []kit.InlineForm{{Action: "/risks/" + kit.Itoa(k.ID) + "/reviews", Title: "risk.add_review", Button: "form.save", Fields: []kit.FormField{
			{Name: "reviewed_on", Label: "risk.reviewed_on", Type: "date", Value: m.Projects.Today(), Required: true},
			{Name: "reviewer", Label: "risk.reviewer", Type: "text", Required: true},
			{Name: "finding", Label: "risk.finding", Type: "textarea"},
			{Name: "effective", Label: "risk.effective", Type: "select", Options: []kit.Option{{Value: "true", Label: "common.yes"}, {Value: "false", Label: "common.no"}}},
		}}}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageRiskReview(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/risks/", func(id int64) error {
		eff, err := strconv.ParseBool(strings.TrimSpace(r.PostFormValue("effective")))
		if err != nil {
			return apperr.InvalidField("effective", "err.risk.effective")
		}
		_, err = m.Projects.AddReview(r.Context(), p.Scope, id, project.ReviewDraft{ReviewedOn: r.PostFormValue("reviewed_on"),
			Reviewer: r.PostFormValue("reviewer"), Finding: r.PostFormValue("finding"), Effective: eff})
		return err
	})
}
