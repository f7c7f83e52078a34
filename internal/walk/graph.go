// Package walk is the walking network behind the 15-minute service circle:
// an undirected street graph in compressed sparse row form, its import from
// OpenStreetMap (XML or PBF), snapping of points to network nodes, bounded
// and multi-source shortest paths, a binary encoding for storing the network
// as one blob, and a deterministic generator of street networks for
// benchmarks and demo data.
//
// Distances are metres along the network; edge lengths are great-circle
// (haversine) lengths between node coordinates. A Graph is read-only once
// built and safe for concurrent use.
package walk

import (
	"errors"
	"math"
	"slices"
)

// earthRadius is the mean Earth radius in metres (IUGG), as used by PostGIS
// geography on a sphere.
const earthRadius = 6371008.8

// Graph is an undirected walking graph in CSR form. The arcs of node v are
// To[Off[v]:Off[v+1]] with lengths W[Off[v]:Off[v+1]] in metres, sorted by
// target; every undirected edge is stored once in each direction.
type Graph struct {
	ID       []int64   // source node ID (OSM node ID, or the Builder's ID)
	Lat, Lng []float64 // degrees
	Off      []int32   // len N()+1
	To       []int32   // len 2·M()
	W        []float32 // len 2·M(), metres
}

// N returns the number of nodes.
func (g *Graph) N() int { return len(g.Off) - 1 }

// M returns the number of undirected edges.
func (g *Graph) M() int { return len(g.To) / 2 }

// Components labels the connected components: label[v] is the component of
// node v, numbered from 0 in order of their lowest node, and sizes[c] is the
// number of nodes of component c.
func (g *Graph) Components() (label []int32, sizes []int32) {
	n := g.N()
	label = make([]int32, n)
	for i := range label {
		label[i] = -1
	}
	stack := make([]int32, 0, 64)
	for s := range int32(n) {
		if label[s] >= 0 {
			continue
		}
		c := int32(len(sizes))
		size := int32(0)
		label[s] = c
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			for _, u := range g.To[g.Off[v]:g.Off[v+1]] {
				if label[u] < 0 {
					label[u] = c
					stack = append(stack, u)
				}
			}
		}
		sizes = append(sizes, size)
	}
	return label, sizes
}

// Largest returns the label of the largest component (the lowest label among
// equals) and its size; -1 and 0 for an empty graph.
func Largest(sizes []int32) (c int32, size int32) {
	c = -1
	for i, s := range sizes {
		if s > size {
			c, size = int32(i), s
		}
	}
	return c, size
}

// Haversine returns the great-circle distance in metres between two points
// given in degrees.
func Haversine(lat1, lng1, lat2, lng2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLng := (lng2 - lng1) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLng/2)
	h := s1*s1 + math.Cos(lat1*rad)*math.Cos(lat2*rad)*s2*s2
	return 2 * earthRadius * math.Asin(math.Sqrt(min(h, 1)))
}

// ErrUnknownNode is returned by Builder.AddEdge for an ID never added.
var ErrUnknownNode = errors.New("walk: edge names an unknown node")

// Builder collects nodes and edges for a Graph. Node indexes follow the
// order of the first AddNode of each ID.
type Builder struct {
	index    map[int64]int32
	ids      []int64
	lat, lng []float64
	edges    []uint64 // lo<<32 | hi node indexes, lo < hi
}

// NewBuilder returns an empty Builder; nodes and edges are capacity hints.
func NewBuilder(nodes, edges int) *Builder {
	return &Builder{
		index: make(map[int64]int32, nodes),
		ids:   make([]int64, 0, nodes),
		lat:   make([]float64, 0, nodes),
		lng:   make([]float64, 0, nodes),
		edges: make([]uint64, 0, edges),
	}
}

// AddNode adds a node and returns its index. Adding an ID again keeps the
// first coordinates and returns the same index.
func (b *Builder) AddNode(id int64, lat, lng float64) int32 {
	if b.index == nil {
		b.index = make(map[int64]int32)
	}
	if i, ok := b.index[id]; ok {
		return i
	}
	i := int32(len(b.ids))
	b.index[id] = i
	b.ids = append(b.ids, id)
	b.lat = append(b.lat, lat)
	b.lng = append(b.lng, lng)
	return i
}

// appendNode adds a node without indexing its ID (for importers that keep
// their own index); AddEdge cannot name it.
func (b *Builder) appendNode(id int64, lat, lng float64) int32 {
	b.ids = append(b.ids, id)
	b.lat = append(b.lat, lat)
	b.lng = append(b.lng, lng)
	return int32(len(b.ids) - 1)
}

// AddEdge adds an undirected edge between two added nodes; its length is the
// haversine distance between them. Self-loops are dropped here, duplicate
// edges by Build.
func (b *Builder) AddEdge(idA, idB int64) error {
	a, okA := b.index[idA]
	c, okB := b.index[idB]
	if !okA || !okB {
		return ErrUnknownNode
	}
	b.addEdge(a, c)
	return nil
}

// addEdge adds an edge between node indexes.
func (b *Builder) addEdge(a, c int32) {
	if a == c {
		return
	}
	if a > c {
		a, c = c, a
	}
	b.edges = append(b.edges, uint64(a)<<32|uint64(c))
}

// Build returns the graph. The Builder should not be used afterwards.
func (b *Builder) Build() *Graph {
	n := len(b.ids)
	slices.Sort(b.edges)
	b.edges = slices.Compact(b.edges)
	g := &Graph{ID: b.ids, Lat: b.lat, Lng: b.lng, Off: make([]int32, n+1)}
	for _, e := range b.edges {
		g.Off[e>>32+1]++
		g.Off[uint32(e)+1]++
	}
	for v := range n {
		g.Off[v+1] += g.Off[v]
	}
	m2 := len(b.edges) * 2
	g.To, g.W = make([]int32, m2), make([]float32, m2)
	next := slices.Clone(g.Off[:n])
	for _, e := range b.edges {
		a, c := int32(e>>32), int32(uint32(e))
		w := float32(Haversine(b.lat[a], b.lng[a], b.lat[c], b.lng[c]))
		g.To[next[a]], g.W[next[a]] = c, w
		next[a]++
		g.To[next[c]], g.W[next[c]] = a, w
		next[c]++
	}
	// Sorted edges give each node's arcs to higher nodes in order; arcs to
	// lower nodes are written first and also in order, so each run is sorted.
	b.edges, b.index = nil, nil
	return g
}

// subgraph returns the graph induced by the nodes with keep[v] true, node
// order kept.
func (g *Graph) subgraph(keep []bool) *Graph {
	n := g.N()
	idx := make([]int32, n)
	h := &Graph{Off: []int32{0}}
	for v := range n {
		idx[v] = -1
		if keep[v] {
			idx[v] = int32(len(h.ID))
			h.ID = append(h.ID, g.ID[v])
			h.Lat = append(h.Lat, g.Lat[v])
			h.Lng = append(h.Lng, g.Lng[v])
		}
	}
	for v := range n {
		if !keep[v] {
			continue
		}
		for k := g.Off[v]; k < g.Off[v+1]; k++ {
			if u := idx[g.To[k]]; u >= 0 {
				h.To = append(h.To, u)
				h.W = append(h.W, g.W[k])
			}
		}
		h.Off = append(h.Off, int32(len(h.To)))
	}
	return h
}
