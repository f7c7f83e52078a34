package coverage

import (
	"context"
	"math"

	"dangjian/internal/walk"
)

// metresPerDegLat is the length of one degree of latitude.
const metresPerDegLat = 111_320.0

// Distances measures the walk from every home to its nearest site within
// cutoff metres: along g when it is not nil, else in a straight line times
// detour. Progress is reported in homes done; ctx cancels.
func Distances(ctx context.Context, g *walk.Graph, homes []Home, sites []Site, cutoff, detour float64, progress func(done, total int)) (Walk, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	if g == nil {
		return straight(ctx, homes, sites, cutoff, detour, progress)
	}
	return network(ctx, g, walk.NewSnapper(g), homes, sites, cutoff, progress)
}

func network(ctx context.Context, g *walk.Graph, sn *walk.Snapper, homes []Home, sites []Site, cutoff float64, progress func(int, int)) (Walk, error) {
	w := Walk{Mode: Network, Metres: make([]float32, len(homes)), Nearest: make([]int32, len(homes)),
		homeNode: make([]int32, len(homes)), homeSnap: make([]float32, len(homes)), snapper: sn}
	var src []walk.Source
	for i, s := range sites {
		node, m, ok := sn.Nearest(s.Lat, s.Lng, SnapMax)
		if !ok {
			w.Excluded.SitesFar++
			continue
		}
		src = append(src, walk.Source{Node: node, Start: float32(m), ID: int32(i)})
	}
	dist := make([]float32, g.N())
	from := make([]int32, g.N())
	walk.MultiSource(g, src, float32(cutoff), dist, from)
	label, _ := g.Components()
	reached := map[int32]bool{}
	for _, s := range src {
		reached[label[s.Node]] = true
	}
	for i, h := range homes {
		if i%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return w, err
			}
			progress(i, len(homes))
		}
		w.Metres[i], w.Nearest[i] = Unreachable, -1
		node, m, ok := sn.Nearest(h.Lat, h.Lng, SnapMax)
		w.homeNode[i], w.homeSnap[i] = node, float32(m)
		if !ok {
			w.homeNode[i] = -1
			w.Excluded.HomesFar++
			w.Excluded.PeopleOut += int(h.People)
			w.Nearest[i] = -2 // excluded
			continue
		}
		if !reached[label[node]] {
			w.Excluded.HomesIsland++
			continue
		}
		if d := dist[node]; d < Unreachable && from[node] >= 0 {
			if t := d + float32(m); float64(t) <= cutoff {
				w.Metres[i], w.Nearest[i] = t, from[node]
			}
		}
	}
	progress(len(homes), len(homes))
	return w, nil
}

// cellIndex buckets sites into square cells of a given size in metres.
type cellIndex struct {
	size, lngScale float64
	cells          map[[2]int32][]int32
}

func newCellIndex(sites []Site, size float64) *cellIndex {
	lat0 := 18.3
	if len(sites) > 0 {
		lat0 = sites[0].Lat
	}
	ix := &cellIndex{size: size, lngScale: math.Cos(lat0 * math.Pi / 180), cells: map[[2]int32][]int32{}}
	for i, s := range sites {
		k := ix.key(s.Lat, s.Lng)
		ix.cells[k] = append(ix.cells[k], int32(i))
	}
	return ix
}

func (ix *cellIndex) key(lat, lng float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat * metresPerDegLat / ix.size)), int32(math.Floor(lng * metresPerDegLat * ix.lngScale / ix.size))}
}

func straight(ctx context.Context, homes []Home, sites []Site, cutoff, detour float64, progress func(int, int)) (Walk, error) {
	w := Walk{Mode: Straight, Metres: make([]float32, len(homes)), Nearest: make([]int32, len(homes))}
	reach := cutoff / detour // straight-line metres that still fit
	ix := newCellIndex(sites, math.Max(reach, 50))
	for i, h := range homes {
		if i%65536 == 0 {
			if err := ctx.Err(); err != nil {
				return w, err
			}
			progress(i, len(homes))
		}
		w.Metres[i], w.Nearest[i] = Unreachable, -1
		k := ix.key(h.Lat, h.Lng)
		best := math.Inf(1)
		for dy := int32(-1); dy <= 1; dy++ {
			for dx := int32(-1); dx <= 1; dx++ {
				for _, si := range ix.cells[[2]int32{k[0] + dy, k[1] + dx}] {
					s := sites[si]
					if d := Haversine(h.Lat, h.Lng, s.Lat, s.Lng) * detour; d <= cutoff && d < best {
						best, w.Nearest[i] = d, si
					}
				}
			}
		}
		if w.Nearest[i] >= 0 {
			w.Metres[i] = float32(best)
		}
	}
	progress(len(homes), len(homes))
	return w, nil
}

// Haversine is the great-circle distance in metres.
func Haversine(lat1, lng1, lat2, lng2 float64) float64 {
	const r = 6_371_000.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lng2-lng1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}
