package coverage

import (
	"context"
	"math/rand/v2"
	"slices"
	"sort"
	"time"
)

// Local improvement after the greedy: swap one chosen site for a better
// candidate while that gains (a 1-swap local optimum), then iterated local
// search — from the best choice so far, replace two random picks by two
// good candidates, redo the swaps, keep the result when it covers more —
// for ILSRounds rounds or ILSBudget, whichever ends first. The random
// stream is seeded from the instance, so a run is reproducible unless the
// budget cuts it short.

// SwapPool is how many of the best candidates (by their gain alone) the
// swaps and perturbations draw from.
const SwapPool = 1000

// ILSRounds and ILSBudget bound the iterated local search.
const (
	ILSRounds = 2000
	ILSBudget = 1500 * time.Millisecond
)

// swapper evaluates swaps incrementally over the pool: gain[i] is what
// pool candidate i adds to the current picks, kept current as coverage
// counts cross zero (through inv, the pool candidates covering each home),
// and a swap's value is gain plus what the removed pick alone covered of
// the candidate's homes, minus the removed pick's loss.
type swapper struct {
	s      *solver
	pool   []int
	slot   map[int]int // candidate → pool index
	invOff []int32     // pool indexes covering home h: inv[invOff[h]:invOff[h+1]]
	inv    []int32
	gain   []int
	extra  []int
	marked []int32
}

func newSwapper(s *solver, pool []int) *swapper {
	w := &swapper{s: s, pool: pool, slot: map[int]int{}, invOff: make([]int32, len(s.count)+1), gain: make([]int, len(pool)), extra: make([]int, len(pool))}
	for i, c := range pool {
		w.slot[c] = i
		for _, h := range s.homes(c) {
			w.invOff[h+1]++
		}
	}
	for h := range len(s.count) {
		w.invOff[h+1] += w.invOff[h]
	}
	w.inv = make([]int32, w.invOff[len(s.count)])
	fill := slices.Clone(w.invOff[:len(s.count)])
	for i, c := range pool {
		for _, h := range s.homes(c) {
			w.inv[fill[h]] = int32(i)
			fill[h]++
		}
	}
	w.recount()
	return w
}

// recount recomputes every pool gain from the counts.
func (w *swapper) recount() {
	for i, c := range w.pool {
		w.gain[i] = w.s.cachedGain(c)
	}
}

// add moves candidate c in (+1) or out (-1), keeping the gains current.
func (w *swapper) add(c int, delta int32) {
	s := w.s
	for _, h := range s.homes(c) {
		before := s.count[h]
		s.count[h] += delta
		if (before == 0) != (s.count[h] == 0) {
			p := int(s.pr.Homes[h].People)
			if delta > 0 {
				p = -p
			}
			for _, i := range w.inv[w.invOff[h]:w.invOff[h+1]] {
				w.gain[i] += p
			}
		}
	}
}

// bestSwap finds the swap that gains most: the pick index, the pool
// candidate and the gain (0, -1, -1 when none gains).
func (w *swapper) bestSwap(picks []Pick, chosen map[int]bool) (int, int, int) {
	s := w.s
	best, bestOut, bestIn := 0, -1, -1
	for pi, p := range picks {
		if p.Pinned {
			continue
		}
		loss := 0
		w.marked = w.marked[:0]
		for _, h := range s.homes(p.Candidate) {
			if s.count[h] != 1 {
				continue
			}
			pp := int(s.pr.Homes[h].People)
			loss += pp
			for _, i := range w.inv[w.invOff[h]:w.invOff[h+1]] {
				if w.extra[i] == 0 {
					w.marked = append(w.marked, i)
				}
				w.extra[i] += pp
			}
		}
		for i, c := range w.pool {
			if !chosen[c] {
				if g := w.gain[i] + w.extra[i] - loss; g > best {
					best, bestOut, bestIn = g, pi, c
				}
			}
		}
		for _, i := range w.marked {
			w.extra[i] = 0
		}
	}
	return best, bestOut, bestIn
}

