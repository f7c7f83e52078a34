package demo

import (
	"strings"

	"dangjian/internal/unit"
)

// unitSpec is one planned unit; ids are assigned in plan order.
type unitSpec struct {
	unit.Unit
	idx  int
	site *site
	tmpl int // template index, -1 for named units
	org  int // covering org, -1 if none
}

// tmpl is a kind of business: its unit kind, industry, name endings,
// industry-chain tags, typical size and chances.
type tmpl struct {
	kind     unit.Kind
	industry string
	suffixes []string
	tags     []string
	median   float64 // median employees
	foreign  float64 // chance of foreign ownership
	cover    float64 // relative chance of having party coverage
	ind      int     // industry committee for its own branch, -1 none
}

const (
	tHotel = iota
	tTravel
	tDutyFree
	tRetail
	tFood
	tHomestay
	tAgri
	tSeed
	tDeepSea
	tBio
	tFinance
	tTrade
	tProperty
	tCourier
	tRide
	tLive
	tInternet
	tSocial
	tHealth
	tBuild
	tYacht
	tFish
	nTmpl
)

var templates = [nTmpl]tmpl{
	tHotel:    {"enterprise", "住宿业", []string{"度假酒店有限公司", "酒店管理有限公司", "大酒店有限公司"}, []string{"旅游产业链"}, 80, 0.08, 1.2, indHotel},
	tTravel:   {"enterprise", "旅行社", []string{"国际旅行社有限公司", "旅行社有限公司", "旅游服务有限公司"}, []string{"旅游产业链"}, 15, 0.02, 0.8, -1},
	tDutyFree: {"enterprise", "免税零售", []string{"免税品经营有限公司", "免税商贸有限公司", "国际购物中心有限公司"}, []string{"免税零售", "旅游产业链"}, 120, 0.05, 1.3, -1},
	tRetail:   {"enterprise", "批发零售", []string{"商贸有限公司", "贸易有限公司", "超市有限公司"}, nil, 10, 0, 0.6, -1},
	tFood:     {"enterprise", "餐饮业", []string{"餐饮管理有限公司", "餐饮服务有限公司", "海鲜酒楼有限公司"}, []string{"旅游产业链"}, 14, 0, 0.6, -1},
	tHomestay: {"enterprise", "民宿", []string{"民宿管理有限公司", "乡村旅游开发有限公司"}, []string{"旅游产业链", "乡村振兴"}, 6, 0, 0.7, -1},
	tAgri:     {"enterprise", "热带农业", []string{"热带农业开发有限公司", "种植专业合作社", "热带水果专业合作社"}, []string{"热带农业", "乡村振兴"}, 9, 0, 0.8, -1},
	tSeed:     {"enterprise", "种业", []string{"种业科技有限公司", "种业有限公司", "生物育种科技有限公司"}, []string{"南繁育种"}, 40, 0.03, 1.2, -1},
	tDeepSea:  {"enterprise", "海洋科技", []string{"深海装备科技有限公司", "海洋科技有限公司", "海洋工程技术有限公司"}, []string{"深海科技"}, 50, 0.05, 1.2, -1},
	tBio:      {"enterprise", "生物医药", []string{"生物科技有限公司", "生物医药有限公司"}, []string{"生物医药"}, 35, 0.05, 1, -1},
	tFinance:  {"enterprise", "金融服务", []string{"投资管理有限公司", "融资租赁有限公司", "私募基金管理有限公司", "商业保理有限公司"}, []string{"现代金融", "总部经济"}, 20, 0.25, 1, -1},
	tTrade:    {"enterprise", "国际贸易", []string{"国际贸易有限公司", "供应链管理有限公司", "跨境电商有限公司"}, []string{"总部经济"}, 18, 0.3, 0.8, -1},
	tProperty: {"property", "物业管理", []string{"物业服务有限公司", "物业管理有限公司"}, []string{"物业服务"}, 60, 0, 1.1, indProperty},
	tCourier:  {"platform", "快递物流", []string{"速运有限公司", "快递服务有限公司", "同城配送有限公司"}, []string{"新就业群体"}, 120, 0, 1.2, indNewEmp},
	tRide:     {"platform", "网约车", []string{"出行科技有限公司", "网约车服务有限公司"}, []string{"新就业群体"}, 200, 0, 1.2, indNewEmp},
	tLive:     {"platform", "网络直播", []string{"直播电商有限公司", "网络文化传媒有限公司"}, []string{"新就业群体", "数字经济"}, 30, 0, 1, indNewEmp},
	tInternet: {"internet", "互联网", []string{"网络科技有限公司", "信息技术有限公司", "数字科技有限公司"}, []string{"数字经济"}, 30, 0.05, 1, indInternet},
	tSocial:   {"social_org", "社会组织", nil, nil, 8, 0, 0.8, indSocial},
	tHealth:   {"enterprise", "康养服务", []string{"健康管理有限公司", "康养产业有限公司", "医疗美容医院有限公司"}, []string{"康养产业", "旅游产业链"}, 25, 0.05, 0.8, -1},
	tBuild:    {"enterprise", "建筑业", []string{"建筑工程有限公司", "建设工程有限公司", "装饰工程有限公司"}, nil, 40, 0, 0.9, -1},
	tYacht:    {"enterprise", "游艇旅游", []string{"游艇俱乐部有限公司", "游艇服务有限公司", "潜水俱乐部有限公司"}, []string{"旅游产业链"}, 20, 0.1, 0.8, -1},
	tFish:     {"enterprise", "海洋渔业", []string{"渔业有限公司", "海产品有限公司", "水产养殖专业合作社"}, nil, 10, 0, 0.6, -1},
}

