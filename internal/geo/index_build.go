package geo

import (
	"cmp"
	"math"
	"slices"
)

// builder holds the state of NewIndex.
type builder struct {
	ix     *Index
	polys  []bpoly
	edges  int
	cw, ch float64 // cell width and height
	eps    float64 // margin around a cell within which an edge counts as near

	out   []bentry   // every entry, with its cell
	parts []ringPart // build-time parts, referencing runs and brks below
	runs  []run
	brks  []float64

	// per-polygon scratch
	near [][]nearEdge // by local cell
	rows [][]rowEdge  // by local row
	base []bool       // by ring
	brk  [][]float64  // by ring
	rrun [][]run      // by ring
}

type bpoly struct {
	id    int64
	area  float64
	rings []int32 // ring i is pts[rings[i]:rings[i+1]]
	box   BBox    // of the outer ring
}

type bentry struct {
	cell, item int32
	area       float64
	entry
}

type nearEdge struct{ ring, k int32 }

type rowEdge struct {
	ring         int32
	minX, lo, hi float64
}

// newBuilder keeps the usable polygons, copies their rings (closed) into one
// point array and computes the extent.
func newBuilder(items []Indexed) *builder {
	ix := &Index{minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	b := &builder{ix: ix}
	for _, it := range items {
		p := it.Poly
		if len(p) == 0 || len(p[0]) == 0 || !finite(p) {
			continue
		}
		bp := bpoly{id: it.ID, area: p.area(), box: p.Bounds()}
		for _, r := range p {
			bp.rings = append(bp.rings, int32(len(ix.pts)))
			ix.pts = append(ix.pts, r...)
			if len(r) > 0 && r[len(r)-1] != r[0] {
				ix.pts = append(ix.pts, r[0])
			}
			b.edges += max(0, len(ix.pts)-int(bp.rings[len(bp.rings)-1])-1)
		}
		bp.rings = append(bp.rings, int32(len(ix.pts)))
		b.polys = append(b.polys, bp)
		ix.n++
		ix.minX, ix.maxX = min(ix.minX, bp.box.MinX), max(ix.maxX, bp.box.MaxX)
		ix.minY, ix.maxY = min(ix.minY, bp.box.MinY), max(ix.maxY, bp.box.MaxY)
	}
	return b
}

// grid chooses about cellsPerEdge cells per edge, square where it can.
func (b *builder) grid() {
	ix := b.ix
	scale := max(1, math.Abs(ix.minX), math.Abs(ix.maxX), math.Abs(ix.minY), math.Abs(ix.maxY))
	w, h := ix.maxX-ix.minX, ix.maxY-ix.minY
	w, h = max(w, 1e-9*scale), max(h, 1e-9*scale)
	ix.maxX, ix.maxY = ix.minX+w, ix.minY+h
	target := min(max(1, float64(b.edges)*cellsPerEdge), maxCells)
	side := math.Sqrt(w * h / target)
	ix.nx = int(min(max(1, math.Ceil(w/side)), target))
	ix.ny = int(min(max(1, math.Ceil(h/side)), max(1, math.Floor(target/float64(ix.nx)))))
	b.cw, b.ch = w/float64(ix.nx), h/float64(ix.ny)
	ix.invW, ix.invH = float64(ix.nx)/w, float64(ix.ny)/h
	b.eps = max(1e-7*min(b.cw, b.ch), 1e-13*scale)
}

func (b *builder) col(x float64) int {
	return clampCell((x-b.ix.minX)*b.ix.invW, b.ix.nx)
}

func (b *builder) row(y float64) int {
	return clampCell((y-b.ix.minY)*b.ix.invH, b.ix.ny)
}

func clampCell(f float64, n int) int {
	if !(f >= 0) {
		return 0
	}
	if f >= float64(n) {
		return n - 1
	}
	return int(f)
}

// addPolygon lists polygon i in every cell of its bounding box that it
// touches.
func (b *builder) addPolygon(i int) {
	p := &b.polys[i]
	e := b.eps
	c0, c1 := b.col(p.box.MinX-e), b.col(p.box.MaxX+e)
	r0, r1 := b.row(p.box.MinY-e), b.row(p.box.MaxY+e)
	w, h := c1-c0+1, r1-r0+1
	b.reset(w*h, h, len(p.rings)-1)
	pts := b.ix.pts
	for ri := range len(p.rings) - 1 {
		for k := p.rings[ri]; k < p.rings[ri+1]-1; k++ {
			a, z := pts[k], pts[k+1]
			if a == z {
				continue
			}
			x0, x1 := min(a[0], z[0]), max(a[0], z[0])
			lo, hi := min(a[1], z[1]), max(a[1], z[1])
			for r := max(b.row(lo-e), r0); r <= min(b.row(hi+e), r1); r++ {
				b.rows[r-r0] = append(b.rows[r-r0], rowEdge{ring: int32(ri), minX: x0, lo: lo, hi: hi})
				y0, y1 := b.cellY(r)
				if lo > y1+e || hi < y0-e {
					continue
				}
				for c := max(b.col(x0-e), c0); c <= min(b.col(x1+e), c1); c++ {
					if cx0, cx1 := b.cellX(c); x0 <= cx1+e && x1 >= cx0-e {
						b.near[(r-r0)*w+c-c0] = append(b.near[(r-r0)*w+c-c0], nearEdge{int32(ri), k})
					}
				}
			}
		}
	}
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			b.cellEntry(int32(i), r, c, b.near[(r-r0)*w+c-c0], b.rows[r-r0])
		}
	}
}

