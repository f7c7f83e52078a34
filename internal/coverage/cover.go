package coverage

import (
	"math"

	"dangjian/internal/walk"
)

// netCoverer finds the homes within the cutoff of a candidate along the
// network: a bounded search from the candidate's node, and at each node
// reached the homes joined to it whose own snap distance still fits.
type netCoverer struct {
	g        *walk.Graph
	search   *walk.Searcher
	cutoff   float32
	candNode []int32
	candSnap []float32
	start    []int32 // homes of node v: at[start[v]:start[v+1]], by snap distance
	at       []int32
	snap     []float32
}

func newNetCoverer(pr Problem, w *Walk) *netCoverer {
	g := pr.Graph
	n := g.N()
	nc := &netCoverer{g: g, search: walk.NewSearcher(g), cutoff: float32(pr.Cutoff), start: make([]int32, n+1)}
	for _, v := range w.homeNode {
		if v >= 0 {
			nc.start[v+1]++
		}
	}
	for v := 0; v < n; v++ {
		nc.start[v+1] += nc.start[v]
	}
	nc.at = make([]int32, nc.start[n])
	nc.snap = make([]float32, nc.start[n])
	fill := append([]int32(nil), nc.start[:n]...)
	for h, v := range w.homeNode {
		if v >= 0 {
			nc.at[fill[v]], nc.snap[fill[v]] = int32(h), w.homeSnap[h]
			fill[v]++
		}
	}
	for v := 0; v < n; v++ {
		a, b := nc.start[v], nc.start[v+1]
		if b-a > 1 {
			sortBySnap(nc.at[a:b], nc.snap[a:b])
		}
	}
	sn := w.snapper
	if sn == nil {
		sn = walk.NewSnapper(g)
	}
	nc.candNode = make([]int32, len(pr.Candidates))
	nc.candSnap = make([]float32, len(pr.Candidates))
	for i, c := range pr.Candidates {
		v, m, ok := sn.Nearest(c.Lat, c.Lng, SnapMax)
		if !ok {
			v = -1
		}
		nc.candNode[i], nc.candSnap[i] = v, float32(m)
	}
	return nc
}

func sortBySnap(at []int32, snap []float32) {
	for i := 1; i < len(at); i++ {
		for j := i; j > 0 && snap[j] < snap[j-1]; j-- {
			at[j], at[j-1] = at[j-1], at[j]
			snap[j], snap[j-1] = snap[j-1], snap[j]
		}
	}
}

func (nc *netCoverer) cover(c int, fn func(home int32)) {
	v := nc.candNode[c]
	if v < 0 {
		return
	}
	nc.search.Bounded(v, nc.candSnap[c], nc.cutoff, func(node int32, d float32) {
		for k := nc.start[node]; k < nc.start[node+1]; k++ {
			if d+nc.snap[k] > nc.cutoff {
				break
			}
			fn(nc.at[k])
		}
	})
}

// straightCoverer finds the homes within cutoff/detour metres in a
// straight line, through square cells of that size.
type straightCoverer struct {
	pr    Problem
	reach float64
	ix    *cellIndex
}

func newStraightCoverer(pr Problem) *straightCoverer {
	reach := pr.Cutoff / pr.Detour
	sites := make([]Site, len(pr.Homes))
	for i, h := range pr.Homes {
		sites[i] = Site{Lat: h.Lat, Lng: h.Lng}
	}
	return &straightCoverer{pr: pr, reach: reach, ix: newCellIndex(sites, math.Max(reach, 50))}
}

func (sc *straightCoverer) cover(c int, fn func(home int32)) {
	s := sc.pr.Candidates[c]
	k := sc.ix.key(s.Lat, s.Lng)
	for dy := int32(-1); dy <= 1; dy++ {
		for dx := int32(-1); dx <= 1; dx++ {
			for _, h := range sc.ix.cells[[2]int32{k[0] + dy, k[1] + dx}] {
				hm := sc.pr.Homes[h]
				if Haversine(s.Lat, s.Lng, hm.Lat, hm.Lng) <= sc.reach {
					fn(h)
				}
			}
		}
	}
}
