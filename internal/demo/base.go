package demo

import (
	"dangjian/internal/area"
	"dangjian/internal/org"
)

// planBase plans the fixed structure from the seed: the city committees and
// their systems, the districts with an org for every village and
// community, the zones, and the seasonal members' committee.
func (g *gen) planBase() error {
	g.named = map[string]int{}
	for i := range g.industry {
		g.industry[i] = -1
	}
	g.planCityOrgans()
	g.planEducation()
	g.planHealth()
	g.planPolice()
	g.planSOE()
	g.planLiangxin()
	for di := range g.districts {
		g.planDistrict(di)
	}
	for _, z := range g.zones {
		g.planZone(z)
	}
	g.progress("orgs", len(g.orgs), g.cfg.orgs)
	return nil
}

// top plans a root committee in the city and remembers it by name.
func (g *gen) top(name string, sector org.Sector) *orgSpec {
	o := g.addOrg(-1, name, org.Committee, sector, &g.city, rLead)
	g.named[name] = o.idx
	return o
}

// baseChildren is how many child branches a container gets up front.
func (g *gen) baseChildren(k org.Kind, city int) int {
	switch {
	case g.small() && k == org.Committee:
		return 1
	case g.small():
		return 0
	case k == org.Committee:
		return city
	case k == org.GeneralBranch:
		return max(1, city-1)
	}
	return 0
}

func (g *gen) planCityOrgans() {
	t := g.top("市直机关工委", "organ")
	for i, name := range cityOrgans[:g.capped(len(cityOrgans))] {
		if i < 10 && !g.small() {
			gb := g.addOrg(t.idx, name+"机关党总支", org.GeneralBranch, "organ", &g.city, rOrgan)
			gb.container(name+"机关", "第%s党支部", []string{"离退休干部党支部"}, "organ", rOrgan)
			g.children(gb.idx, 2)
			continue
		}
		g.addOrg(t.idx, name+"机关党支部", org.Branch, "organ", &g.city, rOrgan)
	}
}

// institution plans a school, hospital or similar org in a place of its
// district, as a container when it is a committee or general branch.
func (g *gen) institution(parent int, in inst, sector org.Sector, r role, special []string) *orgSpec {
	p := g.townPlace(in.district)
	o := g.addOrg(parent, in.name+suffix(in.kind), in.kind, sector, &p.aref, r)
	o.site, o.district = p.site, in.district
	if org.CanHoldChildren(in.kind) {
		o.container(in.short(), "第%s党支部", special, sector, r)
		g.children(o.idx, g.baseChildren(in.kind, 3))
	}
	return o
}

func (g *gen) planEducation() {
	t := g.top("市教育局党委", "school")
	if !g.small() {
		g.addOrg(t.idx, "市教育局机关党支部", org.Branch, "organ", &g.city, rOrgan)
	}
	for _, s := range schools[:g.capped(len(schools))] {
		g.institution(t.idx, s, "school", rSchool, schoolBranches)
	}
}

func (g *gen) planHealth() {
	t := g.top("市卫生健康委员会党委", "hospital")
	if !g.small() {
		g.addOrg(t.idx, "市卫生健康委员会机关党支部", org.Branch, "organ", &g.city, rOrgan)
	}
	for _, h := range hospitals[:g.capped(len(hospitals))] {
		g.institution(t.idx, h, "hospital", rHospital, hospitalBranches)
	}
}

func (g *gen) planPolice() {
	t := g.top("市公安局党委", "police")
	if !g.small() {
		hq := g.addOrg(t.idx, "市公安局机关党委", org.Committee, "police", &g.city, rPolice)
		hq.container("市公安局", "机关第%s党支部", policeUnits, "police", rPolice)
		g.children(hq.idx, len(policeUnits))
		tr := g.addOrg(t.idx, "三亚市公安局交通警察支队党委", org.Committee, "police", &g.city, rPolice)
		tr.container("交警支队", "第%s党支部", trafficBrigades, "police", rPolice)
		g.children(tr.idx, len(trafficBrigades))
	}
	for _, b := range policeBureaus[:g.capped(len(policeBureaus))] {
		d := g.districts[b.district]
		bo := g.addOrg(t.idx, b.name+"党委", org.Committee, "police", &d.aref, rPolice)
		bo.district = b.district
		bo.container(b.name, "机关第%s党支部", nil, "police", rPolice)
		for _, st := range b.stations[:g.capped(len(b.stations))] {
			a, s := &d.aref, (*site)(nil)
			if p := g.placeNamed(b.district, st); p != nil {
				a, s = &p.aref, p.site
			}
			o := g.addOrg(bo.idx, st+"派出所党支部", org.Branch, "police", a, rPolice)
			o.site = s
		}
	}
}

func (g *gen) planSOE() {
	t := g.top("市国资委党委", "soe")
	if !g.small() {
		g.addOrg(t.idx, "市国资委机关党支部", org.Branch, "organ", &g.city, rOrgan)
	}
	for _, s := range soes[:g.capped(len(soes))] {
		p := g.townPlace(s.district)
		o := g.addOrg(t.idx, s.name+"党委", org.Committee, "soe", &p.aref, rSOE)
		o.site, o.district = p.site, s.district
		u := g.addUnit(s.name, "soe", s.industry, s.tags, g.between(300, 3000), false, p.site)
		u.org, o.unit = o.idx, u.idx
		o.container(s.short(), "第%s党支部", []string{"机关党支部"}, "soe", rSOE)
		g.children(o.idx, g.baseChildren(org.Committee, 3))
	}
}

