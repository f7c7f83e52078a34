// Package geogen generates deterministic polygon tilings for tests,
// benchmarks and demo data: perturbed square cells whose sides are wavy
// polylines shared exactly by the two cells they separate, so the polygons
// tile their box without gaps or overlaps.
package geogen

import (
	"math"
	"math/rand/v2"

	"dangjian/internal/geo"
)

// SanyaBox is the extent of Sanya (lng 108.9–109.8, lat 18.1–18.6).
var SanyaBox = geo.BBox{MinX: 108.9, MinY: 18.1, MaxX: 109.8, MaxY: 18.6}

// Config describes a tiling.
type Config struct {
	Seed   uint64
	Box    geo.BBox
	NX, NY int     // cells across and down
	Side   int     // segments per side: a polygon has 4·Side vertices
	Jitter float64 // node displacement, as a fraction of a cell (≤ 0.2)
	Wave   float64 // side waviness, as a fraction of the side's length (≤ 0.04)
}

// Sanya is a tiling of SanyaBox into 134 × 75 = 10,050 grids of 100
// vertices each, cells of about 0.0067° (700 m).
func Sanya(seed uint64) Config {
	return Config{Seed: seed, Box: SanyaBox, NX: 134, NY: 75, Side: 25, Jitter: 0.15, Wave: 0.03}
}

// Grid returns the NX·NY polygons of the tiling, row by row from the south
// west; each is one counter-clockwise closed ring of 4·Side+1 points.
func Grid(c Config) []geo.Polygon {
	nodes := c.nodes()
	sides := func(horizontal bool, i, j int) []geo.Point {
		a, b := nodes[j*(c.NX+1)+i], geo.Point{}
		if horizontal {
			b = nodes[j*(c.NX+1)+i+1]
		} else {
			b = nodes[(j+1)*(c.NX+1)+i]
		}
		return c.side(a, b, horizontal, i, j)
	}
	out := make([]geo.Polygon, 0, c.NX*c.NY)
	for j := range c.NY {
		for i := range c.NX {
			ring := make(geo.Ring, 0, 4*c.Side+1)
			ring = append(ring, sides(true, i, j)...)                      // south, west to east
			ring = append(ring, sides(false, i+1, j)[1:]...)               // east, south to north
			ring = append(ring, reversed(sides(true, i, j+1))[1:]...)      // north, east to west
			ring = append(ring, reversed(sides(false, i, j))[1:c.Side]...) // west, north to south
			ring = append(ring, ring[0])
			out = append(out, geo.Polygon{ring})
		}
	}
	return out
}

// nodes returns the (NX+1)·(NY+1) jittered corners, row by row. Nodes on the
// box's edge move only along it; the box's corners stay.
func (c Config) nodes() []geo.Point {
	rng := rand.New(rand.NewPCG(c.Seed, 0x6e6f646573))
	cw := (c.Box.MaxX - c.Box.MinX) / float64(c.NX)
	ch := (c.Box.MaxY - c.Box.MinY) / float64(c.NY)
	out := make([]geo.Point, 0, (c.NX+1)*(c.NY+1))
	for j := 0; j <= c.NY; j++ {
		for i := 0; i <= c.NX; i++ {
			dx := (rng.Float64()*2 - 1) * c.Jitter * cw
			dy := (rng.Float64()*2 - 1) * c.Jitter * ch
			if i == 0 || i == c.NX {
				dx = 0
			}
			if j == 0 || j == c.NY {
				dy = 0
			}
			x, y := c.Box.MinX+float64(i)*cw+dx, c.Box.MinY+float64(j)*ch+dy
			if i == c.NX {
				x = c.Box.MaxX
			}
			if j == c.NY {
				y = c.Box.MaxY
			}
			out = append(out, geo.Point{x, y})
		}
	}
	return out
}

// side returns the Side+1 points from a to b: the chord displaced
// perpendicularly by three sine waves and a little noise, all vanishing at
// the ends. Sides on the box's edge stay straight. The points depend only on
// the seed and the side, so both cells sharing it get the same points.
func (c Config) side(a, b geo.Point, horizontal bool, i, j int) []geo.Point {
	key := uint64(j)<<33 | uint64(i)<<1
	if horizontal {
		key |= 1
	}
	rng := rand.New(rand.NewPCG(c.Seed, key))
	edge := (horizontal && (j == 0 || j == c.NY)) || (!horizontal && (i == 0 || i == c.NX))
	var amp [3]float64
	for k := range amp {
		amp[k] = (rng.Float64()*2 - 1) * c.Wave / float64(k+1)
	}
	dx, dy := b[0]-a[0], b[1]-a[1] // the perpendicular (-dy, dx) has the chord's length
	out := make([]geo.Point, c.Side+1)
	for s := range c.Side + 1 {
		t := float64(s) / float64(c.Side)
		off := 0.0
		if !edge && s > 0 && s < c.Side {
			for k, a := range amp {
				off += a * math.Sin(math.Pi*float64(k+1)*t)
			}
			off += (rng.Float64()*2 - 1) * c.Wave * 0.1 * math.Sin(math.Pi*t)
		}
		out[s] = geo.Point{a[0] + t*dx - off*dy, a[1] + t*dy + off*dx}
	}
	out[0], out[c.Side] = a, b
	return out
}

func reversed(p []geo.Point) []geo.Point {
	out := make([]geo.Point, len(p))
	for i, v := range p {
		out[len(p)-1-i] = v
	}
	return out
}

// Points returns n points drawn uniformly from box.
func Points(seed uint64, box geo.BBox, n int) []geo.Point {
	rng := rand.New(rand.NewPCG(seed, 0x706f696e7473))
	out := make([]geo.Point, n)
	for i := range out {
		out[i] = geo.Point{
			box.MinX + rng.Float64()*(box.MaxX-box.MinX),
			box.MinY + rng.Float64()*(box.MaxY-box.MinY),
		}
	}
	return out
}
