package demo

import (
	"dangjian/internal/area"
	"dangjian/internal/person"
)

// assignFlags marks about 10% of people as seasonal residents (all of the
// seasonal committee, then mostly urban residents of 天涯区, 海棠区 and
// 吉阳区), about 4% as mobile members (mostly in "two-new" and community
// branches) and about 2% as pocket members (in foreign and private
// enterprises). Seasonal residents are members or masses; people with
// cadre roles keep their plain profile.
func (g *gen) assignFlags() {
	n := float64(len(g.people))
	w := make([]float64, len(g.people))
	fixed := 0
	for i, s := range g.people {
		switch {
		case s.org >= 0 && g.orgs[s.org].role == rSeasonal:
			g.makeSeasonal(s)
			fixed++
		case s.roles != 0 || (s.status != person.Member && s.status != person.Masses):
		case s.site != nil && s.site.place != nil && s.site.place.kind == area.Community && s.site.district >= 0 && s.site.district <= 2:
			w[i] = 1
		default:
			w[i] = 0.08
		}
	}
	for i, ok := range g.calibrate(w, shareSeason*n-float64(fixed)) {
		if ok {
			g.makeSeasonal(g.people[i])
		}
	}
	g.flagMobile(n)
	g.flagPocket(n)
}

// makeSeasonal gives s the months of a winter stay and an older age.
func (g *gen) makeSeasonal(s *pspec) {
	start := []int{10, 10, 10, 10, 10, 11, 11, 11, 12, 12}[g.rng.IntN(10)]
	end := []int{3, 3, 3, 3, 4, 4, 4, 4, 4, 5}[g.rng.IntN(10)]
	var ms []int
	for m := start; m != end%12+1; m = m%12 + 1 {
		ms = append(ms, m)
	}
	s.months = person.MonthsMask(ms)
	s.ageLo, s.ageHi, s.female = 55, 76, 0.45
	if s.status == person.Masses {
		s.tags = tagResident
		if g.chance(0.6) {
			s.tags = tagTalent
		}
	}
}

// plain reports whether s is a party member with no role or flag yet.
func plain(s *pspec) bool {
	return s.status.IsPartyMember() && s.roles == 0 && s.months == 0 && !s.mobile && !s.pocket
}

// flagMobile marks mobile members: registered elsewhere, living here.
func (g *gen) flagMobile(n float64) {
	w := make([]float64, len(g.people))
	for i, s := range g.people {
		if !plain(s) {
			continue
		}
		w[i] = 0.1
		if s.org >= 0 {
			switch g.orgs[s.org].role {
			case rEnterprise, rJoint, rNewEmp, rSocial, rCommunity:
				w[i] = 1
			}
		}
	}
	for i, ok := range g.calibrate(w, shareMobile*n) {
		if ok {
			s := g.people[i]
			s.mobile, s.ageLo, s.ageHi = true, 22, 50
		}
	}
}

// flagPocket marks pocket members: working in a foreign or private
// enterprise, their relationship letter never handed in.
func (g *gen) flagPocket(n float64) {
	w := make([]float64, len(g.people))
	for i, s := range g.people {
		if !plain(s) || s.unit < 0 {
			continue
		}
		switch g.units[s.unit].Kind {
		case "foreign_enterprise":
			w[i] = 3
		case "enterprise", "internet":
			w[i] = 1
		}
	}
	for i, ok := range g.calibrate(w, sharePocket*n) {
		if ok {
			s := g.people[i]
			s.pocket, s.ageLo, s.ageHi = true, 25, 45
		}
	}
}
