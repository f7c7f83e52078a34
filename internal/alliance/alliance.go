// Package alliance is leading through alliances (党建联盟): regional
// committees (湾区大党委), industry-, supply- and innovation-chain alliances,
// pairings (结对共建: organ with village, strong village with weak village,
// village with enterprise) and medical alliances (党建医联). An alliance has
// a lead org and member orgs and units that do not report to the lead
// (关系不隶属), a shared resource list, joint meetings (联席会) whose
// decisions become tasks with an owner and a deadline, and memoranda
// (合作备忘录) whose commitments carry an owner, a due date and progress.
package alliance

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/validation"
)

// Kind is the kind of an alliance.
type Kind string

const (
	Regional   Kind = "regional_committee" // 湾区大党委
	Industry   Kind = "industry_chain"     // 产业链党建联盟
	Supply     Kind = "supply_chain"       // 供应链党建联盟
	Innovation Kind = "innovation_chain"   // 创新链党建联盟
	Pairing    Kind = "pairing"            // 结对共建
	Medical    Kind = "medical"            // 党建医联
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Regional, Industry, Supply, Innovation, Pairing, Medical}

// PairingType is the type of a pairing.
type PairingType string

const (
	OrganVillage      PairingType = "organ_village"       // 机关联村
	StrongWeakVillage PairingType = "strong_weak_village" // 强村带弱村
	VillageEnterprise PairingType = "village_enterprise"  // 村企联手
)

// PairingTypes lists the pairing types.
var PairingTypes = []PairingType{OrganVillage, StrongWeakVillage, VillageEnterprise}

// Task statuses.
const (
	Open = "open"
	Done = "done"
)

// Sanya is the platform's local time; "today" is Sanya's date.
var Sanya = clock.Sanya

// Alliance is one alliance with, from Get, its members and records.
type Alliance struct {
	ID          int64        `json:"id"`
	Kind        Kind         `json:"kind"`
	Pairing     PairingType  `json:"pairing,omitempty"`
	Name        string       `json:"name"`
	LeadOrgID   int64        `json:"lead_org_id"`
	LeadOrgName string       `json:"lead_org_name"`
	Note        string       `json:"note"`
	MemberCount int          `json:"member_count"`
	CreatedAt   time.Time    `json:"created_at"`
	Members     []Member     `json:"members,omitempty"`
	Resources   []Resource   `json:"resources,omitempty"`
	Meetings    []Meeting    `json:"meetings,omitempty"`
	Tasks       []Task       `json:"tasks,omitempty"`
	Memoranda   []Memorandum `json:"memoranda,omitempty"`
	Writable    bool         `json:"writable"` // the lead org is in the caller's scope
}

