package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
)

// Projects (项目清单): the list as a tree with filters by org and status,
// the form for a new project, and a project's page with its children,
// milestones and forms for a milestone, progress and status, and the
// parent. Risk points (廉洁风险点): the register with filters by level and
// due for review, the form, and a risk's page with its reviews and a
// review form.

func projectStatus(lang string, p project.Project) string {
	st := kit.Tr(lang, "project.status."+string(p.Status))
	if p.Overdue {
		st += " · " + kit.Tr(lang, "project.status.overdue")
	}
	return st
}

// projectFilter reads the project list's filters (the list and its export).
func projectFilter(r *http.Request) (project.ProjectFilter, int, error) {
	var f project.ProjectFilter
	var page int
	var err error
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	if f.Status, err = kit.QueryEnum(r, "status", project.FilterStatuses); err != nil {
		return f, 0, err
	}
	if f.OrgID, err = kit.QueryID(r, "org_id"); err != nil {
		return f, 0, err
	}
	f.Q = r.URL.Query().Get("q")
	return f, page, nil
}

func (s *Server) pageProjects(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := projectFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.projects().ListProjects(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, x := range items {
		rows = append(rows, []cell{{Text: strings.Repeat("　", x.Depth) + x.Name, Href: "/projects/" + kit.Itoa(x.ID)}, {Text: x.OrgName},
			{Text: projectStatus(lang, x)}, {Text: strconv.Itoa(x.Progress) + "%"}, {Text: x.DueOn}})
	}
	d := map[string]any{
		"Title": kit.Tr(lang, "nav.projects"), "Cols": kit.Cols("project.name", "project.org", "project.status", "project.progress", "project.due_on"),
		"Rows": rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Export": []string{kit.ExportLink(r, "projects", "xlsx"), kit.ExportLink(r, "projects", "csv")},
		"Filters": []formField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			kit.Pick("org_id", "project.org", "orgs", f.OrgID, "", false),
			{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.FilterStatuses, "project.status.", string(f.Status), "list.any")},
		},
	}
	if p.Can(auth.PermRegistryWrite) {
		d["Actions"] = []link{{Href: "/projects/new", Key: "project.new"}}
	}
	s.Render(w, r, http.StatusOK, "list", d)
	return nil
}

func (s *Server) renderProjectForm(w http.ResponseWriter, r *http.Request, code int, d project.Draft, err error) {
	lang := kit.LangOf(r)
	fields := []formField{
		{Name: "name", Label: "project.name", Type: "text", Value: d.Name, Required: true},
		kit.Pick("org_id", "project.org", "orgs", d.OrgID, "", true),
		{Name: "parent_id", Label: "project.parent_id", Type: "number", Value: kit.IDStr(d.ParentID)},
		{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.Statuses, "project.status.", string(d.Status), "")},
		{Name: "weight", Label: "project.weight", Type: "number", Value: strconv.Itoa(max(d.Weight, 1))},
		{Name: "due_on", Label: "project.due_on", Type: "date", Value: d.DueOn},
		{Name: "description", Label: "project.description", Type: "textarea", Value: d.Description},
	}
	msg := ""
	if err != nil {
		msg = kit.FormErr(lang, err, fields)
	}
	s.Render(w, r, code, "form", map[string]any{"Title": kit.Tr(lang, "project.new"), "Fields": fields, "Error": msg, "Action": "/projects", "Cancel": "/projects"})
}

func (s *Server) pageProjectNew(w http.ResponseWriter, r *http.Request, p *Principal) error {
	s.renderProjectForm(w, r, http.StatusOK, project.Draft{Status: project.Planned, OrgID: p.User.ScopeOrgID}, nil)
	return nil
}

// projectNum reads an optional int form value, def when empty.
func projectNum(r *http.Request, name, key string, def int) (int, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, apperr.InvalidField(name, key).With(name, v)
	}
	return n, nil
}

