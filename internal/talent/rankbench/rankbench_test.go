package rankbench

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/talent"
	"dangjian/internal/talent/talentgen"
)

// Relevance test corpus: small enough for go test ./... (Bleve indexes
// 20k talents in about 2 s).
const (
	testTalents = 20000
	testQueries = 100
)

// TestRelevance compares nDCG@10 of our ranker and Bleve on the held-out
// corpus and query set (README.md); the development queries are logged
// beside them. Measured 2026-11-27 (rank.go with text 0.45, skill 0.30 and
// the availability gate): held-out ours 0.9707, Bleve 0.9557; development
// queries ours 0.9899, Bleve 0.9775; six other unseen seeds ours ahead by
// 0.007–0.034. With the earlier weights (skill 0.40, text 0.15, no gate)
// ours scored 0.92 against Bleve's 0.98 and this test failed. The floors
// sit under the measured values with margin; ours ≥ Bleve is the claim
// under test.
func TestRelevance(t *testing.T) {
	c := NewCorpus(HeldOutSeed, testTalents, testQueries)
	ix, _ := c.BuildOurs()
	dir := os.Getenv("RANKBENCH_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	bl, err := c.OpenBleve(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	ours, blv := compare(t, c, ix, bl)
	dev := c.WithDemands(Seed, testQueries)
	devOurs, devBleve := compare(t, dev, ix, bl)
	t.Logf("development queries (seed %d, tuned on): ours %.4f, Bleve %.4f", Seed, devOurs.Mean, devBleve.Mean)
	t.Logf("held-out queries (seed %d), %d talents: ours %.4f, Bleve %.4f", HeldOutSeed, c.N, ours.Mean, blv.Mean)
	for _, k := range kinds(c) {
		t.Logf("  %-28s %3d demands: ours %.4f, Bleve %.4f", k.name, len(k.idx), mean(ours.PerQuery, k.idx), mean(blv.PerQuery, k.idx))
	}
	const oursFloor, bleveFloor = 0.93, 0.85
	if blv.Mean < bleveFloor {
		t.Errorf("Bleve nDCG@10 %.4f < %.2f: the baseline is broken, the comparison means nothing", blv.Mean, bleveFloor)
	}
	if ours.Mean < oursFloor {
		t.Errorf("our nDCG@10 %.4f < %.2f", ours.Mean, oursFloor)
	}
	if ours.Mean < blv.Mean {
		t.Errorf("our nDCG@10 %.4f < Bleve's %.4f", ours.Mean, blv.Mean)
	}
}

// compare evaluates both systems on the corpus's query set.
func compare(t testing.TB, c *Corpus, ix *talent.Index, bl *Bleve) (ours, blv Eval) {
	ideal := c.Ideals()
	ours = c.Evaluate(ideal, func(d talentgen.Demand) []int64 { return Ours(ix, d, K) })
	blv = c.Evaluate(ideal, func(d talentgen.Demand) []int64 {
		ids, err := bl.Search(d, K)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	})
	return ours, blv
}

// TestNDCG checks the metric on a hand-made case.
func TestNDCG(t *testing.T) {
	tax := talent.DefaultTaxonomy()
	stay := []talent.Stay{{Start: "2026-11-01", End: "2027-03-01", Slots: talent.AllSlots}}
	past := []talent.Stay{{Start: "2025-11-01", End: "2026-03-01", Slots: talent.AllSlots}}
	mk := func(id int64, latent string, st talent.Status, stays []talent.Stay) talentgen.Talent {
		return talentgen.Talent{Doc: talent.Doc{ID: id, Status: st, Stays: stays}, Latent: latent}
	}
	ts := []talentgen.Talent{
		mk(1, "med.internal.cardio", talent.Verified, stay), // 3
		mk(2, "med.internal", talent.Verified, stay),        // 2: parent
		mk(3, "med.internal.resp", talent.Verified, stay),   // 1: sibling
		mk(4, "med.surgery.ortho", talent.Verified, stay),   // 0: cousin
		mk(5, "med.internal.cardio", talent.Pending, stay),  // 0: not verified
		mk(6, "med.internal.cardio", talent.Verified, past), // 0: not here
		mk(7, "edu.primary.math", talent.Verified, stay),    // 0
	}
	l := NewLabels(tax, ts)
	d := talentgen.Demand{Latent: "med.internal.cardio"}
	d.Query.Start, _ = talent.ParseDay("2026-12-01")
	d.Query.End, _ = talent.ParseDay("2026-12-31")
	for id, want := range []int{3, 2, 1, 0, 0, 0, 0} {
		if g := l.Grade(d, int64(id+1)); g != want {
			t.Errorf("grade of talent %d: %d, want %d", id+1, g, want)
		}
	}
	if n := l.Counts(d); n != [4]int{4, 1, 1, 1} {
		t.Errorf("counts %v", n)
	}
	ideal := 7/math.Log2(2) + 3/math.Log2(3) + 1/math.Log2(4)
	if got := l.IdealDCG(d, K); math.Abs(got-ideal) > 1e-12 {
		t.Errorf("ideal DCG %v, want %v", got, ideal)
	}
	if got := l.NDCG(d, []int64{1, 2, 3}, ideal, K); math.Abs(got-1) > 1e-12 {
		t.Errorf("ideal ranking: nDCG %v", got)
	}
	want := (0 + 7/math.Log2(3) + 1/math.Log2(4) + 3/math.Log2(5)) / ideal
	if got := l.NDCG(d, []int64{4, 1, 3, 2}, ideal, K); math.Abs(got-want) > 1e-12 {
		t.Errorf("nDCG %v, want %v", got, want)
	}
	d2 := talentgen.Demand{Latent: "med.internal.resp", Query: d.Query}
	if g := l.Grade(d2, 2); g != 2 {
		t.Errorf("child for a parent: %d", g)
	}
}

// kind is a class of demands, to break a mean down.
type kind struct {
	name string
	idx  []int
}

func kinds(c *Corpus) []kind {
	ks := []kind{{name: "required = latent skill"}, {name: "required = its parent"}, {name: "with an optional skill"}, {name: "without"}}
	for i, d := range c.Demands {
		if d.Query.Required[0] == d.Latent {
			ks[0].idx = append(ks[0].idx, i)
		} else {
			ks[1].idx = append(ks[1].idx, i)
		}
		if len(d.Query.Optional) > 0 {
			ks[2].idx = append(ks[2].idx, i)
		} else {
			ks[3].idx = append(ks[3].idx, i)
		}
	}
	return ks
}

func mean(xs []float64, idx []int) float64 {
	var s float64
	for _, i := range idx {
		s += xs[i]
	}
	return s / float64(max(len(idx), 1))
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(strings.ReplaceAll(os.Getenv(name), "_", "")); err == nil && v > 0 {
		return v
	}
	return def
}

func memStats() runtime.MemStats {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func procStatus(key string) string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			return strings.TrimSpace(strings.TrimPrefix(line, key+":"))
		}
	}
	return "?"
}