func (b *builder) cellX(c int) (float64, float64) {
	return b.ix.minX + float64(c)*b.cw, b.ix.minX + float64(c+1)*b.cw
}

func (b *builder) cellY(r int) (float64, float64) {
	return b.ix.minY + float64(r)*b.ch, b.ix.minY + float64(r+1)*b.ch
}

// reset clears the per-polygon scratch for a window of cells, rows and rings.
func (b *builder) reset(cells, rows, rings int) {
	grow := func(n int) {
		if len(b.near) < n {
			b.near = append(b.near, make([][]nearEdge, n-len(b.near))...)
		}
		if len(b.rows) < n {
			b.rows = append(b.rows, make([][]rowEdge, n-len(b.rows))...)
		}
		if len(b.base) < n {
			b.base = append(b.base, make([]bool, n-len(b.base))...)
			b.brk = append(b.brk, make([][]float64, n-len(b.brk))...)
			b.rrun = append(b.rrun, make([][]run, n-len(b.rrun))...)
		}
	}
	grow(max(cells, rows, rings))
	for i := range cells {
		b.near[i] = b.near[i][:0]
	}
	for i := range rows {
		b.rows[i] = b.rows[i][:0]
	}
}

// cellEntry adds the entry of polygon item in cell (r, c), if the polygon
// can contain a point of the cell.
func (b *builder) cellEntry(item int32, r, c int, near []nearEdge, row []rowEdge) {
	p := &b.polys[item]
	nr := len(p.rings) - 1
	_, x1 := b.cellX(c)
	y0, y1 := b.cellY(r)
	e := b.eps
	for ri := range nr {
		b.base[ri], b.brk[ri], b.rrun[ri] = false, b.brk[ri][:0], b.rrun[ri][:0]
	}
	// Edges right of the cell cross the ray from (x, y) iff lo ≤ y < hi:
	// the parity is that of the endpoints ≤ y.
	for _, re := range row {
		if re.minX <= x1+e {
			continue
		}
		for _, v := range [2]float64{re.lo, re.hi} {
			if v < y0-e {
				b.base[re.ring] = !b.base[re.ring]
			} else if v <= y1+e {
				b.brk[re.ring] = append(b.brk[re.ring], v)
			}
		}
	}
	for _, ne := range near {
		rs := b.rrun[ne.ring]
		if n := len(rs); n > 0 && rs[n-1].e == ne.k {
			rs[n-1].e++
		} else {
			b.rrun[ne.ring] = append(rs, run{ne.k, ne.k + 1})
		}
	}
	for ri := range nr {
		b.brk[ri] = cancelPairs(b.brk[ri])
	}
	if len(near) == 0 {
		// The boundary stays away from the cell: it is wholly in or out.
		if b.statusAt((y0+y1)/2, nr) {
			b.out = append(b.out, bentry{cell: int32(r*b.ix.nx + c), item: item, area: p.area, entry: entry{id: p.id}})
		}
		return
	}
	b.emit(item, r*b.ix.nx+c, nr)
}

