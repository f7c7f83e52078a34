// Package cultivation is the recruitment pipeline (发展党员) and dual
// cultivation (双培养) in schools and hospitals.
//
// A person moves through the pipeline one stage at a time: applicant
// (入党申请), activist (入党积极分子), candidate (发展对象), probationary
// member (预备党员) and full member (转正). Each step records its date, the
// deciding org (the person's branch) and a note, and moves the person's
// registry status in the same transaction. The rules (Check) are the usual
// ones: no skipping or going back, no future dates, at least a year as an
// activist before becoming a candidate (培养考察一年以上), a year of
// probation (which may be extended once or more, by up to a year in all),
// and an applicant at least 18 years old.
package cultivation

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/person"
	"dangjian/internal/validation"
)

// Stage is a step of the recruitment pipeline.
type Stage string

const (
	Applicant    Stage = "applicant"    // 入党申请人
	Activist     Stage = "activist"     // 入党积极分子
	Candidate    Stage = "candidate"    // 发展对象
	Probationary Stage = "probationary" // 预备党员
	Member       Stage = "member"       // 正式党员 (转正)
	// Extension is not a stage: it records a probation extension (延长预备期).
	Extension Stage = "extension"
)

// Stages lists the pipeline's stages in order.
var Stages = []Stage{Applicant, Activist, Candidate, Probationary, Member}

// Index returns the stage's position in Stages, or -1.
func (s Stage) Index() int {
	for i, x := range Stages {
		if x == s {
			return i
		}
	}
	return -1
}

// Next returns the stage after s ("" after Member); the stage after none
// ("") is Applicant.
func (s Stage) Next() Stage {
	if s == "" {
		return Applicant
	}
	if i := s.Index(); i >= 0 && i+1 < len(Stages) {
		return Stages[i+1]
	}
	return ""
}

// Status is the registry status a person at the stage holds: an applicant
// is still one of the masses.
func (s Stage) Status() person.Status {
	switch s {
	case Activist:
		return person.Activist
	case Candidate:
		return person.Candidate
	case Probationary:
		return person.Probationary
	case Member:
		return person.Member
	}
	return person.Masses
}

// MaxExtensionMonths caps a probation's extensions in all (up to a year).
const MaxExtensionMonths = 12

// Step is one recorded step (or extension) of a person's pipeline.
type Step struct {
	ID       int64  `json:"id"`
	PersonID int64  `json:"person_id"`
	Stage    Stage  `json:"stage"`
	On       string `json:"on"`
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
	Months   int    `json:"months,omitempty"` // an extension's length
	Note     string `json:"note"`
}

// History is what the rules need of a person's pipeline so far.
type History struct {
	Stage           Stage  // the current stage ("" before applying)
	StageOn         string // when the current stage was reached
	ActivistOn      string
	ProbationaryOn  string
	ExtensionMonths int
	LastOn          string // the latest recorded date (steps and extensions)
}

// Add folds a recorded step into the history.
func (h *History) Add(s Step) {
	if s.Stage == Extension {
		h.ExtensionMonths += s.Months
	} else {
		h.Stage, h.StageOn = s.Stage, s.On
	}
	switch s.Stage {
	case Activist:
		h.ActivistOn = s.On
	case Probationary:
		h.ProbationaryOn = s.On
	}
	if s.On > h.LastOn {
		h.LastOn = s.On
	}
}

// Due is the next due date of the history: when an activist may become a
// candidate, or when a probationary member's probation ends; "" otherwise.
func (h History) Due() string {
	switch h.Stage {
	case Activist:
		return AddMonths(h.ActivistOn, 12)
	case Probationary:
		return AddMonths(h.ProbationaryOn, 12+h.ExtensionMonths)
	}
	return ""
}

// AddMonths adds months to a YYYY-MM-DD date ("" if it does not parse).
// The 29th of February plus a year is the 1st of March.
func AddMonths(day string, months int) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, months, 0).Format("2006-01-02")
}

const maxNote = 500

