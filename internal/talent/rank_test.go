package talent_test

import (
	"sort"
	"testing"

	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// TestRankIsExact checks the bounded top-k search against scoring every
// talent one by one: the same talents, in the same order, with the same
// scores, for generated demands of every kind (and k from 1 to 50), also
// after edits and removals.
func TestRankIsExact(t *testing.T) {
	tax := talent.DefaultTaxonomy()
	ts := talentgen.Talents(11, 4000, tax)
	ix := talent.NewIndex(tax)
	for i := range ts {
		ix.Put(ts[i].Doc)
	}
	// Edits: some talents change skills and text, some leave.
	for i := 0; i < 300; i++ {
		d := ts[i*7].Doc
		d.Skills = ts[(i*13+5)%len(ts)].Doc.Skills
		d.Text = ts[(i*17+3)%len(ts)].Doc.Text
		ix.Put(d)
		ix.Remove(ts[i*11+1].Doc.ID)
	}
	demands := talentgen.Demands(11, 80, tax)
	for qi, d := range demands {
		if qi == len(demands)/2 {
			// The second half runs split across two workers.
			defer talent.SetParallelFrom(talent.SetParallelFrom(100))
		}
		k := []int{1, 3, 10, 50}[qi%4]
		got := ix.Rank(d.Query, k)
		var all []talent.Ranked
		for _, x := range ts {
			if r, ok := ix.ScoreOne(d.Query, x.Doc.ID); ok && (r.Parts.Skill > 0 || r.Parts.Text > 0) {
				all = append(all, r)
			}
		}
		sort.SliceStable(all, func(i, j int) bool {
			if all[i].Score != all[j].Score {
				return all[i].Score > all[j].Score
			}
			return all[i].TalentID < all[j].TalentID
		})
		if len(all) > k {
			all = all[:k]
		}
		if len(got) != len(all) {
			t.Fatalf("demand %d (k=%d): %d results, exhaustive %d", qi, k, len(got), len(all))
		}
		for i := range got {
			if got[i].Score != all[i].Score {
				t.Fatalf("demand %d (k=%d) rank %d: score %v, exhaustive %v (talents %d, %d)", qi, k, i+1, got[i].Score, all[i].Score, got[i].TalentID, all[i].TalentID)
			}
		}
	}
}
