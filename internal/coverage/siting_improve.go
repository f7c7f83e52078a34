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
const SwapPool = 300

// ILSRounds and ILSBudget bound the iterated local search.
const (
	ILSRounds = 200
	ILSBudget = 1500 * time.Millisecond
)

// improve returns the swaps made, the restarts tried and the total covered
// people after local improvement; plan.Picks is updated in place.
func (s *solver) improve(ctx context.Context, plan Plan, excluded map[int]bool) (int, int, int) {
	chosen := map[int]bool{}
	for _, p := range plan.Picks {
		chosen[p.Candidate] = true
	}
	pool := s.swapPool(chosen, excluded)
	swaps, gain := s.swapSearch(ctx, plan.Picks, pool)
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
	for ; rounds < ILSRounds && len(free) >= 2 && len(pool) > len(best) && ctx.Err() == nil && time.Now().Before(deadline); rounds++ {
		next := slices.Clone(best)
		for range 2 {
			i, c := free[rng.IntN(len(free))], pool[rng.IntN(len(pool))]
			if !slices.ContainsFunc(next, func(p Pick) bool { return p.Candidate == c }) {
				next[i].Candidate = c
			}
		}
		s.setCount(next)
		s.swapSearch(ctx, next, pool)
		if v := s.today + s.value(next); v > bestTotal {
			best, bestTotal = next, v
		}
	}
	s.setCount(best)
	copy(plan.Picks, best)
	return swaps, rounds, bestTotal
}

// swapSearch makes the best 1-swap while one gains, and returns the swaps
// and the people gained.
func (s *solver) swapSearch(ctx context.Context, picks []Pick, pool []int) (int, int) {
	chosen := map[int]bool{}
	for _, p := range picks {
		chosen[p.Candidate] = true
	}
	swaps, total := 0, 0
	for round := 0; round < 2*len(picks)+10 && ctx.Err() == nil; round++ {
		bestGain, bestOut, bestIn := 0, -1, -1
		for i, p := range picks {
			if p.Pinned {
				continue
			}
			loss := 0
			for _, h := range s.homes(p.Candidate) {
				if s.count[h] == 1 {
					loss += int(s.pr.Homes[h].People)
				}
			}
			s.add(p.Candidate, -1)
			for _, c := range pool {
				if !chosen[c] {
					if g := s.cachedGain(c) - loss; g > bestGain {
						bestGain, bestOut, bestIn = g, i, c
					}
				}
			}
			s.add(p.Candidate, 1)
		}
		if bestOut < 0 {
			break
		}
		out := picks[bestOut].Candidate
		s.add(out, -1)
		s.add(bestIn, 1)
		delete(chosen, out)
		chosen[bestIn] = true
		picks[bestOut].Candidate = bestIn
		total += bestGain
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

// swapPool is the SwapPool unchosen candidates that covered the most
// uncovered people on their own (their first gain in the greedy).
func (s *solver) swapPool(chosen, excluded map[int]bool) []int {
	type cg struct{ c, g int }
	var all []cg
	for c, g := range s.initial {
		if !chosen[c] && !excluded[c] && g > 0 {
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
