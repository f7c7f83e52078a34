package web

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/orglife"
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
