package talent_test

import (
	"sort"
	"testing"

	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// editedIndex is an index of generated talents after edits and removals,
// with the talents as generated.
func editedIndex(seed uint64, n int) (*talent.Index, []talentgen.Talent, *talent.Taxonomy) {
	tax := talent.DefaultTaxonomy()
	ts := talentgen.Talents(seed, n, tax)
	ix := talent.NewIndex(tax)
	for i := range ts {
		ix.Put(ts[i].Doc)
	}
	// Edits: some talents change skills and text, some leave.
	for i := 0; i < n*3/40; i++ {
		d := ts[i*7].Doc
		d.Skills = ts[(i*13+5)%len(ts)].Doc.Skills
		d.Text = ts[(i*17+3)%len(ts)].Doc.Text
		ix.Put(d)
		ix.Remove(ts[i*11+1].Doc.ID)
	}
	return ix, ts, tax
}

// exhaustive ranks by scoring every talent one by one.
func exhaustive(ix *talent.Index, ts []talentgen.Talent, q talent.Query, k int) []talent.Ranked {
	var all []talent.Ranked
	for _, x := range ts {
		if r, ok := ix.ScoreOne(q, x.Doc.ID); ok && (r.Parts.Skill > 0 || r.Parts.Text > 0) {
			all = append(all, r)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Score != all[j].Score {
			return all[i].Score > all[j].Score
		}
		return all[i].TalentID < all[j].TalentID
	})
	return all[:min(k, len(all))]
}

// sameRanking fails unless got has the exhaustive ranking's scores.
func sameRanking(t *testing.T, qi, k int, got, want []talent.Ranked) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("demand %d (k=%d): %d results, exhaustive %d", qi, k, len(got), len(want))
	}
	for i := range got {
		if got[i].Score != want[i].Score {
			t.Fatalf("demand %d (k=%d) rank %d: score %v, exhaustive %v (talents %d, %d)", qi, k, i+1, got[i].Score, want[i].Score, got[i].TalentID, want[i].TalentID)
		}
	}
}

// TestRankIsExact checks the bounded top-k search against scoring every
// talent one by one: the same talents, in the same order, with the same
// scores, for generated demands of every kind (and k from 1 to 50), also
// after edits and removals.
func TestRankIsExact(t *testing.T) {
	ix, ts, tax := editedIndex(11, 4000)
	demands := talentgen.Demands(11, 80, tax)
	for qi, d := range demands {
		if qi == len(demands)/2 {
			// The second half runs split across two workers.
			defer talent.SetParallelFrom(talent.SetParallelFrom(100))
		}
		k := []int{1, 3, 10, 50}[qi%4]
		sameRanking(t, qi, k, ix.Rank(d.Query, k), exhaustive(ix, ts, d.Query, k))
	}
}

// TestRankIgnoresStaleScratch ranks in working memory left in the worst
// state an earlier ranking could leave (every ordinal marked touched,
// evaluated and credited, accumulators zero): a ranking that trusted any
// of it would miss talents. It stands for the counter wrap the bit sets
// replaced (stamps compared by equality, after 2³² rankings).
func TestRankIgnoresStaleScratch(t *testing.T) {
	ix, ts, tax := editedIndex(12, 3000)
	defer talent.SetParallelFrom(talent.SetParallelFrom(100))
	for qi, d := range talentgen.Demands(12, 24, tax) {
		k := []int{1, 10, 50}[qi%3]
		sameRanking(t, qi, k, talent.RankStale(ix, d.Query, k), exhaustive(ix, ts, d.Query, k))
	}
}
