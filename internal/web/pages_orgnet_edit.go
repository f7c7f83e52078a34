package web

import (
	"net/http"
	"strings"

	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
)

// Edit and delete pages of a meeting, an alliance and a project. The
// stores check the scope and the rules; a refused edit shows the form again
// with the error, a refused delete the error page (404 outside the scope,
// 409 while something depends on the record). A delete asks for a ticked
// confirmation.

func allianceEditFields(d alliance.Draft) []formField {
	return []formField{
		{Name: "kind", Label: "alliance.kind", Type: "select", Options: kit.EnumOptions(alliance.Kinds, "alliance.kind.", string(d.Kind), ""), Required: true},
		{Name: "pairing", Label: "alliance.pairing", Type: "select", Options: kit.EnumOptions(alliance.PairingTypes, "alliance.pairing.", string(d.Pairing), "list.any")},
		{Name: "name", Label: "alliance.name", Type: "text", Value: d.Name, Required: true},
		{Name: "note", Label: "alliance.note", Type: "textarea", Value: d.Note},
	}
}

// writableAlliance reads an alliance the caller may change: one visible but
// led from outside the scope is forbidden.
func (s *Server) writableAlliance(r *http.Request, p *Principal) (alliance.Alliance, error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return alliance.Alliance{}, err
	}
	a, err := s.alliances().Get(r.Context(), p.Scope, id)
	if err == nil && !a.Writable {
		err = apperr.New(apperr.Forbidden, "err.alliance.not_lead")
	}
	return a, err
}

func (s *Server) renderAllianceEdit(w http.ResponseWriter, r *http.Request, code int, a alliance.Alliance, d alliance.Draft, err error) {
	fields := allianceEditFields(d)
	data := map[string]any{"Title": a.Name, "Fields": fields, "Action": "/alliances/" + kit.Itoa(a.ID), "Cancel": "/alliances/" + kit.Itoa(a.ID)}
	if err != nil {
		data["Error"] = kit.FormErr(kit.LangOf(r), err, fields)
	}
	s.Render(w, r, code, "form", data)
}

func (s *Server) pageAllianceEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	a, err := s.writableAlliance(r, p)
	if err != nil {
		return err
	}
	s.renderAllianceEdit(w, r, http.StatusOK, a, alliance.Draft{Kind: a.Kind, Pairing: a.Pairing, Name: a.Name, Note: a.Note}, nil)
	return nil
}

func (s *Server) pageAllianceUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	a, err := s.writableAlliance(r, p)
	if err != nil {
		return err
	}
	d := alliance.Draft{Kind: alliance.Kind(r.PostFormValue("kind")), Pairing: alliance.PairingType(r.PostFormValue("pairing")),
		Name: r.PostFormValue("name"), Note: r.PostFormValue("note")}
	if _, err = s.alliances().Update(r.Context(), p.Scope, a.ID, d); err == nil {
		http.Redirect(w, r, "/alliances/"+kit.Itoa(a.ID), http.StatusSeeOther)
		return nil
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		return err
	}
	s.renderAllianceEdit(w, r, kit.Status(apperr.CodeOf(err)), a, d, err)
	return nil
}

func (s *Server) pageAllianceDelete(w http.ResponseWriter, r *http.Request, p *Principal) error {
	a, err := s.writableAlliance(r, p)
	if err != nil {
		return err
	}
	return kit.Removed(w, r, func() error { return s.alliances().Delete(r.Context(), p.Scope, a.ID) }, "/alliances")
}

func projectEditFields(d project.Draft, orgName string) []formField {
	return []formField{
		{Name: "name", Label: "project.name", Type: "text", Value: d.Name, Required: true},
		kit.Pick("org_id", "project.org", "orgs", d.OrgID, orgName, true),
		{Name: "status", Label: "project.status", Type: "select", Options: kit.EnumOptions(project.Statuses, "project.status.", string(d.Status), "")},
		{Name: "weight", Label: "project.weight", Type: "number", Value: kit.Itoa(int64(max(d.Weight, 1)))},
		{Name: "due_on", Label: "project.due_on", Type: "date", Value: d.DueOn},
		{Name: "description", Label: "project.description", Type: "textarea", Value: d.Description},
	}
}

func (s *Server) renderProjectEdit(w http.ResponseWriter, r *http.Request, code int, x project.Project, d project.Draft, orgName string, err error) {
	fields := projectEditFields(d, orgName)
	data := map[string]any{"Title": x.Name, "Fields": fields, "Action": "/projects/" + kit.Itoa(x.ID), "Cancel": "/projects/" + kit.Itoa(x.ID)}
	if err != nil {
		data["Error"] = kit.FormErr(kit.LangOf(r), err, fields)
	}
	s.Render(w, r, code, "form", data)
}

func (s *Server) pageProjectEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.projects().GetProject(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	d := project.Draft{OrgID: x.OrgID, Name: x.Name, Description: x.Description, Status: x.Status, Weight: x.Weight, DueOn: x.DueOn}
	s.renderProjectEdit(w, r, http.StatusOK, x, d, x.OrgName, nil)
	return nil
}

func (s *Server) pageProjectUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.projects().GetProject(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	d := project.Draft{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"), Status: project.Status(r.PostFormValue("status")),
		DueOn: strings.TrimSpace(r.PostFormValue("due_on"))}
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		if d.Weight, err = projectNum(r, "weight", "err.project.weight_range", 1); err == nil {
			if _, err = s.projects().Update(r.Context(), p.Scope, id, d); err == nil {
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
	s.renderProjectEdit(w, r, kit.Status(apperr.CodeOf(err)), x, d, orgName, err)
	return nil
}

func (s *Server) pageProjectDelete(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.projects().GetProject(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	back := "/projects"
	if x.ParentID != 0 {
		back = "/projects/" + kit.Itoa(x.ParentID)
	}
	return kit.Removed(w, r, func() error { return s.projects().Delete(r.Context(), p.Scope, id) }, back)
}
