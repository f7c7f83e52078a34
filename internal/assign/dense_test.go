package assign

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// bruteDense is the minimum total over all injective maps from the smaller
// side of c to the larger.
func bruteDense(c [][]float64) float64 {
	n, m := len(c), len(c[0])
	at := func(i, j int) float64 { return c[i][j] }
	if n > m {
		n, m = m, n
		at = func(i, j int) float64 { return c[j][i] }
	}
	best := math.Inf(1)
	taken := make([]bool, m)
	var rec func(i int, sum float64)
	rec = func(i int, sum float64) {
		if i == n {
			best = min(best, sum)
			return
		}
		for j := range m {
			if !taken[j] {
				taken[j] = true
				rec(i+1, sum+at(i, j))
				taken[j] = false
			}
		}
	}
	rec(0, 0)
	return best
}

// checkDense fails t unless rowToCol is a valid assignment of c with the
// given total.
func checkDense(t *testing.T, c [][]float64, rowToCol []int, total float64) {
	t.Helper()
	n, m := len(c), len(c[0])
	if len(rowToCol) != n {
		t.Fatalf("len(rowToCol) = %d, want %d", len(rowToCol), n)
	}
	seen := make([]bool, m)
	var sum float64
	assigned := 0
	for i, j := range rowToCol {
		if j < 0 {
			continue
		}
		if j >= m || seen[j] {
			t.Fatalf("row %d: column %d out of range or repeated", i, j)
		}
		seen[j] = true
		sum += c[i][j]
		assigned++
	}
	if assigned != min(n, m) {
		t.Fatalf("%d rows assigned, want %d", assigned, min(n, m))
	}
	if math.Abs(sum-total) > 1e-9*max(1, math.Abs(sum)) {
		t.Fatalf("total %v, assigned costs sum to %v", total, sum)
	}
}

// randomMatrix draws an n x m matrix; kind 0 is uniform floats, 1 small
// integers (many ties), 2 signed values with large spread.
func randomMatrix(rng *rand.Rand, n, m, kind int) [][]float64 {
	c := make([][]float64, n)
	for i := range c {
		c[i] = make([]float64, m)
		for j := range c[i] {
			switch kind {
			case 0:
				c[i][j] = rng.Float64()
			case 1:
				c[i][j] = float64(rng.IntN(4))
			default:
				c[i][j] = (rng.Float64() - 0.5) * 1e6
			}
		}
	}
	return c
}

func TestDenseBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for n := 1; n <= 7; n++ {
		for _, m := range []int{n, n + 1, n + 3, max(1, n-2)} {
			for kind := range 3 {
				for range 6 {
					c := randomMatrix(rng, n, m, kind)
					rowToCol, total, err := Dense(c)
					if err != nil {
						t.Fatal(err)
					}
					checkDense(t, c, rowToCol, total)
					if want := bruteDense(c); math.Abs(total-want) > 1e-9*max(1, math.Abs(want)) {
						t.Fatalf("%dx%d kind %d: Dense %v, brute force %v\n%v", n, m, kind, total, want, c)
					}
				}
			}
		}
	}
}

func TestDenseKnown(t *testing.T) {
	// The example of scipy.optimize.linear_sum_assignment's documentation.
	c := [][]float64{{4, 1, 3}, {2, 0, 5}, {3, 2, 2}}
	rowToCol, total, err := Dense(c)
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 || rowToCol[0] != 1 || rowToCol[1] != 0 || rowToCol[2] != 2 {
		t.Fatalf("Dense = %v, %v, want [1 0 2], 5", rowToCol, total)
	}
	rowToCol, total, err = Dense([][]float64{{5}, {3}, {4}})
	if err != nil || total != 3 || rowToCol[0] != -1 || rowToCol[1] != 0 || rowToCol[2] != -1 {
		t.Fatalf("Dense 3x1 = %v, %v, %v, want [-1 0 -1], 3", rowToCol, total, err)
	}
	rowToCol, total, err = Dense([][]float64{{}, {}})
	if err != nil || len(rowToCol) != 2 || rowToCol[0] != -1 || rowToCol[1] != -1 || total != 0 {
		t.Fatalf("Dense 2x0 = %v, %v, %v, want [-1 -1], 0", rowToCol, total, err)
	}
	rowToCol, total, err = Dense(nil)
	if err != nil || len(rowToCol) != 0 || total != 0 {
		t.Fatalf("Dense(nil) = %v, %v, %v", rowToCol, total, err)
	}
}

func TestDenseInvalid(t *testing.T) {
	tests := []struct {
		name string
		c    [][]float64
		want string
	}{
		{"ragged", [][]float64{{1, 2}, {3}}, "cost row 1 has 1 entries, row 0 has 2"},
		{"NaN", [][]float64{{1, math.NaN()}}, "cost[0][1] is NaN"},
		{"+Inf", [][]float64{{1}, {math.Inf(1)}}, "cost[1][0] is +Inf"},
		{"-Inf", [][]float64{{math.Inf(-1)}}, "cost[0][0] is -Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Dense(tt.c)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Dense = %v, want an ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

// sapOnly solves a square matrix by shortest augmenting paths alone, with
// none of LAPJV's initialisation: the path Dense takes for rectangular
// matrices, used here to cross-check the square path on larger sizes.
func sapOnly(c [][]float64) float64 {
	n := len(c)
	l := &lap{n: n, m: n, c: c, v: make([]float64, n), rowsol: make([]int32, n), colsol: make([]int32, n),
		d: make([]float64, n), pred: make([]int32, n), collist: make([]int32, n)}
	for j := range l.colsol {
		l.colsol[j] = -1
	}
	for i := range n {
		l.augment(int32(i))
	}
	var total float64
	for i, j := range l.rowsol {
		total += c[i][j]
	}
	return total
}

func TestDenseLAPJVvsSAP(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, n := range []int{8, 30, 100, 250} {
		for kind := range 3 {
			c := randomMatrix(rng, n, n, kind)
			rowToCol, total, err := Dense(c)
			if err != nil {
				t.Fatal(err)
			}
			checkDense(t, c, rowToCol, total)
			if want := sapOnly(c); math.Abs(total-want) > 1e-9*max(1, math.Abs(want)) {
				t.Fatalf("n=%d kind %d: LAPJV %v, SAP %v", n, kind, total, want)
			}
		}
	}
}

func TestDenseMatchesSolve(t *testing.T) {
	// With unit talent capacities a Problem is a rectangular assignment:
	// one matrix row per unit of headcount, one column per talent plus one
	// "unassigned" column per matrix row, cost -score on edges and 0
	// elsewhere (a non-edge costs what leaving both sides free costs).
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range 60 {
		p := smallInstance(rng, 1+rng.IntN(6), 1+rng.IntN(8), 30, 3, []int64{5, 1000}[i%2])
		for c := range p.Cols {
			p.Cols[c] = min(p.Cols[c], 1)
		}
		var owner []int32
		for r, h := range p.Rows {
			for range h {
				owner = append(owner, int32(r))
			}
		}
		if len(owner) == 0 {
			continue
		}
		cost := make([][]float64, len(owner))
		for k, r := range owner {
			cost[k] = make([]float64, len(p.Cols)+len(owner))
			for _, e := range p.Edges {
				if e.Row == r && p.Cols[e.Col] > 0 {
					cost[k][e.Col] = -float64(e.Score)
				}
			}
		}
		_, total, err := Dense(cost)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Solve(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if -total != float64(res.Total) {
			t.Fatalf("instance %d: Dense %v, Solve %d", i, -total, res.Total)
		}
	}
}
