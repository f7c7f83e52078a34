package cultivation

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/cultivation"
	"dangjian/internal/web/kit"
)

// The recruitment pipeline (发展党员): the people in it with their stage
// and next due date (filters by stage, org and overdue), a person's
// timeline with the form for their next step (or a probation extension),
// and the dual-cultivation register of schools and hospitals (双培养).

// recruitFilter reads the pipeline list's filters (the list and its export).
var recruitFilter = kit.QueryFilter[cultivation.Filter]

type entry = cultivation.Entry

var entryText = kit.Text[entry]

// recruitTable is the pipeline list's columns: the page and the export.
var recruitTable = kit.Table[entry]{Columns: []kit.Column[entry]{
	{Key: "cultivation.name", Cell: func(_ string, e entry) kit.Cell {
		return kit.Cell{Text: e.Name, Href: "/cultivation/" + kit.Itoa(e.PersonID)}
	}},
	{Key: "cultivation.org", Cell: entryText(func(_ string, e entry) string { return e.OrgName })},
	{Key: "cultivation.stage", Cell: entryText(func(lang string, e entry) string { return kit.Tr(lang, "cultivation.stage."+string(e.Stage)) })},
	{Key: "cultivation.stage_on", Cell: entryText(func(_ string, e entry) string { return e.StageOn })},
	{Key: "cultivation.due_on", Cell: entryText(func(_ string, e entry) string { return e.DueOn })},
	{Key: "cultivation.extension_months", ExportOnly: true, Cell: entryText(func(_ string, e entry) string { return strconv.Itoa(e.Extension) })},
}}

// recruitDue is the due column's index: the page marks a date past today.
const recruitDue = 4

func (m *Module) pageCultivation(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := recruitFilter(r)
	if err != nil {
		return err
	}
	st := m.Cultivation
	items, total, err := st.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang, today := kit.LangOf(r), st.Today()
	rows := recruitTable.Rows(lang, items)
	for i, e := range items {
		if e.DueOn != "" && e.DueOn < today {
			rows[i][recruitDue].Text += " " + kit.Tr(lang, "cultivation.overdue")
		}
	}
	overdue := []kit.Option{{Value: "", Label: "list.any"}, {Value: "1", Label: "cultivation.overdue", Selected: f.Overdue}}
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title: kit.Tr(lang, "nav.cultivation"),
		Filters: []kit.FormField{
			{Name: "stage", Label: "cultivation.stage", Type: "select", Options: kit.EnumOptions(cultivation.Stages, "cultivation.stage.", string(f.Stage), "list.any")},
			kit.Pick("org_id", "cultivation.org", "orgs", f.OrgID, "", false),
			{Name: "overdue", Label: "cultivation.overdue", Type: "select", Options: overdue},
		},
		Actions:   []kit.Link{{Href: "/cultivation/dual", Key: "nav.dual"}},
		ListTable: kit.ListTable{Rows: rows, Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "recruits"), Cols: recruitTable.Cols(r)},
	})
	return nil
}

