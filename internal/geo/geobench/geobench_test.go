package geobench

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"dangjian/internal/geo"
	"dangjian/internal/geo/geogen"
)

// TestIndexMatchesBrute checks the index on a 40 × 22 tiling against testing
// every polygon: each random point of the box is in exactly one grid.
func TestIndexMatchesBrute(t *testing.T) {
	cfg := geogen.Sanya(GridSeed)
	cfg.NX, cfg.NY = 40, 22
	c := NewCorpus(cfg)
	if c.Index.Len() != 880 {
		t.Fatalf("Len = %d", c.Index.Len())
	}
	var all []int64
	for _, pt := range geogen.Points(PointSeed, cfg.Box, 5000) {
		want, wok := c.Brute(pt)
		got, ok := c.Index.Locate(pt)
		if all = c.Index.LocateAll(pt, all[:0]); !wok || !ok || got != want || len(all) != 1 {
			t.Fatalf("%v: Locate = %d, %v; LocateAll = %v; brute force %d, %v", pt, got, ok, all, want, wok)
		}
	}
	if _, ok := c.Index.Locate(geo.Point{108.8, 18.3}); ok {
		t.Error("found a grid west of the box")
	}
}

func TestWKB(t *testing.T) {
	p := geo.Polygon{geo.Ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}
	b := WKB(p)
	if len(b) != 1+4+4+4+4*16 {
		t.Fatalf("len = %d", len(b))
	}
	le := binary.LittleEndian
	if b[0] != 1 || le.Uint32(b[1:]) != 3 || le.Uint32(b[5:]) != 1 || le.Uint32(b[9:]) != 4 {
		t.Errorf("header % x", b[:13])
	}
	if le.Uint64(b[13+16:]) != 0x3ff0000000000000 { // x of the second point, 1.0
		t.Errorf("second point % x", b[29:45])
	}
}

// The 10k-grid corpus of the benchmarks, built on first use.
var big = sync.OnceValues(func() (*Corpus, []geo.Point) {
	c := NewCorpus(geogen.Sanya(GridSeed))
	return c, geogen.Points(PointSeed, c.Config.Box, 100000)
})

var sink int64

// BenchmarkLocate is the plain cost of geo.Index.Locate over the Sanya
// tiling (10,050 grids of 100 vertices), cycling over 100k random points.
func BenchmarkLocate(b *testing.B) {
	c, pts := big()
	i := 0
	for b.Loop() {
		id, _ := c.Index.Locate(pts[i%len(pts)])
		sink += id
		i++
	}
}

// BenchmarkLocateSampled times each lookup on its own and reports the p50
// and p99 of those times (each includes one clock read, about 20–40 ns).
func BenchmarkLocateSampled(b *testing.B) {
	c, pts := big()
	d := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		pt := pts[i%len(pts)]
		start := time.Now()
		id, _ := c.Index.Locate(pt)
		d = append(d, time.Since(start))
		sink += id
		i++
	}
	b.ReportMetric(float64(Quantile(d, 0.5).Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(Quantile(d, 0.99).Nanoseconds()), "p99-ns")
}

