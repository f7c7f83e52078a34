package assign

import (
	"context"
	"testing"
)

// BenchmarkSolveSparse10kx100k solves the 10k demand x 100k talent
// instance (about 500k edges) exactly and reports the optimum, the greedy
// total and the optimum's gain over greedy. Building the instance is not
// timed; validating and compiling it is, as part of Solve.
func BenchmarkSolveSparse10kx100k(b *testing.B) {
	p := bigInstance()
	greedy := Greedy(p).Total
	var res Result
	for b.Loop() {
		var err error
		if res, err = Solve(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.Edges)), "edges")
	b.ReportMetric(float64(res.Total), "opt_total")
	b.ReportMetric(float64(greedy), "greedy_total")
	b.ReportMetric(100*float64(res.Total-greedy)/float64(greedy), "gain_vs_greedy_%")
}

// BenchmarkSolveContended10kx10k is the same kind of instance with only
// 10k talents (about 15k places for 20k requested): most talents are
// contested, augmenting paths get long, and a quarter of the requests stay
// unfilled. It shows how Solve behaves when demand exceeds supply.
func BenchmarkSolveContended10kx10k(b *testing.B) {
	p := sparseInstance(1, 10_000, 10_000, 50)
	greedy := Greedy(p).Total
	var res Result
	for b.Loop() {
		var err error
		if res, err = Solve(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Total), "opt_total")
	b.ReportMetric(float64(greedy), "greedy_total")
	b.ReportMetric(100*float64(res.Total-greedy)/float64(greedy), "gain_vs_greedy_%")
}

// BenchmarkGreedySparse10kx100k runs the greedy baseline on the same
// instance.
func BenchmarkGreedySparse10kx100k(b *testing.B) {
	p := bigInstance()
	var res Result
	for b.Loop() {
		res = Greedy(p)
	}
	b.ReportMetric(float64(res.Total), "greedy_total")
}

// BenchmarkDense2048 solves a 2048 x 2048 matrix of uniform costs in
// [0, 1) (fixed seed).
func BenchmarkDense2048(b *testing.B) {
	c := uniformCost(1, 2048, 2048)
	var total float64
	for b.Loop() {
		var err error
		if _, total, err = Dense(c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(total, "total")
}
