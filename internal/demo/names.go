package demo

import (
	"math"
	"strconv"
	"time"

	"dangjian/internal/person"
	"dangjian/internal/pii"
)

// surnames are weighted common surnames; 陈, 王, 符, 吉 and 黎 are
// common in Hainan.
var surnames = []struct {
	s string
	w float64
}{
	{"王", 8}, {"李", 7}, {"张", 5}, {"刘", 4}, {"陈", 9}, {"杨", 3}, {"黄", 4}, {"赵", 2}, {"吴", 4}, {"周", 3},
	{"徐", 2}, {"孙", 2}, {"马", 2}, {"朱", 2}, {"胡", 2}, {"郭", 2}, {"何", 2}, {"高", 2}, {"林", 5}, {"罗", 2},
	{"郑", 2}, {"梁", 2}, {"谢", 2}, {"宋", 1}, {"唐", 1}, {"符", 7}, {"吉", 3}, {"黎", 3}, {"邢", 2}, {"云", 1},
	{"蒲", 1}, {"麦", 1}, {"羊", 1}, {"董", 1}, {"潘", 1},
}

var surnameTab = func() wtable {
	w := make([]float64, len(surnames))
	for i, s := range surnames {
		w[i] = s.w
	}
	return newWtable(w)
}()

// Given-name characters by gender.
var (
	maleChars   = []rune("伟强军平明华建国志海文杰勇斌涛波林峰鹏辉刚东亮龙超磊春雄德成福荣庆山兴光良发忠宏俊新飞金武振健永学清松安家贤宁瑞毅锋浩宇翔泽航博睿轩晨昊子天一")
	femaleChars = []rune("芳娜敏静丽艳娟霞秀玲兰英红梅燕萍华莉婷雪琳洁颖倩慧蓉琴丹妮晶月凤爱玉春桂美云莲佳欣怡雨萱思诗嘉悦婉婧")
)

// ID number area codes: seasonal residents come mostly from the north-east
// and the big northern cities; mobile members from the south and centre;
// locals carry 三亚 codes or those of other Hainan counties.
var (
	northCodes = []string{"210102", "210103", "210202", "230102", "230103", "230104", "220102", "220104", "110105", "110108",
		"120101", "310104", "310115", "370102", "130102", "150102", "140105", "610113", "320102", "210102", "230102"}
	southCodes  = []string{"430102", "430104", "450102", "450103", "510104", "510107", "440106", "440304", "410105", "360102", "420106", "350102", "530102", "520102", "460106", "460108"}
	hainanCodes = []string{"469001", "469002", "469005", "469006", "469007", "469024", "469027", "469028", "469029", "469030"}
	phoneHeads  = []string{"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
		"157", "158", "159", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"}
)

// name draws a plausible Chinese name.
func (g *gen) name(female bool) string {
	chars := maleChars
	if female {
		chars = femaleChars
	}
	n := surnames[surnameTab.pick(g.rng)].s + string(chars[g.rng.IntN(len(chars))])
	if g.chance(0.75) {
		n += string(chars[g.rng.IntN(len(chars))])
	}
	return n
}

// ageRange is the age range of a person: by status, narrowed by the
// person's role or flag hint.
func ageRange(s *pspec) (int, int) {
	lo, hi := 18, 80
	switch s.status {
	case person.Member:
		lo, hi = 22, 85
	case person.Probationary:
		lo, hi = 20, 40
	case person.Candidate:
		lo, hi = 20, 42
	case person.Activist:
		lo, hi = 18, 35
	}
	if s.ageHi > 0 {
		if l, h := max(lo, s.ageLo), min(hi, s.ageHi); l <= h {
			return l, h
		}
		return s.ageLo, s.ageHi
	}
	return lo, hi
}

// birth draws a birth date, ages bunched towards the middle of the range.
func (g *gen) birth(s *pspec) time.Time {
	lo, hi := ageRange(s)
	age := lo + int(float64(hi-lo+1)*(g.rng.Float64()+g.rng.Float64())/2)
	return asOf.AddDate(-min(age, hi), 0, -g.rng.IntN(365))
}

// idNumber draws a unique, valid ID number (GB 11643) for the birth date
// and gender, with an area code that fits the person.
func (g *gen) idNumber(s *pspec, birth time.Time, female bool) string {
	var code string
	switch x := g.rng.Float64(); {
	case s.months != 0:
		code = g.pickStr(northCodes)
	case s.mobile:
		code = g.pickStr(southCodes)
	case x < 0.72 || s.site == nil || s.site.district < 0:
		code = "460200"
	case x < 0.9:
		code = "46020" + string("2345"[s.site.district])
	default:
		code = g.pickStr(hainanCodes)
	}
	for {
		seq := g.rng.IntN(100)*10 + 2*g.rng.IntN(5)
		if !female {
			seq++
		}
		first := code + birth.Format("20060102") + pad3(seq)
		key, _ := strconv.ParseUint(first, 10, 64)
		if _, dup := g.idSeen[key]; !dup {
			g.idSeen[key] = struct{}{}
			return first + string(pii.IDCheckChar(first))
		}
	}
}

func pad3(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// phone draws a unique 11-digit mobile number.
func (g *gen) phone() string {
	for {
		p := g.pickStr(phoneHeads) + strconv.Itoa(10_000_000+g.rng.IntN(90_000_000))
		key, _ := strconv.ParseUint(p, 10, 64)
		if _, dup := g.phoneSeen[key]; !dup {
			g.phoneSeen[key] = struct{}{}
			return p
		}
	}
}

// joined draws the date a member joined: after the 18th birthday, most in
// their twenties, many on 1 July; a full member at least a year ago, a
// probationary one within the last year.
func (g *gen) joined(status person.Status, birth time.Time) string {
	earliest := birth.AddDate(18, 0, 0)
	latest := asOf.AddDate(-1, 0, 0)
	var t time.Time
	switch status {
	case person.Probationary:
		t = asOf.AddDate(0, 0, -1-g.rng.IntN(360))
		latest = asOf
	case person.Member:
		ja := 20 + int(math.Abs(g.rng.NormFloat64())*7)
		t = birth.AddDate(ja, 0, g.rng.IntN(365))
		if g.chance(0.25) {
			t = time.Date(t.Year(), 7, 1, 0, 0, 0, 0, time.UTC)
		}
	default:
		return ""
	}
	if t.After(latest) {
		t = latest
	}
	if t.Before(earliest) {
		t = earliest
	}
	return t.Format(time.DateOnly)
}

// fill draws the identity of planned person s into p, with its paths.
func (g *gen) fill(s *pspec, p *person.Person) {
	female := g.chance(s.female)
	b := g.birth(s)
	*p = person.Person{Name: g.name(female), IDNumber: g.idNumber(s, b, female), Phone: g.phone(), Status: s.status,
		AreaID: s.area.id, AreaPath: s.area.path, Mobile: s.mobile, Pocket: s.pocket}
	p.JoinedOn = g.joined(s.status, b)
	if s.org >= 0 {
		o := g.orgs[s.org]
		p.OrgID, p.OrgPath = o.ID, o.Path
	}
	if s.unit >= 0 {
		p.UnitID = g.units[s.unit].ID
	}
	p.SeasonalMonths = person.MonthsFromMask(s.months)
	p.CadreRoles = []string{}
	for i, r := range person.CadreRoles {
		if s.roles&(1<<i) != 0 {
			p.CadreRoles = append(p.CadreRoles, r)
		}
	}
	p.Tags = []string{}
	for i, t := range person.Tags {
		if s.tags&(1<<i) != 0 {
			p.Tags = append(p.Tags, t)
		}
	}
}
