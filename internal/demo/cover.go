package demo

import (
	"sort"

	"dangjian/internal/org"
)

// coverShare is the share of units a party org covers.
const coverShare = 0.4

// planCoverage decides which units a party org covers (about 40%, larger
// units more often) and how: the largest get their own branch, the others
// join a joint branch or the village or community branch of their area.
func (g *gen) planCoverage() error {
	g.collectBranches()
	var cand []int
	var weights []float64
	done := 0
	for _, u := range g.units {
		if u.org >= 0 {
			done++
			continue
		}
		w := templates[u.tmpl].cover
		switch {
		case u.Employees >= 50:
			w *= 1.8
		case u.Employees >= 15:
			w *= 1.2
		default:
			w *= 0.7
		}
		if u.ForeignOwned {
			w *= 0.6
		}
		cand = append(cand, u.idx)
		weights = append(weights, w)
	}
	chosen := g.calibrate(weights, coverShare*float64(len(g.units))-float64(done))
	var covered []int
	for i, ok := range chosen {
		if ok {
			covered = append(covered, cand[i])
		}
	}
	budget := g.cfg.orgs - len(g.orgs)
	nOwn, nJoint := max(2, budget*55/100), max(0, budget*15/100)
	byEmp := append([]int(nil), covered...)
	sort.SliceStable(byEmp, func(a, b int) bool { return g.units[byEmp[a]].Employees > g.units[byEmp[b]].Employees })
	own := make(map[int]bool, nOwn)
	for _, ui := range byEmp[:min(nOwn, len(byEmp))] {
		own[ui] = true
	}
	var rest []int
	for _, ui := range covered {
		if own[ui] {
			g.ownBranch(ui)
		} else {
			rest = append(rest, ui)
		}
	}
	g.planJoints(rest, nJoint)
	for _, ui := range rest {
		g.attach(ui)
	}
	g.progress("orgs", len(g.orgs), g.cfg.orgs)
	return nil
}

// collectBranches lists, for every site, the village, community and joint
// branches in its own area that small covered units may join.
func (g *gen) collectBranches() {
	for _, o := range g.orgs {
		if o.site == nil || o.grid != nil || o.AreaID != o.site.area.id || org.CanHoldChildren(o.Kind) {
			continue
		}
		if o.role == rVillage || o.role == rCommunity || o.role == rJoint {
			o.site.branches = append(o.site.branches, o.idx)
		}
	}
}

// ownBranch gives unit ui its own branch, named after it.
func (g *gen) ownBranch(ui int) {
	u := g.units[ui]
	sector := org.Sector("private_enterprise")
	if u.Kind == "social_org" {
		sector = "social_org"
	}
	o := g.addOrg(g.ownParent(u), u.Name+"党支部", org.Branch, sector, u.site.area, rEnterprise)
	o.site, o.unit, o.district = u.site, ui, u.site.district
	u.org = o.idx
}

// ownParent is where an enterprise's own branch belongs: the park's
// committee, the industry committee, the village or community committee,
// or else the district's "two-new" committee.
func (g *gen) ownParent(u *unitSpec) int {
	s := u.site
	if s.zone != nil && s.zone.committee >= 0 {
		return s.zone.committee
	}
	if ind := templates[u.tmpl].ind; ind >= 0 && g.industry[ind] >= 0 {
		return g.industry[ind]
	}
	if s.container >= 0 {
		return s.container
	}
	return g.liangxin(s.district)
}

// liangxin returns the district's "two-new" committee, planning it on
// first use.
func (g *gen) liangxin(di int) int {
	d := g.districts[di]
	if d.liangxin < 0 {
		o := g.addOrg(d.committee, d.name+"两新组织综合党委", org.Committee, "private_enterprise", &d.aref, rLead)
		d.liangxin = o.idx
	}
	return d.liangxin
}

// planJoints spreads n joint branches over the sites in proportion to the
// covered units there that have no branch of their own.
func (g *gen) planJoints(rest []int, n int) {
	count := map[*site]int{}
	for _, ui := range rest {
		count[g.units[ui].site]++
	}
	for _, s := range g.sites { // fixed order
		k := 0
		if len(rest) > 0 {
			k = min(n*count[s]/len(rest), max(1, count[s]/6)) // at least ~6 units a joint branch
		}
		for j := 0; j < k; j++ {
			g.addJoint(s)
		}
	}
}

// addJoint plans a joint branch at a site: 月川社区第一联合党支部.
func (g *gen) addJoint(s *site) int {
	s.jointN++
	parent := s.container
	if s.zone != nil && s.zone.committee >= 0 {
		parent = s.zone.committee
	}
	if parent < 0 {
		parent = g.liangxin(s.district)
	}
	o := g.addOrg(parent, s.area.name+"第"+cn(s.jointN)+"联合党支部", org.JointBranch, "private_enterprise", s.area, rJoint)
	o.site, o.unit = s, -1
	if s.district >= 0 {
		o.district = s.district
	}
	s.branches = append(s.branches, o.idx)
	return o.idx
}

// attach covers unit ui by a branch of its site, or the site's committee.
func (g *gen) attach(ui int) {
	u := g.units[ui]
	s := u.site
	oi := -1
	switch {
	case len(s.branches) > 0:
		oi = s.branches[g.rng.IntN(len(s.branches))]
	case s.container >= 0 && (s.zone == nil || s.place != nil):
		oi = s.container
	default:
		oi = g.addJoint(s)
	}
	u.org = oi
	if g.orgs[oi].Kind == org.JointBranch {
		g.orgs[oi].joined = append(g.orgs[oi].joined, ui)
	}
}

// fillWeights says which containers take the extra branches that bring
// the org count to the target, and how readily.
var fillWeights = map[role]float64{rVillage: 3, rCommunity: 3, rSchool: 1, rHospital: 1.2, rSOE: 1, rOrgan: 0.4, rSeasonal: 0.6, rPolice: 0.5}

// planFill adds child branches under containers until the org target.
func (g *gen) planFill() error {
	var conts []int
	var w []float64
	for _, o := range g.orgs {
		if o.fam != nil && fillWeights[o.role] > 0 {
			conts = append(conts, o.idx)
			w = append(w, fillWeights[o.role])
		}
	}
	tab := newWtable(w)
	for n := g.cfg.orgs - len(g.orgs); n > 0 && len(conts) > 0; n-- {
		g.child(conts[tab.pick(g.rng)])
	}
	g.progress("orgs", len(g.orgs), g.cfg.orgs)
	return nil
}
