package geo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"dangjian/data"
)

func square(x0, y0, x1, y1 float64) Polygon { return PolygonFromBBox(BBox{x0, y0, x1, y1}) }

func TestIndexCases(t *testing.T) {
	big := square(0, 0, 10, 10)
	holed := Polygon{big[0], square(4, 4, 6, 6)[0]}
	unclosed := Polygon{Ring{{20, 0}, {30, 0}, {30, 10}, {20, 10}}}
	nan := math.NaN()
	cases := []struct {
		name  string
		items []Indexed
		pt    Point
		want  []int64 // LocateAll; Locate must return want[0]
		n     int     // Len
	}{
		{"empty index", nil, Point{1, 1}, nil, 0},
		{"inside", []Indexed{{1, big}}, Point{5, 5}, []int64{1}, 1},
		{"outside everything", []Indexed{{1, big}}, Point{11, 5}, nil, 1},
		{"far outside", []Indexed{{1, big}}, Point{-1e300, 1e300}, nil, 1},
		{"NaN point", []Indexed{{1, big}}, Point{nan, 5}, nil, 1},
		{"in the hole", []Indexed{{1, holed}}, Point{5, 5}, nil, 1},
		{"around the hole", []Indexed{{1, holed}}, Point{3, 5}, []int64{1}, 1},
		{"nested: smallest first", []Indexed{{1, big}, {2, square(2, 2, 3, 3)}}, Point{2.5, 2.5}, []int64{2, 1}, 2},
		{"hole filled by another", []Indexed{{1, holed}, {2, square(4, 4, 6, 6)}}, Point{5, 5}, []int64{2}, 2},
		{"equal areas: first given", []Indexed{{7, big}, {3, big}}, Point{1, 1}, []int64{7, 3}, 2},
		{"multipolygon part 1", []Indexed{{5, big}, {5, square(20, 0, 21, 1)}}, Point{1, 1}, []int64{5}, 2},
		{"multipolygon part 2", []Indexed{{5, big}, {5, square(20, 0, 21, 1)}}, Point{20.5, 0.5}, []int64{5}, 2},
		{"multipolygon overlapping parts, one id", []Indexed{{5, big}, {5, square(1, 1, 2, 2)}}, Point{1.5, 1.5}, []int64{5}, 2},
		{"unclosed ring", []Indexed{{1, unclosed}}, Point{25, 5}, []int64{1}, 1},
		{"shared vertical edge: east side", []Indexed{{1, big}, {2, square(10, 0, 20, 10)}}, Point{10, 5}, []int64{2}, 2},
		{"shared horizontal edge: north side", []Indexed{{1, big}, {2, square(0, 10, 10, 20)}}, Point{5, 10}, []int64{2}, 2},
		{"on the south-west corner", []Indexed{{1, big}}, Point{0, 0}, []int64{1}, 1},
		{"on the north-east corner", []Indexed{{1, big}}, Point{10, 10}, nil, 1},
		{"empty polygon dropped", []Indexed{{1, Polygon{}}, {2, Polygon{Ring{}}}, {3, big}}, Point{5, 5}, []int64{3}, 1},
		{"NaN polygon dropped", []Indexed{{1, Polygon{Ring{{0, 0}, {nan, 0}, {1, 1}, {0, 0}}}}}, Point{0.5, 0.2}, nil, 0},
		{"one-point ring", []Indexed{{1, Polygon{Ring{{1, 1}}}}}, Point{1, 1}, nil, 1},
		{"two-point ring", []Indexed{{1, Polygon{Ring{{0, 0}, {1, 1}}}}}, Point{0.5, 0.5}, nil, 1},
		{"collinear ring", []Indexed{{1, Polygon{Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}}}}, Point{1, 0.5}, nil, 1},
		{"zero-width polygon", []Indexed{{1, Polygon{Ring{{3, 0}, {3, 5}, {3, 9}, {3, 0}}}}}, Point{3, 4}, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ix := NewIndex(c.items)
			if ix.Len() != c.n {
				t.Errorf("Len = %d, want %d", ix.Len(), c.n)
			}
			got := ix.LocateAll(c.pt, []int64{-1})
			if !slices.Equal(got[1:], c.want) || got[0] != -1 {
				t.Errorf("LocateAll(%v) = %v, want [-1 %v]", c.pt, got, c.want)
			}
			id, ok := ix.Locate(c.pt)
			if ok != (len(c.want) > 0) || ok && id != c.want[0] {
				t.Errorf("Locate(%v) = %d, %v; want %v", c.pt, id, ok, c.want)
			}
			if want := brute(c.items, c.pt); !slices.Equal(want, c.want) {
				t.Errorf("the case disagrees with Polygon.Contains: %v", want)
			}
		})
	}
}