// Member is an org or a unit in an alliance.
type Member struct {
	ID     int64  `json:"id"`
	OrgID  int64  `json:"org_id,omitempty"`
	UnitID int64  `json:"unit_id,omitempty"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

// Resource is a shared resource an alliance member offers.
type Resource struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	OwnerID   int64  `json:"owner_id"`
	OwnerName string `json:"owner_name"`
	Note      string `json:"note"`
}

// Meeting is a joint meeting (联席会).
type Meeting struct {
	ID      int64    `json:"id"`
	HeldOn  string   `json:"held_on"`
	Agenda  string   `json:"agenda"`
	Present []Member `json:"present"`
}

// Task is a decision to carry out, with its owner and deadline.
type Task struct {
	ID        int64  `json:"id"`
	MeetingID int64  `json:"meeting_id,omitempty"`
	Decision  string `json:"decision"`
	OwnerID   int64  `json:"owner_id"`
	OwnerName string `json:"owner_name"`
	Deadline  string `json:"deadline"`
	Status    string `json:"status"`
	DoneOn    string `json:"done_on,omitempty"`
	Overdue   bool   `json:"overdue"`
}

// Memorandum is a cooperation memorandum (合作备忘录).
type Memorandum struct {
	ID          int64        `json:"id"`
	Title       string       `json:"title"`
	SignedOn    string       `json:"signed_on"`
	Parties     []Member     `json:"parties"`
	Commitments []Commitment `json:"commitments"`
}

// Commitment is one party's commitment in a memorandum.
type Commitment struct {
	ID        int64    `json:"id"`
	MemoID    int64    `json:"memo_id"`
	Content   string   `json:"content"`
	OwnerID   int64    `json:"owner_id"`
	OwnerName string   `json:"owner_name"`
	DueOn     string   `json:"due_on"`
	Progress  int      `json:"progress"`
	Overdue   bool     `json:"overdue"`
	Updates   []Update `json:"updates,omitempty"`
}

// Update is a recorded progress update of a commitment.
type Update struct {
	Progress   int       `json:"progress"`
	Note       string    `json:"note"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Draft is a new alliance.
type Draft struct {
	Kind      Kind
	Pairing   PairingType
	Name      string
	LeadOrgID int64
	Note      string
}

// MemberDraft names an org or a unit (exactly one) to join.
type MemberDraft struct {
	OrgID, UnitID int64
	Role          string
}

// ResourceDraft is a shared resource.
type ResourceDraft struct {
	Name, Kind, Note string
	OwnerID          int64
}

// TaskDraft is a decision with its owner (a member id) and deadline.
type TaskDraft struct {
	MeetingID int64
	Decision  string
	OwnerID   int64
	Deadline  string
}

// MeetingDraft is a joint meeting: its date, agenda, the members present
// and its decisions.
type MeetingDraft struct {
	HeldOn    string
	Agenda    string
	Present   []int64
	Decisions []TaskDraft
}

// CommitmentDraft is a commitment in a memorandum.
type CommitmentDraft struct {
	Content string
	OwnerID int64
	DueOn   string
}

// MemoDraft is a memorandum.
type MemoDraft struct {
	Title       string
	SignedOn    string
	Parties     []int64
	Commitments []CommitmentDraft
}

func validKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

func validPairing(p PairingType) bool {
	for _, x := range PairingTypes {
		if x == p {
			return true
		}
	}
	return false
}

// date checks a date with the platform's date rule.
func date(field, v string) error {
	_, err := validation.Date(v, field, false, nil)
	return err
}

// pastDate checks a date that may not be after today.
func pastDate(field, v, today string) error {
	_, err := validation.PastDate(v, field, today, "err.alliance.future_date")
	return err
}

// Validate checks an alliance draft.
func (d *Draft) Validate() error {
	d.Name, d.Note = strings.TrimSpace(d.Name), strings.TrimSpace(d.Note)
	if !validKind(d.Kind) {
		return apperr.InvalidField("kind", "err.alliance.kind")
	}
	if d.Kind == Pairing {
		if !validPairing(d.Pairing) {
			return apperr.InvalidField("pairing", "err.alliance.pairing")
		}
	} else {
		d.Pairing = ""
	}
	if validation.Text(d.Name, "", 1, 100) != nil {
		return apperr.InvalidField("name", "err.alliance.name")
	}
	if d.LeadOrgID == 0 {
		return apperr.InvalidField("lead_org_id", "err.alliance.lead_required")
	}
	if utf8.RuneCountInString(d.Note) > 2000 {
		return apperr.InvalidField("note", "err.text_too_long")
	}
	return nil
}

func (d *TaskDraft) validate() error {
	d.Decision = strings.TrimSpace(d.Decision)
	if validation.Text(d.Decision, "", 1, 500) != nil {
		return apperr.InvalidField("decision", "err.alliance.decision")
	}
	if d.OwnerID == 0 {
		return apperr.InvalidField("owner_id", "err.alliance.owner_required")
	}
	return date("deadline", d.Deadline)
}

// Validate checks a meeting draft against today (YYYY-MM-DD).
func (d *MeetingDraft) Validate(today string) error {
	d.Agenda = strings.TrimSpace(d.Agenda)
	if err := pastDate("held_on", d.HeldOn, today); err != nil {
		return err
	}
	if validation.Text(d.Agenda, "", 1, 2000) != nil {
		return apperr.InvalidField("agenda", "err.alliance.agenda")
	}
	for i := range d.Decisions {
		if err := d.Decisions[i].validate(); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a memorandum draft against today.
func (d *MemoDraft) Validate(today string) error {
	d.Title = strings.TrimSpace(d.Title)
	if validation.Text(d.Title, "", 1, 200) != nil {
		return apperr.InvalidField("title", "err.alliance.memo_title")
	}
	if err := pastDate("signed_on", d.SignedOn, today); err != nil {
		return err
	}
	if len(d.Parties) < 2 {
		return apperr.InvalidField("parties", "err.alliance.parties")
	}
	for i := range d.Commitments {
		c := &d.Commitments[i]
		c.Content = strings.TrimSpace(c.Content)
		if validation.Text(c.Content, "", 1, 500) != nil {
			return apperr.InvalidField("commitments", "err.alliance.commitment")
		}
		if c.OwnerID == 0 {
			return apperr.InvalidField("owner_id", "err.alliance.owner_required")
		}
		if err := date("due_on", c.DueOn); err != nil {
			return err
		}
	}
	return nil
}

// ValidProgress checks a progress percentage.
func ValidProgress(p int) error {
	if p < 0 || p > 100 {
		return apperr.InvalidField("progress", "err.alliance.progress_range").With("progress", p)
	}
	return nil
}
