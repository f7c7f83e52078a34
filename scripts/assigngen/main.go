// Command assigngen writes the dense assignment benchmark matrix and times
// assign.Dense on it, for scripts/bench-assign.sh to compare with scipy's
// linear_sum_assignment on the very same numbers. The matrix is n x n
// uniform costs in [0, 1) from a fixed seed (the one BenchmarkDense2048
// uses), stored as raw little-endian float64, row-major.
//
//	go run ./scripts/assigngen -n 2048 -seed 1 -runs 5 -out /tmp/dense.f64
//
// It prints key=value lines: n, go_runs_s (each run), go_median_s and
// go_total (the optimum, full precision).
package main

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"dangjian/internal/assign"
)

func main() {
	n := flag.Int("n", 2048, "matrix size")
	seed := flag.Uint64("seed", 1, "random seed")
	runs := flag.Int("runs", 5, "timed runs of Dense")
	out := flag.String("out", "", "matrix file to write (raw little-endian float64)")
	flag.Parse()
	if *out == "" || *n < 1 || *runs < 1 {
		log.Fatal("usage: assigngen -out FILE [-n 2048] [-seed 1] [-runs 5]")
	}
	cost := uniform(*seed, *n)
	if err := write(*out, cost); err != nil {
		log.Fatal(err)
	}
	var times []float64
	var total float64
	for range *runs {
		start := time.Now()
		_, t, err := assign.Dense(cost)
		if err != nil {
			log.Fatal(err)
		}
		times = append(times, time.Since(start).Seconds())
		total = t
	}
	strs := make([]string, len(times))
	for i, t := range times {
		strs[i] = fmt.Sprintf("%.4f", t)
	}
	fmt.Printf("n=%d\ngo_runs_s=%s\ngo_median_s=%.4f\ngo_total=%.17g\n",
		*n, strings.Join(strs, ","), median(times), total)
}

// uniform is the n x n matrix of uniform [0, 1) costs for seed, drawn row
// by row exactly as the package's benchmark draws it.
func uniform(seed uint64, n int) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 0xc057))
	c := make([][]float64, n)
	for i := range c {
		c[i] = make([]float64, n)
		for j := range c[i] {
			c[i][j] = rng.Float64()
		}
	}
	return c
}

// write stores c row-major as little-endian float64.
func write(path string, c [][]float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var buf [8]byte
	for _, row := range c {
		for _, x := range row {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
			if _, err := w.Write(buf[:]); err != nil {
				f.Close()
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// median of xs (the lower middle for an even count).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}
