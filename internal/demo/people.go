package demo

import (
	"dangjian/internal/org"
	"dangjian/internal/person"
)

// pspec is one planned person; the identity (name, ID and phone numbers,
// dates) is drawn when the person is written, in plan order.
type pspec struct {
	org, unit      int32 // -1 for none
	area           *aref
	site           *site
	status         person.Status
	roles, tags    uint8
	mobile, pocket bool
	months         int
	ageLo, ageHi   int
	female         float64
}

// Cadre role bits, in person.CadreRoles order, and tag bits.
const (
	roleFirstSecretary = 1 << iota
	roleGridWorker
	roleInstructor
	roleCadre
)

const (
	tagTalent = 1 << iota
	tagResident
)

// Shares of people by status; the rest are masses.
const (
	shareMasses = 0.12
	shareMobile = 0.04
	sharePocket = 0.02
	shareSeason = 0.10
)

// planPeople plans everyone: the members of every org (its secretary
// first), the masses, then cadre roles and the mobile, pocket and seasonal
// flags.
func (g *gen) planPeople() error {
	total := g.cfg.people
	masses := int(float64(total) * shareMasses)
	g.sizeOrgs(total - masses)
	g.people = make([]*pspec, 0, total+64)
	for _, o := range g.orgs {
		for k := 0; k < o.size; k++ {
			g.people = append(g.people, g.orgPerson(o, k))
		}
	}
	for len(g.people) < total {
		g.people = append(g.people, g.massPerson(g.anyPlace(-1)))
	}
	g.assignRoles()
	g.assignFlags()
	g.progress("people", 0, len(g.people))
	return nil
}

// sizeWeight is an org's relative headcount.
func sizeWeight(o *orgSpec) float64 {
	c, gb := o.Kind == org.Committee, o.Kind == org.GeneralBranch
	pick := func(committee, general, branch float64) float64 {
		switch {
		case c:
			return committee
		case gb:
			return general
		}
		return branch
	}
	switch o.role {
	case rOrgan:
		return pick(6, 6, 14)
	case rSchool:
		return pick(8, 10, 22)
	case rHospital:
		return pick(8, 12, 26)
	case rPolice:
		return pick(6, 6, 18)
	case rSOE:
		return pick(6, 8, 16)
	case rVillage:
		if o.grid != nil {
			return 14
		}
		return pick(8, 12, 32)
	case rCommunity:
		return pick(8, 12, 24)
	case rEnterprise:
		return 6
	case rJoint, rInstitute:
		return 11
	case rSocial:
		return 8
	case rSeasonal:
		return pick(5, 5, 28)
	case rNewEmp:
		return 14
	}
	return 6
}

// sizeOrgs sets every org's headcount: at least 3 (a branch needs three
// members), the rest shared by weight with some jitter, summing to n.
func (g *gen) sizeOrgs(n int) {
	w := make([]float64, len(g.orgs))
	sum := 0.0
	for i, o := range g.orgs {
		w[i] = sizeWeight(o) * (0.6 + 0.8*g.rng.Float64())
		sum += w[i]
	}
	extra := max(0, n-3*len(g.orgs))
	left := extra
	for i, o := range g.orgs {
		o.size = 3 + int(w[i]/sum*float64(extra))
		left -= o.size - 3
	}
	for ; left > 0; left-- {
		g.orgs[g.rng.IntN(len(g.orgs))].size++
	}
	for _, o := range g.orgs {
		if o.role == rEnterprise && o.unit >= 0 {
			u := g.units[o.unit]
			u.Employees = max(u.Employees, o.size*3)
		}
	}
}

// orgPerson plans the k-th person of org o: the secretary first, then for
// committees two more committee members, then a mix of statuses.
func (g *gen) orgPerson(o *orgSpec, k int) *pspec {
	s := &pspec{org: int32(o.idx), unit: -1, female: 0.33}
	s.area, s.site = g.personArea(o)
	switch {
	case k == 0:
		s.status, s.roles, s.ageLo, s.ageHi = person.Member, roleCadre, 35, 60
	case k <= 2 && o.Kind == org.Committee:
		s.status, s.roles, s.ageLo, s.ageHi = person.Member, roleCadre, 32, 58
	case o.role == rSeasonal:
		s.status = person.Member // seasonal members' branches hold members only
	default:
		switch x := g.rng.Float64(); {
		case x < 0.78:
			s.status = person.Member
		case x < 0.84:
			s.status = person.Probationary
		case x < 0.90:
			s.status = person.Candidate
		default:
			s.status = person.Activist
		}
	}
	switch o.role {
	case rHospital:
		s.female = 0.62
	case rSchool:
		s.female = 0.6
	case rCommunity, rSeasonal, rSocial:
		s.female = 0.45
	}
	s.unit = g.personUnit(o, s.site)
	return s
}

