// Package area is the area tree: city > district or functional zone >
// township (may be absent) > community or village > grid. Functional zones
// overlay the districts: a zone administers villages that sit in a district
// statistically (area_overlays).
package area

import (
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
)

// Kind is the level of an area.
type Kind string

const (
	City      Kind = "city"
	District  Kind = "district"
	Zone      Kind = "zone"
	Township  Kind = "township"
	Community Kind = "community"
	Village   Kind = "village"
	Grid      Kind = "grid"
)

// Kinds lists every kind, top down.
var Kinds = []Kind{City, District, Zone, Township, Community, Village, Grid}

// parentKinds says which kinds may be the parent of each kind.
var parentKinds = map[Kind][]Kind{
	City:      nil,
	District:  {City},
	Zone:      {City},
	Township:  {District},
	Community: {District, Zone, Township},
	Village:   {District, Zone, Township},
	Grid:      {Community, Village},
}

// Area is one node of the tree.
type Area struct {
	ID          int64  `json:"id"`
	ParentID    int64  `json:"parent_id,omitempty"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Kind        Kind   `json:"kind"`
	Path        string `json:"-"`
	Depth       int    `json:"depth"`
	HasGeometry bool   `json:"has_geometry"`
	Children    int    `json:"children"`
	ParentName  string `json:"parent_name,omitempty"`
}

// Validate checks an area before it is written.
func (a *Area) Validate() error {
	a.Name = strings.TrimSpace(a.Name)
	a.Code = strings.TrimSpace(a.Code)
	if a.Name == "" || utf8.RuneCountInString(a.Name) > 60 {
		return apperr.InvalidField("name", "err.name_length")
	}
	if a.Code == "" || len(a.Code) > 32 {
		return apperr.InvalidField("code", "err.code_format")
	}
	if _, ok := parentKinds[a.Kind]; !ok {
		return apperr.InvalidField("kind", "err.area.kind")
	}
	if a.Kind != City && a.ParentID == 0 {
		return apperr.InvalidField("parent_id", "err.area.parent_required")
	}
	return nil
}

// CanParent reports whether parent may hold a child of kind k.
func CanParent(parent, k Kind) bool {
	for _, p := range parentKinds[k] {
		if p == parent {
			return true
		}
	}
	return false
}

// ShortName turns an official committee name into the name people use:
// 马亮村委会 → 马亮村, 永宁社区居委会 → 永宁社区, 南田居居委会 → 南田居.
func ShortName(official string) string {
	switch {
	case strings.HasSuffix(official, "社区居委会"):
		return strings.TrimSuffix(official, "居委会")
	case strings.HasSuffix(official, "居委会"):
		return strings.TrimSuffix(official, "居委会")
	case strings.HasSuffix(official, "村委会"):
		return strings.TrimSuffix(official, "委会")
	}
	return official
}
