package geo

import (
	"math"
	"slices"
)

// Indexed is one polygon of an Index. A MultiPolygon is several entries with
// one ID.
type Indexed struct {
	ID   int64
	Poly Polygon
}

// Index resolves a point to the polygons containing it. It is a uniform grid
// of cells over the polygons' extent; each cell lists the polygons that can
// contain a point of the cell, smallest area first:
//
//   - a cell that no edge of a polygon comes near lies wholly inside or
//     wholly outside it: inside, the entry answers without any ring test;
//     outside, the polygon is not listed;
//   - for a boundary cell the entry keeps, per ring, only the runs of edges
//     near the cell, plus the parity of the edges to the cell's right in its
//     row as a few sorted breakpoints in y. A lookup counts crossings of the
//     horizontal ray on those few edges and reads the rest of the ray from the
//     breakpoints, so it tests a handful of edges instead of the whole ring.
//
// Answers agree with Polygon.Contains: the near edges are tested with the
// same expression and the far edges are at least a margin away from the
// cell, so a point on a boundary gets the same answer as from Contains (the
// half-open crossing rule: in exact arithmetic a point on an edge shared by
// two polygons of a tiling belongs to the polygon to its east, or north for a
// horizontal edge; rounding of the crossing may give either side, or both or
// neither, for points within rounding distance of a slanted edge).
//
// An Index is read-only once built and safe for concurrent use.
type Index struct {
	n                      int // polygons kept
	minX, minY, maxX, maxY float64
	invW, invH             float64 // cells per unit of x and y
	nx, ny                 int
	cellStart              []int32 // entries of cell c: entries[cellStart[c]:cellStart[c+1]]
	entries                []entry
	parts                  []ringPart
	runs                   []run
	brks                   []float64
	pts                    []Point
}

// entry is one polygon listed in one cell. nparts == 0: the cell is wholly
// inside the polygon.
type entry struct {
	id            int64
	part0, nparts int32
}

// ringPart is one ring of a polygon as seen from one cell: the ring contains
// a point (x, y) of the cell iff base, flipped once per breakpoint ≤ y and
// once per crossing of the ray with the runs of edges, is true.
type ringPart struct {
	brk0, brk1 int32 // brks[brk0:brk1], ascending
	run0, run1 int32 // runs[run0:run1]
	base, hole bool
}

// run is the edges pts[k]→pts[k+1] for k in [s, e).
type run struct{ s, e int32 }

// cellsPerEdge sets the grid's resolution: about one cell per two edges.
const cellsPerEdge = 0.5

// maxCells caps the grid whatever the input.
const maxCells = 1 << 24

// NewIndex builds an index over items. Polygons without an outer ring or
// with a non-finite coordinate are left out (they contain no point).
func NewIndex(items []Indexed) *Index {
	b := newBuilder(items)
	ix := b.ix
	if ix.n == 0 {
		ix.cellStart = []int32{0}
		return ix
	}
	b.grid()
	for i := range b.polys {
		b.addPolygon(i)
	}
	b.finish()
	return ix
}

// Len returns the number of polygons indexed.
func (ix *Index) Len() int { return ix.n }

// Locate returns the ID of the smallest-area polygon containing pt; among
// polygons of equal area, the one given first to NewIndex. For a
// MultiPolygon indexed as several entries the area is that of the containing
// part.
func (ix *Index) Locate(pt Point) (id int64, ok bool) {
	c, ok := ix.cell(pt)
	if !ok {
		return 0, false
	}
	for i := ix.cellStart[c]; i < ix.cellStart[c+1]; i++ {
		if e := &ix.entries[i]; ix.contains(e, pt) {
			return e.id, true
		}
	}
	return 0, false
}

// LocateAll appends to dst the ID of every polygon containing pt, each once,
// in the order of Locate (smallest area first), and returns the extended
// slice.
func (ix *Index) LocateAll(pt Point, dst []int64) []int64 {
	c, ok := ix.cell(pt)
	if !ok {
		return dst
	}
	n := len(dst)
	for i := ix.cellStart[c]; i < ix.cellStart[c+1]; i++ {
		if e := &ix.entries[i]; ix.contains(e, pt) {
			if !slices.Contains(dst[n:], e.id) {
				dst = append(dst, e.id)
			}
		}
	}
	return dst
}

// cell returns the cell holding pt, or false outside the grid (NaN too).
func (ix *Index) cell(pt Point) (int, bool) {
	x, y := pt[0], pt[1]
	if !(x >= ix.minX && x <= ix.maxX && y >= ix.minY && y <= ix.maxY) {
		return 0, false
	}
	cx := min(int((x-ix.minX)*ix.invW), ix.nx-1)
	cy := min(int((y-ix.minY)*ix.invH), ix.ny-1)
	return cy*ix.nx + cx, true
}

// contains tests pt, which lies in the entry's cell, against the entry.
func (ix *Index) contains(e *entry, pt Point) bool {
	x, y := pt[0], pt[1]
	for _, p := range ix.parts[e.part0 : e.part0+e.nparts] {
		in := p.base
		for _, v := range ix.brks[p.brk0:p.brk1] {
			if v > y {
				break
			}
			in = !in
		}
		for _, r := range ix.runs[p.run0:p.run1] {
			if crossings(ix.pts[r.s:r.e+1], x, y) {
				in = !in
			}
		}
		if in == p.hole {
			return false
		}
	}
	return true
}

// crossings reports whether the horizontal ray from (x, y) to +x crosses the
// polyline an odd number of times, with the expression of inRing.
func crossings(line []Point, x, y float64) bool {
	odd := false
	for k := 1; k < len(line); k++ {
		xi, yi, xj, yj := line[k][0], line[k][1], line[k-1][0], line[k-1][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			odd = !odd
		}
	}
	return odd
}

// area returns the area of the outer ring less the holes.
func (p Polygon) area() float64 {
	a := 0.0
	for i, r := range p {
		s := 0.0
		for k := range r {
			j := (k + len(r) - 1) % len(r)
			s += (r[j][0] - r[k][0]) * (r[j][1] + r[k][1])
		}
		if i == 0 {
			a += math.Abs(s) / 2
		} else {
			a -= math.Abs(s) / 2
		}
	}
	return a
}

func finite(p Polygon) bool {
	for _, r := range p {
		for _, pt := range r {
			if math.IsNaN(pt[0]+pt[1]) || math.IsInf(pt[0]+pt[1], 0) {
				return false
			}
		}
	}
	return true
}
