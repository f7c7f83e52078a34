package coveragebench

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"dangjian/internal/coverage"
	"dangjian/internal/walk"
)

// Siting is a siting problem built the way the service builds one: today's
// walk from the posts, homes flagged covered and counted from it, and
// candidates proposed by coverage.Generate where uncovered people live.
type Siting struct {
	Walk    coverage.Walk
	Problem coverage.Problem
	Today   int // people covered today
}

// NewSiting computes today's walk of homes from posts on g and proposes up
// to cands candidates (coverage.Generate: the centres of the most populous
// 250 m cells of uncovered homes). K is left for the caller.
func NewSiting(ctx context.Context, g *walk.Graph, homes []coverage.Home, posts []coverage.Site, cands int) (*Siting, error) {
	w, err := coverage.Distances(ctx, g, homes, posts, Cutoff, 1.3, nil)
	if err != nil {
		return nil, err
	}
	s := &Siting{Walk: w}
	covered, counted := make([]bool, len(homes)), make([]bool, len(homes))
	for i, h := range homes {
		covered[i] = float64(w.Metres[i]) <= Cutoff
		counted[i] = w.Nearest[i] != -2
		if covered[i] && counted[i] {
			s.Today += int(h.People)
		}
	}
	gen := coverage.Generate(homes, w, Cutoff, cands)
	sites := make([]coverage.Site, len(gen))
	for i, c := range gen {
		sites[i] = coverage.Site{ID: int64(i + 1), Name: c.Name, Lat: c.Lat, Lng: c.Lng}
	}
	s.Problem = coverage.Problem{Homes: homes, Covered: covered, Counted: counted, Candidates: sites,
		Cutoff: Cutoff, Detour: 1.3, Graph: g, Walk: &s.Walk}
	return s, nil
}

// Window returns the n homes nearest (straight line) to a home drawn with
// seed, renumbered from 1: a compact neighbourhood for an instance an exact
// solver can finish. Homes are denser in towns, so most windows are there.
func Window(homes []coverage.Home, seed uint64, n int) []coverage.Home {
	rng := rand.New(rand.NewPCG(seed, 3))
	c := homes[rng.IntN(len(homes))]
	kx := math.Cos(c.Lat * math.Pi / 180)
	type hd struct {
		i int
		d float64
	}
	all := make([]hd, len(homes))
	for i, h := range homes {
		dx, dy := (h.Lng-c.Lng)*kx, h.Lat-c.Lat
		all[i] = hd{i, dx*dx + dy*dy}
	}
	slices.SortFunc(all, func(a, b hd) int {
		if a.d != b.d {
			if a.d < b.d {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]coverage.Home, 0, n)
	for _, x := range all[:min(n, len(all))] {
		h := homes[x.i]
		h.ID = int64(len(out) + 1)
		out = append(out, h)
	}
	return out
}

// Gain is what a plan adds to today's coverage.
func Gain(p coverage.Plan) int { return p.Total - p.Curve[0] }

// Picks returns the candidates a plan chose.
func Picks(p coverage.Plan) []int {
	out := make([]int, len(p.Picks))
	for i, x := range p.Picks {
		out[i] = x.Candidate
	}
	return out
}

// SwapAll is a diagnostic for the quality report: starting from picks, it
// swaps one chosen candidate for any unchosen one while the best such swap
// gains (coverage.Solve tries only its SwapPool best candidates by their
// first gain), and returns the value reached on rows and the picks.
func SwapAll(rows []Row, cands int, picks []int) (int, []int) {
	byCand := make([][]int32, cands)
	for r, row := range rows {
		for _, c := range row.Cands {
			byCand[c] = append(byCand[c], int32(r))
		}
	}
	count := make([]int32, len(rows))
	chosen := make([]bool, cands)
	picks = slices.Clone(picks)
	for _, c := range picks {
		chosen[c] = true
		for _, r := range byCand[c] {
			count[r]++
		}
	}
	add := func(c int, d int32) {
		for _, r := range byCand[c] {
			count[r] += d
		}
	}
	for {
		best, bi, bc := 0, -1, -1
		for i, out := range picks {
			loss := 0
			for _, r := range byCand[out] {
				if count[r] == 1 {
					loss += rows[r].People
				}
			}
			add(out, -1)
			for c := range cands {
				if chosen[c] {
					continue
				}
				g := -loss
				for _, r := range byCand[c] {
					if count[r] == 0 {
						g += rows[r].People
					}
				}
				if g > best {
					best, bi, bc = g, i, c
				}
			}
			add(out, 1)
		}
		if bi < 0 {
			return Value(rows, picks), picks
		}
		add(picks[bi], -1)
		add(bc, 1)
		chosen[picks[bi]], chosen[bc] = false, true
		picks[bi] = bc
	}
}

// Perturbed is a diagnostic for the quality report (iterated local search):
// rounds times, it replaces two random picks of the best choice so far by
// two random candidates, runs SwapAll, and keeps the result when it is
// better. It returns the best value.
func Perturbed(rows []Row, cands int, picks []int, rounds int, seed uint64) int {
	rng := rand.New(rand.NewPCG(seed, 4))
	best, cur := SwapAll(rows, cands, picks)
	for range rounds {
		if len(cur) < 2 || cands <= len(cur) {
			break
		}
		next := slices.Clone(cur)
		for range 2 {
			i, c := rng.IntN(len(next)), rng.IntN(cands)
			if !slices.Contains(next, c) {
				next[i] = c
			}
		}
		if v, p := SwapAll(rows, cands, next); v > best {
			best, cur = v, p
		}
	}
	return best
}