func (s *Server) pageProjectCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	d := project.Draft{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Status: project.Status(r.PostFormValue("status")),
		DueOn: r.PostFormValue("due_on")}
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		if d.ParentID, err = kit.FormInt(r, "parent_id"); err == nil {
			if d.Weight, err = projectNum(r, "weight", "err.project.weight_range", 1); err == nil {
				var x project.Project
				if x, err = s.projects().CreateProject(r.Context(), p.Scope, d); err == nil {
					http.Redirect(w, r, "/projects/"+kit.Itoa(x.ID), http.StatusSeeOther)
					return nil
				}
			}
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	switch apperr.As(err).Key {
	case "err.project.org_unknown":
		d.OrgID = 0 // an org outside the scope is not shown
	case "err.project.parent_unknown":
		d.ParentID = 0
	}
	s.renderProjectForm(w, r, kit.Status(apperr.CodeOf(err)), d, err)
	return nil
}

func (s *Server) pageProject(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.projects().GetProject(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	parent := kv{Key: "project.parent", Text: x.ParentName}
	if x.ParentID != 0 {
		parent.Href = "/projects/" + kit.Itoa(x.ParentID)
	}
	fields := []kv{{Key: "project.org", Text: x.OrgName}, parent, {Key: "project.status", Text: projectStatus(lang, x), ID: "project-status"},
		{Key: "project.progress", Text: strconv.Itoa(x.Progress) + "%", ID: "project-progress"}, {Key: "project.weight", Text: strconv.Itoa(x.Weight)},
		{Key: "project.due_on", Text: x.DueOn}, {Key: "project.description", Text: x.Description}}
	var children, milestones [][]cell
	for _, c := range x.Children {
		children = append(children, []cell{{Text: c.Name, Href: "/projects/" + kit.Itoa(c.ID)}, {Text: c.OrgName}, {Text: projectStatus(lang, c)},
			{Text: strconv.Itoa(c.Progress) + "%"}, {Text: strconv.Itoa(c.Weight)}})
	}
	for _, m := range x.Milestones {
		due := m.DueOn
		if m.Overdue {
			due += " · " + kit.Tr(lang, "project.status.overdue")
		}
		milestones = append(milestones, []cell{{Text: "#" + kit.Itoa(m.ID)}, {Text: m.Name}, {Text: due}, {Text: m.DoneOn}})
	}
	d := map[string]any{"Title": x.Name, "Fields": fields, "Sections": []section{
		{Key: "project.children", Cols: kit.Cols("project.name", "project.org", "project.status", "project.progress", "project.weight"), Rows: children},
		{Key: "project.milestones", Cols: kit.Cols("project.milestone_id", "project.milestone", "project.due_on", "project.done_on"), Rows: milestones},
	}, "Actions": []link{{Href: "/projects", Key: "nav.projects"}}}
	if p.Can(auth.PermRegistryWrite) {
		d["Forms"] = projectForms(x)
		d["Actions"] = []link{{Href: "/projects", Key: "nav.projects"}, {Href: "/projects/" + kit.Itoa(x.ID) + "/edit", Key: "project.edit"}}
		if x.ChildCount == 0 {
			d["Forms"] = append(d["Forms"].([]inlineForm), kit.DeleteForm("/projects/"+kit.Itoa(x.ID)+"/delete", "project.delete"))
		}
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

func projectForms(x project.Project) []inlineForm {
	base := "/projects/" + kit.Itoa(x.ID)
	var open []option
	for _, m := range x.Milestones {
		if m.DoneOn == "" {
			open = append(open, option{Value: kit.Itoa(m.ID), Label: "#" + kit.Itoa(m.ID) + " " + kit.Clip(m.Name, 20), Raw: true})
		}
	}
	progress := []formField{{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.Statuses, "project.status.", string(x.Status), "")}}
	if x.ChildCount == 0 {
		progress = append([]formField{{Name: "progress", Label: "project.own_progress", Type: "number", Value: strconv.Itoa(x.OwnProgress)}}, progress...)
	}
	forms := []inlineForm{
		{Action: base + "/milestones", Title: "project.add_milestone", Button: "form.save", Fields: []formField{
			{Name: "name", Label: "project.milestone", Type: "text", Required: true},
			{Name: "due_on", Label: "project.due_on", Type: "date", Required: true},
			{Name: "done_on", Label: "project.done_on", Type: "date"},
		}},
		{Action: base + "/progress", Title: "project.set_progress", Button: "form.save", Fields: progress},
		{Action: base + "/parent", Title: "project.set_parent", Button: "form.save", Fields: []formField{
			{Name: "parent_id", Label: "project.parent_id", Type: "number", Value: kit.IDStr(x.ParentID), Placeholder: "project.parent_hint"},
		}},
	}
	if len(open) > 0 {
		forms = append(forms, inlineForm{Action: base + "/milestones", Title: "project.milestone_done", Button: "form.save", Fields: []formField{
			{Name: "milestone_id", Label: "project.milestone", Type: "select", Options: open, Required: true},
			{Name: "done_on", Label: "project.done_on", Type: "date", Required: true},
		}})
	}
	return forms
}

func (s *Server) pageProjectMilestone(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/projects/", func(id int64) error {
		mid, err := kit.FormInt(r, "milestone_id")
		if err != nil {
			return err
		}
		if mid != 0 {
			return s.projects().CompleteMilestone(r.Context(), p.Scope, id, mid, r.PostFormValue("done_on"))
		}
		_, err = s.projects().AddMilestone(r.Context(), p.Scope, id, project.MilestoneDraft{Name: r.PostFormValue("name"),
			DueOn: r.PostFormValue("due_on"), DoneOn: r.PostFormValue("done_on")})
		return err
	})
}

