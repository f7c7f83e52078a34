package walk

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"dangjian/internal/geo"
)

// town is a centre of dense streets, in box-relative coordinates.
type town struct{ u, v, sigma, amp float64 }

// genPlan is the lattice of a generated network.
type genPlan struct {
	box      geo.BBox
	cols     int // lattice cells across (nodes: cols+1)
	rows     int
	arterial int // every arterial-th row and column of streets is kept whole
	towns    []town
}

const (
	genBackground = 0.03 // chance of keeping a rural street segment
	genMinPiece   = 16   // smaller disconnected pieces are dropped (not the largest)
	genMaxKeep    = 0.92 // in a town centre a few segments are still missing
	genDiagonal   = 0.08 // chance of a diagonal path across a town block, × density
	genJitter     = 0.3  // node displacement, as a fraction of a block
	genArterials  = 24   // arterial lines across the box in each direction
)

// Generate returns a deterministic street network of about targetEdges
// undirected edges in box (MinX/MaxX are longitudes): a lattice of perturbed
// blocks whose street segments are kept with a probability that is high in
// a few town centres and low in the countryside, arterial streets kept
// whole every few blocks so the towns connect, and some diagonal footpaths
// across town blocks. Nodes are the lattice crossings that keep a street,
// with IDs from 1 (the lattice position). The same seed, size and box give
// the same graph.
func Generate(seed uint64, targetEdges int, box geo.BBox) *Graph {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	p := genPlan{box: box}
	for range 5 + rng.IntN(4) {
		p.towns = append(p.towns, town{
			u: 0.1 + 0.8*rng.Float64(), v: 0.1 + 0.8*rng.Float64(),
			sigma: 0.04 + 0.08*rng.Float64(), amp: 0.6 + 0.4*rng.Float64(),
		})
	}
	for range 12 + rng.IntN(12) { // villages
		p.towns = append(p.towns, town{
			u: 0.05 + 0.9*rng.Float64(), v: 0.05 + 0.9*rng.Float64(),
			sigma: 0.008 + 0.012*rng.Float64(), amp: 0.7 + 0.3*rng.Float64(),
		})
	}
	target := max(targetEdges, 1)
	p.size(target)
	state := *rng
	g := p.build(rng)
	if m := g.M(); m > 0 && math.Abs(float64(m-target)) > 0.02*float64(target) {
		// Dropped pieces and chance: scale the lattice once to land close.
		p.scale(float64(target) / float64(m))
		*rng = state
		g = p.build(rng)
	}
	return g
}

// scale multiplies the number of lattice cells by about f.
func (p *genPlan) scale(f float64) {
	s := math.Sqrt(f)
	p.cols = max(int(math.Round(float64(p.cols)*s)), 1)
	p.rows = max(int(math.Round(float64(p.rows)*s)), 1)
	p.arterial = max(min(p.cols, p.rows)/genArterials, 2)
}

// density is the chance of keeping a street segment at box-relative (u, v).
func (p *genPlan) density(u, v float64) float64 {
	d := genBackground
	for _, t := range p.towns {
		du, dv := u-t.u, v-t.v
		d += t.amp * math.Exp(-(du*du+dv*dv)/(2*t.sigma*t.sigma))
	}
	return min(d, genMaxKeep)
}

// size picks the lattice for about target edges, from the mean density.
func (p *genPlan) size(target int) {
	const samples = 128
	f := 0.0
	for i := range samples {
		for j := range samples {
			d := p.density((float64(i)+0.5)/samples, (float64(j)+0.5)/samples)
			f += (2 + genDiagonal) * d // two streets and maybe a diagonal per block
		}
	}
	f /= samples * samples
	midLat := (p.box.MinY + p.box.MaxY) / 2
	w := max((p.box.MaxX-p.box.MinX)*math.Cos(midLat*math.Pi/180), 1e-9)
	h := max(p.box.MaxY-p.box.MinY, 1e-9)
	dm := f / (2 + genDiagonal) // mean chance of keeping a segment
	cells := float64(target) / f
	for range 4 { // arterials add 1-dm per segment on their lines
		p.cols = int(max(math.Round(math.Sqrt(cells*w/h)), 1))
		p.rows = int(max(math.Round(cells/float64(p.cols)), 1))
		p.arterial = max(min(p.cols, p.rows)/genArterials, 2)
		cells = float64(target) / (f + 2*(1-dm)/float64(p.arterial))
	}
}

