package walk

import (
	"math"
)

// metresPerDegree is the length of one degree of latitude (and of longitude
// at the equator) on the sphere of earthRadius.
const metresPerDegree = earthRadius * math.Pi / 180

// maxSnapCells caps the snapper's grid whatever the input.
const maxSnapCells = 1 << 22

// Snapper finds the nearest network node to a point. It is a uniform grid of
// cells over the nodes' extent, about two nodes a cell, each cell listing its
// nodes with their coordinates. Candidates are ranked by the local
// equirectangular distance at the query's latitude (within a few parts per
// million of the great-circle distance at walking scales) and the reported
// distance is the haversine distance. A Snapper is read-only once built and
// safe for concurrent use.
type Snapper struct {
	minLat, minLng float64
	dLat, dLng     float64 // cell size in degrees
	nx, ny         int
	start          []int32 // nodes of cell c: [start[c], start[c+1])
	node           []int32
	lat, lng       []float64
}

// NewSnapper indexes every node of g.
func NewSnapper(g *Graph) *Snapper { return NewSnapperFunc(g, nil) }

// NewSnapperFunc indexes the nodes of g for which keep returns true (all
// nodes when keep is nil): to snap only to the largest component, say,
//
//	label, sizes := g.Components()
//	big, _ := walk.Largest(sizes)
//	s := walk.NewSnapperFunc(g, func(v int32) bool { return label[v] == big })
func NewSnapperFunc(g *Graph, keep func(node int32) bool) *Snapper {
	s := &Snapper{}
	var kept []int32
	minLat, minLng, maxLat, maxLng := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for v := range int32(g.N()) {
		la, ln := g.Lat[v], g.Lng[v]
		if (keep != nil && !keep(v)) || math.IsNaN(la+ln) || math.IsInf(la+ln, 0) {
			continue
		}
		kept = append(kept, v)
		minLat, maxLat = min(minLat, la), max(maxLat, la)
		minLng, maxLng = min(minLng, ln), max(maxLng, ln)
	}
	if len(kept) == 0 {
		s.start = []int32{0}
		return s
	}
	s.grid(len(kept), minLat, minLng, maxLat, maxLng)
	s.start = make([]int32, s.nx*s.ny+1)
	cells := make([]int32, len(kept))
	for i, v := range kept {
		c := s.cellOf(g.Lat[v], g.Lng[v])
		cells[i] = int32(c)
		s.start[c+1]++
	}
	for c := range s.nx * s.ny {
		s.start[c+1] += s.start[c]
	}
	next := append([]int32(nil), s.start[:s.nx*s.ny]...)
	s.node = make([]int32, len(kept))
	s.lat, s.lng = make([]float64, len(kept)), make([]float64, len(kept))
	for i, v := range kept {
		k := next[cells[i]]
		next[cells[i]]++
		s.node[k], s.lat[k], s.lng[k] = v, g.Lat[v], g.Lng[v]
	}
	return s
}

// grid sizes the cells for n nodes over the box: square cells in metres,
// about two nodes a cell.
func (s *Snapper) grid(n int, minLat, minLng, maxLat, maxLng float64) {
	const pad = 1e-6 // degrees; keeps a one-point box non-empty
	minLat, minLng, maxLat, maxLng = minLat-pad, minLng-pad, maxLat+pad, maxLng+pad
	cosMid := math.Max(math.Cos((minLat+maxLat)/2*math.Pi/180), 0.01)
	w := (maxLng - minLng) * cosMid * metresPerDegree
	h := (maxLat - minLat) * metresPerDegree
	cells := float64(min(max(n/2, 1), maxSnapCells))
	side := math.Sqrt(w * h / cells)
	s.nx = int(min(max(math.Ceil(w/side), 1), maxSnapCells))
	s.ny = int(min(max(math.Ceil(h/side), 1), float64(maxSnapCells/s.nx)))
	s.minLat, s.minLng = minLat, minLng
	s.dLat = (maxLat - minLat) / float64(s.ny)
	s.dLng = (maxLng - minLng) / float64(s.nx)
}

// cellOf returns the cell of a point in the box.
func (s *Snapper) cellOf(lat, lng float64) int {
	cx, cy := s.cellXY(lat, lng)
	return cy*s.nx + cx
}

// cellXY returns the cell column and row of a point, clamped to the grid.
func (s *Snapper) cellXY(lat, lng float64) (int, int) {
	cx := int(math.Floor((lng - s.minLng) / s.dLng))
	cy := int(math.Floor((lat - s.minLat) / s.dLat))
	return min(max(cx, 0), s.nx-1), min(max(cy, 0), s.ny-1)
}

// Len returns the number of nodes indexed.
func (s *Snapper) Len() int { return len(s.node) }

// Nearest returns the indexed node nearest to (lat, lng) and its distance in
// metres, or ok false when no node lies within maxMetres.
func (s *Snapper) Nearest(lat, lng float64, maxMetres float64) (node int32, metres float64, ok bool) {
	if len(s.node) == 0 || math.IsNaN(lat+lng+maxMetres) || math.IsInf(lat+lng, 0) || maxMetres < 0 {
		return -1, 0, false
	}
	kx := math.Cos(lat*math.Pi/180) * metresPerDegree // metres per degree of longitude here
	const ky = metresPerDegree
	limit := maxMetres * maxMetres
	best, bestD := -1, math.Inf(1)
	cx, cy := s.cellXY(lat, lng)
	for r := 0; ; r++ {
		x0, x1, y0, y1 := cx-r, cx+r, cy-r, cy+r
		for y := max(y0, 0); y <= min(y1, s.ny-1); y++ {
			step := 1
			if y != y0 && y != y1 {
				step = max(x1-x0, 1) // only the ring's two sides
			}
			for x := x0; x <= x1; x += step {
				if x < 0 || x >= s.nx {
					continue
				}
				c := y*s.nx + x
				for k := s.start[c]; k < s.start[c+1]; k++ {
					dx, dy := (s.lng[k]-lng)*kx, (s.lat[k]-lat)*ky
					if d := dx*dx + dy*dy; d < bestD || (d == bestD && s.node[k] < s.node[best]) {
						best, bestD = int(k), d
					}
				}
			}
		}
		// Any node not yet seen lies beyond a side of the searched block
		// that is not the grid's edge.
		gap := math.Inf(1)
		if x0 > 0 {
			gap = min(gap, (lng-(s.minLng+float64(x0)*s.dLng))*kx)
		}
		if x1 < s.nx-1 {
			gap = min(gap, (s.minLng+float64(x1+1)*s.dLng-lng)*kx)
		}
		if y0 > 0 {
			gap = min(gap, (lat-(s.minLat+float64(y0)*s.dLat))*ky)
		}
		if y1 < s.ny-1 {
			gap = min(gap, (s.minLat+float64(y1+1)*s.dLat-lat)*ky)
		}
		gap = max(gap, 0)
		if math.IsInf(gap, 1) || gap*gap >= min(bestD, limit) {
			break
		}
	}
	if best < 0 || bestD > limit {
		return -1, 0, false
	}
	v := s.node[best]
	return v, Haversine(lat, lng, s.lat[best], s.lng[best]), true
}
