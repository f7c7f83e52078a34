package talentgen

// The writer: templates filled from the vocabulary into reused buffers,
// one talent or demand at a time.

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/talent"
)

// tmpl is a parsed template: literal text, each literal followed by a
// placeholder letter (0 after the last).
type tmpl []seg

type seg struct {
	lit string
	ph  byte
}

func parse(s string) tmpl {
	var t tmpl
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 || i+2 >= len(s) || s[i+2] != '}' {
			return append(t, seg{s, 0})
		}
		t = append(t, seg{s[:i], s[i+1]})
		s = s[i+3:]
	}
}

// vars fill a template's placeholders.
type vars struct {
	t, u, d, i, c, r, a, o string
	y, n                   int
}

// writer generates into a reused buffer with one random stream.
type writer struct {
	g   *genModel
	r   *rand.Rand
	buf []byte
	// slabs the talents' skill and stay slices are cut from (capacity-limited)
	skillSlab []string
	staySlab  []talent.Stay
}

func (w *writer) slab(n int) {
	w.skillSlab = make([]string, 0, n*3)
	w.staySlab = make([]talent.Stay, 0, n*2)
}

func (w *writer) put(t tmpl, v *vars) {
	for _, s := range t {
		w.buf = append(w.buf, s.lit...)
		switch s.ph {
		case 't':
			w.buf = append(w.buf, v.t...)
		case 'u':
			w.buf = append(w.buf, v.u...)
		case 'd':
			w.buf = append(w.buf, v.d...)
		case 'i':
			w.buf = append(w.buf, v.i...)
		case 'c':
			w.buf = append(w.buf, v.c...)
		case 'r':
			w.buf = append(w.buf, v.r...)
		case 'a':
			w.buf = append(w.buf, v.a...)
		case 'o':
			w.buf = append(w.buf, v.o...)
		case 'y':
			w.buf = strconv.AppendInt(w.buf, int64(v.y), 10)
		case 'n':
			w.buf = strconv.AppendInt(w.buf, int64(v.n), 10)
		}
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func pickCum(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// twoTerms draws two different terms of a skill.
func (w *writer) twoTerms(m *skillModel, v *vars) {
	i := w.r.IntN(len(m.terms))
	j := w.r.IntN(len(m.terms) - 1)
	if j >= i {
		j++
	}
	v.t, v.u = m.terms[i], m.terms[j]
}

func (w *writer) talent(t *Talent, id int64) {
	r, g := w.r, w.g
	f := pickCum(r, g.talentCum)
	m := pick(r, g.byField[f])
	t.Latent = m.code
	t.Tagged = r.Float64() >= UntaggedShare

	// Skills as registered.
	s0 := len(w.skillSlab)
	if t.Tagged {
		w.skillSlab = append(w.skillSlab, m.code)
		if m.parent != "" && r.Float64() < 0.1 {
			w.skillSlab = append(w.skillSlab, m.parent)
		}
	} else if len(m.siblings) > 0 && r.Float64() < 0.5 {
		w.skillSlab = append(w.skillSlab, pick(r, m.siblings))
	} else {
		w.skillSlab = append(w.skillSlab, m.parent)
	}
	sec := -1
	if r.Float64() < SecondaryShare {
		sec = r.IntN(len(secondary))
		if c := secondary[sec].code; c == m.code || slices.Contains(w.skillSlab[s0:], c) {
			sec = -1
		} else {
			w.skillSlab = append(w.skillSlab, c)
		}
	}
	t.Doc.Skills = w.skillSlab[s0:len(w.skillSlab):len(w.skillSlab)]

	// Name, title, expertise and experience, written into one string.
	t.Hometown = pick(r, hometowns)
	t.PartyMember = f == len(fields)-1 || r.Float64() < 0.55
	v := vars{c: t.Hometown, y: 15 + r.IntN(26)}
	w.buf = w.buf[:0]
	w.buf = append(w.buf, pick(r, surnames)...)
	w.buf = append(w.buf, pick(r, givenChars)...)
	if r.Float64() < 0.7 {
		w.buf = append(w.buf, pick(r, givenChars)...)
	}
	nameEnd := len(w.buf)
	w.buf = append(w.buf, pick(r, m.titles)...)
	titleEnd := len(w.buf)
	w.buf = append(w.buf, ' ')
	expStart := len(w.buf)
	phrases := 2 + r.IntN(2)
	used := -1
	for k := 0; k < phrases; k++ {
		if k > 0 {
			w.buf = append(w.buf, "，"...)
		}
		ti := r.IntN(len(m.expertise))
		if ti == used {
			ti = (ti + 1) % len(m.expertise)
		}
		used = ti
		w.twoTerms(m, &v)
		w.put(m.expertise[ti], &v)
	}
	if sec >= 0 {
		w.buf = append(w.buf, "，"...)
		w.buf = append(w.buf, secondary[sec].phrase...)
	}
	if r.Float64() < 0.6 {
		w.buf = append(w.buf, "，"...)
		w.buf = append(w.buf, pick(r, noise)...)
	}
	w.buf = append(w.buf, "。"...)
	expEnd := len(w.buf)
	w.buf = append(w.buf, ' ')
	exStart := len(w.buf)
	v.d, v.i = pick(r, m.depts), pick(r, m.insts)
	w.put(pick(r, m.expr), &v)
	if r.Float64() < 0.4 {
		w.buf = append(w.buf, "，"...)
		w.buf = append(w.buf, pick(r, noise)...)
	}
	w.buf = append(w.buf, "。"...)
	if t.PartyMember && r.Float64() < 0.3 {
		w.buf = append(w.buf, "中共党员，党龄"...)
		w.buf = strconv.AppendInt(w.buf, int64(20+r.IntN(30)), 10)
		w.buf = append(w.buf, "年。"...)
	}
	all := string(w.buf)
	t.Name = all[:nameEnd]
	t.Doc.Text = all[nameEnd:]
	t.Title = all[nameEnd:titleEnd]
	t.Expertise = all[expStart:expEnd]
	t.Experience = all[exStart:]

	// Place and service.
	t.Doc.ID = id
	t.Doc.Status = talent.Verified
	if r.Float64() < PendingShare {
		t.Doc.Status = talent.Pending
	}
	t.Doc.Lat, t.Doc.Lng, t.Area = w.home()
	t.Doc.TravelKm = 5 + int(45*math.Pow(r.Float64(), 1.5))
	switch x := r.Float64(); {
	case x < 0.40:
		t.Doc.Mode = talent.Onsite
	case x < 0.90:
		t.Doc.Mode = talent.Both
	default:
		t.Doc.Mode = talent.Online
	}
	t.Doc.Capacity = 1 + pickCum(r, capCum)
	if r.Float64() >= 0.6 {
		t.Doc.Load = 1 + r.IntN(t.Doc.Capacity)
	}
	if r.Float64() < 0.5 {
		t.Doc.RatingN = 1 + r.IntN(30)
		t.Doc.RatingSum = int(math.Round(float64(t.Doc.RatingN) * (3.5 + 1.5*r.Float64())))
	}
	t.Doc.Stays = w.stays()
}

var capCum = []float64{0.4, 0.8, 1}

// cluster is a neighbourhood talents live in, with its share.
type cluster struct {
	lat, lng, sd, w float64
	area            string
	box             bool // clamp to the built-up box
}

var clusters = []cluster{
	{18.262, 109.500, 0.012, 0.18, "天涯区", true}, // 河西, 三亚湾
	{18.252, 109.515, 0.010, 0.12, "吉阳区", true}, // 河东
	{18.238, 109.525, 0.008, 0.10, "吉阳区", true}, // 大东海
	{18.290, 109.535, 0.012, 0.12, "吉阳区", true}, // 荔枝沟
	{18.245, 109.630, 0.010, 0.06, "吉阳区", true}, // 亚龙湾
	{18.380, 109.710, 0.015, 0.10, "海棠湾", true},
	{18.290, 109.420, 0.015, 0.08, "天涯区", true}, // 凤凰
	{18.300, 109.600, 0.012, 0.06, "吉阳区", true}, // 田独, 中廖
	{0, 0, 0, 0.08, "", true},                   // anywhere in the built-up box
	{18.360, 109.170, 0.015, 0.05, "崖州区", false},
	{18.450, 109.400, 0.015, 0.05, "育才生态区", false},
}

var clusterCum = func() []float64 {
	var out []float64
	var c float64
	for _, k := range clusters {
		c += k.w
		out = append(out, c)
	}
	return out
}()

// Sanya's built-up area.
const (
	latMin, latMax = 18.23, 18.42
	lngMin, lngMax = 109.30, 109.75
)

func (w *writer) home() (lat, lng float64, area string) {
	r := w.r
	k := clusters[pickCum(r, clusterCum)]
	if k.sd == 0 {
		lat, lng = latMin+r.Float64()*(latMax-latMin), lngMin+r.Float64()*(lngMax-lngMin)
	} else {
		lat, lng = k.lat+r.NormFloat64()*k.sd, k.lng+r.NormFloat64()*k.sd
	}
	if k.box {
		lat, lng = min(max(lat, latMin), latMax), min(max(lng, lngMin), lngMax)
	}
	area = k.area
	if area == "" {
		switch {
		case lng < 109.47:
			area = "天涯区"
		case lng < 109.66:
			area = "吉阳区"
		default:
			area = "海棠湾"
		}
	}
	return math.Round(lat*1e5) / 1e5, math.Round(lng*1e5) / 1e5, area
}

// stays: 70% one winter stay, 15% two (home for the Spring Festival), 10%
// one short stay, 5% only last season's stay.
func (w *writer) stays() []talent.Stay {
	r := w.r
	s0 := len(w.staySlab)
	add := func(a, b int32) {
		w.staySlab = append(w.staySlab, talent.Stay{Start: dayString(a), End: dayString(b), Slots: w.slots()})
	}
	switch x := r.Float64(); {
	case x < 0.70:
		add(SeasonStart+int32(r.IntN(61)), SeasonEnd-int32(r.IntN(76)))
	case x < 0.85:
		add(SeasonStart+int32(r.IntN(31)), day(2026, 12, 20)+int32(r.IntN(26)))
		add(day(2027, 1, 25)+int32(r.IntN(21)), SeasonEnd-int32(r.IntN(31)))
	case x < 1-PastSeasonShare:
		a := day(2026, 11, 1) + int32(r.IntN(150))
		add(a, min(a+28+int32(r.IntN(29)), SeasonEnd))
	default:
		add(day(2025, 10, 15)+int32(r.IntN(31)), day(2026, 3, 20)+int32(r.IntN(41)))
	}
	return w.staySlab[s0:len(w.staySlab):len(w.staySlab)]
}

// Slot patterns.
var (
	mornings   talent.Slots = 0b001_001_001_001_001_001_001
	weekdayAMs talent.Slots = 0b001_001_001_001_001
	saturdayAM talent.Slots = 1 << 15
)

func (w *writer) slots() talent.Slots {
	r := w.r
	switch x := r.Float64(); {
	case x < 0.15:
		return talent.AllSlots
	case x < 0.35:
		return talent.Weekdays
	case x < 0.50:
		return talent.Weekends
	case x < 0.65:
		return mornings
	default:
		s := talent.Slots(r.Uint32()) & talent.AllSlots
		if s == 0 {
			s = talent.Weekends
		}
		return s
	}
}

func (w *writer) demand(d *Demand) {
	r, g := w.r, w.g
	f := pickCum(r, g.demandCum)
	m := pick(r, g.byField[f])
	fl := fields[f]
	d.Latent = m.code
	req := m.code
	if r.Float64() < ParentShare {
		req = m.parent
	}
	d.Query.Required = []string{req}
	if r.Float64() < OptionalShare {
		c := pick(r, fl.companions)
		if c != req && c != m.code {
			d.Query.Optional = []string{c}
		}
	}
	kind := pick(r, fl.orgs)
	o := pick(r, orgsByKind[kind])
	d.Org, d.Area = o.name, o.area
	v := vars{o: o.name, r: pick(r, m.roles), a: pick(r, m.acts), n: 1 + r.IntN(9)}
	w.twoTerms(m, &v)

	w.buf = w.buf[:0]
	w.put(pick(r, g.titles), &v)
	d.Title = string(w.buf)

	w.buf = w.buf[:0]
	w.put(pick(r, g.situation[kind]), &v)
	w.buf = append(w.buf, "，"...)
	w.twoTerms(m, &v)
	v.a = pick(r, m.acts)
	w.put(pick(r, g.needs), &v)
	w.buf = append(w.buf, "。"...)

	// When, which slots, where and how.
	start := day(2026, 11, 1) + int32(r.IntN(151))
	end := start
	switch x := r.Float64(); {
	case x < 0.2:
	case x < 0.6:
		end = start + 6 + int32(r.IntN(22))
	default:
		end = start + 29 + int32(r.IntN(61))
	}
	end = min(end, SeasonEnd)
	d.Query.Start, d.Query.End = start, end
	var when string
	d.Query.Slots, when = w.demandSlots()
	w.buf = append(w.buf, "服务时间"...)
	w.buf = appendCNDate(w.buf, start)
	if end != start {
		w.buf = append(w.buf, "至"...)
		w.buf = appendCNDate(w.buf, end)
	}
	w.buf = append(w.buf, "，"...)
	w.buf = append(w.buf, when...)
	w.buf = append(w.buf, "。"...)
	online := 0.10
	if f := fl.code; f == "it" || f == "law" || f == "fin" || f == "party" {
		online = 0.20
	}
	switch x := r.Float64(); {
	case x < online:
		d.Query.Mode = talent.Online
		w.buf = append(w.buf, "通过线上视频开展。"...)
	case x < online+0.3:
		d.Query.Mode = talent.Both
		w.buf = append(w.buf, "可线上也可到现场。"...)
	default:
		d.Query.Mode = talent.Onsite
		w.buf = append(w.buf, "地点在"...)
		w.buf = append(w.buf, o.area...)
		w.buf = append(w.buf, o.name...)
		w.buf = append(w.buf, "。"...)
	}
	d.Body = string(w.buf)
	d.Query.Text = d.Title + " " + d.Body
	d.Query.Lat = math.Round((o.lat+(r.Float64()-0.5)*0.006)*1e5) / 1e5
	d.Query.Lng = math.Round((o.lng+(r.Float64()-0.5)*0.006)*1e5) / 1e5
}

var cnDays = []string{"一", "二", "三", "四", "五", "六", "日"}
var cnPeriods = []string{"上午", "下午", "晚上"}

func (w *writer) demandSlots() (talent.Slots, string) {
	r := w.r
	switch x := r.Float64(); {
	case x < 0.25:
		return talent.Weekends, "每周末"
	case x < 0.45:
		return talent.Weekdays, "工作日白天"
	case x < 0.60:
		return saturdayAM, "每周六上午"
	case x < 0.75:
		return weekdayAMs, "工作日上午"
	case x < 0.85:
		i := r.IntN(21)
		return 1 << i, "每周" + cnDays[i/3] + cnPeriods[i%3]
	default:
		s := talent.Slots(r.Uint32()) & talent.AllSlots
		if s == 0 {
			s = talent.Weekends
		}
		return s, "具体时间可以商量"
	}
}

func appendCNDate(b []byte, d int32) []byte {
	t := time.Unix(int64(d)*86400, 0).UTC()
	b = strconv.AppendInt(b, int64(t.Year()), 10)
	b = append(b, "年"...)
	b = strconv.AppendInt(b, int64(t.Month()), 10)
	b = append(b, "月"...)
	b = strconv.AppendInt(b, int64(t.Day()), 10)
	return append(b, "日"...)
}

func day(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Dates of stays are drawn from a window of days; their strings are made
// once and shared.
var (
	dayBase = day(2025, 10, 1)
	dayStrs = func() []string {
		out := make([]string, day(2027, 6, 1)-dayBase)
		for i := range out {
			out[i] = talent.FormatDay(dayBase + int32(i))
		}
		return out
	}()
)

func dayString(d int32) string {
	if i := d - dayBase; i >= 0 && int(i) < len(dayStrs) {
		return dayStrs[i]
	}
	return talent.FormatDay(d)
}
