// Package talentgen generates realistic, deterministic talent profiles and
// demands for the 候鸟智库 (internal/talent), with their latent truth: the
// one skill each talent is really expert in, and the one skill each demand
// really needs. Benchmarks label relevance from that truth (see
// internal/talent/rankbench); the demo data loader uses the same profiles.
//
// What makes the data realistic, and hard to rank:
//   - Talents are retired doctors, teachers, engineers, agronomists,
//     managers, accountants, lawyers, artists, social workers and party
//     cadres, weighted by field (fields below), with Chinese names, titles
//     (主任医师, 高级教师, 高级农艺师 ...), hometowns in the north and
//     free-text expertise and experience.
//   - Text describes the latent skill with its name, its synonyms from
//     skills.tsv and domain words (a cardiologist may write "心内科" or
//     "冠心病、高血压" and never "心血管"), beside noise phrases true of
//     many people.
//   - Self-registration is sloppy: about 20% of talents are not tagged with
//     their latent skill but only with its parent or a sibling, while their
//     text still describes the latent skill (Talent.Tagged is false). About
//     12% add a civic skill they are not expert in (理论宣讲, 志愿服务 ...).
//   - Most talents winter in Sanya from October to April; some have two
//     stays (home for the Spring Festival), some a short one, 5% only a
//     past season, so availability decides.
//
// Output depends only on the seed and the position: Talents(s, n)[:m] equals
// Talents(s, m), whatever GOMAXPROCS is. Generation runs on all cores in
// fixed chunks, each with its own random stream.
package talentgen

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"

	"dangjian/internal/talent"
)

// Talent is a generated profile: the index document and the profile fields
// around it, with the truth behind it.
type Talent struct {
	Doc         talent.Doc // ID 1..n; Text is Title, Expertise and Experience joined by spaces
	Name        string
	Title       string // professional title (主任医师)
	Expertise   string
	Experience  string
	Hometown    string
	Area        string // Sanya district of the talent's home (吉阳区, 崖州区 ...)
	PartyMember bool
	Latent      string // the skill code the person truly is expert in
	Tagged      bool   // whether Doc.Skills includes Latent
}

// Demand is a generated need posted by a village, community, school,
// clinic, park, enterprise or cooperative, with the truth behind it.
type Demand struct {
	Query  talent.Query // Text is Title + " " + Body
	Title  string
	Body   string
	Org    string // the posting organisation (马亮村)
	Area   string // its district
	Latent string // the skill truly needed; Query.Required holds it or (15%) its parent
}

// Shares the generator is built to (tests check them).
const (
	UntaggedShare   = 0.20 // talents tagged with the latent skill's parent or sibling only
	PendingShare    = 0.05 // talents not yet verified
	ParentShare     = 0.15 // demands requiring the latent skill's parent
	OptionalShare   = 0.30 // demands with an optional skill
	SecondaryShare  = 0.12 // talents who add a civic skill they are not expert in
	PastSeasonShare = 0.05 // talents whose only stay is last season
)

// The season the data is set in: talents arrive from mid-October and leave
// by the end of April; demands fall between November and April.
var (
	SeasonStart = day(2026, 10, 15)
	SeasonEnd   = day(2027, 4, 30)
)

const chunk = 4096 // talents per random stream

// Talents returns n talents with IDs 1..n.
func Talents(seed uint64, n int, tax *talent.Taxonomy) []Talent {
	g := model(tax)
	out := make([]Talent, n)
	parallel(n, func(c int) {
		r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^uint64(c)))
		w := &writer{g: g, r: r, buf: make([]byte, 0, 1024)}
		lo, hi := c*chunk, min(n, (c+1)*chunk)
		w.slab(hi - lo)
		for i := lo; i < hi; i++ {
			w.talent(&out[i], int64(i+1))
		}
	})
	return out
}

// Demands returns n demands.
func Demands(seed uint64, n int, tax *talent.Taxonomy) []Demand {
	g := model(tax)
	out := make([]Demand, n)
	parallel(n, func(c int) {
		r := rand.New(rand.NewPCG(seed^0xd1b54a32d192ed03, uint64(c)))
		w := &writer{g: g, r: r, buf: make([]byte, 0, 1024)}
		for i := c * chunk; i < min(n, (c+1)*chunk); i++ {
			w.demand(&out[i])
		}
	})
	return out
}

