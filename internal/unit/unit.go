// Package unit is the register of units: enterprises, social organizations
// and other "two-new" units, each with its industry-chain tags, employee
// count and the party org that covers it, if any.
package unit

import (
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
)

// Kind is the type of a unit.
type Kind string

// Kinds of units, from the seed's 两新工委 and 中央商务区 passages.
var Kinds = []Kind{"enterprise", "foreign_enterprise", "soe", "social_org", "internet", "property", "platform", "public_institution"}

// ValidKind reports whether k is known.
func ValidKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Unit is one unit.
type Unit struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	CreditCode   string   `json:"credit_code,omitempty"`
	Kind         Kind     `json:"kind"`
	Industry     string   `json:"industry"`
	ChainTags    []string `json:"chain_tags"`
	Employees    int      `json:"employees"`
	ForeignOwned bool     `json:"foreign_owned"`
	AreaID       int64    `json:"area_id"`
	AreaName     string   `json:"area_name"`
	AreaPath     string   `json:"-"`
	OrgID        int64    `json:"org_id,omitempty"`
	OrgName      string   `json:"org_name,omitempty"`
	OrgPath      string   `json:"-"`
	Members      int      `json:"members"`
}

// Covered reports whether a party org covers the unit.
func (u Unit) Covered() bool { return u.OrgID != 0 }

// creditCodeChars are the characters of a unified social credit code
// (GB 32100-2015), in the order that gives their values.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckCreditCode validates an 18-character unified social credit code,
// including its check character.
func CheckCreditCode(c string) bool {
	if len(c) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, c[i])
		if v < 0 {
			return false
		}
		sum += v * creditWeights[i]
	}
	check := (31 - sum%31) % 31
	return c[17] == creditCodeChars[check]
}

// CreditCheckChar returns the check character for 17 leading characters.
func CreditCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditCodeChars, first17[i]) * creditWeights[i]
	}
	return creditCodeChars[(31-sum%31)%31]
}

// ParseTags splits a tag list written with commas, Chinese commas or
// semicolons, dropping blanks and duplicates.
func ParseTags(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' })
	seen := map[string]bool{}
	var out []string
	for _, t := range f {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Validate checks the unit's own fields.
func (u *Unit) Validate() error {
	u.Name = strings.TrimSpace(u.Name)
	u.CreditCode = strings.ToUpper(strings.TrimSpace(u.CreditCode))
	if u.Name == "" || utf8.RuneCountInString(u.Name) > 100 {
		return apperr.InvalidField("name", "err.unit.name")
	}
	if u.CreditCode != "" && !CheckCreditCode(u.CreditCode) {
		return apperr.InvalidField("credit_code", "err.unit.credit_code")
	}
	if !ValidKind(u.Kind) {
		return apperr.InvalidField("kind", "err.unit.kind")
	}
	if u.Employees < 0 || u.Employees > 10_000_000 {
		return apperr.InvalidField("employees", "err.unit.employees")
	}
	if utf8.RuneCountInString(u.Industry) > 40 {
		return apperr.InvalidField("industry", "err.unit.industry")
	}
	if len(u.ChainTags) > 10 {
		return apperr.InvalidField("chain_tags", "err.unit.tags")
	}
	for _, t := range u.ChainTags {
		if utf8.RuneCountInString(t) > 30 {
			return apperr.InvalidField("chain_tags", "err.unit.tags")
		}
	}
	if u.AreaID == 0 {
		return apperr.InvalidField("area_id", "err.area_required")
	}
	return nil
}
