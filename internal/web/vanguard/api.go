package vanguard

import (
	"net/http"

	"dangjian/internal/declaration"
	"dangjian/internal/vanguard"
	"dangjian/internal/web/kit"
)

// JSON API of vanguard teams, study and training plans and the invitations
// of mobile members. The handlers call the stores the pages call; the
// stores check the scope and the rules (no future date, members of the
// org only, a session inside its plan's period, one invitation per event)
// and write the audit entries.

type teamInput struct {
	OrgID     int64          `json:"org_id"`
	Name      string         `json:"name"`
	Focus     vanguard.Focus `json:"focus"`
	LeaderID  int64          `json:"leader_id"`
	FoundedOn string         `json:"founded_on"` // YYYY-MM-DD, not after today
	Note      string         `json:"note"`
}

func (m *Module) apiTeamCreate(r *http.Request, p *kit.Principal, in teamInput) (any, error) {
	return m.Vanguard.CreateTeam(r.Context(), p.Scope, vanguard.TeamDraft{OrgID: in.OrgID, Name: in.Name, Focus: in.Focus,
		LeaderID: in.LeaderID, FoundedOn: in.FoundedOn, Note: in.Note})
}

type teamMemberInput struct {
	PersonID int64 `json:"person_id"`
}

// apiTeamMember puts a party member of the team's org (or a subordinate
// org) on the team and answers the team with its members.
func (m *Module) apiTeamMember(r *http.Request, p *kit.Principal, id int64, in teamMemberInput) (any, error) {
	st := m.Vanguard
	if err := st.AddMember(r.Context(), p.Scope, id, in.PersonID); err != nil {
		return nil, err
	}
	return st.GetTeam(r.Context(), p.Scope, id)
}

type activityInput struct {
	HeldOn string  `json:"held_on"` // YYYY-MM-DD, not after today nor before the team was founded
	Title  string  `json:"title"`
	Hours  float64 `json:"hours"`
	Note   string  `json:"note"`
}

func (m *Module) apiTeamActivity(r *http.Request, p *kit.Principal, id int64, in activityInput) (any, error) {
	return m.Vanguard.AddActivity(r.Context(), p.Scope, id, vanguard.ActivityDraft{HeldOn: in.HeldOn, Title: in.Title, Hours: in.Hours, Note: in.Note})
}

type planInput struct {
	OrgID       int64             `json:"org_id"`
	Title       string            `json:"title"`
	Kind        vanguard.PlanKind `json:"kind"`
	StartsOn    string            `json:"starts_on"`
	EndsOn      string            `json:"ends_on"`
	TargetHours float64           `json:"target_hours"`
	Note        string            `json:"note"`
}

func (m *Module) apiPlanCreate(r *http.Request, p *kit.Principal, in planInput) (any, error) {
	return m.Vanguard.CreatePlan(r.Context(), p.Scope, vanguard.PlanDraft{OrgID: in.OrgID, Title: in.Title, Kind: in.Kind,
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, TargetHours: in.TargetHours, Note: in.Note})
}

type sessionInput struct {
	HeldOn    string  `json:"held_on"` // inside the plan's period, not after today
	Hours     float64 `json:"hours"`
	Topic     string  `json:"topic"`
	Attendees []int64 `json:"attendees"` // person ids, members of the plan's org
}

func (m *Module) apiPlanSession(r *http.Request, p *kit.Principal, id int64, in sessionInput) (any, error) {
	return m.Vanguard.AddSession(r.Context(), p.Scope, id, vanguard.SessionDraft{HeldOn: in.HeldOn, Hours: in.Hours, Topic: in.Topic,
		Attendees: in.Attendees})
}

type mobileInviteInput struct {
	Kind    declaration.EventKind `json:"kind"`     // meeting or activity
	EventID int64                 `json:"event_id"` // the meeting's or the vanguard activity's id
}

// apiMobileInvite invites the mobile member (a confirmed registration, by
// its id) to a meeting or a vanguard activity of an org where they live.
func (m *Module) apiMobileInvite(r *http.Request, p *kit.Principal, id int64, in mobileInviteInput) (any, error) {
	return m.Declarations.Invite(r.Context(), p.Scope, id, in.Kind, in.EventID)
}

type attendanceInput struct {
	Status declaration.InvitationStatus `json:"status"` // attended or absent
	Note   string                       `json:"note"`
}

func (m *Module) apiInvitationAttendance(r *http.Request, p *kit.Principal, id int64, in attendanceInput) (any, error) {
	return m.Declarations.Record(r.Context(), p.Scope, id, in.Status, in.Note)
}

// apiTeamUpdate corrects a team's name, focus, leader, founding date and
// note (org_id is ignored: the org stays).
func (m *Module) apiTeamUpdate(r *http.Request, p *kit.Principal, id int64, in teamInput) (any, error) {
	return m.Vanguard.UpdateTeam(r.Context(), p.Scope, id, vanguard.TeamDraft{Name: in.Name, Focus: in.Focus, LeaderID: in.LeaderID,
		FoundedOn: in.FoundedOn, Note: in.Note})
}

// apiTeamMemberRemove takes a member (not the leader) off the team.
func (m *Module) apiTeamMemberRemove(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
	person, err := kit.PathID(r, "person")
	if err != nil {
		return nil, err
	}
	return nil, m.Vanguard.RemoveMember(r.Context(), p.Scope, id, person)
}

// apiTeamActivityDelete deletes an activity of the team no mobile member
// was invited to.
func (m *Module) apiTeamActivityDelete(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
	act, err := kit.PathID(r, "activity")
	if err != nil {
		return nil, err
	}
	return nil, m.Vanguard.DeleteActivity(r.Context(), p.Scope, id, act)
}

// apiPlanUpdate corrects a plan's title, kind, period, target hours and
// note (org_id is ignored: the org stays).
func (m *Module) apiPlanUpdate(r *http.Request, p *kit.Principal, id int64, in planInput) (any, error) {
	return m.Vanguard.UpdatePlan(r.Context(), p.Scope, id, vanguard.PlanDraft{Title: in.Title, Kind: in.Kind, StartsOn: in.StartsOn,
		EndsOn: in.EndsOn, TargetHours: in.TargetHours, Note: in.Note})
}

// apiPlanSessionDelete deletes a session of the plan with its attendance.
func (m *Module) apiPlanSessionDelete(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
	x, err := kit.PathID(r, "session")
	if err != nil {
		return nil, err
	}
	return nil, m.Vanguard.DeleteSession(r.Context(), p.Scope, id, x)
}