// parallel runs f over the chunks of n items on all cores.
func parallel(n int, f func(c int)) {
	chunks := (n + chunk - 1) / chunk
	next := make(chan int, chunks)
	for c := 0; c < chunks; c++ {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				f(c)
			}
		}()
	}
	wg.Wait()
}

// skillModel is one skill's vocabulary, ready to write with.
type skillModel struct {
	code      string
	parent    string
	field     int      // index into fields
	siblings  []string // same parent, not itself
	terms     []string // name, synonyms, domain words
	roles     []string
	acts      []string
	depts     []string
	insts     []string
	titles    []string
	expertise []tmpl
	expr      []tmpl // experience
}

// genModel is the compiled vocabulary over one taxonomy.
type genModel struct {
	skills    map[string]*skillModel
	byField   [][]*skillModel // latent candidates (depth ≥ 1) per field
	talentCum []float64       // cumulative field shares
	demandCum []float64
	needs     []tmpl
	titles    []tmpl
	situation [][]tmpl
}

var (
	modelMu    sync.Mutex
	modelCache = map[*talent.Taxonomy]*genModel{}
)

// model compiles the vocabulary against a taxonomy (once per taxonomy). It
// panics if the lexicon names a skill the taxonomy lacks; tests check that.
func model(tax *talent.Taxonomy) *genModel {
	modelMu.Lock()
	defer modelMu.Unlock()
	if g := modelCache[tax]; g != nil {
		return g
	}
	g := &genModel{skills: map[string]*skillModel{}, byField: make([][]*skillModel, len(fields))}
	fieldIdx := map[string]int{}
	var tc, dc float64
	for i, f := range fields {
		fieldIdx[f.code] = i
		tc += f.talentW
		dc += f.demandW
		g.talentCum = append(g.talentCum, tc)
		g.demandCum = append(g.demandCum, dc)
	}
	for _, line := range strings.Split(strings.TrimSpace(skillRows), "\n") {
		col := strings.Split(line, "|")
		if len(col) != 6 {
			panic("talentgen: bad skill row " + line)
		}
		sk, ok := tax.Get(col[0])
		if !ok {
			panic("talentgen: lexicon skill not in taxonomy: " + col[0])
		}
		fi, ok := fieldIdx[sk.Field]
		if !ok {
			panic("talentgen: no field vocabulary for " + sk.Field)
		}
		f := fields[fi]
		m := &skillModel{code: sk.Code, parent: sk.Parent, field: fi,
			roles: list(col[2]), acts: list(col[3]), depts: list(col[4]), insts: list(col[5]),
			titles: f.titles}
		m.terms = append(append(append(m.terms, sk.Name), sk.Synonyms...), list(col[1])...)
		if len(m.insts) == 0 {
			m.insts = f.insts
		}
		if t, ok := skillTitles[sk.Code]; ok {
			m.titles = t
		}
		for _, sib := range tax.Children(sk.Parent) {
			if sib.Code != sk.Code {
				m.siblings = append(m.siblings, sib.Code)
			}
		}
		for _, s := range f.expertise {
			m.expertise = append(m.expertise, parse(s))
		}
		for _, s := range f.experience {
			m.expr = append(m.expr, parse(s))
		}
		g.skills[sk.Code] = m
		g.byField[fi] = append(g.byField[fi], m)
	}
	for _, s := range tax.Skills {
		if _, ok := g.skills[s.Code]; !ok && s.Depth > 0 {
			panic("talentgen: no vocabulary for skill " + s.Code)
		}
	}
	for _, c := range append(append([]string{}, secondaryCodes()...), companionCodes()...) {
		if _, ok := tax.Get(c); !ok {
			panic("talentgen: unknown skill " + c)
		}
	}
	for _, s := range needs {
		g.needs = append(g.needs, parse(s))
	}
	for _, s := range titleTemplates {
		g.titles = append(g.titles, parse(s))
	}
	g.situation = make([][]tmpl, len(situation))
	for k, ss := range situation {
		for _, s := range ss {
			g.situation[k] = append(g.situation[k], parse(s))
		}
	}
	modelCache[tax] = g
	return g
}

func secondaryCodes() []string {
	var out []string
	for _, s := range secondary {
		out = append(out, s.code)
	}
	return out
}

func companionCodes() []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.companions...)
	}
	return out
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
