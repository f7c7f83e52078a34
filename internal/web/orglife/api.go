package orglife

import (
	"context"
	"net/http"

	"dangjian/internal/orglife"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// JSON API of organizational life: meetings with attendance and photos,
// the roster of an org, compliance.

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

func (m *Module) apiMeetingCreate(r *http.Request, p *kit.Principal, in meetingInput) (any, error) {
	return m.Orglife.Create(r.Context(), p.Scope, in.draft())
}

// meetingEditInput is a corrected meeting: the fields and attendance
// again (the org stays), photos to add and the ids of photos to remove.
type meetingEditInput struct {
	meetingInput
	RemovePhotos []int64 `json:"remove_photos"`
}

// apiMeetingUpdate corrects a meeting under the rules of recording one.
func (m *Module) apiMeetingUpdate(r *http.Request, p *kit.Principal, id int64, in meetingEditInput) (any, error) {
	d := in.draft()
	d.RemovePhotos = in.RemovePhotos
	return m.Orglife.Update(r.Context(), p.Scope, id, d)
}

// apiMeetingRoster lists the members of an org in scope, whom a meeting's
// attendance names.
func (m *Module) apiMeetingRoster(ctx context.Context, sc scope.Scope, id int64) (roster, error) {
	ms, err := m.Orglife.Members(ctx, sc, id)
	if ms == nil {
		ms = []orglife.Member{}
	}
	return roster{Items: ms}, err
}

// roster is the answer of apiMeetingRoster.
type roster struct {
	Items []orglife.Member `json:"items"`
}

// apiCompliance is 三会一课 compliance per org in scope for a year,
// quarter or month (the query of the page). By hand: a report by query,
// with neither id nor paging, fits no kit shape.
func (m *Module) apiCompliance(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	per, root, err := complianceQuery(r)
	if err != nil {
		return err
	}
	rep, err := m.Orglife.Compliance(r.Context(), p.Scope, per, root)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, rep)
	return nil
}
