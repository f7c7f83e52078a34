// Package rankbench measures the talent ranker (talent.Index.Rank) against
// Bleve v2 with its CJK analyzer, for relevance (nDCG@10 against labels
// from the generator's latent truth) and for speed. README.md in this
// directory describes the labelled query set and how to run everything.
package rankbench

import (
	"math"
	"slices"
	"time"

	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// Seeds. Seed generates the development corpus and queries: tune the
// ranker on them. HeldOutSeed generates the corpus and queries that
// TestRelevance asserts on and the report headlines: never tune on them,
// or the test stops being able to fail honestly.
const (
	Seed        = 20261127
	HeldOutSeed = 2718281828
)

// K is the ranking depth evaluated: nDCG@10.
const K = 10

// Corpus is a generated talent pool, the demands run against it and their
// relevance labels.
type Corpus struct {
	Seed       uint64 // of the talents
	DemandSeed uint64
	Tax        *talent.Taxonomy
	Talents    []talentgen.Talent // nil once dropped (Drop) to measure memory
	Demands    []talentgen.Demand
	Labels     *Labels
	N          int
	GenTime    time.Duration
}

// NewCorpus generates n talents and q demands from one seed.
func NewCorpus(seed uint64, n, q int) *Corpus { return NewCorpusWith(seed, seed, n, q) }

// NewCorpusWith generates n talents from one seed and q demands from
// another.
func NewCorpusWith(talentSeed, demandSeed uint64, n, q int) *Corpus {
	tax := talent.DefaultTaxonomy()
	t0 := time.Now()
	c := &Corpus{Seed: talentSeed, DemandSeed: demandSeed, Tax: tax, N: n,
		Talents: talentgen.Talents(talentSeed, n, tax), Demands: talentgen.Demands(demandSeed, q, tax)}
	c.GenTime = time.Since(t0)
	c.Labels = NewLabels(tax, c.Talents)
	return c
}

// WithDemands is the corpus with another query set: q demands from a seed.
func (c *Corpus) WithDemands(seed uint64, q int) *Corpus {
	d := *c
	d.DemandSeed, d.Demands = seed, talentgen.Demands(seed, q, c.Tax)
	return &d
}

// Drop lets go of the generated profiles; the labels stay.
func (c *Corpus) Drop() { c.Talents = nil }

// BuildOurs puts every talent into a new talent.Index.
func (c *Corpus) BuildOurs() (*talent.Index, time.Duration) {
	t0 := time.Now()
	ix := talent.NewIndex(c.Tax)
	for i := range c.Talents {
		ix.Put(c.Talents[i].Doc)
	}
	return ix, time.Since(t0)
}

// Ours ranks a demand with our index, returning talent ids best first.
func Ours(ix *talent.Index, d talentgen.Demand, k int) []int64 {
	rs := ix.Rank(d.Query, k)
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.TalentID
	}
	return ids
}

// Labels grades talents for demands from the generator's latent truth.
// It keeps only what grading needs, a few bytes per talent:
//
//	grade(t, d) = 0 if t is not verified or none of t's stays overlaps
//	              d's dates [Start, End] (days);
//	              otherwise 3 if t.Latent == d.Latent,
//	              2 if t.Latent is d.Latent's parent or child,
//	              1 if they are siblings (the same parent),
//	              0 else.
type Labels struct {
	latent  []uint8 // talent ordinal (id-1) → taxonomy index of its latent skill
	ok      []bool  // verified
	stayOff []uint32
	stays   [][2]int32 // days, inclusive
	skill   map[string]uint8
	rel     [][]uint8 // latent index × latent index → grade before availability
}

// NewLabels indexes the truth of talents with ids 1..len(ts).
func NewLabels(tax *talent.Taxonomy, ts []talentgen.Talent) *Labels {
	l := &Labels{skill: map[string]uint8{}, latent: make([]uint8, len(ts)), ok: make([]bool, len(ts)),
		stayOff: make([]uint32, 1, len(ts)+1), stays: make([][2]int32, 0, len(ts)*6/5)}
	for i, s := range tax.Skills {
		l.skill[s.Code] = uint8(i)
	}
	l.rel = make([][]uint8, len(tax.Skills))
	for i, a := range tax.Skills {
		l.rel[i] = make([]uint8, len(tax.Skills))
		for j, b := range tax.Skills {
			l.rel[i][j] = relGrade(a, b)
		}
	}
	for i, t := range ts {
		if t.Doc.ID != int64(i+1) {
			panic("rankbench: talents must have ids 1..n in order")
		}
		l.latent[i] = l.skill[t.Latent]
		l.ok[i] = t.Doc.Status == talent.Verified
		for _, s := range t.Doc.Stays {
			a, errA := talent.ParseDay(s.Start)
			b, errB := talent.ParseDay(s.End)
			if errA == nil && errB == nil {
				l.stays = append(l.stays, [2]int32{a, b})
			}
		}
		l.stayOff = append(l.stayOff, uint32(len(l.stays)))
	}
	return l
}

