package orglife

import (
	"dangjian/internal/apperr"
	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
	"net/http"
)

// The edit and delete pages of a meeting. The store checks the scope and the
// rules; a refused edit shows the form again with the error, a refused delete
// the error page (404 outside the scope). A delete asks for a ticked
// confirmation.

// editRoster is the roster of a meeting being edited: who was recorded,
// with their status, and the org's members now (absent).
func (m *Module) editRoster(r *http.Request, p *kit.Principal, mt orglife.Meeting, given []orglife.Attendee) ([]rosterRow, error) {
	members, err := m.Orglife.Members(r.Context(), p.Scope, mt.OrgID)
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
	for _, a := range mt.Attendees {
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

func (m *Module) pageMeetingEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	mt, _, err := kit.ByID(r, p, m.Orglife.Get)
	if err != nil {
		return err
	}
	f := meetingEditForm(mt, orglife.Draft{Kind: mt.Kind, HeldOn: mt.HeldOn, Title: mt.Title, Place: mt.Place, Topic: mt.Topic, Lecturer: mt.Lecturer, Minutes: mt.Minutes})
	if f.Roster, err = m.editRoster(r, p, mt, mt.Attendees); err != nil {
		return err
	}
	m.renderMeetingForm(w, r, http.StatusOK, f, "")
	return nil
}

func (m *Module) pageMeetingUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	mt, id, err := kit.ByID(r, p, m.Orglife.Get)
	if err != nil {
		return err
	}
	d, err := meetingDraft(r)
	if err == nil {
		d.RemovePhotos, err = kit.FormIDs(r, "remove_photo")
	}
	if err == nil {
		if _, err = m.Orglife.Update(r.Context(), p.Scope, id, d); err == nil {
			http.Redirect(w, r, "/orglife/"+kit.Itoa(id), http.StatusSeeOther)
			return nil
		}
	}
	if c := apperr.CodeOf(err); c == apperr.Internal || c == apperr.NotFound {
		return err
	}
	f := meetingEditForm(mt, d)
	var rerr error
	if f.Roster, rerr = m.editRoster(r, p, mt, d.Attendance); rerr != nil {
		return rerr
	}
	m.renderMeetingForm(w, r, kit.Status(apperr.CodeOf(err)), f, kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
	return nil
}

func (m *Module) pageMeetingDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	mt, id, err := kit.ByID(r, p, m.Orglife.Get)
	if err != nil {
		return err
	}
	return kit.Removed(w, r, func() error { return m.Orglife.Delete(r.Context(), p.Scope, id) }, "/orglife?org_id="+kit.Itoa(mt.OrgID))
}