func (g *gen) planLiangxin() {
	t := g.top("市委两新组织工委", "organ")
	for k := 0; k < g.capped(nIndustry); k++ {
		in := industries[k]
		o := g.addOrg(t.idx, in.name, org.Committee, in.sector, &g.city, rLead)
		g.industry[k] = o.idx
		r := rNewEmp
		if in.sector == "social_org" {
			r = rSocial
		}
		for _, j := range in.joints[:g.capped(len(in.joints))] {
			g.addOrg(o.idx, j, org.JointBranch, in.sector, &g.city, r)
		}
	}
}

// planDistrict plans a district committee, its organs, an org for each of
// its villages and communities (except those a zone administers), and in
// 天涯区 the seasonal members' committee.
func (g *gen) planDistrict(di int) {
	d := g.districts[di]
	dc := g.addOrg(-1, d.name+"委", org.Committee, "organ", &d.aref, rLead)
	dc.district, d.committee = di, dc.idx
	g.named[dc.Name] = dc.idx
	if !g.small() {
		wk := g.addOrg(dc.idx, d.name+"直属机关工委", org.Committee, "organ", &d.aref, rLead)
		for _, s := range districtOrgans {
			g.addOrg(wk.idx, d.name+s+"机关党支部", org.Branch, "organ", &d.aref, rOrgan)
		}
	}
	if d.name == "天涯区" {
		h := g.addOrg(dc.idx, "天涯区候鸟人才党委", org.Committee, "community", &d.aref, rSeasonal)
		h.container("天涯区", "候鸟党员第%s党支部", seasonalBranches, "community", rSeasonal)
		g.children(h.idx, g.baseChildren(org.Committee, len(seasonalBranches)))
	}
	for _, p := range d.places {
		if p.site.zone == nil {
			g.planPlaceOrg(dc.idx, p)
		}
	}
}

// placeKind picks the kind of a village's or community's org.
func (g *gen) placeKind(p *place) org.Kind {
	switch p.name {
	case "马亮村":
		return org.Branch
	case "梅西村":
		return org.Committee
	}
	x := g.rng.Float64()
	if p.kind == area.Community {
		x -= 0.15 // communities are larger
	}
	switch {
	case x < 0.25:
		return org.Committee
	case x < 0.6:
		return org.GeneralBranch
	}
	return org.Branch
}

// planPlaceOrg plans the org of one village or community: 马亮村党支部,
// 梅西村党委, 月川社区党总支…; committees take grid and numbered branches.
func (g *gen) planPlaceOrg(parent int, p *place) {
	k := g.placeKind(p)
	sector, r := org.Sector("village"), rVillage
	if p.kind == area.Community {
		sector, r = "community", rCommunity
	}
	o := g.addOrg(parent, p.name+suffix(k), k, sector, &p.aref, r)
	o.site = p.site
	g.named[o.Name] = o.idx
	if !org.CanHoldChildren(k) {
		return
	}
	p.site.container = o.idx
	var special []string
	if p.kind == area.Community {
		for _, e := range []string{g.pickStr(estates), g.pickStr(estates)} {
			if len(special) == 0 || special[0] != e+"小区党支部" {
				special = append(special, e+"小区党支部")
			}
		}
		special = append(special, "离退休党员党支部")
	}
	f := o.container(p.name, "第%s党支部", special, sector, r)
	if k == org.Committee && (p.kind == area.Village || g.districts[p.site.district].name == "崖州区") {
		f.grids = p.grids // 党建网格化: a branch on every grid
	}
	g.children(o.idx, g.baseChildren(k, 3))
}

// planZone plans a zone committee with its organ branch and joint
// branches; 育才生态区工委 also leads the villages it administers, and
// 崖州湾科技城 the university research institutes.
func (g *gen) planZone(z *zone) {
	spec, ok := zoneOrgs[z.name]
	if !ok {
		return
	}
	zc := g.addOrg(-1, spec.committee, org.Committee, spec.sector, &z.aref, rLead)
	zc.site, z.committee, z.site.container = z.site, zc.idx, zc.idx
	g.named[zc.Name] = zc.idx
	g.addOrg(zc.idx, spec.organ, org.Branch, "organ", &z.aref, rOrgan)
	for _, j := range spec.joints[:g.capped(len(spec.joints))] {
		g.addOrg(zc.idx, j, org.JointBranch, "private_enterprise", &z.aref, rJoint)
	}
	for _, p := range z.overlays {
		if p.site != nil {
			g.planPlaceOrg(zc.idx, p)
		}
	}
	if z.name != zoneYZW {
		return
	}
	for _, in := range institutes[:g.capped(len(institutes))] {
		o := g.addOrg(zc.idx, in.name+"党支部", org.Branch, "school", &z.aref, rInstitute)
		u := g.addUnit(in.name, "public_institution", "科学研究", []string{in.tag}, g.between(40, 400), false, z.site)
		u.org, o.unit = o.idx, u.idx
	}
}
