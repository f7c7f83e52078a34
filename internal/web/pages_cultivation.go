package web

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
func recruitFilter(r *http.Request) (cultivation.Filter, int, error) {
	var f cultivation.Filter
	var page int
	var err error
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	if f.Stage, err = kit.QueryEnum(r, "stage", cultivation.Stages); err != nil {
		return f, 0, err
	}
	if f.Overdue, err = kit.QueryBool(r, "overdue"); err != nil {
		return f, 0, err
	}
	f.OrgID, err = kit.QueryID(r, "org_id")
	return f, page, err
}

func (s *Server) pageCultivation(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := recruitFilter(r)
	if err != nil {
		return err
	}
	st := s.cultivation()
	items, total, err := st.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang, today := kit.LangOf(r), st.Today()
	var rows [][]cell
	for _, e := range items {
		due := e.DueOn
		if due != "" && due < today {
			due += " " + kit.Tr(lang, "cultivation.overdue")
		}
		rows = append(rows, []cell{{Text: e.Name, Href: "/cultivation/" + kit.Itoa(e.PersonID)}, {Text: e.OrgName},
			{Text: kit.Tr(lang, "cultivation.stage."+string(e.Stage))}, {Text: e.StageOn}, {Text: due}})
	}
	overdue := []option{{Value: "", Label: "list.any"}, {Value: "1", Label: "cultivation.overdue", Selected: f.Overdue}}
	s.Render(w, r, http.StatusOK, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.cultivation"), "Rows": rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Export": []string{kit.ExportLink(r, "recruits", "xlsx"), kit.ExportLink(r, "recruits", "csv")},
		"Cols":   kit.Cols("cultivation.name", "cultivation.org", "cultivation.stage", "cultivation.stage_on", "cultivation.due_on"),
		"Filters": []formField{
			{Name: "stage", Label: "cultivation.stage", Type: "select", Options: kit.EnumOptions(cultivation.Stages, "cultivation.stage.", string(f.Stage), "list.any")},
			kit.Pick("org_id", "cultivation.org", "orgs", f.OrgID, "", false),
			{Name: "overdue", Label: "cultivation.overdue", Type: "select", Options: overdue},
		},
		"Actions": []link{{Href: "/cultivation/dual", Key: "nav.dual"}},
	})
	return nil
}