// relGrade is the grade of a talent expert in b for a demand needing a.
func relGrade(a, b talent.Skill) uint8 {
	switch {
	case a.Code == b.Code:
		return 3
	case a.Parent == b.Code || b.Parent == a.Code:
		return 2
	case a.Parent != "" && a.Parent == b.Parent:
		return 1
	}
	return 0
}

// Grade is the relevance of talent id for a demand, 0–3.
func (l *Labels) Grade(d talentgen.Demand, id int64) int {
	o := id - 1
	if o < 0 || o >= int64(len(l.latent)) {
		return 0
	}
	return l.grade(l.skill[d.Latent], d.Query.Start, d.Query.End, int(o))
}

func (l *Labels) grade(want uint8, start, end int32, o int) int {
	g := l.rel[want][l.latent[o]]
	if g == 0 || !l.ok[o] {
		return 0
	}
	for _, s := range l.stays[l.stayOff[o]:l.stayOff[o+1]] {
		if s[0] <= end && start <= s[1] {
			return int(g)
		}
	}
	return 0
}

// Counts is how many talents of the whole corpus have each grade for d.
func (l *Labels) Counts(d talentgen.Demand) [4]int {
	var n [4]int
	want := l.skill[d.Latent]
	for o := range l.latent {
		n[l.grade(want, d.Query.Start, d.Query.End, o)]++
	}
	return n
}

// gain of a grade: 2^rel − 1.
func gain(g int) float64 { return float64(int(1)<<g - 1) }

// discount of rank i (1-based): log2(i+1).
func discount(i int) float64 { return math.Log2(float64(i + 1)) }

// IdealDCG is the DCG@k of the best possible ranking over the whole corpus.
func (l *Labels) IdealDCG(d talentgen.Demand, k int) float64 {
	n := l.Counts(d)
	var dcg float64
	i := 1
	for g := 3; g >= 1 && i <= k; g-- {
		for c := 0; c < n[g] && i <= k; c++ {
			dcg += gain(g) / discount(i)
			i++
		}
	}
	return dcg
}

// NDCG is the nDCG@k of a ranking (talent ids, best first) for a demand,
// given its ideal DCG. A demand no talent can serve (ideal 0) scores 1
// whatever the ranking: there is nothing to find.
func (l *Labels) NDCG(d talentgen.Demand, ranked []int64, ideal float64, k int) float64 {
	if ideal == 0 {
		return 1
	}
	var dcg float64
	for i, id := range ranked[:min(k, len(ranked))] {
		dcg += gain(l.Grade(d, id)) / discount(i+1)
	}
	return dcg / ideal
}

// Eval is nDCG@K over a query set.
type Eval struct {
	PerQuery []float64
	Mean     float64
}

// Evaluate runs rank over every demand of the corpus and scores it.
func (c *Corpus) Evaluate(ideal []float64, rank func(d talentgen.Demand) []int64) Eval {
	var e Eval
	for i, d := range c.Demands {
		v := c.Labels.NDCG(d, rank(d), ideal[i], K)
		e.PerQuery = append(e.PerQuery, v)
		e.Mean += v
	}
	e.Mean /= float64(max(len(c.Demands), 1))
	return e
}

// Ideals is the ideal DCG@K of every demand of the corpus.
func (c *Corpus) Ideals() []float64 {
	out := make([]float64, len(c.Demands))
	for i, d := range c.Demands {
		out[i] = c.Labels.IdealDCG(d, K)
	}
	return out
}

// Percentiles of durations, in milliseconds.
type Percentiles struct{ P50, P90, P99, Max, Mean float64 }

// Summarize sorts a sample of latencies and takes its percentiles.
func Summarize(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	at := func(p float64) float64 { return ms(s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1)]) }
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Percentiles{P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: ms(s[len(s)-1]), Mean: ms(sum) / float64(len(s))}
}
