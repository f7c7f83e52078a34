package geogen

import (
	"math"
	"slices"
	"testing"

	"dangjian/internal/geo"
)

func small(seed uint64) Config {
	c := Sanya(seed)
	c.NX, c.NY = 18, 10
	return c
}

func TestGridShape(t *testing.T) {
	c := small(1)
	ps := Grid(c)
	if len(ps) != c.NX*c.NY {
		t.Fatalf("polygons = %d, want %d", len(ps), c.NX*c.NY)
	}
	area := 0.0
	for i, p := range ps {
		r := p[0]
		if len(p) != 1 || len(r) != 4*c.Side+1 || r[0] != r[len(r)-1] {
			t.Fatalf("polygon %d: %d rings, %d points", i, len(p), len(r))
		}
		a := signedArea(r)
		if a <= 0 {
			t.Fatalf("polygon %d is not counter-clockwise (area %g)", i, a)
		}
		area += a
		b := p.Bounds()
		if b.MinX < c.Box.MinX || b.MaxX > c.Box.MaxX || b.MinY < c.Box.MinY || b.MaxY > c.Box.MaxY {
			t.Fatalf("polygon %d leaves the box: %+v", i, b)
		}
	}
	want := (c.Box.MaxX - c.Box.MinX) * (c.Box.MaxY - c.Box.MinY)
	if math.Abs(area-want) > 1e-9*want {
		t.Errorf("areas sum to %g, box is %g: the cells do not tile", area, want)
	}
	if !slices.EqualFunc(ps, Grid(c), func(p, q geo.Polygon) bool { return slices.Equal(p[0], q[0]) }) {
		t.Error("Grid is not deterministic")
	}
	if slices.Equal(ps[7][0], Grid(small(2))[7][0]) {
		t.Error("the seed changes nothing")
	}
}

// TestGridTiles checks that every point of the box lies in exactly one
// polygon and that no polygon crosses itself.
func TestGridTiles(t *testing.T) {
	c := small(3)
	ps := Grid(c)
	for i, pt := range Points(4, c.Box, 20000) {
		n := 0
		for _, p := range ps {
			if p.Contains(pt) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("point %d %v is in %d polygons", i, pt, n)
		}
	}
	for i, p := range ps {
		if a, b, ok := selfCrossing(p[0]); ok {
			t.Fatalf("polygon %d: edges %d and %d cross", i, a, b)
		}
	}
}

func TestSanyaSize(t *testing.T) {
	c := Sanya(1)
	if n := c.NX * c.NY; n < 9500 || n > 10500 {
		t.Errorf("Sanya has %d grids", n)
	}
	if c.Side*4 != 100 {
		t.Errorf("Sanya grids have %d vertices", c.Side*4)
	}
}

func signedArea(r geo.Ring) float64 {
	s := 0.0
	for k := 1; k < len(r); k++ {
		s += r[k-1][0]*r[k][1] - r[k][0]*r[k-1][1]
	}
	return s / 2
}

// selfCrossing finds two non-adjacent edges of a closed ring that intersect.
func selfCrossing(r geo.Ring) (int, int, bool) {
	n := len(r) - 1
	for a := range n {
		for b := a + 2; b < n; b++ {
			if a == 0 && b == n-1 {
				continue
			}
			if segmentsMeet(r[a], r[a+1], r[b], r[b+1]) {
				return a, b, true
			}
		}
	}
	return 0, 0, false
}

func segmentsMeet(p, q, r, s geo.Point) bool {
	orient := func(a, b, c geo.Point) float64 {
		return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	}
	d1, d2 := orient(r, s, p), orient(r, s, q)
	d3, d4 := orient(p, q, r), orient(p, q, s)
	return (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0)
}
