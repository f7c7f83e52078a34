package talent

// SetParallelFrom changes the index size from which Rank splits its work,
// and returns the old value (tests run the split on small indexes).
func SetParallelFrom(n uint32) uint32 {
	old := parallelFrom
	parallelFrom = n
	return old
}

// RankStale is Rank in working memory that an earlier ranking left in the
// worst state: every ordinal marked touched, evaluated and credited for
// every wanted skill, with zero accumulators. A ranking must not read any
// of it (the pooled scratch is reused by every ranking).
func RankStale(ix *Index, q Query, k int) []Ranked {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s := ix.scratch()
	defer ix.release(s)
	for _, b := range append([]bitset{s.touched, s.done}, s.creditSets(8)...) {
		for i := range b {
			b[i] = ^uint64(0)
		}
	}
	clear(s.acc)
	return ix.rank(q, k, s)
}
