package coveragebench

import (
	"context"
	"errors"
	"math"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"dangjian/internal/coverage"
	"dangjian/internal/geo"
	"dangjian/internal/walk"
)

// small is a corpus for the correctness tests: 30k edges over a 20 × 15 km
// corner of the Sanya box, 30k homes, 40 posts.
func small() Config {
	return Config{Box: geo.BBox{MinX: 109.4, MinY: 18.2, MaxX: 109.6, MaxY: 18.35}, Edges: 30000, Homes: 30000, Posts: 40}
}

var smallCorpus = sync.OnceValue(func() *Corpus { return NewCorpus(small()) })

// TestStagedMatchesDistances checks that the staged replica used for the
// time split computes what coverage.Distances computes.
func TestStagedMatchesDistances(t *testing.T) {
	c := smallCorpus()
	w, err := coverage.Distances(t.Context(), c.G, c.Homes, c.Posts, Cutoff, 1.3, nil)
	if err != nil {
		t.Fatal(err)
	}
	metres, nearest, _ := Staged(c.G, c.Homes, c.Posts, Cutoff)
	if !slices.Equal(metres, w.Metres) || !slices.Equal(nearest, w.Nearest) {
		t.Fatal("Staged and coverage.Distances disagree")
	}
	cov, cnt := Share(c.Homes, w, Cutoff)
	if cov == 0 || cov == cnt {
		t.Errorf("covered %d of %d people: the corpus should be partly covered", cov, cnt)
	}
}

// TestCoverSetsMatchBounded checks coverage.CoverSets, which the ILP is
// built from, against bounded searches from each candidate: a home is in a
// candidate's set when it is uncovered and counted and the candidate's snap
// plus the walk to the home's node plus the home's snap is within the cutoff.
func TestCoverSetsMatchBounded(t *testing.T) {
	c := smallCorpus()
	s, err := NewSiting(t.Context(), c.G, c.Homes, c.Posts, 60)
	if err != nil {
		t.Fatal(err)
	}
	sets := coverage.CoverSets(s.Problem)
	sn := walk.NewSnapper(c.G)
	atNode := map[int32][]int32{}
	snap := make([]float32, len(c.Homes))
	for i, h := range c.Homes {
		if v, m, ok := sn.Nearest(h.Lat, h.Lng, coverage.SnapMax); ok && s.Problem.Counted[i] && !s.Problem.Covered[i] {
			atNode[v] = append(atNode[v], int32(i))
			snap[i] = float32(m)
		}
	}
	nonEmpty := 0
	for ci, cand := range s.Problem.Candidates {
		v, m, ok := sn.Nearest(cand.Lat, cand.Lng, coverage.SnapMax)
		var want []int32
		if ok {
			walk.Bounded(c.G, v, float32(m), Cutoff, func(u int32, d float32) {
				for _, h := range atNode[u] {
					if d+snap[h] <= Cutoff {
						want = append(want, h)
					}
				}
			})
		}
		got := slices.Clone(sets[ci])
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("candidate %d: CoverSets has %d homes, bounded search %d", ci, len(got), len(want))
		}
		if len(got) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(sets)/2 {
		t.Errorf("only %d of %d candidates cover anyone", nonEmpty, len(sets))
	}
}

func TestAggregate(t *testing.T) {
	sets := [][]int32{{0, 1, 2}, {1, 2, 3}, {3}}
	rows := Aggregate(sets, func(h int32) int { return int(h) + 1 })
	// Home 0: {0}; homes 1, 2: {0,1}; home 3: {1,2}.
	want := []Row{{[]int32{0}, 1}, {[]int32{0, 1}, 5}, {[]int32{1, 2}, 4}}
	if len(rows) != len(want) {
		t.Fatalf("rows %v", rows)
	}
	for i := range want {
		if !slices.Equal(rows[i].Cands, want[i].Cands) || rows[i].People != want[i].People {
			t.Errorf("row %d: %v, want %v", i, rows[i], want[i])
		}
	}
	if v := Value(rows, []int{2}); v != 4 {
		t.Errorf("Value {2} = %d", v)
	}
}