// oracle answers by brute force what LocateAll should: the ids of the
// polygons whose Contains is true, by area, then input order, each once.
type oracle struct {
	items []Indexed
	box   []BBox
	area  []float64
}

func newOracle(items []Indexed) *oracle {
	o := &oracle{items: items}
	for _, it := range items {
		o.box = append(o.box, it.Poly.Bounds())
		o.area = append(o.area, it.Poly.area())
	}
	return o
}

func (o *oracle) all(pt Point) []int64 {
	var hits []int
	for i, it := range o.items {
		b := o.box[i]
		if pt[0] >= b.MinX && pt[0] <= b.MaxX && pt[1] >= b.MinY && pt[1] <= b.MaxY &&
			it.Poly.Contains(pt) && finite(it.Poly) {
			hits = append(hits, i)
		}
	}
	slices.SortStableFunc(hits, func(a, b int) int { return cmp.Compare(o.area[a], o.area[b]) })
	var ids []int64
	for _, i := range hits {
		if !slices.Contains(ids, o.items[i].ID) {
			ids = append(ids, o.items[i].ID)
		}
	}
	return ids
}

func brute(items []Indexed, pt Point) []int64 { return newOracle(items).all(pt) }

// star returns a star-shaped ring around c with n vertices at radii in
// [lo, hi]·r, counter-clockwise or clockwise.
func star(rng *rand.Rand, c Point, r, lo, hi float64, n int, cw bool) Ring {
	ring := make(Ring, 0, n+1)
	a0 := rng.Float64() * 2 * math.Pi
	for k := range n {
		a := a0 + 2*math.Pi*float64(k)/float64(n)
		if cw {
			a = -a
		}
		rr := r * (lo + (hi-lo)*rng.Float64())
		ring = append(ring, Point{c[0] + rr*math.Cos(a), c[1] + rr*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// randomItems returns overlapping star polygons, some with holes, some
// MultiPolygons (several items with one ID), some sharing an ID by chance.
func randomItems(rng *rand.Rand, n int) []Indexed {
	var items []Indexed
	for id := int64(1); len(items) < n; id++ {
		parts := 1
		if rng.IntN(5) == 0 {
			parts = 2 + rng.IntN(2)
		}
		for range parts {
			c := Point{rng.Float64() * 100, rng.Float64() * 60}
			r := 0.5 + rng.Float64()*rng.Float64()*15
			p := Polygon{star(rng, c, r, 0.5, 1, 3+rng.IntN(120), false)}
			for h := range rng.IntN(4) {
				// Holes in disjoint sectors: offset from the centre, small.
				a := float64(h) * math.Pi / 2
				hc := Point{c[0] + 0.3*r*math.Cos(a), c[1] + 0.3*r*math.Sin(a)}
				p = append(p, star(rng, hc, 0.15*r, 0.3, 1, 3+rng.IntN(30), rng.IntN(2) == 0))
			}
			items = append(items, Indexed{ID: id, Poly: p})
		}
		if rng.IntN(10) == 0 {
			id-- // the next polygon shares this ID
		}
	}
	return items
}

// TestIndexMatchesBruteForce compares LocateAll and Locate with
// Polygon.Contains over every polygon, at random points, at every vertex
// and at the midpoint of every edge.
func TestIndexMatchesBruteForce(t *testing.T) {
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 99))
		items := randomItems(rng, 50+int(seed)*150)
		ix, o := NewIndex(items), newOracle(items)
		var pts []Point
		for range 4000 {
			pts = append(pts, Point{rng.Float64()*130 - 15, rng.Float64()*90 - 15})
		}
		for _, it := range items[:min(len(items), 40)] {
			for _, r := range it.Poly {
				for k := 1; k < len(r); k++ {
					pts = append(pts, r[k], Point{(r[k][0] + r[k-1][0]) / 2, (r[k][1] + r[k-1][1]) / 2})
				}
			}
		}
		var got []int64
		hits := 0
		for _, pt := range pts {
			want := o.all(pt)
			if len(want) > 0 {
				hits++
			}
			got = ix.LocateAll(pt, got[:0])
			if !slices.Equal(got, want) {
				t.Fatalf("seed %d: LocateAll(%v) = %v, want %v", seed, pt, got, want)
			}
			id, ok := ix.Locate(pt)
			if ok != (len(want) > 0) || ok && id != want[0] {
				t.Fatalf("seed %d: Locate(%v) = %d, %v; want %v", seed, pt, id, ok, want)
			}
		}
		if hits < len(pts)/4 {
			t.Errorf("seed %d: only %d of %d points hit a polygon: the test says little", seed, hits, len(pts))
		}
	}
}

// TestIndexGridShapes exercises the grid on extents that are a point, a
// line and one huge polygon among tiny ones.
func TestIndexGridShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	cases := map[string][]Indexed{
		"all points on one vertical line": {{1, Polygon{Ring{{1, 0}, {1, 2}, {1, 1}, {1, 0}}}}},
		"one huge among tiny": append([]Indexed{{0, Polygon{star(rng, Point{0, 0}, 1e4, 0.5, 1, 2000, false)}}},
			randomItems(rng, 300)...),
		"one triangle": {{1, Polygon{Ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}}},
	}
	for name, items := range cases {
		ix, o := NewIndex(items), newOracle(items)
		b := ix.bounds()
		for range 3000 {
			pt := Point{b.MinX + (b.MaxX-b.MinX)*(rng.Float64()*1.2-0.1), b.MinY + (b.MaxY-b.MinY)*(rng.Float64()*1.2-0.1)}
			if got, want := ix.LocateAll(pt, nil), o.all(pt); !slices.Equal(got, want) {
				t.Fatalf("%s: LocateAll(%v) = %v, want %v", name, pt, got, want)
			}
		}
	}
}

