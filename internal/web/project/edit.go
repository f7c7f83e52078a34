package project

import (
	"dangjian/internal/apperr"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
	"net/http"
	"strings"
)

// The edit and delete pages of a project. The store checks the scope and
// the rules; a refused edit shows the form again with the error, a refused
// delete the error page (404 outside the scope, 409 while something
// depends on the project). A delete asks for a ticked confirmation.

func projectEditFields(d project.Draft, orgName string) []kit.FormField {
	return []kit.FormField{
		{Name: "name", Label: "project.name", Type: "text", Value: d.Name, Required: true},
		kit.Pick("org_id", "project.org", "orgs", d.OrgID, orgName, true),
		{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.Statuses, "project.status.", string(d.Status), "")},
		{Name: "weight", Label: "project.weight", Type: "number", Value: kit.Itoa(int64(max(d.Weight, 1)))},
		{Name: "due_on", Label: "project.due_on", Type: "date", Value: d.DueOn},
		{Name: "description", Label: "project.description", Type: "textarea", Value: d.Description},
	}
}

func (m *Module) renderProjectEdit(w http.ResponseWriter, r *http.Request, code int, x project.Project, d project.Draft, orgName string, err error) {
	fields := projectEditFields(d, orgName)
	data := kit.FormPage{Title: x.Name, Fields: fields, Action: "/projects/" + kit.Itoa(x.ID), Cancel: "/projects/" + kit.Itoa(x.ID)}
	if err != nil {
		data.Error = kit.FormErr(kit.LangOf(r), err, fields)
	}
	kit.Form.Render(m.Kit, w, r, code, data)
}

func (m *Module) pageProjectEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.Projects.GetProject)
	if err != nil {
		return err
	}
	d := project.Draft{OrgID: x.OrgID, Name: x.Name, Description: x.Description, Status: x.Status, Weight: x.Weight, DueOn: x.DueOn}
	m.renderProjectEdit(w, r, http.StatusOK, x, d, x.OrgName, nil)
	return nil
}

func (m *Module) pageProjectUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, id, err := kit.ByID(r, p, m.Projects.GetProject)
	if err != nil {
		return err
	}
	d := project.Draft{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Status: project.Status(r.PostFormValue("status")),
		DueOn: strings.TrimSpace(r.PostFormValue("due_on"))}
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		if d.Weight, err = projectNum(r, "weight", "err.project.weight_range", 1); err == nil {
			if _, err = m.Projects.Update(r.Context(), p.Scope, id, d); err == nil {
				http.Redirect(w, r, "/projects/"+kit.Itoa(id), http.StatusSeeOther)
				return nil
			}
		}
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		return err
	}
	orgName := ""
	if d.OrgID == x.OrgID {
		orgName = x.OrgName
	} else if apperr.As(err).Key == "err.project.org_unknown" {
		d.OrgID = 0 // an org outside the scope is not shown
	}
	m.renderProjectEdit(w, r, kit.Status(apperr.CodeOf(err)), x, d, orgName, err)
	return nil
}

func (m *Module) pageProjectDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, id, err := kit.ByID(r, p, m.Projects.GetProject)
	if err != nil {
		return err
	}
	back := "/projects"
	if x.ParentID != 0 {
		back = "/projects/" + kit.Itoa(x.ParentID)
	}
	return kit.Removed(w, r, func() error { return m.Projects.Delete(r.Context(), p.Scope, id) }, back)
}
