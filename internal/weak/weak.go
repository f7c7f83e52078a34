// Package weak detects weak and lax basic party orgs (软弱涣散), tracks
// their rectification (整顿) as a case with a plan, and records supervision
// visits (督查) whose findings can become tasks of a case.
//
// Detection applies Rules to the Facts the platform holds about each
// branch in the caller's scope; each rule that fires gives a Reason. A run
// opens a case per newly flagged branch and refreshes the reasons of open
// cases; a case closes only when a run no longer flags its branch and every
// task of its plan is done. A later flag opens a new case.
package weak

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/validation"
)

// Sanya is the platform's local time (UTC+8).
var Sanya = clock.Sanya

// Thresholds of the rules.
const (
	MinCompliance   = 0.6 // 三会一课 held / required over the last 12 months
	CommitteeMonths = 3   // a committee meeting (支委会) within this many months
	MinMembers      = 3   // full and probationary members
)

// Facts is what the platform holds about one basic org.
type Facts struct {
	OrgID         int64
	Required      int    // 三会一课 requirements counted over the last 12 months
	Held          int    // of which held
	LastCommittee string // date of the last 支委会, "" if none
	Members       int
	SecretaryID   int64
	OverdueGaps   int // open two-new gap actions owned by the org past their deadline
}

// Reason is one rule that fired, with the value that made it fire.
type Reason struct {
	Code  string `json:"code"`
	Value string `json:"value,omitempty"`
}

// Rule is one test of weakness; Check returns the reason's value and
// whether it fires. today is YYYY-MM-DD.
type Rule struct {
	Code  string
	Check func(f Facts, today string) (string, bool)
}

// Rules are every rule, in display order.
var Rules = []Rule{
	{"compliance", func(f Facts, _ string) (string, bool) {
		if f.Required == 0 {
			return "", false
		}
		rate := float64(f.Held) / float64(f.Required)
		return fmt.Sprintf("%d%%", int(rate*100)), rate < MinCompliance
	}},
	{"no_committee", func(f Facts, today string) (string, bool) {
		since := MonthsBefore(today, CommitteeMonths)
		return f.LastCommittee, f.LastCommittee < since
	}},
	{"few_members", func(f Facts, _ string) (string, bool) {
		return fmt.Sprint(f.Members), f.Members < MinMembers
	}},
	{"no_secretary", func(f Facts, _ string) (string, bool) { return "", f.SecretaryID == 0 }},
	{"overdue_gaps", func(f Facts, _ string) (string, bool) {
		return fmt.Sprint(f.OverdueGaps), f.OverdueGaps > 0
	}},
}

// Evaluate applies every rule to f.
func Evaluate(f Facts, today string) []Reason {
	var out []Reason
	for _, r := range Rules {
		if v, ok := r.Check(f, today); ok {
			out = append(out, Reason{r.Code, v})
		}
	}
	return out
}

// MonthsBefore is the date n months before day (YYYY-MM-DD).
func MonthsBefore(day string, n int) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.AddDate(0, -n, 0).Format("2006-01-02")
}

// Status is a case's status.
type Status string

const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Statuses lists the case statuses.
var Statuses = []Status{Open, Closed}

// Instructor roles: 指导员 and 第一书记.
var InstructorRoles = []string{"instructor", "first_secretary"}

// Severities of a supervision finding.
var Severities = []string{"low", "medium", "high"}

// Case is a rectification case of one org.
type Case struct {
	ID             int64    `json:"id"`
	OrgID          int64    `json:"org_id"`
	OrgName        string   `json:"org_name"`
	Status         Status   `json:"status"`
	Reasons        []Reason `json:"reasons"` // of the last run; empty once it no longer flags
	InstructorID   int64    `json:"instructor_id,omitempty"`
	InstructorName string   `json:"instructor_name,omitempty"`
	InstructorRole string   `json:"instructor_role,omitempty"`
	TargetOn       string   `json:"target_on,omitempty"`
	OpenedOn       string   `json:"opened_on"`
	ClosedOn       string   `json:"closed_on,omitempty"`
	Tasks          []Task   `json:"tasks,omitempty"`
	Events         []Event  `json:"events,omitempty"`
	TasksOpen      int      `json:"tasks_open"`
}

// Task is one step of a plan.
type Task struct {
	ID            int64  `json:"id"`
	Body          string `json:"body"`
	OwnerPersonID int64  `json:"owner_person_id,omitempty"`
	OwnerOrgID    int64  `json:"owner_org_id,omitempty"`
	OwnerName     string `json:"owner_name"`
	Deadline      string `json:"deadline"`
	DoneOn        string `json:"done_on,omitempty"`
	Overdue       bool   `json:"overdue"`
}

// Event is one step of a case's history.
type Event struct {
	Action    string    `json:"action"`
	ActorName string    `json:"actor_name"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// TaskDraft is a new task: an owner person or an owner org.
type TaskDraft struct {
	Body          string
	OwnerPersonID int64
	OwnerOrgID    int64
	Deadline      string
}

// Validate checks what needs no database.
func (d *TaskDraft) Validate() error {
	d.Body = strings.TrimSpace(d.Body)
	if d.Body == "" || utf8.RuneCountInString(d.Body) > 500 {
		return apperr.InvalidField("body", "err.weak.task_body")
	}
	if (d.OwnerPersonID == 0) == (d.OwnerOrgID == 0) {
		return apperr.InvalidField("owner", "err.weak.owner_one")
	}
	if _, err := validation.Date(d.Deadline, "deadline", false, nil); err != nil {
		return err
	}
	return nil
}

// Visit is a supervision visit.
type Visit struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	VisitedOn  string    `json:"visited_on"`
	Inspectors string    `json:"inspectors"`
	FollowUp   string    `json:"follow_up"`
	Findings   []Finding `json:"findings,omitempty"`
	CaseID     int64     `json:"case_id,omitempty"` // the org's open case, if any
}

// Finding is one finding of a visit; TaskID is set once linked to a case.
type Finding struct {
	ID       int64  `json:"id"`
	Body     string `json:"body"`
	Severity string `json:"severity"`
	TaskID   int64  `json:"task_id,omitempty"`
}

// VisitDraft is a new visit.
type VisitDraft struct {
	OrgID      int64
	VisitedOn  string
	Inspectors string
	FollowUp   string
	Findings   []Finding
}

// Validate checks what needs no database; today is YYYY-MM-DD.
func (d *VisitDraft) Validate(today string) error {
	d.Inspectors, d.FollowUp = strings.TrimSpace(d.Inspectors), strings.TrimSpace(d.FollowUp)
	if d.OrgID == 0 {
		return apperr.InvalidField("org_id", "err.weak.org_unknown")
	}
	if _, err := validation.PastDate(d.VisitedOn, "visited_on", today, "err.weak.future_date"); err != nil {
		return err
	}
	if d.Inspectors == "" || utf8.RuneCountInString(d.Inspectors) > 200 {
		return apperr.InvalidField("inspectors", "err.weak.inspectors")
	}
	if utf8.RuneCountInString(d.FollowUp) > 2000 {
		return apperr.InvalidField("follow_up", "err.text_too_long")
	}
	for i := range d.Findings {
		f := &d.Findings[i]
		f.Body = strings.TrimSpace(f.Body)
		if f.Severity == "" {
			f.Severity = "medium"
		}
		if f.Body == "" || utf8.RuneCountInString(f.Body) > 500 || !in(f.Severity, Severities) {
			return apperr.InvalidField("findings", "err.weak.finding").With("line", i+1)
		}
	}
	return nil
}

func in(s string, set []string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}