func (ix *Index) bounds() BBox { return BBox{ix.minX, ix.minY, ix.maxX, ix.maxY} }

// TestIndexConcurrent runs lookups from several goroutines (meaningful under
// -race).
func TestIndexConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	items := randomItems(rng, 200)
	ix := NewIndex(items)
	pts := make([]Point, 2000)
	want := make([]int64, len(pts))
	for i := range pts {
		pts[i] = Point{rng.Float64() * 100, rng.Float64() * 60}
		want[i], _ = ix.Locate(pts[i])
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(pts); i += 2 {
				if id, _ := ix.Locate(pts[i]); id != want[i] {
					t.Errorf("goroutine %d: Locate(%v) = %d, want %d", g, pts[i], id, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkNewIndexRandom(b *testing.B) {
	items := randomItems(rand.New(rand.NewPCG(1, 1)), 2000)
	for b.Loop() {
		NewIndex(items)
	}
}

// TestIndexShippedDistricts indexes the four Sanya districts (382 to 2007
// vertices each) and compares with brute force across their extent.
func TestIndexShippedDistricts(t *testing.T) {
	fc, err := ParseFeatureCollection(data.DistrictsGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	var items []Indexed
	for i, f := range fc.Features {
		ps, err := f.Geometry.Polygons()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			items = append(items, Indexed{ID: int64(i + 1), Poly: p})
		}
	}
	ix, o := NewIndex(items), newOracle(items)
	b := ix.bounds()
	rng := rand.New(rand.NewPCG(11, 11))
	found := 0
	for range 20000 {
		pt := Point{b.MinX + (b.MaxX-b.MinX)*rng.Float64(), b.MinY + (b.MaxY-b.MinY)*rng.Float64()}
		got, want := ix.LocateAll(pt, nil), o.all(pt)
		if !slices.Equal(got, want) {
			t.Fatalf("LocateAll(%v) = %v, want %v", pt, got, want)
		}
		found += len(got)
	}
	if found < 5000 {
		t.Errorf("only %d of 20000 points fell in a district", found)
	}
}