// personArea is where a member of o lives: its grid, a grid or the place
// of its site, the zone, or a place in its district or the city.
func (g *gen) personArea(o *orgSpec) (*aref, *site) {
	switch {
	case o.grid != nil:
		return o.grid, o.site
	case o.site != nil && o.site.place != nil:
		return g.inPlace(o.site.place), o.site
	case o.site != nil:
		return o.site.area, o.site
	}
	p := g.anyPlace(o.district)
	return g.inPlace(p), p.site
}

// personUnit is the unit a member of o works in, or -1.
func (g *gen) personUnit(o *orgSpec, s *site) int32 {
	switch {
	case o.unit >= 0:
		return int32(o.unit)
	case o.role == rJoint && len(o.joined) > 0:
		return int32(o.joined[g.rng.IntN(len(o.joined))])
	case (o.role == rVillage || o.role == rCommunity || o.role == rNewEmp) && len(s.units) > 0 && g.chance(0.15):
		return int32(s.units[g.rng.IntN(len(s.units))])
	}
	return -1
}

// massPerson plans a non-member living in place p: a resident or a talent,
// some working in a unit there.
func (g *gen) massPerson(p *place) *pspec {
	s := &pspec{org: -1, unit: -1, status: person.Masses, female: 0.5, tags: tagResident}
	s.area, s.site = g.inPlace(p), p.site
	if g.chance(0.35) {
		s.tags = tagTalent
	}
	if len(p.site.units) > 0 && g.chance(0.25) {
		s.unit = int32(p.site.units[g.rng.IntN(len(p.site.units))])
	}
	return s
}

// takeFrom removes and returns a random element of pool, or -1.
func (g *gen) takeFrom(pool *[]int) int {
	if len(*pool) == 0 {
		return -1
	}
	i := g.rng.IntN(len(*pool))
	x := (*pool)[i]
	(*pool)[i] = (*pool)[len(*pool)-1]
	*pool = (*pool)[:len(*pool)-1]
	return x
}

// assignRoles names service instructors and stationed first secretaries
// from the organs' members, and one grid worker on every grid.
func (g *gen) assignRoles() {
	var pool []int
	for i, s := range g.people {
		if s.org >= 0 && g.orgs[s.org].role == rOrgan && s.roles == 0 && s.status == person.Member {
			pool = append(pool, i)
		}
	}
	for n := max(1, len(g.orgs)/40); n > 0; n-- {
		if i := g.takeFrom(&pool); i >= 0 {
			g.people[i].roles |= roleInstructor
			g.people[i].ageLo, g.people[i].ageHi = 35, 58
		}
	}
	for _, p := range g.places {
		if p.kind != "village" || !g.chance(0.2) {
			continue
		}
		if i := g.takeFrom(&pool); i >= 0 {
			s := g.people[i]
			s.roles |= roleFirstSecretary
			s.ageLo, s.ageHi = 30, 50
			s.area, s.site = &p.aref, p.site
		}
	}
	g.assignGridWorkers()
}

// assignGridWorkers picks, for every grid, a person living on it (a party
// member if possible) as its grid worker, adding a resident if nobody
// lives there.
func (g *gen) assignGridWorkers() {
	cands := map[*aref][]int{}
	for i, s := range g.people {
		if s.roles == 0 && len(cands[s.area]) < 8 {
			cands[s.area] = append(cands[s.area], i)
		}
	}
	for _, p := range g.places {
		for gi := range p.grids {
			gr := &p.grids[gi]
			best := -1
			for _, i := range cands[gr] {
				if g.people[i].roles != 0 {
					continue
				}
				if best < 0 || (g.people[i].status.IsPartyMember() && !g.people[best].status.IsPartyMember()) {
					best = i
				}
			}
			if best < 0 {
				s := g.massPerson(p)
				s.area = gr
				g.people = append(g.people, s)
				best = len(g.people) - 1
			}
			s := g.people[best]
			s.roles |= roleGridWorker
			s.ageLo, s.ageHi = 25, 50
		}
	}
}
