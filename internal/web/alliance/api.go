package alliance

import (
	"net/http"

	"dangjian/internal/alliance"
	"dangjian/internal/web/kit"
)

// JSON API of alliances (members, resources, joint meetings and their
// tasks, memoranda and their commitments).

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

// apiAllianceCreate creates an alliance led by an org in scope.
func (m *Module) apiAllianceCreate(r *http.Request, p *kit.Principal, in allianceInput) (any, error) {
	return m.Alliances.Create(r.Context(), p.Scope, in.draft())
}

// apiAllianceUpdate changes an alliance's name, kind and note where its
// lead org is in scope; the lead org stays.
func (m *Module) apiAllianceUpdate(r *http.Request, p *kit.Principal, id int64, in allianceInput) (any, error) {
	return m.Alliances.Update(r.Context(), p.Scope, id, in.draft())
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

func (m *Module) apiAllianceMember(r *http.Request, p *kit.Principal, id int64, in allianceMemberInput) (any, error) {
	mem, err := m.Alliances.AddMember(r.Context(), p.Scope, id, alliance.MemberDraft{OrgID: in.OrgID, UnitID: in.UnitID, Role: in.Role})
	return kit.NewID(mem.ID, err)
}

func (m *Module) apiAllianceResource(r *http.Request, p *kit.Principal, id int64, in allianceResourceInput) (any, error) {
	return kit.NewID(m.Alliances.AddResource(r.Context(), p.Scope, id, alliance.ResourceDraft{Name: in.Name, Kind: in.Kind, Note: in.Note, OwnerID: in.OwnerID}))
}

func (m *Module) apiAllianceMeeting(r *http.Request, p *kit.Principal, id int64, in allianceMeetingInput) (any, error) {
	d := alliance.MeetingDraft{HeldOn: in.HeldOn, Agenda: in.Agenda, Present: in.Present}
	for _, x := range in.Decisions {
		d.Decisions = append(d.Decisions, x.draft())
	}
	return kit.NewID(m.Alliances.AddMeeting(r.Context(), p.Scope, id, d))
}

func (m *Module) apiAllianceTask(r *http.Request, p *kit.Principal, id int64, in allianceTaskInput) (any, error) {
	return kit.NewID(m.Alliances.AddTask(r.Context(), p.Scope, id, in.draft()))
}

func (m *Module) apiAllianceMemo(r *http.Request, p *kit.Principal, id int64, in allianceMemoInput) (any, error) {
	d := alliance.MemoDraft{Title: in.Title, SignedOn: in.SignedOn, Parties: in.Parties}
	for _, c := range in.Commitments {
		d.Commitments = append(d.Commitments, alliance.CommitmentDraft{Content: c.Content, OwnerID: c.OwnerID, DueOn: c.DueOn})
	}
	return kit.NewID(m.Alliances.AddMemo(r.Context(), p.Scope, id, d))
}

// apiAllianceTaskDone marks a task of the alliance done.
func (m *Module) apiAllianceTaskDone(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
	tid, err := kit.PathID(r, "task")
	if err != nil {
		return nil, err
	}
	return nil, m.Alliances.CompleteTask(r.Context(), p.Scope, id, tid)
}

type allianceProgressInput struct {
	Progress int    `json:"progress"`
	Note     string `json:"note"`
}

// apiAllianceProgress records a commitment's progress.
func (m *Module) apiAllianceProgress(r *http.Request, p *kit.Principal, id int64, in allianceProgressInput) (any, error) {
	cid, err := kit.PathID(r, "commitment")
	if err != nil {
		return nil, err
	}
	return nil, m.Alliances.SetProgress(r.Context(), p.Scope, id, cid, in.Progress, in.Note)
}
