package coverage

import (
	"container/heap"
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/walk"
)

// Siting answers "where should the next K posts go?": among candidate
// sites, the K that together newly cover the most people who no post
// reaches today (the maximal covering location problem). Lazy greedy picks
// them (the gains only shrink as sites are added, so a stale gain that is
// still the largest is the true best), then swaps one chosen site for a
// better candidate while any swap gains (local improvement). Pinned
// candidates are chosen first; excluded ones never.

// Pick is one chosen site with the people it newly covers.
type Pick struct {
	Candidate int  `json:"candidate"` // index into the candidates
	Gain      int  `json:"gain"`      // people newly covered when it was added
	Pinned    bool `json:"pinned,omitempty"`
}

// Plan is the answer: the picks in order, the coverage curve (people
// covered after 0..K picks, greedy order) and the total after local
// improvement, with the swaps made.
type Plan struct {
	Picks       []Pick `json:"picks"`
	Curve       []int  `json:"curve"` // people covered, today first
	Greedy      int    `json:"greedy_total"`
	Total       int    `json:"total"` // after local improvement
	Swaps       int    `json:"swaps"`
	Restarts    int    `json:"restarts"` // rounds of iterated local search
	People      int    `json:"people"`   // people in all counted homes
	Candidates  int    `json:"candidates"`
	Evaluations int    `json:"evaluations"` // cover sets computed
}

// Problem is a siting instance.
type Problem struct {
	Homes      []Home
	Covered    []bool // homes some open post reaches today
	Counted    []bool // homes in the report (false: excluded)
	Candidates []Site
	K          int
	Pinned     []int // candidate indexes
	Excluded   []int
	Cutoff     float64 // metres
	Detour     float64 // straight-line factor when Graph is nil
	Graph      *walk.Graph
	Walk       *Walk // today's walk on Graph (its snapped homes are reused)
}

// coverer lists the homes a candidate reaches within the cutoff.
type coverer interface {
	cover(c int, fn func(home int32))
}

// Solve runs lazy greedy and local improvement. progress gets picks done.
func Solve(ctx context.Context, pr Problem, progress func(done, total int)) (Plan, error) {
	if pr.K < 1 {
		return Plan{}, apperr.InvalidField("k", "err.coverage.k")
	}
	excluded := map[int]bool{}
	for _, c := range pr.Excluded {
		excluded[c] = true
	}
	free := 0
	for c := range pr.Candidates {
		if !excluded[c] {
			free++
		}
	}
	if pr.K > free {
		return Plan{}, apperr.InvalidField("k", "err.coverage.k_too_large").With("k", pr.K).With("n", free)
	}
	for _, c := range pr.Pinned {
		if c < 0 || c >= len(pr.Candidates) || excluded[c] {
			return Plan{}, apperr.InvalidField("pinned", "err.coverage.pinned")
		}
	}
	if len(pr.Pinned) > pr.K {
		return Plan{}, apperr.InvalidField("pinned", "err.coverage.pinned_k")
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	s := newSolver(pr)
	plan, err := s.greedy(ctx, excluded, progress)
	if err != nil {
		return plan, err
	}
	plan.Swaps, plan.Restarts, plan.Total = s.improve(ctx, plan, excluded)
	plan.Evaluations = s.evals
	return plan, ctx.Err()
}

type solver struct {
	pr      Problem
	cov     coverer
	count   []int32 // how many chosen sites cover each home
	evals   int
	cache   map[int][]int32
	people  int
	initial []int // each candidate's gain with nothing chosen beyond the pins (-1: not computed)
	today   int   // people covered today
}

func newSolver(pr Problem) *solver {
	s := &solver{pr: pr, count: make([]int32, len(pr.Homes)), cache: map[int][]int32{}, initial: make([]int, len(pr.Candidates))}
	for i := range s.initial {
		s.initial[i] = -1
	}
	for i, h := range pr.Homes {
		if pr.Counted == nil || pr.Counted[i] {
			s.people += int(h.People)
		}
	}
	if pr.Graph != nil && pr.Walk != nil && pr.Walk.homeNode != nil {
		s.cov = newNetCoverer(pr, pr.Walk)
	} else {
		s.cov = newStraightCoverer(pr)
	}
	return s
}

// useful reports whether covering home h would add people today.
func (s *solver) useful(h int32) bool {
	return !s.pr.Covered[h] && (s.pr.Counted == nil || s.pr.Counted[h])
}

// gain is what candidate c adds to the current choice.
func (s *solver) gain(c int) int {
	s.evals++
	g := 0
	s.cov.cover(c, func(h int32) {
		if s.count[h] == 0 && s.useful(h) {
			g += int(s.pr.Homes[h].People)
		}
	})
	return g
}

// homes is c's cover set, cached for the swaps.
func (s *solver) homes(c int) []int32 {
	if hs, ok := s.cache[c]; ok {
		return hs
	}
	var hs []int32
	s.cov.cover(c, func(h int32) {
		if s.useful(h) {
			hs = append(hs, h)
		}
	})
	s.cache[c] = hs
	return hs
}

func (s *solver) add(c int, delta int32) {
	for _, h := range s.homes(c) {
		s.count[h] += delta
	}
}

type item struct{ c, gain, round int }
type gainHeap []item

func (h gainHeap) Len() int { return len(h) }
func (h gainHeap) Less(i, j int) bool {
	return h[i].gain > h[j].gain || (h[i].gain == h[j].gain && h[i].c < h[j].c)
}
func (h gainHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *gainHeap) Push(x any)   { *h = append(*h, x.(item)) }
func (h *gainHeap) Pop() (x any) { old := *h; x = old[len(old)-1]; *h = old[:len(old)-1]; return x }

func (s *solver) greedy(ctx context.Context, excluded map[int]bool, progress func(int, int)) (Plan, error) {
	pr := s.pr
	plan := Plan{People: s.people, Candidates: len(pr.Candidates)}
	today := 0
	for i, h := range pr.Homes {
		if pr.Covered[i] && (pr.Counted == nil || pr.Counted[i]) {
			today += int(h.People)
		}
	}
	plan.Curve = []int{today}
	s.today = today
	chosen := map[int]bool{}
	take := func(c, g int, pinned bool) {
		s.add(c, 1)
		chosen[c] = true
		plan.Picks = append(plan.Picks, Pick{Candidate: c, Gain: g, Pinned: pinned})
		plan.Curve = append(plan.Curve, plan.Curve[len(plan.Curve)-1]+g)
		progress(len(plan.Picks), pr.K)
	}
	for _, c := range pr.Pinned {
		if !chosen[c] {
			take(c, s.gain(c), true)
		}
	}
	h := gainHeap{}
	for c := range pr.Candidates {
		if c%256 == 0 && ctx.Err() != nil {
			return plan, ctx.Err()
		}
		if !excluded[c] && !chosen[c] {
			s.initial[c] = s.gain(c)
			h = append(h, item{c: c, gain: s.initial[c], round: len(plan.Picks)})
		}
	}
	heap.Init(&h)
	for len(plan.Picks) < pr.K && h.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return plan, err
		}
		top := heap.Pop(&h).(item)
		if top.round == len(plan.Picks) {
			take(top.c, top.gain, false)
			continue
		}
		top.gain, top.round = s.gain(top.c), len(plan.Picks)
		heap.Push(&h, top)
	}
	plan.Greedy = plan.Curve[len(plan.Curve)-1]
	return plan, nil
}
