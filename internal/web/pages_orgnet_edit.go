package web

import (
	"net/http"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/orglife"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
)

// Edit and delete pages of a meeting, an alliance and a project. The
// stores check the scope and the rules; a refused edit shows the form again
// with the error, a refused delete the error page (404 outside the scope,
// 409 while something depends on the record). A delete asks for a ticked
// confirmation.

// editRoster is the roster of a meeting being edited: who was recorded,
// with their status, and the org's members now (absent).
func (s *Server) editRoster(r *http.Request, p *Principal, m orglife.Meeting, given []orglife.Attendee) ([]rosterRow, error) {
	members, err := s.orglife().Members(r.Context(), p.Scope, m.OrgID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]orglife.Attendee{}
	for _, a := range given {
		byID[a.PersonID] = a
	}
	var out []rosterRow
	seen := map[int64]bool{}
	add := func(id int64, name string) {
		if seen[id] {
			return
		}
		seen[id] = true
		row := rosterRow{ID: id, Name: name, Status: orglife.Absent}
		if a, ok := byID[id]; ok {
			row.Status, row.Reason = a.Status, a.Reason
		}
		out = append(out, row)
	}
	for _, a := range m.Attendees {
		add(a.PersonID, a.Name)
	}
	for _, x := range members {
		add(x.ID, x.Name)
	}
	return out, nil
}

func meetingEditForm(m orglife.Meeting, d orglife.Draft) meetingForm {
	base := "/orglife/" + kit.Itoa(m.ID)
	d.OrgID = m.OrgID
	return meetingForm{Draft: d, OrgName: m.OrgName, Action: base, Cancel: base, MeetingID: m.ID, Photos: m.Photos}
}

func (s *Server) pageMeetingEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.orglife().Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	f := meetingEditForm(m, orglife.Draft{Kind: m.Kind, HeldOn: m.HeldOn, Title: m.Title, Place: m.Place, Topic: m.Topic, Lecturer: m.Lecturer, Minutes: m.Minutes})
	if f.Roster, err = s.editRoster(r, p, m, m.Attendees); err != nil {
		return err
	}
	s.renderMeetingForm(w, r, http.StatusOK, f, "")
	return nil
}

func (s *Server) pageMeetingUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.orglife().Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	d, err := meetingDraft(r)
	if err == nil {
		d.RemovePhotos, err = formIDs(r, "remove_photo")
	}
	if err == nil {
		if _, err = s.orglife().Update(r.Context(), p.Scope, id, d); err == nil {
			http.Redirect(w, r, "/orglife/"+kit.Itoa(id), http.StatusSeeOther)
			return nil
		}
	}
	if c := apperr.CodeOf(err); c == apperr.Internal || c == apperr.NotFound {
		return err
	}
	f := meetingEditForm(m, d)
	var rerr error
	if f.Roster, rerr = s.editRoster(r, p, m, d.Attendance); rerr != nil {
		return rerr
	}
	s.renderMeetingForm(w, r, kit.Status(apperr.CodeOf(err)), f, kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
	return nil
}

func (s *Server) pageMeetingDelete(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.orglife().Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	return kit.Removed(w, r, func() error { return s.orglife().Delete(r.Context(), p.Scope, id) }, "/orglife?org_id="+kit.Itoa(m.OrgID))
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
