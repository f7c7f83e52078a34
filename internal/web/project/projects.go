package project

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
// parent.

func projectStatus(lang string, p project.Project) string {
	st := kit.Tr(lang, "project.status."+string(p.Status))
	if p.Overdue {
		st += " · " + kit.Tr(lang, "project.status.overdue")
	}
	return st
}

// projectFilter reads the project list's filters (the list and its export).
var projectFilter = kit.QueryFilter[project.ProjectFilter]

// projectTable is the project list's columns: the page and the export.
// The page shows the tree by indenting a name by its depth.
var projectTable = kit.Table[project.Project]{Columns: []kit.Column[project.Project]{
	{Key: "project.name", Cell: func(_ string, x project.Project) kit.Cell {
		return kit.Cell{Text: x.Name, Href: "/projects/" + kit.Itoa(x.ID)}
	}},
	{Key: "project.parent", ExportOnly: true, Cell: func(_ string, x project.Project) kit.Cell { return kit.Cell{Text: x.ParentName} }},
	{Key: "project.org", Cell: func(_ string, x project.Project) kit.Cell { return kit.Cell{Text: x.OrgName} }},
	{Key: "project.status", Cell: kit.Text(projectStatus)},
	{Key: "project.progress", Cell: func(_ string, x project.Project) kit.Cell { return kit.Cell{Text: strconv.Itoa(x.Progress) + "%"} }},
	{Key: "project.weight", ExportOnly: true, Cell: func(_ string, x project.Project) kit.Cell { return kit.Cell{Text: strconv.Itoa(x.Weight)} }},
	{Key: "project.due_on", Cell: func(_ string, x project.Project) kit.Cell { return kit.Cell{Text: x.DueOn} }},
	{Key: "project.description", ExportOnly: true, Cell: func(_ string, x project.Project) kit.Cell { return kit.Cell{Text: x.Description} }},
}}

