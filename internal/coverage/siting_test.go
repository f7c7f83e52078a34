package coverage_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/coverage"
)

// at places a point dx, dy metres east and north of (18.3, 109.5).
func at(dx, dy float64) (float64, float64) {
	return 18.3 + dy/111_320, 109.5 + dx/(111_320*0.94924)
}

func home(dx, dy float64, people int32) coverage.Home {
	la, ln := at(dx, dy)
	return coverage.Home{Lat: la, Lng: ln, People: people, AreaPath: "/1/"}
}

func site(dx, dy float64) coverage.Site {
	la, ln := at(dx, dy)
	return coverage.Site{Lat: la, Lng: ln}
}

// Three groups of homes: A (100 people) at x=0, B (60) at x=1500, C (70)
// at x=3000, straight-line reach 1000 m (detour 1). Candidate 0 covers A,
// 1 covers A and B (x=750), 2 covers C, 3 covers B and C (x=2250).
func TestSitingHandCase(t *testing.T) {
	homes := []coverage.Home{home(0, 0, 100), home(1500, 0, 60), home(3000, 0, 70)}
	cands := []coverage.Site{site(0, 0), site(750, 0), site(3000, 0), site(2250, 0)}
	pr := coverage.Problem{Homes: homes, Covered: make([]bool, 3), Candidates: cands, Cutoff: 1000, Detour: 1}
	cases := []struct {
		name     string
		k        int
		pinned   []int
		excluded []int
		want     []int // candidates in pick order
		curve    []int
		total    int
	}{
		{"K=1", 1, nil, nil, []int{1}, []int{0, 160}, 160},
		{"K=2", 2, nil, nil, []int{1, 2}, []int{0, 160, 230}, 230},
		{"pin C's site", 1, []int{2}, nil, []int{2}, []int{0, 70}, 70},
		{"exclude 1", 1, nil, []int{1}, []int{3}, []int{0, 130}, 130},
	}
	for _, c := range cases {
		pr.K, pr.Pinned, pr.Excluded = c.k, c.pinned, c.excluded
		plan, err := coverage.Solve(context.Background(), pr, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []int
		for _, p := range plan.Picks {
			got = append(got, p.Candidate)
		}
		if !equal(got, c.want) || !equal(plan.Curve, c.curve) || plan.Total != c.total || plan.People != 230 {
			t.Errorf("%s: picks %v curve %v total %d, want %v %v %d", c.name, got, plan.Curve, plan.Total, c.want, c.curve, c.total)
		}
	}
	// Today's coverage counts: with A covered already, K=1 takes B and C.
	pr.K, pr.Pinned, pr.Excluded, pr.Covered = 1, nil, nil, []bool{true, false, false}
	if plan, _ := coverage.Solve(context.Background(), pr, nil); plan.Picks[0].Candidate != 3 || plan.Curve[0] != 100 || plan.Total != 230 {
		t.Errorf("with A covered: %+v", plan)
	}
	bad := []struct {
		k        int
		excluded []int
		key      string
	}{{5, nil, "err.coverage.k_too_large"}, {4, []int{0}, "err.coverage.k_too_large"}, {0, nil, "err.coverage.k"}}
	for _, b := range bad {
		pr.K, pr.Excluded = b.k, b.excluded
		if _, err := coverage.Solve(context.Background(), pr, nil); apperr.As(err).Key != b.key {
			t.Errorf("K=%d excluded %v: %v, want %s", b.k, b.excluded, err, b.key)
		}
	}
}

// On random instances small enough to enumerate, greedy with local
// improvement is never worse than greedy and never better than the
// optimum, and usually reaches it.
func TestSitingAgainstExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	optimal := 0
	const runs = 40
	for run := 0; run < runs; run++ {
		var homes []coverage.Home
		for i := 0; i < 60; i++ {
			homes = append(homes, home(r.Float64()*5000, r.Float64()*5000, int32(1+r.IntN(50))))
		}
		var cands []coverage.Site
		for i := 0; i < 12; i++ {
			cands = append(cands, site(r.Float64()*5000, r.Float64()*5000))
		}
		pr := coverage.Problem{Homes: homes, Covered: make([]bool, len(homes)), Candidates: cands, K: 3, Cutoff: 1200, Detour: 1}
		plan, err := coverage.Solve(context.Background(), pr, nil)
		if err != nil {
			t.Fatal(err)
		}
		best := exhaustive(pr)
		if plan.Total < plan.Greedy || plan.Total > best {
			t.Fatalf("run %d: greedy %d, improved %d, optimum %d", run, plan.Greedy, plan.Total, best)
		}
		if plan.Total == best {
			optimal++
		}
	}
	if optimal < runs*3/4 {
		t.Errorf("optimal in %d of %d runs", optimal, runs)
	}
}

func exhaustive(pr coverage.Problem) int {
	n := len(pr.Candidates)
	reach := make([][]bool, n)
	for c, s := range pr.Candidates {
		reach[c] = make([]bool, len(pr.Homes))
		for h, hm := range pr.Homes {
			reach[c][h] = coverage.Haversine(s.Lat, s.Lng, hm.Lat, hm.Lng) <= pr.Cutoff/pr.Detour
		}
	}
	best := 0
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			for c := b + 1; c < n; c++ {
				sum := 0
				for h, hm := range pr.Homes {
					if reach[a][h] || reach[b][h] || reach[c][h] {
						sum += int(hm.People)
					}
				}
				best = max(best, sum)
			}
		}
	}
	return best
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
