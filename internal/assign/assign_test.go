package assign

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := Problem{Rows: []int32{1, 2}, Cols: []int32{1, 0, 3}, Edges: []Edge{{0, 0, 5}, {1, 2, 7}, {1, 0, 1}}}
	tests := []struct {
		name string
		p    Problem
		want string // substring of the error; "" for valid
	}{
		{"valid", ok, ""},
		{"empty", Problem{}, ""},
		{"zero capacities", Problem{Rows: []int32{0}, Cols: []int32{0}, Edges: []Edge{{0, 0, 1}}}, ""},
		{"max score", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, MaxScore}}}, ""},
		{"negative row capacity", Problem{Rows: []int32{1, -1}, Cols: []int32{1}}, "row 1 has negative capacity -1"},
		{"negative column capacity", Problem{Rows: []int32{1}, Cols: []int32{-2}}, "column 0 has negative capacity -2"},
		{"row below range", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{-1, 0, 1}}}, "edge 0 has row -1"},
		{"row above range", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, 1}, {1, 0, 1}}}, "edge 1 has row 1, want 0 <= row < 1"},
		{"column below range", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, -3, 1}}}, "edge 0 has column -3"},
		{"column above range", Problem{Rows: []int32{1}, Cols: []int32{1, 1}, Edges: []Edge{{0, 2, 1}}}, "edge 0 has column 2, want 0 <= column < 2"},
		{"zero score", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, 0}}}, "edge 0 (row 0, col 0) has score 0, want > 0"},
		{"negative score", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, -4}}}, "has score -4"},
		{"score too large", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, MaxScore + 1}}}, "want <= 4503599627370496"},
		{"duplicate pair", Problem{Rows: []int32{2, 2}, Cols: []int32{2, 2}, Edges: []Edge{{0, 1, 3}, {1, 1, 3}, {0, 0, 1}, {0, 1, 4}}}, "edges 0 and 3 repeat the pair (row 0, col 1)"},
		{"score sum overflow", Problem{Rows: []int32{1 << 30}, Cols: make([]int32, 2100), Edges: overflowEdges(2100)}, "sum of scores overflows int64 at edge 2047"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			_, serr := Solve(context.Background(), tt.p)
			if tt.want == "" {
				if err != nil || serr != nil {
					t.Fatalf("Validate = %v, Solve error = %v, want nil", err, serr)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want error containing %q", err, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate error %v does not wrap ErrInvalid", err)
			}
			if serr == nil || serr.Error() != err.Error() {
				t.Errorf("Solve error = %v, want the Validate error", serr)
			}
		})
	}
}

// overflowEdges gives n edges of row 0 at MaxScore: 2048 of them sum to
// 2^63, one past math.MaxInt64, so edge 2047 overflows.
func overflowEdges(n int) []Edge {
	es := make([]Edge, n)
	for i := range es {
		es[i] = Edge{0, int32(i), MaxScore}
	}
	return es
}

func TestSolveSmallCases(t *testing.T) {
	tests := []struct {
		name   string
		p      Problem
		want   int64
		greedy int64
		pairs  []Pair // nil: not checked
	}{
		{"nothing", Problem{}, 0, 0, []Pair{}},
		{"no edges", Problem{Rows: []int32{3, 1}, Cols: []int32{2}}, 0, 0, []Pair{}},
		{"single edge", Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, 42}}}, 42, 42, []Pair{{0, 0, 42}}},
		{"zero row capacity", Problem{Rows: []int32{0, 1}, Cols: []int32{1}, Edges: []Edge{{0, 0, 9}, {1, 0, 2}}}, 2, 2, []Pair{{1, 0, 2}}},
		{"zero column capacity", Problem{Rows: []int32{2}, Cols: []int32{0, 1}, Edges: []Edge{{0, 0, 9}, {0, 1, 2}}}, 2, 2, []Pair{{0, 1, 2}}},
		{"all zero capacities", Problem{Rows: []int32{0}, Cols: []int32{0}, Edges: []Edge{{0, 0, 9}}}, 0, 0, []Pair{}},
		{"greedy trap", Problem{Rows: []int32{1, 1}, Cols: []int32{1, 1}, Edges: []Edge{{0, 0, 10}, {0, 1, 9}, {1, 0, 9}}},
			18, 10, []Pair{{0, 1, 9}, {1, 0, 9}}},
		{"headcount and capacity", Problem{Rows: []int32{2, 1}, Cols: []int32{2, 1},
			Edges: []Edge{{0, 0, 5}, {0, 1, 5}, {1, 0, 4}, {1, 1, 8}}}, 14, 13, []Pair{{0, 0, 5}, {0, 1, 5}, {1, 0, 4}}},
		{"pair used once", Problem{Rows: []int32{3}, Cols: []int32{3}, Edges: []Edge{{0, 0, 7}}}, 7, 7, []Pair{{0, 0, 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Solve(context.Background(), tt.p)
			if err != nil {
				t.Fatal(err)
			}
			checkFeasible(t, tt.p, res)
			if res.Total != tt.want {
				t.Errorf("Solve total = %d, want %d (pairs %v)", res.Total, tt.want, res.Pairs)
			}
			if tt.pairs != nil && !equalPairs(res.Pairs, tt.pairs) {
				t.Errorf("Solve pairs = %v, want %v", res.Pairs, tt.pairs)
			}
			g := Greedy(tt.p)
			checkFeasible(t, tt.p, g)
			if g.Total != tt.greedy {
				t.Errorf("Greedy total = %d, want %d", g.Total, tt.greedy)
			}
		})
	}
}