// TestRankReport is the benchmark report (scripts/bench-talent.sh): at
// RANKBENCH_N talents (default 1,000,000) it builds both indexes, measures
// nDCG@10 over RANKBENCH_QUERIES demands (200) and the latency of
// RANKBENCH_LATENCY_QUERIES queries (2,000, after one warm-up pass over
// the demands) for each, and prints a markdown report. It runs only with
// RANKBENCH_REPORT=1.
func TestRankReport(t *testing.T) {
	if os.Getenv("RANKBENCH_REPORT") != "1" {
		t.Skip("set RANKBENCH_REPORT=1 (scripts/bench-talent.sh)")
	}
	n := envInt("RANKBENCH_N", 1_000_000)
	nq := envInt("RANKBENCH_QUERIES", 200)
	nl := envInt("RANKBENCH_LATENCY_QUERIES", 2000)
	out := func(format string, a ...any) { fmt.Printf(format+"\n", a...) }

	m0 := memStats()
	c := NewCorpus(HeldOutSeed, n, nq)
	mGen := memStats()
	out("generated %d talents and %d demands in %v (held-out seed %d); profiles on the Go heap: %s",
		n, nq, c.GenTime.Round(time.Millisecond), HeldOutSeed, mib(mGen.HeapAlloc-m0.HeapAlloc))

	bl, err := c.OpenBleve(BleveDir())
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	mBleve := memStats()
	bleveBuild := "cached (" + bl.Path + ")"
	if bl.Built {
		bleveBuild = bl.BuildTime.Round(time.Second).String() + ", batches of " + strconv.Itoa(bleveBatch) + ", merged to one segment"
	}
	out("Bleve index: %s; %s on disk", bleveBuild, mib(uint64(bl.DiskBytes)))

	ix, oursBuild := c.BuildOurs()
	mOurs := memStats()
	c.Drop()
	mEnd := memStats()
	out("our index: built in %v", oursBuild.Round(time.Millisecond))

	var eligible [4]float64
	for _, d := range c.Demands {
		cnt := c.Labels.Counts(d)
		for g := range cnt {
			eligible[g] += float64(cnt[g]) / float64(len(c.Demands))
		}
	}
	ours, blv := compare(t, c, ix, bl)
	devOurs, devBleve := compare(t, c.WithDemands(Seed, nq), ix, bl)

	// Latency: one warm-up pass over the demands, then nl queries each,
	// cycling through the demands, one at a time.
	lat := func(f func(d talentgen.Demand)) Percentiles {
		for _, d := range c.Demands {
			f(d)
		}
		runtime.GC()
		ds := make([]time.Duration, nl)
		for i := range ds {
			d := c.Demands[i%len(c.Demands)]
			t0 := time.Now()
			f(d)
			ds[i] = time.Since(t0)
		}
		return Summarize(ds)
	}
	po := lat(func(d talentgen.Demand) { ix.Rank(d.Query, K) })
	pb := lat(func(d talentgen.Demand) {
		if _, err := bl.Search(d, K); err != nil {
			t.Fatal(err)
		}
	})

	out("")
	out("| %d talents, %d demands (held-out seed %d) | ours: talent.Index.Rank | Bleve v2.6.3: scorch, cjk, BM25 | Bleve ÷ ours |", n, nq, HeldOutSeed)
	out("|---|---|---|---|")
	out("| nDCG@10, mean | %.4f | %.4f | |", ours.Mean, blv.Mean)
	for _, k := range kinds(c) {
		out("| … %s (%d) | %.4f | %.4f | |", k.name, len(k.idx), mean(ours.PerQuery, k.idx), mean(blv.PerQuery, k.idx))
	}
	out("| nDCG@10, development queries (seed %d, tuned on) | %.4f | %.4f | |", Seed, devOurs.Mean, devBleve.Mean)
	row := func(name string, f func(p Percentiles) float64) {
		out("| %s | %.2f ms | %.2f ms | %.1f× |", name, f(po), f(pb), f(pb)/f(po))
	}
	out("| latency, %d queries | | | |", nl)
	row("… p50", func(p Percentiles) float64 { return p.P50 })
	row("… p90", func(p Percentiles) float64 { return p.P90 })
	row("… p99", func(p Percentiles) float64 { return p.P99 })
	row("… max", func(p Percentiles) float64 { return p.Max })
	row("… mean", func(p Percentiles) float64 { return p.Mean })
	out("| build | %v | %s | |", oursBuild.Round(time.Millisecond), bleveBuild)
	out("| Go heap after build (live bytes the index added) | %s | %s | |", mib(mOurs.HeapAlloc-mBleve.HeapAlloc), mib(mBleve.HeapAlloc-mGen.HeapAlloc))
	out("| on disk | – | %s | |", mib(uint64(bl.DiskBytes)))
	out("")
	out("eligible talents per demand (mean over the query set): grade 3 %.0f, grade 2 %.0f, grade 1 %.0f",
		eligible[3], eligible[2], eligible[1])
	out("Go heap after dropping the generated profiles (both indexes, labels, demands): HeapAlloc %s, HeapInuse %s, Sys %s",
		mib(mEnd.HeapAlloc), mib(mEnd.HeapInuse), mib(mEnd.Sys))
	out("process: VmRSS %s, peak VmHWM %s; GOMAXPROCS %d", procStatus("VmRSS"), procStatus("VmHWM"), runtime.GOMAXPROCS(0))
}