// statusAt evaluates the scratch parts, which hold no runs, at height y.
func (b *builder) statusAt(y float64, nr int) bool {
	for ri := range nr {
		in := b.base[ri]
		for _, v := range b.brk[ri] {
			if v <= y {
				in = !in
			}
		}
		if in == (ri > 0) {
			return false
		}
	}
	return true
}

// emit adds a boundary entry built from the scratch parts, leaving out the
// rings that are never crossed and never contain a point of the cell.
func (b *builder) emit(item int32, cell, nr int) {
	p := &b.polys[item]
	be := bentry{cell: int32(cell), item: item, area: p.area, entry: entry{id: p.id, part0: int32(len(b.parts))}}
	for ri := range nr {
		if len(b.rrun[ri]) == 0 && len(b.brk[ri]) == 0 {
			if ri == 0 && !b.base[ri] {
				return // outside the outer ring everywhere in the cell
			}
			if b.base[ri] == (ri == 0) {
				continue // inside the outer ring, or outside a hole, everywhere
			}
		}
		b.parts = append(b.parts, ringPart{
			brk0: int32(len(b.brks)), run0: int32(len(b.runs)),
			brk1: int32(len(b.brks) + len(b.brk[ri])), run1: int32(len(b.runs) + len(b.rrun[ri])),
			base: b.base[ri], hole: ri > 0,
		})
		b.brks = append(b.brks, b.brk[ri]...)
		b.runs = append(b.runs, b.rrun[ri]...)
	}
	be.nparts = int32(len(b.parts)) - be.part0
	b.out = append(b.out, be)
}

// cancelPairs sorts breakpoints and drops equal pairs (two flips at one y).
func cancelPairs(v []float64) []float64 {
	slices.Sort(v)
	out := v[:0]
	for _, x := range v {
		if n := len(out); n > 0 && out[n-1] == x {
			out = out[:n-1]
		} else {
			out = append(out, x)
		}
	}
	return out
}

// finish sorts the entries by cell, then area, then input order, and lays
// the index's arrays out in that order.
func (b *builder) finish() {
	ix := b.ix
	slices.SortFunc(b.out, func(p, q bentry) int {
		return cmp.Or(cmp.Compare(p.cell, q.cell), cmp.Compare(p.area, q.area), cmp.Compare(p.item, q.item))
	})
	ncell := ix.nx * ix.ny
	ix.cellStart = make([]int32, ncell+1)
	ix.entries = make([]entry, 0, len(b.out))
	ix.parts = make([]ringPart, 0, len(b.parts))
	ix.runs = make([]run, 0, len(b.runs))
	ix.brks = make([]float64, 0, len(b.brks))
	for _, be := range b.out {
		ix.cellStart[be.cell+1]++
		e := be.entry
		e.part0 = int32(len(ix.parts))
		for _, p := range b.parts[be.part0 : be.part0+be.nparts] {
			q := p
			q.brk0, q.run0 = int32(len(ix.brks)), int32(len(ix.runs))
			ix.brks = append(ix.brks, b.brks[p.brk0:p.brk1]...)
			ix.runs = append(ix.runs, b.runs[p.run0:p.run1]...)
			q.brk1, q.run1 = int32(len(ix.brks)), int32(len(ix.runs))
			ix.parts = append(ix.parts, q)
		}
		ix.entries = append(ix.entries, e)
	}
	for c := range ncell {
		ix.cellStart[c+1] += ix.cellStart[c]
	}
}