func (s *Server) pageProjectProgress(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/projects/", func(id int64) error {
		pr, err := projectNum(r, "progress", "err.project.progress_range", project.Unchanged)
		if err != nil {
			return err
		}
		return s.projects().SetProgress(r.Context(), p.Scope, id, pr, project.Status(strings.TrimSpace(r.PostFormValue("status"))))
	})
}

func (s *Server) pageProjectParent(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/projects/", func(id int64) error {
		pid, err := kit.FormInt(r, "parent_id")
		if err != nil {
			return err
		}
		return s.projects().SetParent(r.Context(), p.Scope, id, pid)
	})
}

// riskFilter reads the risk register's filters (the list and its export).
func riskFilter(r *http.Request) (project.RiskFilter, int, error) {
	var f project.RiskFilter
	var page int
	var err error
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	if f.Level, err = kit.QueryEnum(r, "level", project.Levels); err != nil {
		return f, 0, err
	}
	if f.Due, err = kit.QueryBool(r, "due"); err != nil {
		return f, 0, err
	}
	f.Q = r.URL.Query().Get("q")
	return f, page, nil
}

func (s *Server) pageRisks(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := riskFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.projects().ListRisks(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, k := range items {
		rows = append(rows, []cell{{Text: kit.Clip(k.Description, 40), Href: "/risks/" + kit.Itoa(k.ID)}, {Text: riskTarget(k)},
			{Text: kit.Tr(lang, "risk.level."+string(k.Level))}, {Text: k.Owner}, {Text: k.LastReview}, {Text: kit.YesNo(lang, k.DueReview)}})
	}
	due := ""
	if f.Due {
		due = "true"
	}
	d := map[string]any{
		"Title": kit.Tr(lang, "nav.risks"), "Cols": kit.Cols("risk.description", "risk.target", "risk.level", "risk.owner", "risk.last_review", "risk.due"),
		"Rows": rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Export": []string{kit.ExportLink(r, "risks", "xlsx"), kit.ExportLink(r, "risks", "csv")},
		"Filters": []formField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			{Name: "level", Label: "risk.level", Type: "select", Options: kit.EnumOptions(project.Levels, "risk.level.", string(f.Level), "list.any")},
			{Name: "due", Label: "risk.due", Type: "select", Options: []option{{Value: "", Label: "list.any"}, {Value: "true", Label: "common.yes", Selected: due != ""}}},
		},
	}
	if p.Can(auth.PermRegistryWrite) {
		d["Actions"] = []link{{Href: "/risks/new", Key: "risk.new"}}
	}
	s.Render(w, r, http.StatusOK, "list", d)
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

func (s *Server) renderRiskForm(w http.ResponseWriter, r *http.Request, code int, d project.RiskDraft, err error) {
	lang := kit.LangOf(r)
	fields := []formField{
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
	s.Render(w, r, code, "form", map[string]any{"Title": kit.Tr(lang, "risk.new"), "Fields": fields, "Error": msg, "Action": "/risks", "Cancel": "/risks"})
}

func (s *Server) pageRiskNew(w http.ResponseWriter, r *http.Request, p *Principal) error {
	s.renderRiskForm(w, r, http.StatusOK, project.RiskDraft{Level: project.Medium}, nil)
	return nil
}

func (s *Server) pageRiskCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	d := project.RiskDraft{Description: r.PostFormValue("description"), Level: project.Level(r.PostFormValue("level")),
		Controls: strings.Split(r.PostFormValue("controls"), "\n"), Owner: r.PostFormValue("owner")}
	var err error
	if d.UnitID, err = kit.FormInt(r, "unit_id"); err == nil {
		if d.PostID, err = kit.FormInt(r, "post_id"); err == nil {
			var k project.Risk
			if k, err = s.projects().CreateRisk(r.Context(), p.Scope, d); err == nil {
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
	s.renderRiskForm(w, r, kit.Status(apperr.CodeOf(err)), d, err)
	return nil
}

func (s *Server) pageRisk(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	k, err := s.projects().GetRisk(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kv{{Key: "risk.target", Text: riskTarget(k)}, {Key: "risk.level", Text: kit.Tr(lang, "risk.level."+string(k.Level))},
		{Key: "risk.owner", Text: k.Owner}, {Key: "risk.last_review", Text: k.LastReview}, {Key: "risk.due", Text: kit.YesNo(lang, k.DueReview), ID: "risk-due"}}
	var controls, reviews [][]cell
	for i, c := range k.Controls {
		controls = append(controls, []cell{{Text: strconv.Itoa(i + 1)}, {Text: c}})
	}
	for _, v := range k.Reviews {
		reviews = append(reviews, []cell{{Text: v.ReviewedOn}, {Text: v.Reviewer}, {Text: v.Finding}, {Text: kit.YesNo(lang, v.Effective)}})
	}
	d := map[string]any{"Title": kit.Clip(k.Description, 40), "Fields": append([]kv{{Key: "risk.description", Text: k.Description}}, fields...), "Sections": []section{
		{Key: "risk.controls", Cols: kit.Cols("risk.control_no", "risk.control"), Rows: controls},
		{Key: "risk.reviews", Cols: kit.Cols("risk.reviewed_on", "risk.reviewer", "risk.finding", "risk.effective"), Rows: reviews},
	}, "Actions": []link{{Href: "/risks", Key: "nav.risks"}}}
	if p.Can(auth.PermRegistryWrite) {
		d["Forms"] = []inlineForm{{Action: "/risks/" + kit.Itoa(k.ID) + "/reviews", Title: "risk.add_review", Button: "form.save", Fields: []formField{
			{Name: "reviewed_on", Label: "risk.reviewed_on", Type: "date", Value: s.projects().Today(), Required: true},
			{Name: "reviewer", Label: "risk.reviewer", Type: "text", Required: true},
			{Name: "finding", Label: "risk.finding", Type: "textarea"},
			{Name: "effective", Label: "risk.effective", Type: "select", Options: []option{{Value: "true", Label: "common.yes"}, {Value: "false", Label: "common.no"}}},
		}}}
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

func (s *Server) pageRiskReview(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/risks/", func(id int64) error {
		eff, err := strconv.ParseBool(strings.TrimSpace(r.PostFormValue("effective")))
		if err != nil {
			return apperr.InvalidField("effective", "err.risk.effective")
		}
		_, err = s.projects().AddReview(r.Context(), p.Scope, id, project.ReviewDraft{ReviewedOn: r.PostFormValue("reviewed_on"),
			Reviewer: r.PostFormValue("reviewer"), Finding: r.PostFormValue("finding"), Effective: eff})
		return err
	})
}
