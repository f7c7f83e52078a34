package web

import (
	"net/http"

	"dangjian/internal/alliance"
	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// JSON API of alliances (members, resources, joint meetings and their
// tasks, memoranda and their commitments) and of organizational life
// (meetings with attendance and photos, compliance).

func (s *Server) apiAlliances(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var f alliance.Filter
	var page int
	var err error
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return err
	}
	if f.Kind, err = kit.QueryEnum(r, "kind", alliance.Kinds); err != nil {
		return err
	}
	f.Q, f.Sort = r.URL.Query().Get("q"), r.URL.Query().Get("sort")
	items, total, err := s.alliances().List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

type allianceInput struct {
	Kind      alliance.Kind        `json:"kind"`
	Pairing   alliance.PairingType `json:"pairing"`
	Name      string               `json:"name"`
	LeadOrgID int64                `json:"lead_org_id"`
	Note      string               `json:"note"`
}

func (in allianceInput) draft() alliance.Draft {
	return alliance.Draft{Kind: in.Kind, Pairing: in.Pairing, Name: in.Name, LeadOrgID: in.LeadOrgID, Note: in.Note}
}

func (s *Server) apiAllianceCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in allianceInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.alliances().Create(r.Context(), p.Scope, in.draft())
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, a)
	return nil
}

// apiAllianceUpdate changes an alliance's name, kind and note where its
// lead org is in scope; the lead org stays.
func (s *Server) apiAllianceUpdate(r *http.Request, p *Principal, id int64, in allianceInput) (any, error) {
	return s.alliances().Update(r.Context(), p.Scope, id, in.draft())
}

type allianceMemberInput struct {
	OrgID  int64  `json:"org_id"`
	UnitID int64  `json:"unit_id"`
	Role   string `json:"role"`
}

type allianceResourceInput struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Note    string `json:"note"`
	OwnerID int64  `json:"owner_id"` // a member id
}

type allianceTaskInput struct {
	MeetingID int64  `json:"meeting_id"`
	Decision  string `json:"decision"`
	OwnerID   int64  `json:"owner_id"` // a member id
	Deadline  string `json:"deadline"`
}

func (in allianceTaskInput) draft() alliance.TaskDraft {
	return alliance.TaskDraft{MeetingID: in.MeetingID, Decision: in.Decision, OwnerID: in.OwnerID, Deadline: in.Deadline}
}

type allianceMeetingInput struct {
	HeldOn    string              `json:"held_on"`
	Agenda    string              `json:"agenda"`
	Present   []int64             `json:"present"` // member ids
	Decisions []allianceTaskInput `json:"decisions"`
}

type allianceCommitmentInput struct {
	Content string `json:"content"`
	OwnerID int64  `json:"owner_id"`
	DueOn   string `json:"due_on"`
}

type allianceMemoInput struct {
	Title       string                    `json:"title"`
	SignedOn    string                    `json:"signed_on"`
	Parties     []int64                   `json:"parties"`
	Commitments []allianceCommitmentInput `json:"commitments"`
}

func (s *Server) apiAllianceMember(r *http.Request, p *Principal, id int64, in allianceMemberInput) (any, error) {
	m, err := s.alliances().AddMember(r.Context(), p.Scope, id, alliance.MemberDraft{OrgID: in.OrgID, UnitID: in.UnitID, Role: in.Role})
	return kit.NewID(m.ID, err)
}

func (s *Server) apiAllianceResource(r *http.Request, p *Principal, id int64, in allianceResourceInput) (any, error) {
	return kit.NewID(s.alliances().AddResource(r.Context(), p.Scope, id, alliance.ResourceDraft{Name: in.Name, Kind: in.Kind, Note: in.Note, OwnerID: in.OwnerID}))
}

func (s *Server) apiAllianceMeeting(r *http.Request, p *Principal, id int64, in allianceMeetingInput) (any, error) {
	d := alliance.MeetingDraft{HeldOn: in.HeldOn, Agenda: in.Agenda, Present: in.Present}
	for _, x := range in.Decisions {
		d.Decisions = append(d.Decisions, x.draft())
	}
	return kit.NewID(s.alliances().AddMeeting(r.Context(), p.Scope, id, d))
}

func (s *Server) apiAllianceTask(r *http.Request, p *Principal, id int64, in allianceTaskInput) (any, error) {
	return kit.NewID(s.alliances().AddTask(r.Context(), p.Scope, id, in.draft()))
}

func (s *Server) apiAllianceMemo(r *http.Request, p *Principal, id int64, in allianceMemoInput) (any, error) {
	d := alliance.MemoDraft{Title: in.Title, SignedOn: in.SignedOn, Parties: in.Parties}
	for _, c := range in.Commitments {
		d.Commitments = append(d.Commitments, alliance.CommitmentDraft{Content: c.Content, OwnerID: c.OwnerID, DueOn: c.DueOn})
	}
	return kit.NewID(s.alliances().AddMemo(r.Context(), p.Scope, id, d))
}

// apiAllianceTaskDone marks a task of the alliance done.
func (s *Server) apiAllianceTaskDone(r *http.Request, p *Principal, id int64, _ noBody) (any, error) {
	tid, err := kit.PathID(r, "task")
	if err != nil {
		return nil, err
	}
	return nil, s.alliances().CompleteTask(r.Context(), p.Scope, id, tid)
}

type allianceProgressInput struct {
	Progress int    `json:"progress"`
	Note     string `json:"note"`
}

// apiAllianceProgress records a commitment's progress.
func (s *Server) apiAllianceProgress(r *http.Request, p *Principal, id int64, in allianceProgressInput) (any, error) {
	cid, err := kit.PathID(r, "commitment")
	if err != nil {
		return nil, err
	}
	return nil, s.alliances().SetProgress(r.Context(), p.Scope, id, cid, in.Progress, in.Note)
}

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
