package demo

import (
	"fmt"
	"strconv"

	"dangjian/internal/org"
)

// role is what an org is, for sizing it and for its members' profile.
type role uint8

const (
	rLead       role = iota // a committee's leading group (top, district, zone, industry)
	rOrgan                  // government organ
	rSchool                 // school
	rHospital               // hospital or health institution
	rPolice                 // police
	rSOE                    // state-owned enterprise
	rVillage                // village
	rCommunity              // urban community
	rEnterprise             // one enterprise's own branch
	rJoint                  // joint branch of small units
	rSocial                 // social organizations
	rSeasonal               // seasonal ("migratory bird") members
	rNewEmp                 // new employment groups (couriers, drivers, streamers)
	rInstitute              // university research institute in a park
)

// family says how an org that takes child branches names them: grid
// branches first (one per grid), then the special names, then numbered.
type family struct {
	stem     string
	grids    []aref
	special  []string
	numbered string // format with one %s for the Chinese numeral
	sector   org.Sector
	role     role
	n, used  int
}

// orgSpec is one planned org. Its ID and Path are fixed at planning time:
// ids are assigned in plan order, parents before children.
type orgSpec struct {
	org.Org
	idx      int
	parent   int
	role     role
	site     *site // where its people live (nil: anywhere in district or city)
	grid     *aref // a grid branch's grid
	district int   // -1 for city-level orgs
	unit     int   // the unit it belongs to, -1 if none
	fam      *family
	size     int
	joined   []int // units attached to a joint branch
}

// addOrg plans an org under parent (-1 for a root) in area a, computing its
// id, code, path and area path exactly as org.Insert would.
func (g *gen) addOrg(parent int, name string, kind org.Kind, sector org.Sector, a *aref, r role) *orgSpec {
	id := int64(len(g.orgs) + 1)
	o := &orgSpec{idx: len(g.orgs), parent: parent, role: r, district: -1, unit: -1}
	o.ID, o.Name, o.Kind, o.Sector = id, name, kind, sector
	o.Code = fmt.Sprintf("O%06d", id)
	o.AreaID, o.AreaPath = a.id, a.path
	parentPath := "/"
	if parent >= 0 {
		p := g.orgs[parent]
		parentPath, o.ParentID, o.district, o.site, o.unit = p.Path, p.ID, p.district, p.site, p.unit
	}
	o.Path = parentPath + strconv.FormatInt(id, 10) + "/"
	o.FoundedOn = g.founded(r, kind)
	g.orgs = append(g.orgs, o)
	return o
}

// founded picks a plausible founding date for an org of role r.
func (g *gen) founded(r role, kind org.Kind) string {
	switch r {
	case rVillage:
		return g.date(1950, 1992)
	case rCommunity:
		return g.date(1995, 2021)
	case rEnterprise, rNewEmp:
		return g.date(2009, 2025)
	case rJoint, rSocial, rInstitute:
		return g.date(2014, 2025)
	case rSeasonal:
		return g.date(2016, 2023)
	case rSchool, rHospital:
		return g.date(1960, 2015)
	case rPolice, rSOE:
		return g.date(1988, 2018)
	}
	if kind == org.Committee {
		return g.date(1988, 2019)
	}
	return g.date(1988, 2022)
}

// suffix names an org kind: 党委, 党总支, 党支部.
func suffix(k org.Kind) string {
	switch k {
	case org.Committee:
		return "党委"
	case org.GeneralBranch:
		return "党总支"
	case org.JointBranch:
		return "联合党支部"
	}
	return "党支部"
}

// container makes o take child branches named by the family.
func (o *orgSpec) container(stem, numbered string, special []string, sector org.Sector, r role) *family {
	o.fam = &family{stem: stem, special: special, numbered: numbered, sector: sector, role: r}
	return o.fam
}

// child plans the next child branch of org pi from its family.
func (g *gen) child(pi int) *orgSpec {
	p := g.orgs[pi]
	f := p.fam
	a := &aref{id: p.AreaID, path: p.AreaPath}
	var name string
	var grid *aref
	switch i := f.used; {
	case i < len(f.grids):
		grid = &f.grids[i]
		a, name = grid, grid.name+"党支部"
	case i-len(f.grids) < len(f.special):
		name = f.stem + f.special[i-len(f.grids)]
	default:
		f.n++
		name = f.stem + fmt.Sprintf(f.numbered, cn(f.n))
	}
	f.used++
	c := g.addOrg(pi, name, org.Branch, f.sector, a, f.role)
	c.grid = grid
	return c
}

// children plans n children of org pi.
func (g *gen) children(pi, n int) {
	for i := 0; i < n; i++ {
		g.child(pi)
	}
}

// capped applies the scale's list cap.
func (g *gen) capped(n int) int {
	if g.cfg.listCap > 0 {
		return min(n, g.cfg.listCap)
	}
	return n
}

// small reports whether this is the test scale, which keeps the base
// structure lean.
func (g *gen) small() bool { return g.cfg.listCap > 0 }
