// Package scope is an account's access scope: the area subtrees and/or the
// org subtree it may read and write. Stores turn a Scope into a SQL filter on
// the materialized path columns, so the scope is enforced in the data layer,
// never in templates.
package scope

import (
	"strings"
)

// Scope is what one account may see. The zero value sees nothing.
//
//   - All: the whole city (city officials and administrators).
//   - AreaPaths: area subtrees. A functional zone's scope holds the zone's
//     own path and the paths of the villages it administers elsewhere.
//   - OrgPath: an org subtree (a branch secretary's branch).
//   - OrgAreaPath: the area of OrgPath's root org; used for rows that have
//     no org column (the area tree itself) when only OrgPath is set.
//
// When both AreaPaths and OrgPath are set, a row must satisfy both.
type Scope struct {
	All         bool
	AreaPaths   []string
	OrgPath     string
	OrgAreaPath string
}

// Everything is the unrestricted scope.
var Everything = Scope{All: true}

// upper returns the exclusive upper bound of the subtree range of a path
// like /1/5/: every descendant path starts with it, and '0' is the byte
// after '/'.
func upper(p string) string { return p[:len(p)-1] + "0" }

func rangeCond(col string) string { return "(" + col + " >= ? AND " + col + " < ?)" }

// Filter returns a SQL condition (with ? placeholders) and its arguments that
// keep only rows inside the scope. areaCol and orgCol name the row's area
// path and org path columns; orgCol may be empty for rows with no org.
func (s Scope) Filter(areaCol, orgCol string) (string, []any) {
	if s.All {
		return "1=1", nil
	}
	var parts []string
	var args []any
	if len(s.AreaPaths) > 0 {
		var ors []string
		for _, p := range s.AreaPaths {
			ors = append(ors, rangeCond(areaCol))
			args = append(args, p, upper(p))
		}
		parts = append(parts, "("+strings.Join(ors, " OR ")+")")
	}
	if s.OrgPath != "" {
		if orgCol != "" {
			parts = append(parts, rangeCond(orgCol))
			args = append(args, s.OrgPath, upper(s.OrgPath))
		} else if len(s.AreaPaths) == 0 && s.OrgAreaPath != "" {
			parts = append(parts, rangeCond(areaCol))
			args = append(args, s.OrgAreaPath, upper(s.OrgAreaPath))
		} else if len(s.AreaPaths) == 0 {
			return "1=0", nil
		}
	}
	if len(parts) == 0 {
		return "1=0", nil
	}
	return strings.Join(parts, " AND "), args
}

// OrgOnly reports whether the scope is an org subtree alone (a branch
// secretary's): its rows are best listed in org-path order, every other
// scope's in area-path order.
func (s Scope) OrgOnly() bool { return !s.All && len(s.AreaPaths) == 0 && s.OrgPath != "" }

// HasArea reports whether an area path lies inside the scope's area part.
func (s Scope) HasArea(areaPath string) bool {
	if s.All {
		return true
	}
	if len(s.AreaPaths) == 0 {
		if s.OrgPath != "" && s.OrgAreaPath != "" {
			return strings.HasPrefix(areaPath, s.OrgAreaPath)
		}
		return false
	}
	for _, p := range s.AreaPaths {
		if strings.HasPrefix(areaPath, p) {
			return true
		}
	}
	return false
}

// HasOrg reports whether a row with this org path (may be empty) and area
// path lies inside the scope, with the same rule as Filter.
func (s Scope) HasRow(areaPath, orgPath string) bool {
	if s.All {
		return true
	}
	if len(s.AreaPaths) == 0 && s.OrgPath == "" {
		return false
	}
	if len(s.AreaPaths) > 0 {
		ok := false
		for _, p := range s.AreaPaths {
			if strings.HasPrefix(areaPath, p) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if s.OrgPath != "" && !strings.HasPrefix(orgPath, s.OrgPath) {
		return false
	}
	return true
}

// OrgJoin is what keeps the rows whose org (the column col) is in the
// scope: a join of orgs o, an " AND …" condition and its arguments; none
// of them for a scope that sees everything.
func (s Scope) OrgJoin(col string) (join, and string, args []any) {
	if s.All {
		return "", "", nil
	}
	w, a := s.Filter("o.area_path", "o.path")
	return " JOIN orgs o ON o.id = " + col, " AND " + w, a
}