// BenchmarkPostGIS times the prepared ST_Contains query from Go, one query
// per point, on the same tiling; it needs GEOBENCH_PG and PostGIS.
func BenchmarkPostGIS(b *testing.B) {
	pg := openPG(b)
	c, pts := big()
	if _, err := pg.Load(b.Context(), c); err != nil {
		b.Fatal(err)
	}
	for _, pt := range geogen.Points(PointSeed+2, c.Config.Box, 500) { // warm-up
		if _, _, err := pg.Locate(b.Context(), pt); err != nil {
			b.Fatal(err)
		}
	}
	d := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		pt := pts[i%len(pts)]
		start := time.Now()
		id, _, err := pg.Locate(b.Context(), pt)
		d = append(d, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		sink += id
		i++
	}
	b.ReportMetric(float64(Quantile(d, 0.5).Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(Quantile(d, 0.99).Nanoseconds())/1e3, "p99-µs")
}

// openPG connects to GEOBENCH_PG, skipping without it or without PostGIS.
func openPG(tb testing.TB) *PostGIS {
	url := os.Getenv("GEOBENCH_PG")
	if url == "" {
		tb.Skip("GEOBENCH_PG is unset (scripts/bench-geo.sh sets it)")
	}
	pg, err := OpenPostGIS(context.Background(), url)
	if errors.Is(err, ErrNoPostGIS) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pg.Close() })
	return pg
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestGeoReport prints the comparison of scripts/bench-geo.sh: rounds of
// our lookups and of PostGIS queries, interleaved, and their medians.
func TestGeoReport(t *testing.T) {
	if os.Getenv("GEOBENCH_REPORT") != "1" {
		t.Skip("set GEOBENCH_REPORT=1 (scripts/bench-geo.sh)")
	}
	rounds := envInt("GEOBENCH_ROUNDS", 5)
	lookups := envInt("GEOBENCH_LOOKUPS", 200000)
	queries := envInt("GEOBENCH_QUERIES", 5000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, _ := big()
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Printf("== corpus: %d grids of %d vertices (geogen.Sanya(%d)), %s; NewIndex %v; corpus + index heap %.0f MiB\n",
		len(c.Polys), 4*c.Config.Side, GridSeed, boxString(c.Config.Box), c.Build.Round(time.Millisecond),
		float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	checkBrute(t, c, geogen.Points(PointSeed+1, c.Config.Box, 20000))

	var pg *PostGIS
	if os.Getenv("GEOBENCH_PG") == "" {
		fmt.Println("== PostGIS: skipped (GEOBENCH_PG unset)")
	} else {
		pg = openPG(t)
		preparePG(t, pg, c)
	}
	var ours, oursBatch, clock, pgP50, pgP99, echo []time.Duration
	var oursP99 []time.Duration
	for r := range rounds {
		pts := geogen.Points(PointSeed+10+uint64(r), c.Config.Box, lookups)
		o := Sample(pts, func(pt geo.Point) { id, _ := c.Index.Locate(pt); sink += id })
		batch := batchTime(c.Index, pts)
		clk := Median(Sample(pts[:10000], func(geo.Point) {}))
		ours, oursP99 = append(ours, Median(o)), append(oursP99, Quantile(o, 0.99))
		oursBatch, clock = append(oursBatch, batch), append(clock, clk)
		line := fmt.Sprintf("round %d: ours p50 %v p99 %v, %v/lookup in a loop (clock read %v)",
			r+1, Median(o), Quantile(o, 0.99), batch, clk)
		if pg != nil {
			p, e := roundPG(t, pg, c, pts[:queries])
			pgP50, pgP99, echo = append(pgP50, Quantile(p, 0.5)), append(pgP99, Quantile(p, 0.99)), append(echo, e)
			line += fmt.Sprintf("; PostGIS p50 %v p99 %v (SELECT $1+$2 p50 %v)", Quantile(p, 0.5), Quantile(p, 0.99), e)
		}
		fmt.Println(line)
	}
	fmt.Printf("== ours (median of %d rounds × %d lookups): p50 %v, p99 %v, %v/lookup in a loop; a clock read costs %v of each sample\n",
		rounds, lookups, Median(ours), Median(oursP99), Median(oursBatch), Median(clock))
	verdict(Median(ours) <= 2*time.Microsecond, "p50 ≤ 2 µs")
	if pg == nil {
		return
	}
	ratio := float64(Median(pgP50)) / float64(Median(ours))
	fmt.Printf("== PostGIS (median of %d rounds × %d queries): p50 %v, p99 %v; round-trip floor (SELECT $1+$2) p50 %v\n",
		rounds, queries, Median(pgP50), Median(pgP99), Median(echo))
	fmt.Printf("== ratio PostGIS p50 / ours p50: %.0f× (against ours in a loop: %.0f×)\n",
		ratio, float64(Median(pgP50))/float64(Median(oursBatch)))
	verdict(ratio >= 20, "≥ 20× faster than PostGIS")
}

func boxString(b geo.BBox) string {
	return fmt.Sprintf("lng %g–%g, lat %g–%g", b.MinX, b.MaxX, b.MinY, b.MaxY)
}

func verdict(ok bool, goal string) {
	if ok {
		fmt.Println("   goal met:", goal)
	} else {
		fmt.Println("   GOAL MISSED:", goal)
	}
}

// checkBrute compares Locate with testing every polygon.
func checkBrute(t *testing.T, c *Corpus, pts []geo.Point) {
	bad := 0
	for _, pt := range pts {
		want, wok := c.Brute(pt)
		if got, ok := c.Index.Locate(pt); got != want || ok != wok {
			bad++
		}
	}
	fmt.Printf("== correctness: %d of %d random points resolved differently from brute force\n", bad, len(pts))
	if bad > 0 {
		t.Errorf("%d lookups disagree with brute force", bad)
	}
}

// batchTime is the mean time of a lookup over pts in one loop.
func batchTime(ix *geo.Index, pts []geo.Point) time.Duration {
	start := time.Now()
	for _, pt := range pts {
		id, _ := ix.Locate(pt)
		sink += id
	}
	return time.Since(start) / time.Duration(len(pts))
}

// preparePG loads the corpus, warms the cache and checks the plan.
func preparePG(t *testing.T, pg *PostGIS, c *Corpus) {
	ctx := t.Context()
	v, err := pg.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	loaded, err := pg.Load(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	how := "already loaded"
	if loaded {
		how = fmt.Sprintf("loaded in %v", time.Since(start).Round(time.Millisecond))
	}
	pt := c.Polys[0][0][3]
	uses, plan, err := pg.UsesIndex(ctx, pt)
	if err != nil {
		t.Fatal(err)
	}
	if !uses {
		t.Fatalf("the query plan does not use the GiST index: %s", plan)
	}
	fmt.Printf("== PostGIS: %s; table grids %s; plan: %s\n", v, how, plan)
	for _, pt := range geogen.Points(PointSeed+2, c.Config.Box, 2000) { // warm-up
		if _, _, err := pg.Locate(ctx, pt); err != nil {
			t.Fatal(err)
		}
	}
}

// roundPG times one query per point, checks each answer against ours, and
// returns the times and the p50 round trip of a query touching no table.
func roundPG(t *testing.T, pg *PostGIS, c *Corpus, pts []geo.Point) ([]time.Duration, time.Duration) {
	ctx := t.Context()
	got := make([]int64, 0, len(pts))
	d := Sample(pts, func(pt geo.Point) {
		id, _, err := pg.Locate(ctx, pt)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	})
	bad := 0
	for i, pt := range pts {
		if want, _ := c.Index.Locate(pt); got[i] != want {
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("PostGIS and the index disagree on %d of %d points", bad, len(pts))
	}
	e := Sample(pts[:min(len(pts), 2000)], func(pt geo.Point) {
		if err := pg.Echo(ctx, pt); err != nil {
			t.Fatal(err)
		}
	})
	return d, Median(e)
}
