package walk

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// unit is the length of 0.001° of longitude at the equator, and (to 1e-9)
// of latitude and of longitude at 0.001°–0.002° north: the tiny network
// lies on a grid of such units, so hand-computed distances are whole units.
var unit = Haversine(0, 0, 0, 0.001)

// tiny is the hand-made network (x, y in units):
//
//	A(0,0) ─ B(1,0) ─ C(2,0) ─ D(3,0)        H(10,10) ─ I(11,10)
//	│                 │
//	E(0,1) ────────── F(2,1)
//	                  │
//	                  G(2,2)
//
// with a duplicate edge B–A and a self-loop C–C that Build drops.
func tiny(t testing.TB) *Graph {
	b := NewBuilder(0, 0)
	pts := []struct {
		id   int64
		x, y float64
	}{{'A', 0, 0}, {'B', 1, 0}, {'C', 2, 0}, {'D', 3, 0}, {'E', 0, 1}, {'F', 2, 1}, {'G', 2, 2}, {'H', 10, 10}, {'I', 11, 10}}
	for i, p := range pts {
		if got := b.AddNode(p.id, p.y*0.001, p.x*0.001); got != int32(i) {
			t.Fatalf("AddNode(%c) = %d, want %d", p.id, got, i)
		}
	}
	b.AddNode('A', 5, 5) // again: ignored
	for _, e := range []string{"AB", "BC", "CD", "AE", "EF", "CF", "FG", "HI", "BA", "CC"} {
		if err := b.AddEdge(int64(e[0]), int64(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.AddEdge('A', 'Z'); !errors.Is(err, ErrUnknownNode) {
		t.Fatalf("AddEdge to unknown node: %v", err)
	}
	return b.Build()
}

// node returns the index of a tiny node by letter.
func node(c byte) int32 { return int32(c - 'A') }

func near(a float32, units float64) bool {
	return math.Abs(float64(a)-units*unit) < 1e-3
}

func TestBuildAndComponents(t *testing.T) {
	g := tiny(t)
	if g.N() != 9 || g.M() != 8 {
		t.Fatalf("N, M = %d, %d, want 9, 8", g.N(), g.M())
	}
	if g.Lat[0] != 0 || g.Lng[0] != 0 {
		t.Errorf("A moved to (%v, %v)", g.Lat[0], g.Lng[0])
	}
	for v := range int32(g.N()) {
		arcs := g.To[g.Off[v]:g.Off[v+1]]
		if !slices.IsSorted(arcs) {
			t.Errorf("arcs of %d not sorted: %v", v, arcs)
		}
	}
	wantLen := map[string]float64{"AB": 1, "EF": 2, "CF": 1, "HI": 1}
	for e, units := range wantLen {
		a, c := node(e[0]), node(e[1])
		k, ok := slices.BinarySearch(g.To[g.Off[a]:g.Off[a+1]], c)
		if !ok || !near(g.W[g.Off[a]+int32(k)], units) {
			t.Errorf("edge %s: found %v, want %v units", e, ok, units)
		}
	}
	label, sizes := g.Components()
	if !slices.Equal(sizes, []int32{7, 2}) || label[node('H')] != 1 || label[node('G')] != 0 {
		t.Errorf("components: labels %v sizes %v", label, sizes)
	}
	if c, s := Largest(sizes); c != 0 || s != 7 {
		t.Errorf("Largest = %d, %d", c, s)
	}
}

func TestMultiSource(t *testing.T) {
	g := tiny(t)
	inf := math.Inf(1)
	cases := []struct {
		name    string
		sources []Source
		cutoff  float64 // units
		dist    map[byte]float64
		from    map[byte]int32
	}{
		{
			name:    "one source, no cutoff",
			sources: []Source{{node('A'), 0, 10}},
			cutoff:  100,
			dist:    map[byte]float64{'A': 0, 'B': 1, 'C': 2, 'D': 3, 'E': 1, 'F': 3, 'G': 4, 'H': inf, 'I': inf},
		},
		{
			name:    "two sources with a start, cutoff 2.6",
			sources: []Source{{node('A'), 0, 10}, {node('G'), 0.5, 20}},
			cutoff:  2.6,
			dist:    map[byte]float64{'A': 0, 'B': 1, 'C': 2, 'D': inf, 'E': 1, 'F': 1.5, 'G': 0.5, 'H': inf, 'I': inf},
			from:    map[byte]int32{'A': 10, 'B': 10, 'C': 10, 'D': -1, 'E': 10, 'F': 20, 'G': 20, 'H': -1},
		},
		{
			name:    "island source; start beyond cutoff ignored; bad node ignored",
			sources: []Source{{node('H'), 0.25, 1}, {node('A'), 5, 2}, {99, 0, 3}, {-1, 0, 4}},
			cutoff:  2,
			dist:    map[byte]float64{'A': inf, 'H': 0.25, 'I': 1.25},
			from:    map[byte]int32{'A': -1, 'H': 1, 'I': 1},
		},
		{
			name:    "same node twice: the smaller start, then the first listed",
			sources: []Source{{node('D'), 1, 1}, {node('D'), 0, 2}, {node('D'), 0, 3}},
			cutoff:  10,
			dist:    map[byte]float64{'D': 0, 'C': 1, 'A': 3},
			from:    map[byte]int32{'D': 2, 'C': 2, 'A': 2},
		},
		{
			name:    "tie between sources: the one settled first (lower node index)",
			sources: []Source{{node('C'), 0, 7}, {node('A'), 0, 8}},
			cutoff:  10,
			dist:    map[byte]float64{'B': 1},
			from:    map[byte]int32{'B': 8, 'E': 8, 'F': 7, 'D': 7},
		},
	}
	for _, c := range cases {
		for i := range c.sources {
			c.sources[i].Start *= float32(unit)
		}
		dist, from := make([]float32, g.N()), make([]int32, g.N())
		MultiSource(g, c.sources, float32(c.cutoff*unit), dist, from)
		for n, want := range c.dist {
			if got := dist[node(n)]; !(math.IsInf(want, 1) && math.IsInf(float64(got), 1)) && !near(got, want) {
				t.Errorf("%s: dist[%c] = %v units, want %v", c.name, n, float64(got)/unit, want)
			}
		}
		for n, want := range c.from {
			if got := from[node(n)]; got != want {
				t.Errorf("%s: from[%c] = %d, want %d", c.name, n, got, want)
			}
		}
		dist2 := make([]float32, g.N())
		MultiSource(g, c.sources, float32(c.cutoff*unit), dist2, nil)
		if !slices.Equal(dist, dist2) {
			t.Errorf("%s: dist without from differs", c.name)
		}
	}
}

func TestBounded(t *testing.T) {
	g := tiny(t)
	type hit struct {
		n byte
		d float64
	}
	cases := []struct {
		name          string
		src           byte
		start, cutoff float64
		want          []hit
	}{
		{"start 0.5, cutoff 3.2", 'A', 0.5, 3.2, []hit{{'A', 0.5}, {'B', 1.5}, {'E', 1.5}, {'C', 2.5}}},
		{"from G", 'G', 0, 2.5, []hit{{'G', 0}, {'F', 1}, {'C', 2}}},
		{"island", 'I', 0, 100, []hit{{'I', 0}, {'H', 1}}},
		{"start beyond cutoff", 'A', 5, 4, nil},
		{"zero cutoff", 'D', 0, 0, []hit{{'D', 0}}},
	}
	s := NewSearcher(g)
	for _, c := range cases {
		for _, run := range []string{"searcher", "pooled", "searcher again"} {
			var got []hit
			visit := func(v int32, d float32) { got = append(got, hit{byte(v) + 'A', float64(d) / unit}) }
			if run == "pooled" {
				Bounded(g, node(c.src), float32(c.start*unit), float32(c.cutoff*unit), visit)
			} else {
				s.Bounded(node(c.src), float32(c.start*unit), float32(c.cutoff*unit), visit)
			}
			if len(got) != len(c.want) {
				t.Fatalf("%s (%s): visited %v, want %v", c.name, run, got, c.want)
			}
			for i := range got {
				if got[i].n != c.want[i].n || math.Abs(got[i].d-c.want[i].d) > 1e-5 {
					t.Errorf("%s (%s): visit %d = %c %.4f, want %c %.4f", c.name, run, i, got[i].n, got[i].d, c.want[i].n, c.want[i].d)
				}
			}
		}
	}
	s.Bounded(-1, 0, 1, func(int32, float32) { t.Error("visited from node -1") })
}

func TestBoundedDoesNotAllocate(t *testing.T) {
	g := benchGraph(t, 20000)
	visit := func(int32, float32) {}
	s := NewSearcher(g)
	for v := range int32(50) {
		s.Bounded(v*37, 0, 1000, visit) // warm the heap
		Bounded(g, v*37, 0, 1000, visit)
	}
	v := int32(0)
	if a := testing.AllocsPerRun(200, func() { v = (v + 97) % int32(g.N()); s.Bounded(v, 0, 1000, visit) }); a != 0 {
		t.Errorf("Searcher.Bounded: %v allocations a call", a)
	}
	if raceEnabled {
		return
	}
	if a := testing.AllocsPerRun(200, func() { v = (v + 97) % int32(g.N()); Bounded(g, v, 0, 1000, visit) }); a > 0.05 {
		t.Errorf("Bounded: %v allocations a call", a)
	}
}

// TestMultiSourceMatchesBounded checks the multi-source search against the
// minimum over single-source searches on a generated network.
func TestMultiSourceMatchesBounded(t *testing.T) {
	g := benchGraph(t, 20000)
	const cutoff = 800
	var sources []Source
	for i := range int32(40) {
		sources = append(sources, Source{Node: (i * 4099) % int32(g.N()), Start: float32(i%7) * 13, ID: i})
	}
	dist, from := make([]float32, g.N()), make([]int32, g.N())
	MultiSource(g, sources, cutoff, dist, from)
	best := make([]float32, g.N())
	for i := range best {
		best[i] = inf32
	}
	for _, s := range sources {
		Bounded(g, s.Node, s.Start, cutoff, func(v int32, d float32) { best[v] = min(best[v], d) })
	}
	for v := range best {
		if math.Abs(float64(best[v]-dist[v])) > 1e-3 && best[v] != dist[v] {
			t.Fatalf("node %d: multi-source %v, best single source %v", v, dist[v], best[v])
		}
		if (from[v] < 0) != math.IsInf(float64(dist[v]), 1) {
			t.Fatalf("node %d: from %d with dist %v", v, from[v], dist[v])
		}
	}
}