// tw is a template and its weight in a site profile.
type tw struct {
	t int
	w float64
}

// Site profiles: parks have their own industries, communities and
// villages theirs.
var (
	profYZW       = []tw{{tSeed, 30}, {tDeepSea, 25}, {tBio, 10}, {tInternet, 10}, {tProperty, 4}, {tFood, 5}, {tBuild, 5}, {tSocial, 3}, {tRetail, 5}}
	profCBD       = []tw{{tFinance, 35}, {tTrade, 12}, {tInternet, 12}, {tLive, 6}, {tProperty, 5}, {tFood, 6}, {tTravel, 6}, {tSocial, 5}, {tHealth, 5}, {tRetail, 5}, {tDutyFree, 4}}
	profMSP       = []tw{{tInternet, 25}, {tDutyFree, 12}, {tLive, 10}, {tHealth, 10}, {tHotel, 8}, {tFinance, 8}, {tCourier, 5}, {tProperty, 5}, {tFood, 5}, {tSocial, 5}, {tRetail, 7}}
	profYucai     = []tw{{tAgri, 30}, {tHomestay, 25}, {tSocial, 8}, {tFood, 10}, {tRetail, 10}, {tBuild, 5}, {tSeed, 4}}
	profCommunity = []tw{{tHotel, 10}, {tTravel, 10}, {tRetail, 15}, {tFood, 12}, {tProperty, 10}, {tCourier, 4}, {tRide, 2}, {tLive, 3}, {tInternet, 5},
		{tSocial, 9}, {tHealth, 5}, {tBuild, 5}, {tYacht, 1}, {tDutyFree, 1}, {tFinance, 2}}
	profVillage = []tw{{tAgri, 30}, {tHomestay, 12}, {tRetail, 12}, {tFood, 8}, {tFish, 8}, {tBuild, 6}, {tSocial, 5}, {tTravel, 3}, {tHotel, 4}, {tProperty, 1}}
)