// equalPairs compares pair lists, treating nil and empty alike.
func equalPairs(a, b []Pair) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSolveCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := Problem{Rows: []int32{1}, Cols: []int32{1}, Edges: []Edge{{0, 0, 1}}}
	if _, err := Solve(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Solve with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestSolveCancelledMidway(t *testing.T) {
	p := sparseInstance(7, 2000, 20000, 20)
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel from inside the run: the check after 256 routed units must see it.
	ctx = &cancelAfter{Context: ctx, cancel: cancel, left: 2}
	if _, err := Solve(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Solve cancelled midway = %v, want context.Canceled", err)
	}
}

// cancelAfter is a context that cancels itself after its Err has been
// consulted left times.
type cancelAfter struct {
	context.Context
	cancel context.CancelFunc
	left   int
}

// Err counts down, then cancels.
func (c *cancelAfter) Err() error {
	if c.left--; c.left <= 0 {
		c.cancel()
	}
	return c.Context.Err()
}

func TestGreedyOrder(t *testing.T) {
	// Equal scores: ties go to the lower row, then the lower column.
	p := Problem{Rows: []int32{1, 1}, Cols: []int32{1, 1}, Edges: []Edge{{1, 0, 5}, {0, 1, 5}, {0, 0, 5}}}
	got := Greedy(p)
	want := []Pair{{0, 0, 5}}
	if !equalPairs(got.Pairs, want) || got.Total != 5 {
		t.Fatalf("Greedy = %+v, want pairs %v total 5", got, want)
	}
}

// checkFeasible fails t unless res is a feasible solution of p: every pair
// is an edge with its score, no pair repeats, capacities hold, pairs are
// sorted and Total is their sum.
func checkFeasible(t *testing.T, p Problem, res Result) {
	t.Helper()
	score := make(map[[2]int32]int64, len(p.Edges))
	for _, e := range p.Edges {
		score[[2]int32{e.Row, e.Col}] = e.Score
	}
	rowUse := make([]int32, len(p.Rows))
	colUse := make([]int32, len(p.Cols))
	var sum int64
	for i, pr := range res.Pairs {
		s, ok := score[[2]int32{pr.Row, pr.Col}]
		if !ok || s != pr.Score {
			t.Fatalf("pair %v is not an edge of the problem", pr)
		}
		if i > 0 {
			q := res.Pairs[i-1]
			if q.Row > pr.Row || q.Row == pr.Row && q.Col >= pr.Col {
				t.Fatalf("pairs %v, %v are out of order or repeated", q, pr)
			}
		}
		rowUse[pr.Row]++
		colUse[pr.Col]++
		sum += pr.Score
	}
	for r, u := range rowUse {
		if u > p.Rows[r] {
			t.Fatalf("row %d used %d times, capacity %d", r, u, p.Rows[r])
		}
	}
	for c, u := range colUse {
		if u > p.Cols[c] {
			t.Fatalf("column %d used %d times, capacity %d", c, u, p.Cols[c])
		}
	}
	if sum != res.Total {
		t.Fatalf("Total = %d, pairs sum to %d", res.Total, sum)
	}
}
