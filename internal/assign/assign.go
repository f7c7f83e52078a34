// Package assign matches seasonal talents to open demands.
//
// A demand (a row) needs up to its headcount of talents; a talent (a column)
// serves up to its capacity of demands; a sparse list of candidate edges
// says which (demand, talent) pairs are allowed and what each is worth.
// Solve picks the set of edges of largest total score that respects both
// capacities and uses every pair at most once (a maximum-weight bipartite
// b-matching; nobody has to be assigned). Greedy is the score-ordered
// baseline it is compared against, and Dense is a general minimum-cost
// linear assignment for full cost matrices.
//
// The package has no dependencies beyond the standard library and no
// knowledge of the platform's types; callers map its plain errors (all of
// which wrap ErrInvalid) to their own.
package assign

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// MaxScore is the largest accepted edge score. It keeps every potential and
// path length of the exact solver far inside int64 and every score exactly
// representable as a float64.
const MaxScore = 1 << 52

// ErrInvalid is wrapped by every error Validate (and so Solve) returns for a
// malformed Problem, so callers can recognise them with errors.Is.
var ErrInvalid = errors.New("assign: invalid problem")

// Edge is one candidate: demand Row may take talent Col, worth Score (> 0).
// Scores are integers so that optima are exact and comparable.
type Edge struct {
	Row, Col int32
	Score    int64
}

// Problem is one batch to match.
type Problem struct {
	Rows  []int32 // capacity (headcount) of each demand row, >= 0
	Cols  []int32 // capacity of each talent column, >= 0
	Edges []Edge  // may be in any order; duplicate (Row,Col) pairs: invalid
}

// Pair is one chosen edge of a Result.
type Pair struct {
	Row, Col int32
	Score    int64
}

// Result is a set of chosen edges, sorted by Row then Col, and the sum of
// their scores.
type Result struct {
	Pairs []Pair
	Total int64
}

// Validate reports the first problem found: a negative capacity, an edge
// whose row or column is out of range, a score outside (0, MaxScore], a
// duplicate (Row, Col) pair, or scores whose sum overflows int64. The
// error wraps ErrInvalid and names the offending index.
func (p Problem) Validate() error {
	_, err := compile(p)
	return err
}

// arc is one edge inside a row of the compiled graph.
type arc struct {
	col   int32
	idx   int32 // position in Problem.Edges, for error messages
	score int64
}

// graph is a validated Problem in compressed sparse row form: the edges of
// row r are arcs[off[r]:off[r+1]], best score first (ties by column), which
// lets the solver stop scanning a row once the scores get too low.
type graph struct {
	rowCap, colCap []int32
	off            []int32 // len(rowCap)+1 offsets into arcs
	arcs           []arc
	row            []int32 // row of each arc
}

// compile validates p and builds its graph.
func compile(p Problem) (*graph, error) {
	if err := checkHeader(p); err != nil {
		return nil, err
	}
	nr := len(p.Rows)
	g := &graph{rowCap: p.Rows, colCap: p.Cols, off: make([]int32, nr+1)}
	for _, e := range p.Edges {
		g.off[e.Row+1]++
	}
	for r := range nr {
		g.off[r+1] += g.off[r]
	}
	g.arcs = make([]arc, len(p.Edges))
	g.row = make([]int32, len(p.Edges))
	next := slices.Clone(g.off[:nr])
	for i, e := range p.Edges {
		k := next[e.Row]
		next[e.Row]++
		g.arcs[k] = arc{col: e.Col, idx: int32(i), score: e.Score}
		g.row[k] = e.Row
	}
	// Duplicates: per column, the last row seen (plus one) and that arc.
	seenRow := make([]int32, len(p.Cols))
	seenIdx := make([]int32, len(p.Cols))
	for r := range nr {
		seg := g.arcs[g.off[r]:g.off[r+1]]
		for _, a := range seg { // in input order
			if seenRow[a.col] == int32(r)+1 {
				return nil, fmt.Errorf("%w: edges %d and %d repeat the pair (row %d, col %d)",
					ErrInvalid, seenIdx[a.col], a.idx, r, a.col)
			}
			seenRow[a.col], seenIdx[a.col] = int32(r)+1, a.idx
		}
		slices.SortFunc(seg, func(a, b arc) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.col, b.col)
		})
	}
	return g, nil
}

// checkHeader checks capacities, edge ranges, scores and the score sum:
// everything but duplicate pairs.
func checkHeader(p Problem) error {
	if len(p.Edges) > math.MaxInt32 {
		return fmt.Errorf("%w: %d edges, at most %d allowed", ErrInvalid, len(p.Edges), math.MaxInt32)
	}
	if len(p.Rows) > math.MaxInt32 || len(p.Cols) > math.MaxInt32 {
		return fmt.Errorf("%w: more than %d rows or columns", ErrInvalid, math.MaxInt32)
	}
	for i, c := range p.Rows {
		if c < 0 {
			return fmt.Errorf("%w: row %d has negative capacity %d", ErrInvalid, i, c)
		}
	}
	for j, c := range p.Cols {
		if c < 0 {
			return fmt.Errorf("%w: column %d has negative capacity %d", ErrInvalid, j, c)
		}
	}
	var sum int64
	for i, e := range p.Edges {
		switch {
		case e.Row < 0 || int(e.Row) >= len(p.Rows):
			return fmt.Errorf("%w: edge %d has row %d, want 0 <= row < %d", ErrInvalid, i, e.Row, len(p.Rows))
		case e.Col < 0 || int(e.Col) >= len(p.Cols):
			return fmt.Errorf("%w: edge %d has column %d, want 0 <= column < %d", ErrInvalid, i, e.Col, len(p.Cols))
		case e.Score <= 0:
			return fmt.Errorf("%w: edge %d (row %d, col %d) has score %d, want > 0", ErrInvalid, i, e.Row, e.Col, e.Score)
		case e.Score > MaxScore:
			return fmt.Errorf("%w: edge %d (row %d, col %d) has score %d, want <= %d", ErrInvalid, i, e.Row, e.Col, e.Score, int64(MaxScore))
		case sum > math.MaxInt64-e.Score:
			return fmt.Errorf("%w: the sum of scores overflows int64 at edge %d", ErrInvalid, i)
		}
		sum += e.Score
	}
	return nil
}