// profile returns the template weights of a site, shaded by district.
func (g *gen) profile(s *site) []float64 {
	zoneName := ""
	if s.zone != nil {
		zoneName = s.zone.name
	}
	prof := profVillage
	switch {
	case zoneName == zoneYZW:
		prof = profYZW
	case zoneName == zoneCBD:
		prof = profCBD
	case zoneName == zoneMSP:
		prof = profMSP
	case zoneName == zoneYucai:
		prof = profYucai
	case s.place != nil && s.place.kind == "community":
		prof = profCommunity
	}
	w := make([]float64, nTmpl)
	for _, x := range prof {
		w[x.t] = x.w
	}
	if zoneName == "" && s.district >= 0 {
		switch g.districts[s.district].name {
		case "海棠区":
			w[tHotel], w[tDutyFree], w[tYacht] = w[tHotel]*2.5, w[tDutyFree]*4+2, w[tYacht]*2
		case "吉阳区":
			w[tHotel], w[tTravel], w[tYacht] = w[tHotel]*2, w[tTravel]*1.5, w[tYacht]*2+1
		case "天涯区":
			w[tHealth], w[tSocial], w[tProperty] = w[tHealth]*2, w[tSocial]*1.5, w[tProperty]*1.3
		case "崖州区":
			w[tSeed], w[tFish], w[tDeepSea] = w[tSeed]+15, w[tFish]+4, w[tDeepSea]+2
		}
	}
	return w
}

// Name parts: 字号 are built from two characters.
var (
	brand1 = []rune("椰海鹿南天凤蓝金碧星云瑞嘉恒鼎聚安博锦汇腾华盛宏新康福泰隆和润达远晟琼崖棠榆珊晨")
	brand2 = []rune("风韵城山涯凰海椰湾辰帆洋禾泽信盛福泰远程通达源丰宇鸿景悦航澜")
	// foreignNames are invented foreign investors.
	foreignNames = []string{"香港瑞丰", "香港嘉信", "香港汇德", "新加坡恒远", "新加坡亚太星", "德国克莱恩", "法国蓝岸", "英国博雅",
		"美国太平洋海岸", "日本丸信", "韩国海松", "泰国暹罗湾", "马来西亚南洋", "澳大利亚金沙湾"}
	provinces = []string{"湖南", "四川", "黑龙江", "辽宁", "吉林", "河南", "山东", "江西", "广东", "广西", "湖北", "浙江",
		"福建", "江苏", "内蒙古", "河北", "山西", "陕西", "重庆", "安徽"}
	trades = []string{"旅游", "酒店与餐饮", "物业管理", "游艇", "民宿", "潜水", "婚庆", "摄影", "电子商务", "房地产",
		"会展", "健康养生", "志愿者", "老年人体育", "候鸟人才", "热带农业", "南繁种业", "文化创意"}
	localPrefix = []string{"海棠湾", "亚龙湾", "三亚湾", "崖州"}
)

// brand returns a two-character trade name such as 椰韵 or 鼎盛.
func (g *gen) brand() string {
	a, b := brand1[g.rng.IntN(len(brand1))], brand2[g.rng.IntN(len(brand2))]
	for a == b {
		b = brand2[g.rng.IntN(len(brand2))]
	}
	return string(a) + string(b)
}

// unitName names a unit of template t at site s.
func (g *gen) unitName(t int, s *site, foreign bool) string {
	tp := templates[t]
	if t == tSocial {
		switch g.rng.IntN(4) {
		case 0:
			return "三亚市" + g.pickStr(provinces) + "商会"
		case 1:
			return "三亚市" + g.pickStr(trades) + "协会"
		case 2:
			return "三亚" + g.brand() + "社会工作服务中心"
		}
		return "三亚市" + g.brand() + "职业培训学校"
	}
	suf := g.pickStr(tp.suffixes)
	if foreign {
		return g.pickStr(foreignNames) + "（三亚）" + suf
	}
	prefix := "三亚"
	switch x := g.rng.Float64(); {
	case s.place != nil && (t == tAgri || t == tHomestay || t == tFish) && x < 0.5:
		prefix = s.place.name
	case x < 0.3:
		prefix = "海南"
	case x < 0.42 && s.district >= 0:
		prefix = localPrefix[s.district]
	}
	return prefix + g.brand() + suf
}

