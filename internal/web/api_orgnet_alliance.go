package web

import (
	"net/http"

	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// JSON API of organizational life (meetings with attendance and photos,
// compliance).

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := meetingFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.orglife().List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

type attendeeInput struct {
	PersonID int64  `json:"person_id"`
	Status   string `json:"status"` // present, absent, leave
	Reason   string `json:"reason"`
}

type photoInput struct {
	Name    string `json:"name"`
	Caption string `json:"caption"`
	Data    []byte `json:"data"` // base64
}

type meetingInput struct {
	OrgID      int64           `json:"org_id"`
	Kind       orglife.Kind    `json:"kind"`
	HeldOn     string          `json:"held_on"`
	Title      string          `json:"title"`
	Place      string          `json:"place"`
	Topic      string          `json:"topic"`
	Lecturer   string          `json:"lecturer"`
	Minutes    string          `json:"minutes"`
	Attendance []attendeeInput `json:"attendance"`
	Photos     []photoInput    `json:"photos"`
}

// apiMeetingCreate records a meeting with its attendance (members not named
// are absent; anyone named who is not a member of the org is refused) and
// photos, all or nothing.
func (in meetingInput) draft() orglife.Draft {
	d := orglife.Draft{OrgID: in.OrgID, Kind: in.Kind, HeldOn: in.HeldOn, Title: in.Title, Place: in.Place, Topic: in.Topic, Lecturer: in.Lecturer, Minutes: in.Minutes}
	for _, a := range in.Attendance {
		d.Attendance = append(d.Attendance, orglife.Attendee{PersonID: a.PersonID, Status: a.Status, Reason: a.Reason})
	}
	for _, ph := range in.Photos {
		d.Photos = append(d.Photos, orglife.Upload{Name: ph.Name, Caption: ph.Caption, Data: ph.Data})
	}
	return d
}

func (s *Server) apiMeetingCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in meetingInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.orglife().Create(r.Context(), p.Scope, in.draft())
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, m)
	return nil
}

// meetingEditInput is a corrected meeting: the fields and attendance
// again (the org stays), photos to add and the ids of photos to remove.
type meetingEditInput struct {
	meetingInput
	RemovePhotos []int64 `json:"remove_photos"`
}

// apiMeetingUpdate corrects a meeting under the rules of recording one.
func (s *Server) apiMeetingUpdate(r *http.Request, p *Principal, id int64, in meetingEditInput) (any, error) {
	d := in.draft()
	d.RemovePhotos = in.RemovePhotos
	return s.orglife().Update(r.Context(), p.Scope, id, d)
}

// apiMeetingRoster lists the members of an org in scope, whom a meeting's
// attendance names.
func (s *Server) apiMeetingRoster(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ms, err := s.orglife().Members(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []orglife.Member{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": ms})
	return nil
}

// apiCompliance is 三会一课 compliance per org in scope for a year,
// quarter or month (the query of the page).
func (s *Server) apiCompliance(w http.ResponseWriter, r *http.Request, p *Principal) error {
	per, root, err := complianceQuery(r)
	if err != nil {
		return err
	}
	rep, err := s.orglife().Compliance(r.Context(), p.Scope, per, root)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, rep)
	return nil
}
