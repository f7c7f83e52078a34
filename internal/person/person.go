// Package person is the register of people: members and probationary
// members, activists and candidates, and non-members such as talents and
// residents. A person can carry several flags at once (mobile member,
// pocket member, seasonal resident with the months present) and cadre
// roles. ID and phone numbers are encrypted at rest and masked on display.
package person

import (
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/pii"
	"dangjian/internal/validation"
)

// Status is a person's standing with the party.
type Status string

const (
	Member       Status = "member"       // 党员
	Probationary Status = "probationary" // 预备党员
	Activist     Status = "activist"     // 入党积极分子
	Candidate    Status = "candidate"    // 发展对象
	Masses       Status = "masses"       // 群众 (non-member)
)

// Statuses lists every status.
var Statuses = []Status{Member, Probationary, Candidate, Activist, Masses}

// IsPartyMember reports whether s is a full or probationary member.
func (s Status) IsPartyMember() bool { return s == Member || s == Probationary }

// CadreRoles are the cadre roles a person can hold.
var CadreRoles = []string{"first_secretary", "grid_worker", "instructor", "party_cadre"}

// Tags are non-member categories.
var Tags = []string{"talent", "resident"}

// Person is one person. IDNumber and Phone hold plain values only on input
// and on an audited reveal; lists carry the masks.
type Person struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	Gender         string   `json:"gender"`
	BirthDate      string   `json:"birth_date,omitempty"` // input and audited reveal only: it rebuilds the ID number
	BirthYear      int      `json:"birth_year,omitempty"` // what lists show, as an age
	IDNumber       string   `json:"id_number,omitempty"`
	IDMask         string   `json:"id_number_masked"`
	Phone          string   `json:"phone,omitempty"`
	PhoneMask      string   `json:"phone_masked"`
	Status         Status   `json:"status"`
	JoinedOn       string   `json:"joined_on,omitempty"`
	OrgID          int64    `json:"org_id,omitempty"`
	OrgName        string   `json:"org_name,omitempty"`
	OrgPath        string   `json:"-"`
	AreaID         int64    `json:"area_id"`
	AreaName       string   `json:"area_name"`
	AreaPath       string   `json:"-"`
	UnitID         int64    `json:"unit_id,omitempty"`
	UnitName       string   `json:"unit_name,omitempty"`
	Mobile         bool     `json:"mobile"`
	Pocket         bool     `json:"pocket"`
	SeasonalMonths []int    `json:"seasonal_months"`
	CadreRoles     []string `json:"cadre_roles"`
	Tags           []string `json:"tags"`

	idEnc, phoneEnc   []byte
	birthEnc          []byte
	idHash, phoneHash string
}

// Seasonal reports whether the person is a seasonal resident.
func (p Person) Seasonal() bool { return len(p.SeasonalMonths) > 0 }

// MonthsMask packs months 1–12 into a bit mask (bit 0 = January).
func MonthsMask(ms []int) int {
	m := 0
	for _, x := range ms {
		if x >= 1 && x <= 12 {
			m |= 1 << (x - 1)
		}
	}
	return m
}

// MonthsFromMask unpacks a month mask.
func MonthsFromMask(m int) []int {
	out := []int{}
	for i := 0; i < 12; i++ {
		if m&(1<<i) != 0 {
			out = append(out, i+1)
		}
	}
	return out
}

func inSet(s string, set []string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

// ValidStatus reports whether s is known.
func ValidStatus(s Status) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Validate checks the person's own fields and normalizes them.
func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.IDNumber = pii.NormalizeID(p.IDNumber)
	p.Phone = strings.TrimSpace(p.Phone)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 30 {
		return apperr.InvalidField("name", "err.person.name")
	}
	if !ValidStatus(p.Status) {
		return apperr.InvalidField("status", "err.person.status")
	}
	if p.IDNumber != "" {
		if prob := pii.CheckID(p.IDNumber); prob != pii.IDOK {
			return apperr.InvalidField("id_number", "err.person.id_"+string(prob))
		}
		p.BirthDate, p.Gender = pii.BirthAndGender(p.IDNumber)
	}
	if p.Gender != "" && p.Gender != "M" && p.Gender != "F" {
		return apperr.InvalidField("gender", "err.person.gender")
	}
	if p.Phone != "" && !pii.CheckPhone(p.Phone) {
		return apperr.InvalidField("phone", "err.person.phone")
	}
	if p.Status != Masses && p.OrgID == 0 {
		return apperr.InvalidField("org_id", "err.person.org_required")
	}
	if p.Status == Masses && p.OrgID != 0 {
		return apperr.InvalidField("org_id", "err.person.masses_org")
	}
	if (p.Mobile || p.Pocket) && !p.Status.IsPartyMember() {
		return apperr.InvalidField("status", "err.person.flag_needs_member")
	}
	if p.JoinedOn != "" {
		if !p.Status.IsPartyMember() {
			return apperr.InvalidField("joined_on", "err.person.joined_needs_member")
		}
		if _, err := validation.Date(p.JoinedOn, "joined_on", true, nil); err != nil {
			return err
		}
		if p.BirthDate != "" && p.JoinedOn < p.BirthDate {
			return apperr.InvalidField("joined_on", "err.person.joined_before_birth")
		}
	}
	for _, m := range p.SeasonalMonths {
		if m < 1 || m > 12 {
			return apperr.InvalidField("seasonal_months", "err.person.months")
		}
	}
	p.SeasonalMonths = MonthsFromMask(MonthsMask(p.SeasonalMonths))
	for _, r := range p.CadreRoles {
		if !inSet(r, CadreRoles) {
			return apperr.InvalidField("cadre_roles", "err.person.cadre_role").With("role", r)
		}
	}
	for _, t := range p.Tags {
		if !inSet(t, Tags) {
			return apperr.InvalidField("tags", "err.person.tag").With("tag", t)
		}
	}
	if p.AreaID == 0 {
		return apperr.InvalidField("area_id", "err.area_required")
	}
	return nil
}

// Seal validates p and encrypts, hashes and masks its personal data so it
// can be written.
func (p *Person) Seal(v *pii.Vault) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.idEnc, p.idHash, p.IDMask = v.Seal(p.IDNumber), v.Hash(p.IDNumber), pii.MaskID(p.IDNumber)
	p.phoneEnc, p.phoneHash, p.PhoneMask = v.Seal(p.Phone), v.Hash(p.Phone), pii.MaskPhone(p.Phone)
	p.birthEnc, p.BirthYear = nil, 0
	if p.BirthDate != "" {
		p.birthEnc, p.BirthYear = v.Seal(p.BirthDate), atoi(p.BirthDate[:4])
	}
	return nil
}

// AgeIn is the age the person reaches in a year (0 when the birth year is
// unknown): what pages and exports show instead of the birth date.
func (p Person) AgeIn(year int) int {
	if p.BirthYear == 0 || year < p.BirthYear {
		return 0
	}
	return year - p.BirthYear
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
