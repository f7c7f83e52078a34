package talent

// SetParallelFrom changes the index size from which Rank splits its work,
// and returns the old value (tests run the split on small indexes).
func SetParallelFrom(n uint32) uint32 {
	old := parallelFrom
	parallelFrom = n
	return old
}
