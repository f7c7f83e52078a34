package walk

import (
	"math"
	"math/rand/v2"
	"testing"

	"dangjian/internal/geo"
)

// queryPoints returns n deterministic [lng, lat] points in box and a margin
// around it.
func queryPoints(n int, box geo.BBox, seed uint64) []geo.Point {
	rng := rand.New(rand.NewPCG(seed, 1))
	mx, my := (box.MaxX-box.MinX)*0.05, (box.MaxY-box.MinY)*0.05
	out := make([]geo.Point, n)
	for i := range out {
		out[i] = geo.Point{
			box.MinX - mx + rng.Float64()*(box.MaxX-box.MinX+2*mx),
			box.MinY - my + rng.Float64()*(box.MaxY-box.MinY+2*my),
		}
	}
	return out
}

// planar is the ranking distance of the snapper, squared.
func planar(lat, lng, lat2, lng2 float64) float64 {
	dx := (lng2 - lng) * math.Cos(lat*math.Pi/180) * metresPerDegree
	dy := (lat2 - lat) * metresPerDegree
	return dx*dx + dy*dy
}

func TestNearestMatchesBruteForce(t *testing.T) {
	box := geo.BBox{MinX: 109.45, MinY: 18.2, MaxX: 109.55, MaxY: 18.26}
	g := Generate(3, 5000, box)
	label, sizes := g.Components()
	big, _ := Largest(sizes)
	cases := []struct {
		name string
		keep func(int32) bool
		max  float64
	}{
		{"all nodes, 300 m", nil, 300},
		{"all nodes, no limit", nil, math.Inf(1)},
		{"largest component, 150 m", func(v int32) bool { return label[v] == big }, 150},
		{"even nodes, 40 m", func(v int32) bool { return v%2 == 0 }, 40},
	}
	pts := queryPoints(3000, box, 9)
	pts = append(pts, geo.Point{g.Lng[5], g.Lat[5]}, geo.Point{box.MinX - 1, box.MinY})
	for _, c := range cases {
		s := NewSnapperFunc(g, c.keep)
		for _, p := range pts {
			lat, lng := p[1], p[0]
			want, wantD := int32(-1), math.Inf(1)
			for v := range int32(g.N()) {
				if c.keep != nil && !c.keep(v) {
					continue
				}
				if d := planar(lat, lng, g.Lat[v], g.Lng[v]); d < wantD {
					want, wantD = v, d
				}
			}
			wantOK := wantD <= c.max*c.max
			v, metres, ok := s.Nearest(lat, lng, c.max)
			if ok != wantOK {
				t.Fatalf("%s: (%v, %v): ok %v, want %v (nearest %d at %.2f m)", c.name, lat, lng, ok, wantOK, want, math.Sqrt(wantD))
			}
			if !ok {
				continue
			}
			if v != want && planar(lat, lng, g.Lat[v], g.Lng[v]) != wantD {
				t.Fatalf("%s: (%v, %v): node %d, want %d", c.name, lat, lng, v, want)
			}
			if h := Haversine(lat, lng, g.Lat[v], g.Lng[v]); math.Abs(h-metres) > 1e-9 || math.Abs(metres-math.Sqrt(wantD)) > 1e-4*metres+1e-6 {
				t.Fatalf("%s: metres %v, haversine %v, planar %v", c.name, metres, h, math.Sqrt(wantD))
			}
		}
	}
	if _, _, ok := NewSnapperFunc(g, func(int32) bool { return false }).Nearest(18.2, 109.5, 1e9); ok {
		t.Error("empty snapper found a node")
	}
	if _, _, ok := NewSnapper(g).Nearest(math.NaN(), 109.5, 1e9); ok {
		t.Error("NaN query found a node")
	}
}
