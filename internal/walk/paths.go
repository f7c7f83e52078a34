package walk

import (
	"math"
	"sync"
)

// Source is one origin of a multi-source search: a network node, the metres
// already walked to reach it (the snap distance of a post, say) and an ID
// reported for every node it reaches first.
type Source struct {
	Node  int32
	Start float32
	ID    int32
}

var inf32 = float32(math.Inf(1))

// MultiSource runs one Dijkstra search from all sources at once. On return
// dist[v] is the walking distance from the nearest source to v (its Start
// included) when that is at most cutoff, and +Inf otherwise; if from is not
// nil, from[v] is the ID of that nearest source, or -1. Of sources on one
// node the smallest Start wins, then the first listed; other ties go to the
// source whose search reaches the node first in the (deterministic)
// settling order: distance, then node index. dist (and from) must have at
// least g.N() elements.
// Sources whose node is not in the graph, or whose Start is negative, NaN or
// beyond cutoff, are ignored.
func MultiSource(g *Graph, sources []Source, cutoff float32, dist []float32, from []int32) {
	n := g.N()
	dist = dist[:n]
	for i := range dist {
		dist[i] = inf32
	}
	if from != nil {
		from = from[:n]
		for i := range from {
			from[i] = -1
		}
	}
	h := make(heap4, 0, max(1024, len(sources)*4))
	for _, s := range sources {
		if s.Node < 0 || int(s.Node) >= n || !(s.Start >= 0 && s.Start <= cutoff) {
			continue
		}
		if s.Start < dist[s.Node] {
			dist[s.Node] = s.Start
			if from != nil {
				from[s.Node] = s.ID
			}
			h.push(key(s.Start, s.Node))
		}
	}
	off, to, w := g.Off, g.To, g.W
	for len(h) > 0 {
		d, v := unkey(h.pop())
		if d > dist[v] {
			continue // stale entry
		}
		for k := off[v]; k < off[v+1]; k++ {
			u := to[k]
			nd := d + w[k]
			if nd <= cutoff && nd < dist[u] {
				dist[u] = nd
				if from != nil {
					from[u] = from[v]
				}
				h.push(key(nd, u))
			}
		}
	}
}

// Searcher runs bounded single-source searches on one graph with scratch
// arrays kept between calls, so repeated searches do not allocate. A
// Searcher is not safe for concurrent use; use one per goroutine, or the
// pooled Bounded.
type Searcher struct {
	g       *Graph
	dist    []float32 // +Inf everywhere between calls
	touched []int32
	heap    heap4
}

// NewSearcher returns a Searcher for g.
func NewSearcher(g *Graph) *Searcher {
	s := &Searcher{}
	s.reset(g)
	return s
}

// reset binds the searcher to g, keeping its arrays when they are big
// enough.
func (s *Searcher) reset(g *Graph) {
	s.g = g
	n := g.N()
	if cap(s.dist) < n {
		s.dist = make([]float32, n)
		for i := range s.dist {
			s.dist[i] = inf32
		}
	}
	s.dist = s.dist[:n]
}

// Bounded calls visit for every node within cutoff metres of src, in order
// of distance, with its distance (start plus the walk from src). Nothing is
// visited when src is not in the graph or start is not in [0, cutoff].
func (s *Searcher) Bounded(src int32, start, cutoff float32, visit func(node int32, d float32)) {
	g := s.g
	if src < 0 || int(src) >= g.N() || !(start >= 0 && start <= cutoff) {
		return
	}
	dist := s.dist
	h := s.heap[:0]
	touched := append(s.touched[:0], src)
	dist[src] = start
	h.push(key(start, src))
	off, to, w := g.Off, g.To, g.W
	for len(h) > 0 {
		d, v := unkey(h.pop())
		if d > dist[v] {
			continue
		}
		visit(v, d)
		for k := off[v]; k < off[v+1]; k++ {
			u := to[k]
			nd := d + w[k]
			if nd <= cutoff && nd < dist[u] {
				if dist[u] == inf32 {
					touched = append(touched, u)
				}
				dist[u] = nd
				h.push(key(nd, u))
			}
		}
	}
	for _, v := range touched {
		dist[v] = inf32
	}
	s.heap, s.touched = h, touched
}

var searchers = sync.Pool{New: func() any { return new(Searcher) }}

// Bounded is Searcher.Bounded with a Searcher taken from a pool: after the
// first calls it does not allocate. It is safe for concurrent use.
func Bounded(g *Graph, src int32, start, cutoff float32, visit func(node int32, d float32)) {
	s := searchers.Get().(*Searcher)
	if s.g != g {
		s.reset(g)
	}
	s.Bounded(src, start, cutoff, visit)
	searchers.Put(s)
}

// key packs a non-negative distance and a node so that keys order by
// distance, then node: the bits of a non-negative float32 order as the
// float does.
func key(d float32, v int32) uint64 {
	return uint64(math.Float32bits(d))<<32 | uint64(uint32(v))
}

func unkey(k uint64) (float32, int32) {
	return math.Float32frombits(uint32(k >> 32)), int32(uint32(k))
}

// heap4 is a 4-ary min-heap of keys; stale entries are skipped by the
// searches (lazy deletion), so it needs no decrease-key.
type heap4 []uint64

func (h *heap4) push(x uint64) {
	s := append(*h, x)
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if s[p] <= x {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = x
	*h = s
}

func (h *heap4) pop() uint64 {
	s := *h
	top := s[0]
	last := s[len(s)-1]
	s = s[:len(s)-1]
	n := len(s)
	if n > 0 {
		i := 0
		for {
			c := 4*i + 1
			if c >= n {
				break
			}
			m := c
			for j := c + 1; j < min(c+4, n); j++ {
				if s[j] < s[m] {
					m = j
				}
			}
			if s[m] >= last {
				break
			}
			s[i] = s[m]
			i = m
		}
		s[i] = last
	}
	*h = s
	return top
}