func (s *Server) pagePipeline(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := s.cultivation()
	pl, err := st.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang, h := kit.LangOf(r), pl.History
	stage := kit.Tr(lang, "cultivation.stage.none")
	if h.Stage != "" {
		stage = kit.Tr(lang, "cultivation.stage."+string(h.Stage))
	}
	fields := []kv{{Key: "cultivation.name", Text: pl.Person.Name, Href: "/people/" + kit.Itoa(pl.Person.ID)},
		{Key: "cultivation.org", Text: pl.Person.OrgName}, {Key: "person.status", Text: kit.Tr(lang, "person.status."+string(pl.Person.Status))},
		{Key: "cultivation.stage", Text: stage, ID: "cultivation-stage"}, {Key: "cultivation.stage_on", Text: h.StageOn},
		{Key: "cultivation.due_on", Text: h.Due(), ID: "cultivation-due"}}
	if h.ExtensionMonths > 0 {
		fields = append(fields, kv{Key: "cultivation.extension_months", Text: strconv.Itoa(h.ExtensionMonths)})
	}
	var steps [][]cell
	for _, x := range pl.Steps {
		what := kit.Tr(lang, "cultivation.stage."+string(x.Stage))
		if x.Months > 0 {
			what += " +" + strconv.Itoa(x.Months)
		}
		steps = append(steps, []cell{{Text: x.On}, {Text: what}, {Text: x.OrgName}, {Text: x.Note}})
	}
	d := map[string]any{"Title": pl.Person.Name, "Fields": fields,
		"Sections": []section{{Key: "cultivation.timeline", Cols: kit.Cols("cultivation.on", "cultivation.stage", "cultivation.org", "cultivation.note"), Rows: steps}},
		"Actions":  []link{{Href: "/cultivation", Key: "nav.cultivation"}}}
	if p.Can(auth.PermRegistryWrite) {
		forms := pipelineForms(id, h, st.Today())
		if len(pl.Steps) == 0 {
			forms = append(forms, backfillForm(id, pl.Person.OrgID == 0))
		}
		d["Forms"] = forms
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

// pipelineForms are the next step's form and, in probation, the
// extension's.
func pipelineForms(id int64, h cultivation.History, today string) []inlineForm {
	var out []inlineForm
	action := "/cultivation/" + kit.Itoa(id) + "/steps"
	if next := h.Stage.Next(); next != "" {
		fields := []formField{
			{Name: "stage", Type: "hidden", Value: string(next)},
			{Name: "on", Label: "cultivation.on", Type: "date", Value: today, Required: true},
		}
		if h.Stage == "" {
			fields = append(fields, kit.Pick("org_id", "cultivation.org", "orgs", 0, "", false))
		}
		fields = append(fields, formField{Name: "note", Label: "cultivation.note", Type: "textarea"})
		out = append(out, inlineForm{Action: action, Title: "cultivation.next." + string(next), Button: "form.save", Fields: fields})
	}
	if h.Stage == cultivation.Probationary && h.ExtensionMonths < cultivation.MaxExtensionMonths {
		out = append(out, inlineForm{Action: action, Title: "cultivation.extend", Button: "form.save", Fields: []formField{
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
func backfillForm(id int64, needOrg bool) inlineForm {
	var fields []formField
	if needOrg {
		fields = append(fields, kit.Pick("org_id", "cultivation.org", "orgs", 0, "", false))
	}
	for _, st := range cultivation.Stages {
		fields = append(fields, formField{Name: string(st) + "_on", Label: "cultivation.stage." + string(st), Type: "date"})
	}
	fields = append(fields,
		formField{Name: "extension_on", Label: "cultivation.backfill_extension_on", Type: "date"},
		formField{Name: "extension_months", Label: "cultivation.extension_months", Type: "number"},
		formField{Name: "extension_note", Label: "cultivation.backfill_extension_note", Type: "text"},
		formField{Name: "note", Label: "cultivation.note", Type: "text", Placeholder: "cultivation.backfill_note_hint"})
	return inlineForm{Action: "/cultivation/" + kit.Itoa(id) + "/backfill", Title: "cultivation.backfill", Button: "form.save", Fields: fields}
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

func (s *Server) pagePipelineBackfill(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cultivation().Get(r.Context(), p.Scope, id); err != nil {
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
	if _, err := s.cultivation().Backfill(r.Context(), p.Scope, id, orgID, steps); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (s *Server) pagePipelineStep(w http.ResponseWriter, r *http.Request, p *Principal) error {
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
	if m := strings.TrimSpace(r.PostFormValue("months")); m != "" {
		if st.Months, err = strconv.Atoi(m); err != nil {
			return apperr.InvalidField("months", "err.cultivation.extension_months").With("max", cultivation.MaxExtensionMonths)
		}
	}
	if _, err := s.cultivation().Advance(r.Context(), p.Scope, st); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

// dualFilter reads the register's filters: the sector and the direction.
func dualFilter(r *http.Request) (string, cultivation.Direction, error) {
	sector := r.URL.Query().Get("sector")
	if sector != "" && sector != "school" && sector != "hospital" {
		return "", "", apperr.InvalidField("sector", "err.param.enum")
	}
	dir, err := kit.QueryEnum(r, "direction", cultivation.Directions)
	return sector, dir, err
}

func (s *Server) pageDual(w http.ResponseWriter, r *http.Request, p *Principal) error {
	sector, dir, err := dualFilter(r)
	if err != nil {
		return err
	}
	list, err := s.cultivation().Duals(r.Context(), p.Scope, sector, dir)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	canWrite := p.Can(auth.PermRegistryWrite)
	var rows [][]cell
	for _, d := range list {
		rows = append(rows, []cell{{Text: d.Name, Href: "/people/" + kit.Itoa(d.PersonID)}, {Text: d.OrgName}, {Text: kit.Tr(lang, "org.sector."+d.Sector)},
			{Text: kit.Tr(lang, "cultivation.dir."+string(d.Direction))}, {Text: d.Mentor}, {Text: d.StartedOn}, {Text: d.TargetOn}, {Text: d.Progress}})
	}
	d := map[string]any{"Title": kit.Tr(lang, "nav.dual"),
		"Sections": []section{{Key: "cultivation.dual_register", Rows: rows,
			Cols: kit.Cols("cultivation.name", "cultivation.org", "cultivation.sector", "cultivation.direction", "cultivation.mentor", "cultivation.started_on", "cultivation.target_on", "cultivation.progress")}},
		"Actions": []link{{Href: "/cultivation/dual", Key: "list.any"}, {Href: "/cultivation/dual?sector=school", Key: "org.sector.school"},
			{Href: "/cultivation/dual?sector=hospital", Key: "org.sector.hospital"}, {Href: "/cultivation", Key: "nav.cultivation"},
			{Href: kit.ExportLink(r, "dual", "xlsx"), Key: "list.export_xlsx"}, {Href: kit.ExportLink(r, "dual", "csv"), Key: "list.export_csv"}}}
	if canWrite {
		forms := []inlineForm{{Action: "/cultivation/dual", Title: "cultivation.dual_new", Button: "form.save", Fields: []formField{
			{Name: "person_id", Label: "cultivation.person_id", Type: "number", Required: true},
			{Name: "direction", Label: "cultivation.direction", Type: "select", Options: kit.EnumOptions(cultivation.Directions, "cultivation.dir.", "", ""), Required: true},
			{Name: "mentor", Label: "cultivation.mentor", Type: "text", Required: true},
			{Name: "started_on", Label: "cultivation.started_on", Type: "date", Value: s.cultivation().Today(), Required: true},
			{Name: "target_on", Label: "cultivation.target_on", Type: "date"},
			{Name: "progress", Label: "cultivation.progress", Type: "textarea"},
		}}}
		for _, x := range list {
			forms = append(forms, inlineForm{Action: "/cultivation/dual/" + kit.Itoa(x.ID) + "/progress", Title: x.Name, Button: "cultivation.add_progress",
				Fields: []formField{{Name: "note", Label: "cultivation.progress", Type: "text", Required: true}}})
		}
		d["Forms"] = forms
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

func (s *Server) pageDualCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	d := cultivation.Dual{Direction: cultivation.Direction(r.PostFormValue("direction")), Mentor: r.PostFormValue("mentor"),
		StartedOn: strings.TrimSpace(r.PostFormValue("started_on")), TargetOn: strings.TrimSpace(r.PostFormValue("target_on")), Progress: r.PostFormValue("progress")}
	var err error
	if d.PersonID, err = kit.FormInt(r, "person_id"); err != nil {
		return err
	}
	if _, err := s.cultivation().AddDual(r.Context(), p.Scope, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/dual", http.StatusSeeOther)
	return nil
}

func (s *Server) pageDualProgress(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.cultivation().Progress(r.Context(), p.Scope, id, r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/dual", http.StatusSeeOther)
	return nil
}
