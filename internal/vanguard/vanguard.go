// Package vanguard holds two registers of an org's members' work: vanguard
// teams (党员先锋队) — a named team with a focus (乡村振兴, 环境整治,
// 防风防汛 …), a leader and members drawn from the party members of the org
// and its descendants, and the activities it carried out with their hours —
// and study and training plans (学习, 送学上门 for elderly or housebound
// members, 培训 such as 白衣书记 training in hospitals): a period, the hours
// each member of the org is to complete, and the sessions held with their
// attendees, from which each member's progress is summed.
//
// Both belong to their org: every query joins orgs and filters on the org's
// area path and path (scope.Scope.Filter), and every write is audited in
// its transaction.
package vanguard

import (
	"math"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/validation"
)

// Sanya is the platform's local time (UTC+8); "today" is Sanya's date.
var Sanya = clock.Sanya

// Focus is what a vanguard team works on.
type Focus string

const (
	Rural       Focus = "rural"       // 乡村振兴
	Environment Focus = "environment" // 环境整治
	Flood       Focus = "flood"       // 防风防汛
	Service     Focus = "service"     // 便民服务
	Safety      Focus = "safety"      // 平安建设
	Tourism     Focus = "tourism"     // 文明旅游
	OtherFocus  Focus = "other"       // 其他
)

// Focuses lists the focuses in display order.
var Focuses = []Focus{Rural, Environment, Flood, Service, Safety, Tourism, OtherFocus}

// PlanKind is the kind of a study or training plan.
type PlanKind string

const (
	Study    PlanKind = "study"    // 学习
	DoorStep PlanKind = "doorstep" // 送学上门 (elderly or housebound members)
	Training PlanKind = "training" // 培训 (e.g. 白衣书记 training in hospitals)
)

// PlanKinds lists the plan kinds.
var PlanKinds = []PlanKind{Study, DoorStep, Training}

// Limits.
const (
	MaxName     = 60
	MaxTitle    = 100
	MaxNote     = 1000
	MaxHours    = 24   // one activity or session
	MaxTarget   = 1000 // a plan's hours per member
	MaxAttendee = 500
)

// Team is a vanguard team with its counts; Get fills Members and
// Activities.
type Team struct {
	ID         int64      `json:"id"`
	OrgID      int64      `json:"org_id"`
	OrgName    string     `json:"org_name"`
	Name       string     `json:"name"`
	Focus      Focus      `json:"focus"`
	LeaderID   int64      `json:"leader_id"`
	LeaderName string     `json:"leader_name"`
	FoundedOn  string     `json:"founded_on"`
	Note       string     `json:"note"`
	MemberN    int        `json:"member_count"`
	ActivityN  int        `json:"activity_count"`
	Hours      float64    `json:"hours"`
	CreatedAt  time.Time  `json:"created_at"`
	Members    []Member   `json:"members,omitempty"`
	Activities []Activity `json:"activities,omitempty"`
}

// Member is a person on a team or a plan's roster.
type Member struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	OrgName string `json:"org_name"`
}

// Activity is one activity of a team.
type Activity struct {
	ID       int64   `json:"id"`
	TeamID   int64   `json:"team_id"`
	TeamName string  `json:"team_name,omitempty"`
	OrgID    int64   `json:"org_id,omitempty"`
	HeldOn   string  `json:"held_on"`
	Title    string  `json:"title"`
	Hours    float64 `json:"hours"`
	Note     string  `json:"note"`
}

// TeamDraft is a new team as its creator gives it.
type TeamDraft struct {
	OrgID     int64
	Name      string
	Focus     Focus
	LeaderID  int64
	FoundedOn string
	Note      string
}

func validFocus(f Focus) bool {
	for _, x := range Focuses {
		if x == f {
			return true
		}
	}
	return false
}

// ValidPlanKind reports whether k is a known plan kind.
func ValidPlanKind(k PlanKind) bool {
	for _, x := range PlanKinds {
		if x == k {
			return true
		}
	}
	return false
}

// date checks a YYYY-MM-DD value that may not be after today.
func date(field, v, today string) error {
	_, err := validation.PastDate(v, field, today, "err.vanguard.future_date")
	return err
}

// hours checks an hours value: positive, at most max, in tenths.
func hours(field string, h, max float64) error {
	if math.IsNaN(h) || h <= 0 || h > max || math.Abs(h*10-math.Round(h*10)) > 1e-9 {
		return apperr.InvalidField(field, "err.vanguard.hours").With("max", max)
	}
	return nil
}

// Validate checks what needs no database.
func (d *TeamDraft) Validate(today string) error {
	d.Name, d.Note, d.FoundedOn = strings.TrimSpace(d.Name), strings.TrimSpace(d.Note), strings.TrimSpace(d.FoundedOn)
	if d.OrgID == 0 {
		return apperr.InvalidField("org_id", "err.vanguard.org_required")
	}
	if d.Name == "" || validation.Text(d.Name, "", 0, MaxName) != nil {
		return apperr.InvalidField("name", "err.vanguard.name").With("max", MaxName)
	}
	if !validFocus(d.Focus) {
		return apperr.InvalidField("focus", "err.vanguard.focus")
	}
	if d.LeaderID == 0 {
		return apperr.InvalidField("leader_id", "err.vanguard.leader_required")
	}
	if err := date("founded_on", d.FoundedOn, today); err != nil {
		return err
	}
	if validation.Text(d.Note, "", 0, MaxNote) != nil {
		return apperr.InvalidField("note", "err.text_too_long")
	}
	return nil
}