// improve returns the swaps made, the restarts tried and the total covered
// people after local improvement; plan.Picks is updated in place.
func (s *solver) improve(ctx context.Context, plan Plan, excluded map[int]bool) (int, int, int) {
	chosen := map[int]bool{}
	for _, p := range plan.Picks {
		chosen[p.Candidate] = true
	}
	w := newSwapper(s, s.swapPool(chosen, excluded))
	swaps, gain := w.search(ctx, plan.Picks)
	best, bestTotal := slices.Clone(plan.Picks), plan.Greedy+gain
	var free []int
	for i, p := range plan.Picks {
		if !p.Pinned {
			free = append(free, i)
		}
	}
	rng := rand.New(rand.NewPCG(uint64(len(s.pr.Candidates)), uint64(s.pr.K)))
	deadline := time.Now().Add(ILSBudget)
	rounds := 0
	for ; rounds < ILSRounds && len(free) >= 2 && len(w.pool) > len(best) && ctx.Err() == nil && time.Now().Before(deadline); rounds++ {
		next := slices.Clone(best)
		for range 2 {
			i, c := free[rng.IntN(len(free))], w.pool[rng.IntN(len(w.pool))]
			if !slices.ContainsFunc(next, func(p Pick) bool { return p.Candidate == c }) {
				next[i].Candidate = c
			}
		}
		s.setCount(next)
		w.recount()
		w.search(ctx, next)
		if v := s.today + s.value(next); v > bestTotal {
			best, bestTotal = next, v
		}
	}
	s.setCount(best)
	copy(plan.Picks, best)
	return swaps, rounds, bestTotal
}

// search makes the best swap while one gains, and returns the swaps and
// the people gained.
func (w *swapper) search(ctx context.Context, picks []Pick) (int, int) {
	chosen := map[int]bool{}
	for _, p := range picks {
		chosen[p.Candidate] = true
	}
	swaps, total := 0, 0
	for round := 0; round < 4*len(picks)+10 && ctx.Err() == nil; round++ {
		g, out, in := w.bestSwap(picks, chosen)
		if out < 0 {
			break
		}
		old := picks[out].Candidate
		w.add(old, -1)
		w.add(in, 1)
		delete(chosen, old)
		chosen[in] = true
		picks[out].Candidate = in
		total += g
		swaps++
	}
	return swaps, total
}

// setCount makes count hold how many of picks cover each home.
func (s *solver) setCount(picks []Pick) {
	clear(s.count)
	for _, p := range picks {
		s.add(p.Candidate, 1)
	}
}

// value is the people the picks newly cover (count must hold them).
func (s *solver) value(picks []Pick) int {
	v := 0
	for _, p := range picks {
		for _, h := range s.homes(p.Candidate) {
			if s.count[h] > 0 {
				v += int(s.pr.Homes[h].People)
				s.count[h] = -s.count[h] // counted; restored below
			}
		}
	}
	for _, p := range picks {
		for _, h := range s.homes(p.Candidate) {
			if s.count[h] < 0 {
				s.count[h] = -s.count[h]
			}
		}
	}
	return v
}

// cachedGain is gain from c's cached cover set.
func (s *solver) cachedGain(c int) int {
	g := 0
	for _, h := range s.homes(c) {
		if s.count[h] == 0 {
			g += int(s.pr.Homes[h].People)
		}
	}
	return g
}

// swapPool is the SwapPool candidates that covered the most uncovered
// people on their own (their first gain in the greedy), and the picks.
func (s *solver) swapPool(chosen, excluded map[int]bool) []int {
	type cg struct{ c, g int }
	var all []cg
	for c, g := range s.initial {
		// The greedy's own picks stay in the pool: one swapped out may be
		// the best way back in later.
		if !excluded[c] && (g > 0 || chosen[c]) {
			all = append(all, cg{c, g})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].g > all[j].g || (all[i].g == all[j].g && all[i].c < all[j].c) })
	var out []int
	for i := 0; i < len(all) && i < SwapPool; i++ {
		out = append(out, all[i].c)
	}
	return out
}
