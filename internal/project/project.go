// Package project is project lists (项目清单化管理) and integrity risk
// points (廉洁风险点).
//
// A project is owned by an org, may have a parent project (a tree, never a
// cycle), milestones with due and done dates, a status, and progress: a
// leaf's own 0–100, a parent's the weighted mean of its children's. A risk
// point is registered on a unit and/or a service post, with its level,
// controls, owner and periodic reviews; one without a review in the last 12
// months is due for review.
package project

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/validation"
)

// Status is a project's status; Overdue is computed, never stored.
type Status string

const (
	Planned    Status = "planned"
	InProgress Status = "in_progress"
	Done       Status = "done"
	Suspended  Status = "suspended"
	Overdue    Status = "overdue" // a filter: planned or in progress with a due date passed
)

// Statuses are the stored statuses; FilterStatuses add Overdue.
var (
	Statuses       = []Status{Planned, InProgress, Done, Suspended}
	FilterStatuses = []Status{Planned, InProgress, Done, Suspended, Overdue}
)

// Level is a risk level.
type Level string

const (
	High   Level = "high"
	Medium Level = "medium"
	Low    Level = "low"
)

// Levels lists the risk levels.
var Levels = []Level{High, Medium, Low}

// Sanya is the platform's local time; "today" is Sanya's date.
var Sanya = clock.Sanya

