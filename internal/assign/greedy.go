package assign

import (
	"cmp"
	"slices"
)

// Greedy is the baseline Solve is measured against: it walks the edges by
// score, highest first (ties by Row, then Col), and takes an edge whenever
// both its demand and its talent still have capacity. It is fast and
// usually good, but not optimal: with A-X 10, A-Y 9 and B-X 9 it takes A-X
// and scores 10 where A-Y plus B-X score 18.
//
// Greedy expects a Problem that passes Validate. Edges Validate would
// reject for their range or score are skipped; duplicate pairs are not
// detected.
func Greedy(p Problem) Result {
	edges := make([]Edge, 0, len(p.Edges))
	for _, e := range p.Edges {
		if e.Row >= 0 && int(e.Row) < len(p.Rows) && e.Col >= 0 && int(e.Col) < len(p.Cols) && e.Score > 0 {
			edges = append(edges, e)
		}
	}
	slices.SortFunc(edges, func(a, b Edge) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Row, b.Row); c != 0 {
			return c
		}
		return cmp.Compare(a.Col, b.Col)
	})
	rowLeft := slices.Clone(p.Rows)
	colLeft := slices.Clone(p.Cols)
	var res Result
	for _, e := range edges {
		if rowLeft[e.Row] > 0 && colLeft[e.Col] > 0 {
			rowLeft[e.Row]--
			colLeft[e.Col]--
			res.Pairs = append(res.Pairs, Pair(e))
			res.Total += e.Score
		}
	}
	sortPairs(res.Pairs)
	return res
}

// sortPairs orders pairs by Row, then Col.
func sortPairs(ps []Pair) {
	slices.SortFunc(ps, func(a, b Pair) int {
		if c := cmp.Compare(a.Row, b.Row); c != 0 {
			return c
		}
		return cmp.Compare(a.Col, b.Col)
	})
}
