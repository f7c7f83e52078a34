// Package gap is 消除覆盖空白点 and 五个兜底: the coverage state of every
// "two-new" unit computed from the registry, the members who need a
// fallback attachment, tracked actions that close each gap (an owner, a
// deadline, notes, closure with a reason), and coverage tables per
// district, park and industry chain.
//
// The rules live in this file and nowhere else:
//
//   - a unit a party org covers is covered;
//   - an uncovered unit with OwnBranchMin or more members (full or
//     probationary, registered at the unit) needs its own branch;
//   - one with 1 to OwnBranchMin-1 members needs a joint branch with
//     neighbouring units (联合党支部);
//   - one with no member needs a party-building instructor (党建指导员);
//   - a member whose unit is uncovered and who belongs to no org needs a
//     fallback attachment (兜底) to the party org of their area.
package gap

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/person"
)

// State is a unit's coverage state.
type State string

// States.
const (
	Covered     State = "covered"
	OwnBranch   State = "own_branch_needed"
	JointBranch State = "joint_branch_needed"
	Instructor  State = "instructor_needed"
)

// States lists every state, covered first.
var States = []State{Covered, OwnBranch, JointBranch, Instructor}

// OwnBranchMin is the number of members from which a unit sets up its own
// branch (党章: three full members form a branch).
const OwnBranchMin = 3

// UnitState is the coverage state of a unit from whether an org covers it
// and how many members it has.
func UnitState(covered bool, members int) State {
	switch {
	case covered:
		return Covered
	case members >= OwnBranchMin:
		return OwnBranch
	case members > 0:
		return JointBranch
	default:
		return Instructor
	}
}

// NeedsFallback reports whether a person needs a fallback attachment: a
// full or probationary member with a unit that no org covers, and no org
// of their own.
func NeedsFallback(status person.Status, hasOrg bool, unitID int64, unitCovered bool) bool {
	return status.IsPartyMember() && !hasOrg && unitID != 0 && !unitCovered
}

// Kind is what an action must achieve.
type Kind string

// Kinds of actions: one per uncovered state, and the fallback.
const (
	KindOwnBranch   Kind = "own_branch"
	KindJointBranch Kind = "joint_branch"
	KindInstructor  Kind = "instructor"
	KindFallback    Kind = "fallback"
)

// Kinds lists every kind.
var Kinds = []Kind{KindOwnBranch, KindJointBranch, KindInstructor, KindFallback}

// KindOf is the action kind a unit state calls for ("" when covered).
func KindOf(s State) Kind {
	switch s {
	case OwnBranch:
		return KindOwnBranch
	case JointBranch:
		return KindJointBranch
	case Instructor:
		return KindInstructor
	}
	return ""
}

// Status is an action's status.
type Status string

// Statuses.
const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Statuses lists both.
var Statuses = []Status{Open, Closed}

// Reasons an action was closed. A scan closes an action whose gap is gone
// and says why; staff close by hand with their own note (Manual).
const (
	ReasonCovered      = "covered"       // the unit got a covering org
	ReasonStateChanged = "state_changed" // the unit's member count calls for another action
	ReasonAttached     = "attached"      // the member joined an org
	ReasonUnitCovered  = "unit_covered"  // the member's unit got a covering org
	ReasonNotMember    = "not_member"    // the person is no longer a member
	ReasonLeftUnit     = "left_unit"     // the member left the unit
	ReasonOutOfScope   = "out_of_scope"  // the subject moved away (another scan owns it)
	ReasonManual       = "manual"        // closed by staff
)

// DefaultDays is how long a new action has, in days.
const DefaultDays = 30

// Action is one tracked gap.
type Action struct {
	ID          int64      `json:"id"`
	Kind        Kind       `json:"kind"`
	UnitID      int64      `json:"unit_id,omitempty"`
	PersonID    int64      `json:"person_id,omitempty"`
	Subject     string     `json:"subject"` // the unit's or the person's name
	UnitName    string     `json:"unit_name,omitempty"`
	AreaID      int64      `json:"area_id"`
	AreaName    string     `json:"area_name"`
	AreaPath    string     `json:"-"`
	OrgPath     string     `json:"-"`
	Members     int        `json:"members"`
	OwnerOrgID  int64      `json:"owner_org_id,omitempty"`
	OwnerOrg    string     `json:"owner_org,omitempty"`
	OwnerUserID int64      `json:"owner_user_id,omitempty"`
	OwnerUser   string     `json:"owner_user,omitempty"`
	Deadline    time.Time  `json:"deadline"`
	Status      Status     `json:"status"`
	Overdue     bool       `json:"overdue"`
	Settled     bool       `json:"settled"` // closed by hand: later scans leave the gap alone
	CloseReason string     `json:"close_reason,omitempty"`
	CloseNote   string     `json:"close_note,omitempty"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Events      []Event    `json:"events,omitempty"`
}

// Event is one line of an action's history.
type Event struct {
	ID        int64     `json:"id"`
	Action    string    `json:"action"` // assign, note, close, auto_close
	ActorName string    `json:"actor"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// MaxNote is the longest note or closing reason, in characters.
const MaxNote = 1000

// checkNote trims a note and checks its length; required refuses blanks.
func checkNote(field, s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", apperr.InvalidField(field, "err.gap.note_needed")
	}
	if utf8.RuneCountInString(s) > MaxNote {
		return "", apperr.InvalidField(field, "err.text_too_long")
	}
	return s, nil
}

// key names a gap: the subject and the kind.
func key(k Kind, unitID, personID int64) string {
	if personID != 0 {
		return "person:" + itoa(personID) + ":" + string(k)
	}
	return "unit:" + itoa(unitID) + ":" + string(k)
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
