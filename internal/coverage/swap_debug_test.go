package coverage_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"dangjian/internal/coverage"
)

// After Solve, no single swap of a pick for another candidate covers more.
func TestSolveIsSwapOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for run := 0; run < 5; run++ {
		var homes []coverage.Home
		for i := 0; i < 3000; i++ {
			homes = append(homes, home(r.Float64()*20000, r.Float64()*20000, int32(1+r.IntN(50))))
		}
		var cands []coverage.Site
		for i := 0; i < 200; i++ {
			cands = append(cands, site(r.Float64()*20000, r.Float64()*20000))
		}
		pr := coverage.Problem{Homes: homes, Covered: make([]bool, len(homes)), Candidates: cands, K: 10, Cutoff: 1500, Detour: 1}
		plan, err := coverage.Solve(context.Background(), pr, nil)
		if err != nil {
			t.Fatal(err)
		}
		sets := coverage.CoverSets(pr)
		value := func(picks []int) int {
			seen := map[int32]bool{}
			v := 0
			for _, c := range picks {
				for _, h := range sets[c] {
					if !seen[h] {
						seen[h] = true
						v += int(homes[h].People)
					}
				}
			}
			return v
		}
		var picks []int
		for _, p := range plan.Picks {
			picks = append(picks, p.Candidate)
		}
		v := value(picks)
		if v != plan.Total {
			t.Errorf("run %d: plan total %d, value of picks %d", run, plan.Total, v)
		}
		for i := range picks {
			for c := range cands {
				old := picks[i]
				picks[i] = c
				if w := value(picks); w > v {
					t.Errorf("run %d: swapping pick %d (%d) for %d gains %d (restarts %d)", run, i, old, c, w-v, plan.Restarts)
				}
				picks[i] = old
			}
		}
	}
}