// Project is one project; from Get, with its children and milestones.
type Project struct {
	ID          int64       `json:"id"`
	OrgID       int64       `json:"org_id"`
	OrgName     string      `json:"org_name"`
	ParentID    int64       `json:"parent_id,omitempty"`
	ParentName  string      `json:"parent_name,omitempty"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Status      Status      `json:"status"`
	Weight      int         `json:"weight"`
	OwnProgress int         `json:"own_progress"`
	Progress    int         `json:"progress"` // rolled up where there are children
	DueOn       string      `json:"due_on,omitempty"`
	Depth       int         `json:"depth"`
	ChildCount  int         `json:"child_count"`
	Overdue     bool        `json:"overdue"`
	Children    []Project   `json:"children,omitempty"`
	Milestones  []Milestone `json:"milestones,omitempty"`
}

// Milestone is a project milestone.
type Milestone struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	DueOn   string `json:"due_on"`
	DoneOn  string `json:"done_on,omitempty"`
	Overdue bool   `json:"overdue"`
}

// Draft is a new project.
type Draft struct {
	OrgID       int64
	ParentID    int64
	Name        string
	Description string
	Status      Status
	Weight      int
	DueOn       string
}

// MilestoneDraft is a new milestone, or a milestone marked done.
type MilestoneDraft struct {
	Name   string
	DueOn  string
	DoneOn string
}

// date checks a date with the platform's date rule.
func date(field, v string) error {
	_, err := validation.Date(v, field, false, nil)
	return err
}

func validStatus(s Status) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

func validLevel(l Level) bool {
	for _, x := range Levels {
		if x == l {
			return true
		}
	}
	return false
}

// Validate checks a project draft; a zero weight is 1 and an empty status
// is planned.
func (d *Draft) Validate() error {
	d.Name, d.Description, d.DueOn = strings.TrimSpace(d.Name), strings.TrimSpace(d.Description), strings.TrimSpace(d.DueOn)
	if d.Status == "" {
		d.Status = Planned
	}
	if d.Weight == 0 {
		d.Weight = 1
	}
	if validation.Text(d.Name, "", 1, 200) != nil {
		return apperr.InvalidField("name", "err.project.name")
	}
	if d.OrgID == 0 {
		return apperr.InvalidField("org_id", "err.project.org_required")
	}
	if !validStatus(d.Status) {
		return apperr.InvalidField("status", "err.project.status")
	}
	if err := ValidWeight(d.Weight); err != nil {
		return err
	}
	if utf8.RuneCountInString(d.Description) > 4000 {
		return apperr.InvalidField("description", "err.text_too_long")
	}
	if d.DueOn != "" {
		return date("due_on", d.DueOn)
	}
	return nil
}

// Validate checks a milestone draft.
func (d *MilestoneDraft) Validate() error {
	d.Name, d.DueOn, d.DoneOn = strings.TrimSpace(d.Name), strings.TrimSpace(d.DueOn), strings.TrimSpace(d.DoneOn)
	if validation.Text(d.Name, "", 1, 200) != nil {
		return apperr.InvalidField("name", "err.project.milestone_name")
	}
	if err := date("due_on", d.DueOn); err != nil {
		return err
	}
	if d.DoneOn != "" {
		return date("done_on", d.DoneOn)
	}
	return nil
}

// ValidProgress checks a progress percentage.
func ValidProgress(p int) error {
	if p < 0 || p > 100 {
		return apperr.InvalidField("progress", "err.project.progress_range").With("progress", p)
	}
	return nil
}

// ValidWeight checks a rollup weight.
func ValidWeight(w int) error {
	if w < 1 || w > 1000 {
		return apperr.InvalidField("weight", "err.project.weight_range").With("weight", w)
	}
	return nil
}

// Node is a project as the rollup sees it.
type Node struct {
	ID, ParentID int64
	Weight       int // 0 is 1
	Progress     int // own progress, used for leaves
}

// Child is a child's rolled-up progress and weight.
type Child struct{ Progress, Weight int }

// WeightedMean is the rolled-up progress of a parent from its children,
// rounded half up; a weight below 1 counts as 1.
func WeightedMean(cs []Child) int {
	var sum, w int
	for _, c := range cs {
		wt := c.Weight
		if wt < 1 {
			wt = 1
		}
		sum += c.Progress * wt
		w += wt
	}
	if w == 0 {
		return 0
	}
	return (2*sum + w) / (2 * w)
}

// Rollup computes every node's progress: a leaf's own, a parent's the
// weighted mean of its children's. Nodes whose parent is not in the set
// are roots; a cycle (never stored) leaves its nodes at their own progress.
func Rollup(nodes []Node) map[int64]int {
	kids := map[int64][]Node{}
	in := map[int64]bool{}
	for _, n := range nodes {
		in[n.ID] = true
	}
	for _, n := range nodes {
		if n.ParentID != 0 && in[n.ParentID] {
			kids[n.ParentID] = append(kids[n.ParentID], n)
		}
	}
	out := map[int64]int{}
	visiting := map[int64]bool{}
	var eval func(n Node) int
	eval = func(n Node) int {
		if v, ok := out[n.ID]; ok {
			return v
		}
		cs := kids[n.ID]
		if len(cs) == 0 || visiting[n.ID] {
			return n.Progress
		}
		visiting[n.ID] = true
		var ch []Child
		for _, c := range cs {
			ch = append(ch, Child{Progress: eval(c), Weight: c.Weight})
		}
		visiting[n.ID] = false
		out[n.ID] = WeightedMean(ch)
		return out[n.ID]
	}
	for _, n := range nodes {
		out[n.ID] = eval(n)
	}
	return out
}

// Cycles reports whether giving project id the parent newParent would make
// a cycle, given every project's current parent (0 for a root): the new
// parent is the project itself or one of its descendants.
func Cycles(parents map[int64]int64, id, newParent int64) bool {
	seen := map[int64]bool{}
	for p := newParent; p != 0; p = parents[p] {
		if p == id || seen[p] {
			return true
		}
		seen[p] = true
	}
	return false
}

// Risk is an integrity risk point; from Get, with its reviews.
type Risk struct {
	ID          int64    `json:"id"`
	UnitID      int64    `json:"unit_id,omitempty"`
	UnitName    string   `json:"unit_name,omitempty"`
	PostID      int64    `json:"post_id,omitempty"`
	PostName    string   `json:"post_name,omitempty"`
	Description string   `json:"description"`
	Level       Level    `json:"level"`
	Controls    []string `json:"controls"`
	Owner       string   `json:"owner"`
	LastReview  string   `json:"last_review,omitempty"`
	DueReview   bool     `json:"due_review"`
	Reviews     []Review `json:"reviews,omitempty"`
}

// Review is a periodic review of a risk point.
type Review struct {
	ID         int64  `json:"id"`
	ReviewedOn string `json:"reviewed_on"`
	Reviewer   string `json:"reviewer"`
	Finding    string `json:"finding"`
	Effective  bool   `json:"effective"`
}

// RiskDraft is a new risk point on a unit and/or a post.
type RiskDraft struct {
	UnitID, PostID int64
	Description    string
	Level          Level
	Controls       []string
	Owner          string
}

// Validate checks a risk draft; blank controls are dropped.
func (d *RiskDraft) Validate() error {
	d.Description, d.Owner = strings.TrimSpace(d.Description), strings.TrimSpace(d.Owner)
	if d.UnitID == 0 && d.PostID == 0 {
		return apperr.InvalidField("unit_id", "err.risk.target_required")
	}
	if validation.Text(d.Description, "", 1, 2000) != nil {
		return apperr.InvalidField("description", "err.risk.description")
	}
	if !validLevel(d.Level) {
		return apperr.InvalidField("level", "err.risk.level")
	}
	var cs []string
	for _, c := range d.Controls {
		if c = strings.TrimSpace(c); c != "" {
			if utf8.RuneCountInString(c) > 500 {
				return apperr.InvalidField("controls", "err.text_too_long")
			}
			cs = append(cs, c)
		}
	}
	d.Controls = cs
	if validation.Text(d.Owner, "", 1, 100) != nil {
		return apperr.InvalidField("owner", "err.risk.owner")
	}
	return nil
}

// ReviewDraft is a review of a risk point.
type ReviewDraft struct {
	ReviewedOn string
	Reviewer   string
	Finding    string
	Effective  bool
}

// Validate checks a review against today: the date may not be in the future.
func (d *ReviewDraft) Validate(today string) error {
	d.ReviewedOn, d.Reviewer, d.Finding = strings.TrimSpace(d.ReviewedOn), strings.TrimSpace(d.Reviewer), strings.TrimSpace(d.Finding)
	if _, err := validation.PastDate(d.ReviewedOn, "reviewed_on", today, "err.risk.future_date"); err != nil {
		return err
	}
	if validation.Text(d.Reviewer, "", 1, 100) != nil {
		return apperr.InvalidField("reviewer", "err.risk.reviewer")
	}
	if utf8.RuneCountInString(d.Finding) > 2000 {
		return apperr.InvalidField("finding", "err.text_too_long")
	}
	return nil
}

// ReviewCutoff is the date a review must be after for a risk point not to
// be due for review: twelve months before today.
func ReviewCutoff(today string) string {
	t, err := time.Parse("2006-01-02", today)
	if err != nil {
		return today
	}
	return t.AddDate(-1, 0, 0).Format("2006-01-02")
}

// DueForReview reports whether a risk last reviewed on last (empty: never)
// is due for review today.
func DueForReview(last, today string) bool { return last == "" || last <= ReviewCutoff(today) }
