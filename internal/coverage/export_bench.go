package coverage

// CoverSets returns, for each candidate of pr, the homes it would newly
// cover: those within pr.Cutoff of it that no post covers today and that
// are counted. These are the very sets Solve's greedy and swaps work on
// (the same coverer, network or straight line), exported so that
// internal/coverage/coveragebench can hand them to an exact ILP solver.
func CoverSets(pr Problem) [][]int32 {
	s := newSolver(pr)
	out := make([][]int32, len(pr.Candidates))
	for c := range pr.Candidates {
		out[c] = s.homes(c)
	}
	return out
}