// Check applies the pipeline's rules to step s given the history so far,
// the person's birth date ("" if unknown) and today (Sanya's date). An
// extension is checked too.
func Check(h History, s Step, birth, today string) error {
	if utf8.RuneCountInString(s.Note) > maxNote {
		return apperr.InvalidField("note", "err.cultivation.note_long").With("max", maxNote)
	}
	if _, err := validation.Date(s.On, "on", false, nil); err != nil {
		return err
	}
	if s.On > today {
		return apperr.InvalidField("on", "err.cultivation.future")
	}
	if h.LastOn != "" && s.On < h.LastOn {
		return apperr.InvalidField("on", "err.cultivation.before_previous").With("date", h.LastOn)
	}
	if s.Stage == Extension {
		if h.Stage != Probationary {
			return apperr.InvalidField("stage", "err.cultivation.extension_not_probation")
		}
		if s.Months < 1 || h.ExtensionMonths+s.Months > MaxExtensionMonths {
			return apperr.InvalidField("months", "err.cultivation.extension_months").With("max", MaxExtensionMonths-h.ExtensionMonths)
		}
		if s.On >= h.Due() {
			// an extension is decided before the probation ends
			return apperr.InvalidField("on", "err.cultivation.extension_late").With("date", h.Due())
		}
		if strings.TrimSpace(s.Note) == "" {
			return apperr.InvalidField("note", "err.cultivation.extension_reason")
		}
		return nil
	}
	if s.Stage.Index() < 0 {
		return apperr.InvalidField("stage", "err.cultivation.stage")
	}
	if want := h.Stage.Next(); s.Stage != want {
		if want == "" {
			return apperr.InvalidField("stage", "err.cultivation.finished")
		}
		return apperr.InvalidField("stage", "err.cultivation.order").With("expected", string(want))
	}
	switch s.Stage {
	case Applicant:
		if _, err := validation.Date(birth, "", false, nil); birth != "" && err == nil && AddMonths(birth, 18*12) > s.On {
			return apperr.InvalidField("on", "err.cultivation.under_18")
		}
	case Candidate:
		if due := AddMonths(h.ActivistOn, 12); s.On < due {
			return apperr.InvalidField("on", "err.cultivation.activist_year").With("date", due)
		}
	case Member:
		if due := h.Due(); s.On < due {
			return apperr.InvalidField("on", "err.cultivation.probation_year").With("date", due)
		}
	}
	return nil
}

// Entry is one person in the pipeline, for lists.
type Entry struct {
	PersonID  int64  `json:"person_id"`
	Name      string `json:"name"`
	OrgID     int64  `json:"org_id"`
	OrgName   string `json:"org_name"`
	Stage     Stage  `json:"stage"`
	StageOn   string `json:"stage_on"`
	DueOn     string `json:"due_on,omitempty"`
	Extension int    `json:"extension_months,omitempty"`
}

// Pipeline is one person's pipeline: the person, the steps and the history.
type Pipeline struct {
	Person  person.Person
	Steps   []Step
	History History
}

// Direction is a dual-cultivation direction.
type Direction string

const (
	BackboneToMember Direction = "backbone_to_member" // 把业务骨干培养成党员
	MemberToBackbone Direction = "member_to_backbone" // 把党员培养成业务骨干
)

// Directions lists the directions.
var Directions = []Direction{BackboneToMember, MemberToBackbone}

// Sectors are the org sectors dual cultivation applies to.
var Sectors = []string{"school", "hospital"}

// Dual is one dual-cultivation entry.
type Dual struct {
	ID        int64     `json:"id"`
	PersonID  int64     `json:"person_id"`
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	OrgName   string    `json:"org_name"`
	Sector    string    `json:"sector"`
	Direction Direction `json:"direction"`
	Mentor    string    `json:"mentor"`
	StartedOn string    `json:"started_on"`
	TargetOn  string    `json:"target_on"`
	Progress  string    `json:"progress"`
}

// Validate checks a dual-cultivation entry's own fields.
func (d *Dual) Validate(today string) error {
	d.Mentor, d.Progress = strings.TrimSpace(d.Mentor), strings.TrimSpace(d.Progress)
	ok := false
	for _, x := range Directions {
		ok = ok || x == d.Direction
	}
	if !ok {
		return apperr.InvalidField("direction", "err.cultivation.direction")
	}
	if d.Mentor == "" || utf8.RuneCountInString(d.Mentor) > 30 {
		return apperr.InvalidField("mentor", "err.cultivation.mentor")
	}
	if _, err := validation.Date(d.StartedOn, "started_on", false, nil); err != nil {
		return err
	}
	if d.StartedOn > today {
		return apperr.InvalidField("started_on", "err.cultivation.future")
	}
	if d.TargetOn != "" {
		if _, err := validation.Date(d.TargetOn, "target_on", false, nil); err != nil {
			return err
		}
	}
	if d.TargetOn != "" && d.TargetOn < d.StartedOn {
		return apperr.InvalidField("target_on", "err.cultivation.target")
	}
	if utf8.RuneCountInString(d.Progress) > 2000 {
		return apperr.InvalidField("progress", "err.cultivation.note_long").With("max", 2000)
	}
	return nil
}
