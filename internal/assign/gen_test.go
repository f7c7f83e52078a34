package assign

import (
	"math/rand/v2"
	"sync"
)

// sparseInstance builds a deterministic, realistically structured
// matching instance: rows demands with headcount 1-3 (mean 2), cols
// talents with capacity 1-2, and deg distinct candidate talents per
// demand. Talents have a latent quality and one of 50 fields; a demand
// draws 80% of its candidates from its own field, recall favours better
// talents (so good ones are contested), and the score mixes the talent's
// quality with how well it fits this demand, in [1, 1_000_000].
func sparseInstance(seed uint64, rows, cols, deg int) Problem {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	const fields = 50
	p := Problem{Rows: make([]int32, rows), Cols: make([]int32, cols)}
	quality := make([]float64, cols)
	byField := make([][]int32, fields)
	for c := range cols {
		p.Cols[c] = int32(1 + rng.IntN(2))
		quality[c] = (rng.Float64() + rng.Float64() + rng.Float64()) / 3
		f := rng.IntN(fields)
		byField[f] = append(byField[f], int32(c))
	}
	p.Edges = make([]Edge, 0, rows*deg)
	picked := make([]int32, 0, deg)
	for r := range rows {
		p.Rows[r] = int32(1 + rng.IntN(3))
		field := byField[rng.IntN(fields)]
		taste := 0.3 + 0.4*rng.Float64() // weight of quality against fit
		picked = picked[:0]
		for len(picked) < deg {
			inField := rng.Float64() < 0.8
			var c int32
			if inField {
				c = field[rng.IntN(len(field))]
			} else {
				c = int32(rng.IntN(cols))
			}
			if rng.Float64() > 0.4+0.6*quality[c] || contains(picked, c) {
				continue
			}
			picked = append(picked, c)
			fit := rng.Float64()
			if !inField {
				fit *= 0.5
			}
			v := taste*quality[c] + (1-taste)*fit
			p.Edges = append(p.Edges, Edge{Row: int32(r), Col: c, Score: 1 + int64(v*999_999)})
		}
	}
	return p
}

// contains reports whether xs holds x.
func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var (
	bigOnce sync.Once
	bigProb Problem
)

// bigInstance is the 10k demand x 100k talent benchmark instance (about
// 500k edges), built once per test binary.
func bigInstance() Problem {
	bigOnce.Do(func() { bigProb = sparseInstance(1, 10_000, 100_000, 50) })
	return bigProb
}

// smallInstance draws a random problem with up to maxEdges distinct edges,
// capacities in [0, maxCap] and scores in [1, maxScore]; small score
// ranges make ties, which exercise the solver's degenerate paths.
func smallInstance(rng *rand.Rand, rows, cols, maxEdges, maxCap int, maxScore int64) Problem {
	p := Problem{Rows: make([]int32, rows), Cols: make([]int32, cols)}
	for r := range p.Rows {
		p.Rows[r] = int32(rng.IntN(maxCap + 1))
	}
	for c := range p.Cols {
		p.Cols[c] = int32(rng.IntN(maxCap + 1))
	}
	n := rng.IntN(maxEdges + 1)
	for _, x := range rng.Perm(rows * cols)[:min(n, rows*cols)] {
		p.Edges = append(p.Edges, Edge{Row: int32(x / cols), Col: int32(x % cols), Score: 1 + rng.Int64N(maxScore)})
	}
	return p
}

// uniformCost is an n x m matrix of uniform costs in [0, 1).
func uniformCost(seed uint64, n, m int) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 0xc057))
	c := make([][]float64, n)
	for i := range c {
		c[i] = make([]float64, m)
		for j := range c[i] {
			c[i][j] = rng.Float64()
		}
	}
	return c
}