// TestSolverMatchesBruteForce runs the ILP solver on a small random MCLP
// and compares it with trying every choice; skipped without cbc or glpsol.
func TestSolverMatchesBruteForce(t *testing.T) {
	sv, err := FindSolver()
	if errors.Is(err, ErrNoSolver) {
		t.Skip(err)
	}
	c := smallCorpus()
	s, err := NewSiting(t.Context(), c.G, c.Homes, c.Posts, 14)
	if err != nil {
		t.Fatal(err)
	}
	rows := Aggregate(coverage.CoverSets(s.Problem), func(h int32) int { return int(c.Homes[h].People) })
	const k = 3
	n := len(s.Problem.Candidates)
	best := 0
	for a := range n {
		for b := a + 1; b < n; b++ {
			for d := b + 1; d < n; d++ {
				best = max(best, Value(rows, []int{a, b, d}))
			}
		}
	}
	res, err := sv.Solve(t.Context(), t.TempDir(), rows, n, k, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Optimal || len(res.Chosen) != k || Value(rows, res.Chosen) != best {
		t.Errorf("%s: %q, chose %v worth %d; brute force %d", sv.Name, res.Status, res.Chosen, Value(rows, res.Chosen), best)
	}
	s.Problem.K = k
	plan, err := coverage.Solve(t.Context(), s.Problem, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g := Gain(plan); g != Value(rows, Picks(plan)) || g > best {
		t.Errorf("Solve gains %d, its picks are worth %d on the cover sets; optimum %d", g, Value(rows, Picks(plan)), best)
	}
}

// TestPgRoutingMatchesMultiSource compares pgr_drivingDistance from a few
// posts with walk.MultiSource on the small network; it needs COVBENCH_PG
// and pgRouting.
func TestPgRoutingMatchesMultiSource(t *testing.T) {
	pg := openPG(t)
	c := smallCorpus()
	if _, err := pg.Load(t.Context(), "edges_small", c.G, NetKey(c.Config, c.G)); err != nil {
		t.Fatal(err)
	}
	src := SnapPosts(walk.NewSnapper(c.G), c.Posts)[:8]
	per := NewPerNode(c.G.N())
	for _, s := range src {
		if err := pg.Driving(t.Context(), s.Node, Cutoff, per.Add(s.ID, float64(s.Start), Cutoff)); err != nil {
			t.Fatal(err)
		}
	}
	dist := make([]float32, c.G.N())
	walk.MultiSource(c.G, src, Cutoff, dist, nil)
	cmp := CompareNodes(per.Dist, dist, Cutoff, 0.5)
	if cmp.Bad > 0 || cmp.Both == 0 {
		t.Errorf("%+v", cmp)
	}
}

// openPG connects to COVBENCH_PG, skipping without it or without pgRouting.
func openPG(tb testing.TB) *PgRouting {
	url := os.Getenv("COVBENCH_PG")
	if url == "" {
		tb.Skip("COVBENCH_PG is unset (scripts/bench-coverage.sh sets it)")
	}
	pg, err := OpenPgRouting(context.Background(), url)
	if errors.Is(err, ErrNoPgRouting) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pg.Close() })
	return pg
}

// NodeCmp counts how two per-node distance arrays agree.
type NodeCmp struct {
	Both, OnlyA, OnlyB int     // nodes reached by both, by one only
	Border             int     // reached by one only, within tol of the cutoff
	Bad                int     // |a-b| > tol, or reached by one only away from the cutoff
	MaxDiff            float64 // over nodes reached by both
}

// CompareNodes compares a (pgRouting, float64) with b (ours, float32; +Inf
// unreached) within tol metres.
func CompareNodes(a []float64, b []float32, cutoff, tol float64) NodeCmp {
	var r NodeCmp
	for v := range a {
		ia, ib := math.IsInf(a[v], 1), math.IsInf(float64(b[v]), 1)
		switch {
		case ia && ib:
		case !ia && !ib:
			r.Both++
			d := math.Abs(a[v] - float64(b[v]))
			r.MaxDiff = max(r.MaxDiff, d)
			if d > tol {
				r.Bad++
			}
		default:
			x := a[v]
			if ia {
				r.OnlyB++
				x = float64(b[v])
			} else {
				r.OnlyA++
			}
			if x >= cutoff-tol {
				r.Border++
			} else {
				r.Bad++
			}
		}
	}
	return r
}

var full = sync.OnceValue(func() *Corpus { return NewCorpus(Full()) })

var sink int

// BenchmarkDistances is coverage.Distances on the full corpus: 1,000 posts,
// 1,000,000 homes, a network of about 1,000,000 edges, cutoff 1000 m.
func BenchmarkDistances(b *testing.B) {
	c := full()
	for b.Loop() {
		w, err := coverage.Distances(b.Context(), c.G, c.Homes, c.Posts, Cutoff, 1.3, nil)
		if err != nil {
			b.Fatal(err)
		}
		sink += int(w.Nearest[0])
	}
}

// BenchmarkMultiSource is the search alone: walk.MultiSource from the 1,000
// snapped posts.
func BenchmarkMultiSource(b *testing.B) {
	c := full()
	src := SnapPosts(walk.NewSnapper(c.G), c.Posts)
	dist, from := make([]float32, c.G.N()), make([]int32, c.G.N())
	for b.Loop() {
		walk.MultiSource(c.G, src, Cutoff, dist, from)
	}
}

// BenchmarkSolve is coverage.Solve with K=20 among 10,000 generated
// candidates and the 1,000,000 homes.
func BenchmarkSolve(b *testing.B) {
	c := full()
	s, err := NewSiting(b.Context(), c.G, c.Homes, c.Posts, 10000)
	if err != nil {
		b.Fatal(err)
	}
	s.Problem.K = 20
	for b.Loop() {
		plan, err := coverage.Solve(b.Context(), s.Problem, nil)
		if err != nil {
			b.Fatal(err)
		}
		sink += plan.Total
	}
}

// BenchmarkPgrDrivingDistance is one pgr_drivingDistance call (1000 m) from
// a post's node on the full network; it needs COVBENCH_PG and pgRouting.
func BenchmarkPgrDrivingDistance(b *testing.B) {
	pg := openPG(b)
	c := full()
	if _, err := pg.Load(b.Context(), "edges", c.G, NetKey(c.Config, c.G)); err != nil {
		b.Fatal(err)
	}
	src := SnapPosts(walk.NewSnapper(c.G), c.Posts)
	i := 0
	for b.Loop() {
		if err := pg.Driving(b.Context(), src[i%len(src)].Node, Cutoff, func(int32, float64) { sink++ }); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