// build draws the network.
func (p *genPlan) build(rng *rand.Rand) *Graph {
	nx, ny := p.cols+1, p.rows+1
	lat, lng := make([]float64, nx*ny), make([]float64, nx*ny)
	dLng := (p.box.MaxX - p.box.MinX) / float64(p.cols)
	dLat := (p.box.MaxY - p.box.MinY) / float64(p.rows)
	for j := range ny {
		for i := range nx {
			k := j*nx + i
			jx, jy := (rng.Float64()*2-1)*genJitter, (rng.Float64()*2-1)*genJitter
			if i == 0 || i == p.cols {
				jx = 0
			}
			if j == 0 || j == p.rows {
				jy = 0
			}
			lng[k] = p.box.MinX + (float64(i)+jx)*dLng
			lat[k] = p.box.MinY + (float64(j)+jy)*dLat
		}
	}
	idx := make([]int32, nx*ny)
	for i := range idx {
		idx[i] = -1
	}
	b := NewBuilder(0, 0)
	node := func(k int) int32 {
		if idx[k] < 0 {
			idx[k] = b.appendNode(int64(k)+1, lat[k], lng[k])
		}
		return idx[k]
	}
	edge := func(a, c int) { b.addEdge(node(a), node(c)) }
	for j := range ny {
		for i := range nx {
			k := j*nx + i
			u, v := (float64(i)+0.5)/float64(nx), (float64(j)+0.5)/float64(ny)
			d := p.density(u, v)
			if i < p.cols && (j%p.arterial == 0 || rng.Float64() < d) {
				edge(k, k+1)
			}
			if j < p.rows && (i%p.arterial == 0 || rng.Float64() < d) {
				edge(k, k+nx)
			}
			if i < p.cols && j < p.rows && rng.Float64() < genDiagonal*d {
				if rng.IntN(2) == 0 {
					edge(k, k+nx+1)
				} else {
					edge(k+1, k+nx)
				}
			}
		}
	}
	g := b.Build()
	label, sizes := g.Components()
	_, big := Largest(sizes)
	keep := make([]bool, g.N())
	for v, c := range label {
		keep[v] = sizes[c] >= min(genMinPiece, big)
	}
	return g.subgraph(keep)
}

// WriteOSMXML writes g as an OSM XML file: every node with its ID and
// coordinates, and every undirected edge as a two-node way tagged
// highway=residential (way IDs from 1). Node IDs must be unique and
// positive, as those of Generate and ReadOSM are. Reading it back with
// ReadOSM gives the same nodes and edges.
func WriteOSMXML(w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"dangjian walk\">\n")
	buf := make([]byte, 0, 256)
	for v := range g.N() {
		buf = append(buf[:0], ` <node id="`...)
		buf = strconv.AppendInt(buf, g.ID[v], 10)
		buf = append(buf, `" version="1" lat="`...)
		buf = strconv.AppendFloat(buf, g.Lat[v], 'f', 7, 64)
		buf = append(buf, `" lon="`...)
		buf = strconv.AppendFloat(buf, g.Lng[v], 'f', 7, 64)
		buf = append(buf, "\"/>\n"...)
		bw.Write(buf)
	}
	way := int64(0)
	for v := range int32(g.N()) {
		for _, u := range g.To[g.Off[v]:g.Off[v+1]] {
			if u < v {
				continue
			}
			way++
			buf = append(buf[:0], ` <way id="`...)
			buf = strconv.AppendInt(buf, way, 10)
			buf = append(buf, "\" version=\"1\">\n  <nd ref=\""...)
			buf = strconv.AppendInt(buf, g.ID[v], 10)
			buf = append(buf, "\"/>\n  <nd ref=\""...)
			buf = strconv.AppendInt(buf, g.ID[u], 10)
			buf = append(buf, "\"/>\n  <tag k=\"highway\" v=\"residential\"/>\n </way>\n"...)
			bw.Write(buf)
		}
	}
	bw.WriteString("</osm>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("walk: write osm xml: %w", err)
	}
	return nil
}
