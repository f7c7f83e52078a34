// Package org is the tree of party organizations (committees, general
// branches, branches and joint branches) by subordination. Each org sits in
// an area, belongs to a sector, and may name its secretary.
package org

import (
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/validation"
)

// Kind is the type of a party organization.
type Kind string

const (
	Committee     Kind = "committee"      // 党委
	GeneralBranch Kind = "general_branch" // 党总支
	Branch        Kind = "branch"         // 党支部
	JointBranch   Kind = "joint_branch"   // 联合党支部
)

// Kinds lists the kinds, top down.
var Kinds = []Kind{Committee, GeneralBranch, Branch, JointBranch}

// Sector is the field an organization works in.
type Sector string

// Sectors from the seed: organs, schools, hospitals, police, SOEs, villages,
// communities, private enterprises, social organizations and parks.
var Sectors = []Sector{"organ", "school", "hospital", "police", "soe", "village", "community", "private_enterprise", "social_org", "park"}

// ValidKind reports whether k is a known kind.
func ValidKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// ValidSector reports whether s is a known sector.
func ValidSector(s Sector) bool {
	for _, x := range Sectors {
		if x == s {
			return true
		}
	}
	return false
}

// CanHoldChildren reports whether an org of kind k may have child orgs:
// committees and general branches may; branches are leaves.
func CanHoldChildren(k Kind) bool { return k == Committee || k == GeneralBranch }

// Org is one party organization.
type Org struct {
	ID            int64  `json:"id"`
	ParentID      int64  `json:"parent_id,omitempty"`
	ParentName    string `json:"parent_name,omitempty"`
	Code          string `json:"code"`
	Name          string `json:"name"`
	Kind          Kind   `json:"kind"`
	Sector        Sector `json:"sector"`
	AreaID        int64  `json:"area_id"`
	AreaName      string `json:"area_name"`
	AreaPath      string `json:"-"`
	Path          string `json:"-"`
	SecretaryID   int64  `json:"secretary_id,omitempty"`
	SecretaryName string `json:"secretary_name,omitempty"`
	FoundedOn     string `json:"founded_on,omitempty"`
	Children      int    `json:"children"`
	Members       int    `json:"members"`
}

// Validate checks the fields an org carries itself.
func (o *Org) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	o.Code = strings.TrimSpace(o.Code)
	if o.Name == "" || utf8.RuneCountInString(o.Name) > 80 {
		return apperr.InvalidField("name", "err.org.name")
	}
	if o.Code == "" || len(o.Code) > 32 {
		return apperr.InvalidField("code", "err.code_format")
	}
	if !ValidKind(o.Kind) {
		return apperr.InvalidField("kind", "err.org.kind")
	}
	if !ValidSector(o.Sector) {
		return apperr.InvalidField("sector", "err.org.sector")
	}
	if o.AreaID == 0 {
		return apperr.InvalidField("area_id", "err.org.area_required")
	}
	if o.FoundedOn != "" {
		if _, err := validation.Date(o.FoundedOn, "founded_on", true, nil); err != nil {
			return err
		}
	}
	return nil
}