// ActivityDraft is an activity as recorded.
type ActivityDraft struct {
	HeldOn string
	Title  string
	Hours  float64
	Note   string
}

// Validate checks what needs no database.
func (d *ActivityDraft) Validate(today string) error {
	d.Title, d.Note, d.HeldOn = strings.TrimSpace(d.Title), strings.TrimSpace(d.Note), strings.TrimSpace(d.HeldOn)
	if err := date("held_on", d.HeldOn, today); err != nil {
		return err
	}
	if d.Title == "" || validation.Text(d.Title, "", 0, MaxTitle) != nil {
		return apperr.InvalidField("title", "err.vanguard.title").With("max", MaxTitle)
	}
	if err := hours("hours", d.Hours, MaxHours); err != nil {
		return err
	}
	if validation.Text(d.Note, "", 0, MaxNote) != nil {
		return apperr.InvalidField("note", "err.text_too_long")
	}
	return nil
}

// Plan is a study or training plan with its counts; GetPlan fills Sessions
// and Progress.
type Plan struct {
	ID          int64      `json:"id"`
	OrgID       int64      `json:"org_id"`
	OrgName     string     `json:"org_name"`
	Title       string     `json:"title"`
	Kind        PlanKind   `json:"kind"`
	StartsOn    string     `json:"starts_on"`
	EndsOn      string     `json:"ends_on"`
	TargetHours float64    `json:"target_hours"`
	Note        string     `json:"note"`
	SessionN    int        `json:"session_count"`
	Hours       float64    `json:"hours"` // the sessions' hours
	CreatedAt   time.Time  `json:"created_at"`
	Sessions    []Session  `json:"sessions,omitempty"`
	Progress    []Progress `json:"progress,omitempty"`
}

// Session is one session held under a plan.
type Session struct {
	ID        int64    `json:"id"`
	HeldOn    string   `json:"held_on"`
	Hours     float64  `json:"hours"`
	Topic     string   `json:"topic"`
	Attendees []Member `json:"attendees"`
}

// Progress is one member's completed hours against the plan's target.
type Progress struct {
	PersonID int64   `json:"person_id"`
	Name     string  `json:"name"`
	Sessions int     `json:"sessions"`
	Hours    float64 `json:"hours"`
	Target   float64 `json:"target"`
	Done     bool    `json:"done"`
}

// Percent is the share of the target completed, capped at 100.
func (p Progress) Percent() int {
	if p.Target <= 0 {
		return 100
	}
	return int(math.Min(100, math.Floor(p.Hours/p.Target*100+1e-9)))
}

// PlanDraft is a new plan.
type PlanDraft struct {
	OrgID       int64
	Title       string
	Kind        PlanKind
	StartsOn    string
	EndsOn      string
	TargetHours float64
	Note        string
}

// Validate checks what needs no database.
func (d *PlanDraft) Validate() error {
	d.Title, d.Note = strings.TrimSpace(d.Title), strings.TrimSpace(d.Note)
	d.StartsOn, d.EndsOn = strings.TrimSpace(d.StartsOn), strings.TrimSpace(d.EndsOn)
	if d.OrgID == 0 {
		return apperr.InvalidField("org_id", "err.vanguard.org_required")
	}
	if d.Title == "" || validation.Text(d.Title, "", 0, MaxTitle) != nil {
		return apperr.InvalidField("title", "err.vanguard.title").With("max", MaxTitle)
	}
	if !ValidPlanKind(d.Kind) {
		return apperr.InvalidField("kind", "err.training.kind")
	}
	if _, err := validation.Date(d.StartsOn, "starts_on", false, nil); err != nil {
		return err
	}
	if _, err := validation.Date(d.EndsOn, "ends_on", false, nil); err != nil {
		return err
	}
	if d.EndsOn < d.StartsOn {
		return apperr.InvalidField("ends_on", "err.training.period")
	}
	if err := hours("target_hours", d.TargetHours, MaxTarget); err != nil {
		return err
	}
	if validation.Text(d.Note, "", 0, MaxNote) != nil {
		return apperr.InvalidField("note", "err.text_too_long")
	}
	return nil
}

// SessionDraft is a session as recorded: its attendees by person id.
type SessionDraft struct {
	HeldOn    string
	Hours     float64
	Topic     string
	Attendees []int64
}

// Validate checks what needs no database.
func (d *SessionDraft) Validate(today string) error {
	d.Topic, d.HeldOn = strings.TrimSpace(d.Topic), strings.TrimSpace(d.HeldOn)
	if err := date("held_on", d.HeldOn, today); err != nil {
		return err
	}
	if err := hours("hours", d.Hours, MaxHours); err != nil {
		return err
	}
	if d.Topic == "" || validation.Text(d.Topic, "", 0, MaxTitle) != nil {
		return apperr.InvalidField("topic", "err.training.topic").With("max", MaxTitle)
	}
	if len(d.Attendees) > MaxAttendee {
		return apperr.InvalidField("attendees", "err.training.attendees")
	}
	seen := map[int64]bool{}
	for _, id := range d.Attendees {
		if id <= 0 || seen[id] {
			return apperr.InvalidField("attendees", "err.training.attendees")
		}
		seen[id] = true
	}
	return nil
}
