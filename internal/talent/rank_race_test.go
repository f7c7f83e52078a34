package talent_test

import (
	"sync"
	"testing"

	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// TestRankSplitConcurrent is the ranking's concurrency test, small enough
// for the race detector in CI: on a fresh index (so every ranking's
// working memory starts empty and grows) each demand is ranked split
// across two workers, by several goroutines at once, and must give the
// ranking that scoring every talent one by one gives.
func TestRankSplitConcurrent(t *testing.T) {
	tax := talent.DefaultTaxonomy()
	ts := talentgen.Talents(5, 600, tax)
	demands := talentgen.Demands(5, 12, tax)
	defer talent.SetParallelFrom(talent.SetParallelFrom(100))
	ix := talent.NewIndex(tax)
	for i := range ts {
		ix.Put(ts[i].Doc)
	}
	var wg sync.WaitGroup
	got := make([][][]talent.Ranked, 4)
	for g := range got {
		got[g] = make([][]talent.Ranked, len(demands))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, d := range demands {
				got[g][i] = ix.Rank(d.Query, 10)
			}
		}()
	}
	wg.Wait()
	want := make([][]talent.Ranked, len(demands))
	for i, d := range demands {
		want[i] = exhaustive(ix, ts, d.Query, 10)
	}
	for g := range got {
		for i := range demands {
			sameRanking(t, i, 10, got[g][i], want[i])
		}
	}
}