func (m *Module) pagePipeline(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := m.Cultivation
	pl, err := st.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang, h := kit.LangOf(r), pl.History
	stage := kit.Tr(lang, "cultivation.stage.none")
	if h.Stage != "" {
		stage = kit.Tr(lang, "cultivation.stage."+string(h.Stage))
	}
	fields := []kit.KV{{Key: "cultivation.name", Text: pl.Person.Name, Href: "/people/" + kit.Itoa(pl.Person.ID)},
		{Key: "cultivation.org", Text: pl.Person.OrgName}, {Key: "person.status", Text: kit.Tr(lang, "person.status."+string(pl.Person.Status))},
		{Key: "cultivation.stage", Text: stage, ID: "cultivation-stage"}, {Key: "cultivation.stage_on", Text: h.StageOn},
		{Key: "cultivation.due_on", Text: h.Due(), ID: "cultivation-due"}}
	if h.ExtensionMonths > 0 {
		fields = append(fields, kit.KV{Key: "cultivation.extension_months", Text: strconv.Itoa(h.ExtensionMonths)})
	}
	var steps [][]kit.Cell
	for _, x := range pl.Steps {
		what := kit.Tr(lang, "cultivation.stage."+string(x.Stage))
		if x.Months > 0 {
			what += " +" + strconv.Itoa(x.Months)
		}
		steps = append(steps, []kit.Cell{{Text: x.On}, {Text: what}, {Text: x.OrgName}, {Text: x.Note}})
	}
	d := kit.DetailPage{Title: pl.Person.Name, Fields: fields,
		Sections: []kit.Section{{Key: "cultivation.timeline", Cols: kit.Cols("cultivation.on", "cultivation.stage", "cultivation.org", "cultivation.note"), Rows: steps}},
		Actions:  []kit.Link{{Href: "/cultivation", Key: "nav.cultivation"}}}
	if p.Can(auth.PermRegistryWrite) {
		forms := pipelineForms(id, h, st.Today())
		if len(pl.Steps) == 0 {
			forms = append(forms, backfillForm(id, pl.Person.OrgID == 0))
		}
		d.Forms = forms
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// pipelineForms are the next step's form and, in probation, the
// extension's.
func pipelineForms(id int64, h cultivation.History, today string) []kit.InlineForm {
	var out []kit.InlineForm
	action := "/cultivation/" + kit.Itoa(id) + "/steps"
	if next := h.Stage.Next(); next != "" {
		fields := []kit.FormField{
			{Name: "stage", Type: "hidden", Value: string(next)},
			{Name: "on", Label: "cultivation.on", Type: "date", Value: today, Required: true},
		}
		if h.Stage == "" {
			fields = append(fields, kit.Pick("org_id", "cultivation.org", "orgs", 0, "", false))
		}
		fields = append(fields, kit.FormField{Name: "note", Label: "cultivation.note", Type: "textarea"})
		out = append(out, kit.InlineForm{Action: action, Title: "cultivation.next." + string(next), Button: "form.save", Fields: fields})
	}
	if h.Stage == cultivation.Probationary && h.ExtensionMonths < cultivation.MaxExtensionMonths {
		out = append(out, kit.InlineForm{Action: action, Title: "cultivation.extend", Button: "form.save", Fields: []kit.FormField{
			{Name: "stage", Type: "hidden", Value: string(cultivation.Extension)},
			{Name: "on", Label: "cultivation.on", Type: "date", Value: today, Required: true},
			{Name: "months", Label: "cultivation.extension_months", Type: "number", Value: "6", Required: true},
			{Name: "note", Label: "cultivation.note", Type: "textarea", Required: true},
		}})
	}
	return out
}

// backfillForm enters the past steps of someone already on the way (or a
// member) before the platform: a date per stage reached, in order, and any
// probation extension.
func backfillForm(id int64, needOrg bool) kit.InlineForm {
	var fields []kit.FormField
	if needOrg {
		fields = append(fields, kit.Pick("org_id", "cultivation.org", "orgs", 0, "", false))
	}
	for _, st := range cultivation.Stages {
		fields = append(fields, kit.FormField{Name: string(st) + "_on", Label: "cultivation.stage." + string(st), Type: "date"})
	}
	fields = append(fields,
		kit.FormField{Name: "extension_on", Label: "cultivation.backfill_extension_on", Type: "date"},
		kit.FormField{Name: "extension_months", Label: "cultivation.extension_months", Type: "number"},
		kit.FormField{Name: "extension_note", Label: "cultivation.backfill_extension_note", Type: "text"},
		kit.FormField{Name: "note", Label: "cultivation.note", Type: "text", Placeholder: "cultivation.backfill_note_hint"})
	return kit.InlineForm{Action: "/cultivation/" + kit.Itoa(id) + "/backfill", Title: "cultivation.backfill", Button: "form.save", Fields: fields}
}

// backfillSteps reads the backfill form: the stages with a date, in
// order, and the extension after the probation when given. A stage left out
// between two dated ones is refused by the store's order rule.
func backfillSteps(r *http.Request) ([]cultivation.Step, error) {
	note := r.PostFormValue("note")
	var out []cultivation.Step
	for _, st := range cultivation.Stages {
		on := strings.TrimSpace(r.PostFormValue(string(st) + "_on"))
		if on != "" {
			out = append(out, cultivation.Step{Stage: st, On: on, Note: note})
		}
		if st == cultivation.Probationary {
			if ext := strings.TrimSpace(r.PostFormValue("extension_on")); ext != "" {
				months, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("extension_months")))
				if err != nil {
					return nil, apperr.InvalidField("extension_months", "err.cultivation.extension_months").With("max", cultivation.MaxExtensionMonths)
				}
				out = append(out, cultivation.Step{Stage: cultivation.Extension, On: ext, Months: months, Note: r.PostFormValue("extension_note")})
			}
		}
	}
	return out, nil
}

func (m *Module) pagePipelineBackfill(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Cultivation.Get(r.Context(), p.Scope, id); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	steps, err := backfillSteps(r)
	if err != nil {
		return err
	}
	orgID, err := kit.FormInt(r, "org_id")
	if err != nil {
		return err
	}
	if _, err := m.Cultivation.Backfill(r.Context(), p.Scope, id, orgID, steps); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pagePipelineStep(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	st := cultivation.Step{PersonID: id, Stage: cultivation.Stage(r.PostFormValue("stage")), On: r.PostFormValue("on"), Note: r.PostFormValue("note")}
	if st.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
		return err
	}
	if mt := strings.TrimSpace(r.PostFormValue("months")); mt != "" {
		if st.Months, err = strconv.Atoi(mt); err != nil {
			return apperr.InvalidField("months", "err.cultivation.extension_months").With("max", cultivation.MaxExtensionMonths)
		}
	}
	if _, err := m.Cultivation.Advance(r.Context(), p.Scope, st); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
