package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/pii"
)

// gen is one generation run. Everything is planned in memory first, in a
// fixed order driven by one random stream, and then written in bulk.
type gen struct {
	ctx      context.Context
	d        *db.DB
	v        *pii.Vault
	cfg      config
	rng      *rand.Rand
	progress func(string, int, int)

	city      aref
	districts []*district
	zones     []*zone
	places    []*place // the active villages and communities, by code
	sites     []*site  // where units can be: places and zone areas
	placeTab  wtable   // places weighted by population, city-wide
	newGrids  int

	orgs     []*orgSpec
	units    []*unitSpec
	people   []*pspec
	industry [nIndustry]int // the city's industry committees (-1: none)
	named    map[string]int // orgs the accounts need, by name

	idSeen    map[uint64]struct{}
	phoneSeen map[uint64]struct{}
	codeSeen  map[string]struct{}
}

// wtable picks an index with probability proportional to its weight.
type wtable struct{ cum []float64 }

// newWtable builds a table from weights (non-negative, not all zero).
func newWtable(w []float64) wtable {
	cum := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		cum[i] = s
	}
	return wtable{cum}
}

// pick returns a weighted random index, or -1 for an empty table.
func (t wtable) pick(r *rand.Rand) int {
	if len(t.cum) == 0 || t.cum[len(t.cum)-1] <= 0 {
		return -1
	}
	x := r.Float64() * t.cum[len(t.cum)-1]
	// The first bucket whose cumulative weight exceeds x; zero-weight
	// buckets never qualify.
	i := sort.Search(len(t.cum), func(i int) bool { return t.cum[i] > x })
	return min(i, len(t.cum)-1)
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// pickStr returns a random element.
func (g *gen) pickStr(list []string) string { return list[g.rng.IntN(len(list))] }

// between returns a uniform random integer in [lo, hi].
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// lognormal returns median × e^(sigma·N(0,1)), rounded, at least lo.
func (g *gen) lognormal(median, sigma float64, lo, hi int) int {
	x := int(math.Round(median * math.Exp(sigma*g.rng.NormFloat64())))
	return max(lo, min(hi, x))
}

// date returns a random date in [fromYear, toYear] as YYYY-MM-DD.
func (g *gen) date(fromYear, toYear int) string {
	d := time.Date(g.between(fromYear, toYear), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(365))
	if d.After(asOf) {
		d = asOf
	}
	return d.Format(time.DateOnly)
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// cn writes 1 ≤ n ≤ 9999 in Chinese numerals as used in names: 十一,
// 二十, 一百零五, 一百一十, 一千零一十二.
func cn(n int) string {
	switch {
	case n <= 0 || n > 9999:
		return strconv.Itoa(n)
	case n < 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnOnes(n%10)
	case n < 100:
		return cnDigits[n/10] + "十" + cnOnes(n%10)
	}
	head, rest, unit := n/1000, n%1000, "千"
	if n < 1000 {
		head, rest, unit = n/100, n%100, "百"
	}
	s := cnDigits[head] + unit
	switch {
	case rest == 0:
		return s
	case rest < 10:
		return s + "零" + cnDigits[rest]
	case rest < 100 && unit == "千":
		return s + "零" + cnDigits[rest/10] + "十" + cnOnes(rest%10)
	case rest < 100:
		return s + cnDigits[rest/10] + "十" + cnOnes(rest%10)
	}
	return s + cn(rest)
}

func cnOnes(d int) string {
	if d == 0 {
		return ""
	}
	return cnDigits[d]
}

// calibrate draws from items with probabilities proportional to weights so
// that about target of them are chosen; it returns the chosen indices.
func (g *gen) calibrate(weights []float64, target float64) []bool {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]bool, len(weights))
	if sum <= 0 || target <= 0 {
		return out
	}
	s := target / sum
	for i, w := range weights {
		if w > 0 && g.rng.Float64() < min(1, w*s) {
			out[i] = true
		}
	}
	return out
}