// addUnit plans a unit at a site with a fresh credit code.
func (g *gen) addUnit(name string, kind unit.Kind, industry string, tags []string, employees int, foreign bool, s *site) *unitSpec {
	u := &unitSpec{idx: len(g.units), site: s, tmpl: -1, org: -1}
	u.ID, u.Name, u.Kind, u.Industry, u.ChainTags = int64(len(g.units)+1), name, kind, industry, tags
	u.Employees, u.ForeignOwned, u.AreaID, u.AreaPath = employees, foreign, s.area.id, s.area.path
	u.CreditCode = g.creditCode(kind, name, s)
	g.units = append(g.units, u)
	s.units = append(s.units, u.idx)
	return u
}

// creditChars are the characters allowed in a unified social credit code.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode returns a new, unique, valid unified social credit code
// (GB 32100): registration authority and category by kind, the site's
// division code, a 9-character organization code with its GB 11714 check
// character, and the final check character.
func (g *gen) creditCode(kind unit.Kind, name string, s *site) string {
	region := "460200"
	if s.district >= 0 && s.zone == nil {
		region = s.area.code[:4] + "0" + string("2345"[s.district])
	}
	head := "91"
	switch {
	case kind == "public_institution":
		head = "12"
	case kind == "social_org" && strings.HasSuffix(name, "会"):
		head = "51"
	case kind == "social_org":
		head = "52"
	}
	for {
		var b strings.Builder
		b.WriteString(head + region)
		if head == "91" {
			b.WriteString("MA5T")
			for i := 0; i < 4; i++ {
				b.WriteByte(creditChars[g.rng.IntN(len(creditChars))])
			}
		} else {
			for i := 0; i < 8; i++ {
				b.WriteByte(byte('0' + g.rng.IntN(10)))
			}
		}
		body := b.String()
		body += string(orgCodeCheck(body[8:16]))
		code := body + string(unit.CreditCheckChar(body))
		if _, dup := g.codeSeen[code]; !dup {
			g.codeSeen[code] = struct{}{}
			return code
		}
	}
}

// orgCodeCheck is the GB 11714 check character of an 8-character
// organization code: digits count as 0–9 and letters as 10–35.
func orgCodeCheck(c string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		v := int(c[i] - '0')
		if c[i] >= 'A' {
			v = int(c[i]-'A') + 10
		}
		sum += v * weights[i]
	}
	switch r := 11 - sum%11; r {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + r)
	}
}

// planUnits plans the units beyond the named ones: a quarter in the parks,
// the rest in the villages and communities, each of a template that fits
// its site.
func (g *gen) planUnits() error {
	shares := map[string]float64{zoneYZW: 0.12, zoneCBD: 0.08, zoneMSP: 0.06, zoneYucai: 0.01}
	var weights []float64
	placeSum := 0.0
	for _, p := range g.places {
		placeSum += placeWeight(p) * districtBusiness[p.site.district]
	}
	for _, z := range g.zones {
		g.sites = append(g.sites, z.site)
		weights = append(weights, shares[z.name])
	}
	for _, p := range g.places {
		g.sites = append(g.sites, p.site)
		weights = append(weights, 0.73*placeWeight(p)*districtBusiness[p.site.district]/placeSum)
	}
	for _, s := range g.sites {
		s.tab = newWtable(g.profile(s))
	}
	siteTab := newWtable(weights)
	n := g.cfg.units - len(g.units)
	for i := 0; i < n; i++ {
		s := g.sites[siteTab.pick(g.rng)]
		t := s.tab.pick(g.rng)
		tp := templates[t]
		foreign := g.chance(tp.foreign)
		kind := tp.kind
		if foreign {
			kind = "foreign_enterprise"
		}
		emp := g.lognormal(tp.median, 0.9, 1, 30000)
		u := g.addUnit(g.unitName(t, s, foreign), kind, tp.industry, tp.tags, emp, foreign, s)
		u.tmpl = t
		if (i+1)%10000 == 0 {
			g.progress("units", i+1, n)
		}
	}
	return nil
}

// districtBusiness weighs the districts' share of businesses: 海棠区,
// 吉阳区, 天涯区, 崖州区.
var districtBusiness = []float64{1.0, 1.3, 1.3, 0.8}
