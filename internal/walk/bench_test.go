package walk

import (
	"bytes"
	"sync"
	"testing"

	"dangjian/internal/geo"
)

// sanyaBox is the extent of Sanya (lng 108.9–109.8, lat 18.1–18.6).
var sanyaBox = geo.BBox{MinX: 108.9, MinY: 18.1, MaxX: 109.8, MaxY: 18.6}

var (
	benchMu     sync.Mutex
	benchGraphs = map[int]*Graph{}
)

// benchGraph returns a generated Sanya network of about edges edges, built
// once per size.
func benchGraph(tb testing.TB, edges int) *Graph {
	benchMu.Lock()
	defer benchMu.Unlock()
	if g := benchGraphs[edges]; g != nil {
		return g
	}
	g := Generate(42, edges, sanyaBox)
	benchGraphs[edges] = g
	return g
}

// benchSources picks n service posts: nodes of the largest component,
// spread deterministically.
func benchSources(g *Graph, n int) []Source {
	label, sizes := g.Components()
	big, _ := Largest(sizes)
	var out []Source
	for v := int32(0); len(out) < n; v = (v + 7919) % int32(g.N()) {
		if label[v] == big {
			out = append(out, Source{Node: v, Start: float32(len(out) % 50), ID: int32(len(out))})
		}
	}
	return out
}

func BenchmarkMultiSource(b *testing.B) {
	g := benchGraph(b, 1_000_000)
	sources := benchSources(g, 1000)
	dist, from := make([]float32, g.N()), make([]int32, g.N())
	b.ResetTimer()
	for b.Loop() {
		MultiSource(g, sources, 1000, dist, from)
	}
	b.StopTimer()
	reached := 0
	for _, f := range from {
		if f >= 0 {
			reached++
		}
	}
	b.ReportMetric(float64(reached)/float64(g.N()), "reached")
	b.ReportMetric(float64(g.M()), "edges")
}

func BenchmarkBounded(b *testing.B) {
	g := benchGraph(b, 1_000_000)
	sources := benchSources(g, 1000)
	s := NewSearcher(g)
	visited := 0
	visit := func(int32, float32) { visited++ }
	i := 0
	b.ResetTimer()
	for b.Loop() {
		src := sources[i%len(sources)]
		s.Bounded(src.Node, src.Start, 1000, visit)
		i++
	}
	b.ReportMetric(float64(visited)/float64(i), "nodes/op")
}

func BenchmarkNearest(b *testing.B) {
	g := benchGraph(b, 1_000_000)
	s := NewSnapper(g)
	uniform := queryPoints(1<<14, sanyaBox, 3)
	homes := make([]geo.Point, 1<<14) // within about 50 m of a street
	for i := range homes {
		v := (i * 7919) % g.N()
		homes[i] = geo.Point{g.Lng[v] + (uniform[i][0]-109.35)*0.001, g.Lat[v] + (uniform[i][1]-18.35)*0.001}
	}
	for _, c := range []struct {
		name string
		pts  []geo.Point
	}{{"homes", homes}, {"uniform", uniform}} {
		b.Run(c.name, func(b *testing.B) {
			i, found := 0, 0
			for b.Loop() {
				p := c.pts[i&(len(c.pts)-1)]
				if _, _, ok := s.Nearest(p[1], p[0], 500); ok {
					found++
				}
				i++
			}
			b.ReportMetric(float64(found)/float64(i), "found")
		})
	}
}

func BenchmarkReadGraph(b *testing.B) {
	g := benchGraph(b, 1_000_000)
	var buf bytes.Buffer
	g.WriteTo(&buf)
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadGraph(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(42, 1_000_000, sanyaBox)
	}
}