func (m *Module) pageProjects(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := projectFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Projects.ListProjects(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	rows := projectTable.Rows(lang, items)
	for i, x := range items {
		rows[i][0].Text = strings.Repeat("　", x.Depth) + rows[i][0].Text // the tree, on the page only
	}
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.projects"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			kit.Pick("org_id", "project.org", "orgs", f.OrgID, "", false),
			{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.FilterStatuses, "project.status.", string(f.Status), "list.any")},
		},
		ListTable: kit.ListTable{Cols: projectTable.Cols(r), Rows: rows, Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "projects")},
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/projects/new", Key: "project.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) renderProjectForm(w http.ResponseWriter, r *http.Request, code int, d project.Draft, err error) {
	lang := kit.LangOf(r)
	fields := []kit.FormField{
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
	kit.Form.Render(m.Kit, w, r, code, kit.FormPage{Title: kit.Tr(lang, "project.new"), Fields: fields, Error: msg, Action: "/projects", Cancel: "/projects"})
}

func (m *Module) pageProjectNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	m.renderProjectForm(w, r, http.StatusOK, project.Draft{Status: project.Planned, OrgID: p.User.ScopeOrgID}, nil)
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

func (m *Module) pageProjectCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d := project.Draft{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Status: project.Status(r.PostFormValue("status")),
		DueOn: r.PostFormValue("due_on")}
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		if d.ParentID, err = kit.FormInt(r, "parent_id"); err == nil {
			if d.Weight, err = projectNum(r, "weight", "err.project.weight_range", 1); err == nil {
				var x project.Project
				if x, err = m.Projects.CreateProject(r.Context(), p.Scope, d); err == nil {
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
	m.renderProjectForm(w, r, kit.Status(apperr.CodeOf(err)), d, err)
	return nil
}

func (m *Module) pageProject(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.Projects.GetProject)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	parent := kit.KV{Key: "project.parent", Text: x.ParentName}
	if x.ParentID != 0 {
		parent.Href = "/projects/" + kit.Itoa(x.ParentID)
	}
	fields := []kit.KV{{Key: "project.org", Text: x.OrgName}, parent, {Key: "project.status", Text: projectStatus(lang, x), ID: "project-status"},
		{Key: "project.progress", Text: strconv.Itoa(x.Progress) + "%", ID: "project-progress"}, {Key: "project.weight", Text: strconv.Itoa(x.Weight)},
		{Key: "project.due_on", Text: x.DueOn}, {Key: "project.description", Text: x.Description}}
	var children, milestones [][]kit.Cell
	for _, c := range x.Children {
		children = append(children, []kit.Cell{{Text: c.Name, Href: "/projects/" + kit.Itoa(c.ID)}, {Text: c.OrgName}, {Text: projectStatus(lang, c)},
			{Text: strconv.Itoa(c.Progress) + "%"}, {Text: strconv.Itoa(c.Weight)}})
	}
	for _, m := range x.Milestones {
		due := m.DueOn
		if m.Overdue {
			due += " · " + kit.Tr(lang, "project.status.overdue")
		}
		milestones = append(milestones, []kit.Cell{{Text: "#" + kit.Itoa(m.ID)}, {Text: m.Name}, {Text: due}, {Text: m.DoneOn}})
	}
	d := kit.DetailPage{Title: x.Name, Fields: fields, Sections: []kit.Section{
		{Key: "project.children", Cols: kit.Cols("project.name", "project.org", "project.status", "project.progress", "project.weight"), Rows: children},
		{Key: "project.milestones", Cols: kit.Cols("project.milestone_id", "project.milestone", "project.due_on", "project.done_on"), Rows: milestones},
	}, Actions: []kit.Link{{Href: "/projects", Key: "nav.projects"}}}
	if p.Can(auth.PermRegistryWrite) {
		d.Forms = projectForms(x)
		d.Actions = append(d.Actions, kit.Link{Href: "/projects/" + kit.Itoa(x.ID) + "/edit", Key: "project.edit"})
		if x.ChildCount == 0 {
			d.Forms = append(d.Forms, kit.DeleteForm("/projects/"+kit.Itoa(x.ID)+"/delete", "project.delete"))
		}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func projectForms(x project.Project) []kit.InlineForm {
	base := "/projects/" + kit.Itoa(x.ID)
	var open []kit.Option
	for _, m := range x.Milestones {
		if m.DoneOn == "" {
			open = append(open, kit.Option{Value: kit.Itoa(m.ID), Label: "#" + kit.Itoa(m.ID) + " " + kit.Clip(m.Name, 20), Raw: true})
		}
	}
	progress := []kit.FormField{{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.Statuses, "project.status.", string(x.Status), "")}}
	if x.ChildCount == 0 {
		progress = append([]kit.FormField{{Name: "progress", Label: "project.own_progress", Type: "number", Value: strconv.Itoa(x.OwnProgress)}}, progress...)
	}
	forms := []kit.InlineForm{
		{Action: base + "/milestones", Title: "project.add_milestone", Button: "form.save", Fields: []kit.FormField{
			{Name: "name", Label: "project.milestone", Type: "text", Required: true},
			{Name: "due_on", Label: "project.due_on", Type: "date", Required: true},
			{Name: "done_on", Label: "project.done_on", Type: "date"},
		}},
		{Action: base + "/progress", Title: "project.set_progress", Button: "form.save", Fields: progress},
		{Action: base + "/parent", Title: "project.set_parent", Button: "form.save", Fields: []kit.FormField{
			{Name: "parent_id", Label: "project.parent_id", Type: "number", Value: kit.IDStr(x.ParentID), Placeholder: "project.parent_hint"},
		}},
	}
	if len(open) > 0 {
		forms = append(forms, kit.InlineForm{Action: base + "/milestones", Title: "project.milestone_done", Button: "form.save", Fields: []kit.FormField{
			{Name: "milestone_id", Label: "project.milestone", Type: "select", Options: open, Required: true},
			{Name: "done_on", Label: "project.done_on", Type: "date", Required: true},
		}})
	}
	return forms
}

func (m *Module) pageProjectMilestone(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/projects/", func(id int64) error {
		mid, err := kit.FormInt(r, "milestone_id")
		if err != nil {
			return err
		}
		if mid != 0 {
			return m.Projects.CompleteMilestone(r.Context(), p.Scope, id, mid, r.PostFormValue("done_on"))
		}
		_, err = m.Projects.AddMilestone(r.Context(), p.Scope, id, project.MilestoneDraft{Name: r.PostFormValue("name"),
			DueOn: r.PostFormValue("due_on"), DoneOn: r.PostFormValue("done_on")})
		return err
	})
}

func (m *Module) pageProjectProgress(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/projects/", func(id int64) error {
		pr, err := projectNum(r, "progress", "err.project.progress_range", project.Unchanged)
		if err != nil {
			return err
		}
		return m.Projects.SetProgress(r.Context(), p.Scope, id, pr, project.Status(strings.TrimSpace(r.PostFormValue("status"))))
	})
}

func (m *Module) pageProjectParent(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/projects/", func(id int64) error {
		pid, err := kit.FormInt(r, "parent_id")
		if err != nil {
			return err
		}
		return m.Projects.SetParent(r.Context(), p.Scope, id, pid)
	})
}
