// Package declaration is self-declaration (亮明身份) and mobile-member
// registration (流动党员). A pocket member — a member whose relationship
// letter was never handed in, typically working in a foreign or private
// enterprise — declares themselves on a public phone page, naming the org
// they belong to (the claimed org); staff of that org's scope confirm the
// declaration, which creates or updates their person record (no longer a
// pocket member), or reject it with a reason. A mobile member registers the
// village or community they live in now and their home org elsewhere; the
// local area's staff see them and confirm, which marks the person mobile.
// ID and phone numbers are sealed at rest and shown masked only.
package declaration

import (
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/pii"
	"dangjian/internal/validation"
)

// Kind is what a declaration declares.
type Kind string

const (
	Pocket Kind = "pocket" // 口袋党员亮明身份
	Mobile Kind = "mobile" // 流动党员登记
)

// Kinds lists the kinds.
var Kinds = []Kind{Pocket, Mobile}

// Status is where a declaration stands.
type Status string

const (
	Pending   Status = "pending"
	Confirmed Status = "confirmed"
	Rejected  Status = "rejected"
)

// Statuses lists the statuses.
var Statuses = []Status{Pending, Confirmed, Rejected}

// Limits.
const (
	MaxNote   = 500
	MaxName   = 30
	MaxUnit   = 100
	MaxReason = 300
	// MaxVerifyNote bounds the note of who checked the person, and how.
	MaxVerifyNote = 200
)

// VerifyMethod is how staff checked the person in front of them before
// confirming: a phone call to the declared number, or the ID card seen in
// person.
type VerifyMethod string

const (
	VerifyPhone    VerifyMethod = "phone"
	VerifyInPerson VerifyMethod = "in_person"
)

// VerifyMethods lists the methods.
var VerifyMethods = []VerifyMethod{VerifyPhone, VerifyInPerson}

// Channel is how a declaration came in.
type Channel string

const (
	ChannelForm Channel = "form" // the /declare or /mobile page
	ChannelAPI  Channel = "api"  // the JSON API
)

// Declaration is one declaration as staff see it: personal data masked.
type Declaration struct {
	ID        int64      `json:"id"`
	Kind      Kind       `json:"kind"`
	Status    Status     `json:"status"`
	Name      string     `json:"name"`
	IDMask    string     `json:"id_number_masked"`
	PhoneMask string     `json:"phone_masked"`
	UnitID    int64      `json:"unit_id,omitempty"`
	UnitName  string     `json:"unit_name"` // the unit's name, or as named
	OrgID     int64      `json:"org_id,omitempty"`
	OrgName   string     `json:"org_name,omitempty"` // the claimed org
	HomeOrg   string     `json:"home_org,omitempty"` // a mobile member's org elsewhere
	AreaID    int64      `json:"area_id"`
	AreaName  string     `json:"area_name"`
	AreaPath  string     `json:"-"`
	OrgPath   string     `json:"-"`
	JoinedOn  string     `json:"joined_on,omitempty"`
	Note      string     `json:"note,omitempty"`
	Reason    string     `json:"reason,omitempty"`
	PersonID  int64      `json:"person_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	// Conflict is set while another open case (pending, or confirmed of
	// the same kind) declares the same ID number: staff compare them side
	// by side (Store.Conflicts) before deciding.
	Conflict     bool         `json:"conflict"`
	Channel      Channel      `json:"channel,omitempty"`
	VerifyMethod VerifyMethod `json:"verify_method,omitempty"`
	VerifyNote   string       `json:"verify_note,omitempty"`
}

// Draft is a declaration as submitted. A pocket member names the claimed
// org by OrgID or by Org (its code or exact name) and the employer by
// UnitID or by UnitName (matched to a registered unit by exact name or
// credit code when one matches, kept as named otherwise). A mobile member
// gives AreaID (a village or community in Sanya) and HomeOrg.
type Draft struct {
	Kind     Kind
	Name     string
	IDNumber string
	Phone    string
	UnitID   int64
	UnitName string
	OrgID    int64
	Org      string
	HomeOrg  string
	AreaID   int64
	JoinedOn string
	Note     string
	Channel  Channel // set by the handler, not by the submitter
}

// Validate checks and normalizes the draft's own fields.
func (d *Draft) Validate(today string) error {
	d.Name = strings.TrimSpace(d.Name)
	d.IDNumber = pii.NormalizeID(d.IDNumber)
	d.Phone = strings.TrimSpace(d.Phone)
	d.UnitName = strings.TrimSpace(d.UnitName)
	d.Org = strings.TrimSpace(d.Org)
	d.HomeOrg = strings.TrimSpace(d.HomeOrg)
	d.JoinedOn = strings.TrimSpace(d.JoinedOn)
	d.Note = strings.TrimSpace(d.Note)
	if d.Kind != Pocket && d.Kind != Mobile {
		return apperr.InvalidField("kind", "err.declaration.kind")
	}
	if d.Name == "" || utf8.RuneCountInString(d.Name) > MaxName {
		return apperr.InvalidField("name", "err.person.name")
	}
	if d.IDNumber == "" {
		return apperr.InvalidField("id_number", "err.declaration.id_required")
	}
	if prob := pii.CheckID(d.IDNumber); prob != pii.IDOK {
		return apperr.InvalidField("id_number", "err.person.id_"+string(prob))
	}
	if d.Phone == "" || !pii.CheckPhone(d.Phone) {
		return apperr.InvalidField("phone", "err.person.phone")
	}
	if utf8.RuneCountInString(d.UnitName) > MaxUnit {
		return apperr.InvalidField("unit_name", "err.declaration.too_long").With("max", MaxUnit)
	}
	if utf8.RuneCountInString(d.Note) > MaxNote {
		return apperr.InvalidField("note", "err.declaration.too_long").With("max", MaxNote)
	}
	if d.JoinedOn != "" {
		t, err := validation.Date(d.JoinedOn, "joined_on", false, nil)
		if err != nil {
			return err
		}
		birth, _ := pii.BirthAndGender(d.IDNumber)
		if d.JoinedOn > today || d.JoinedOn < birth || t.Year() < 1921 {
			return apperr.InvalidField("joined_on", "err.declaration.joined_on")
		}
	}
	switch d.Kind {
	case Pocket:
		if d.OrgID == 0 && d.Org == "" {
			return apperr.InvalidField("org", "err.declaration.org_required")
		}
		if d.UnitID == 0 && d.UnitName == "" {
			return apperr.InvalidField("unit_name", "err.declaration.unit_required")
		}
	case Mobile:
		if d.AreaID == 0 {
			return apperr.InvalidField("area_id", "err.area_required")
		}
		if d.HomeOrg == "" || utf8.RuneCountInString(d.HomeOrg) > MaxUnit {
			return apperr.InvalidField("home_org", "err.declaration.home_org")
		}
	}
	return nil
}

// Sanya is the platform's local time (UTC+8).
var Sanya = clock.Sanya