// Benchmarks over the same corpus (RANKBENCH_N talents, default 1M) and
// query set, cycling through the demands.
var (
	benchCorpusOnce, benchOursOnce, benchBleveOnce sync.Once
	benchCorpus                                    *Corpus
	benchIndex                                     *talent.Index
	benchBleve                                     *Bleve
	benchErr                                       error
)

func benchSetup(b *testing.B, ours, blv bool) {
	benchCorpusOnce.Do(func() {
		benchCorpus = NewCorpus(HeldOutSeed, envInt("RANKBENCH_N", 1_000_000), envInt("RANKBENCH_QUERIES", 200))
	})
	if ours {
		benchOursOnce.Do(func() { benchIndex, _ = benchCorpus.BuildOurs() })
	}
	if blv {
		benchBleveOnce.Do(func() { benchBleve, benchErr = benchCorpus.OpenBleve(BleveDir()) })
		if benchErr != nil {
			b.Fatal(benchErr)
		}
	}
	b.ResetTimer()
}

func BenchmarkRankOurs(b *testing.B) {
	benchSetup(b, true, false)
	ds := benchCorpus.Demands
	i := 0
	for b.Loop() {
		benchIndex.Rank(ds[i%len(ds)].Query, K)
		i++
	}
}

func BenchmarkRankBleve(b *testing.B) {
	benchSetup(b, false, true)
	ds := benchCorpus.Demands
	i := 0
	for b.Loop() {
		if _, err := benchBleve.Search(ds[i%len(ds)], K); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
