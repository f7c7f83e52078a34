package demo

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"dangjian/internal/area"
	"dangjian/internal/coverage"
	"dangjian/internal/scope"
	"dangjian/internal/walk"
)

// The 15-minute circle's demo data: homes around every active village and
// community (denser and larger in communities, a few scattered far out),
// and a generated walking network — a street lattice around each place
// and roads joining each place to its nearest neighbours. Both are
// generated (Sanya's real buildings and paths are not shipped); the
// network page says so by its name.

// homeCounts is how many homes a community and a village get per scale.
var homeCounts = map[Scale][2]int{Tiny: {12, 6}, City: {60, 30}, Province: {120, 60}}

const metresPerDeg = 111_320.0

func offset(lat, lng, dx, dy float64) (float64, float64) {
	return lat + dy/metresPerDeg, lng + dx/(metresPerDeg*math.Cos(lat*math.Pi/180))
}

// writeCoverage writes the homes and the network.
func (g *gen) writeCoverage(ctx context.Context) error {
	r := rand.New(rand.NewPCG(13, g.cfg.seed))
	st := &coverage.Store{DB: g.d, Locator: area.NewLocator(g.d)}
	counts := homeCounts[Scale(g.scale())]
	var csv bytes.Buffer
	csv.WriteString("lat,lng,people,code\n")
	b := walk.NewBuilder(0, 0)
	var centres [][2]float64
	for i, p := range g.places {
		lat, lng, err := area.Centre(ctx, g.d.Read(), p.id)
		if err != nil {
			return err
		}
		if len(p.grids) > 0 {
			if lat, lng, err = area.Centre(ctx, g.d.Read(), p.grids[0].id); err != nil {
				return err
			}
		}
		centres = append(centres, [2]float64{lat, lng})
		_ = i
		n, spread, people := counts[1], 600.0, [2]int{3, 12}
		if p.kind == area.Community {
			n, spread, people = counts[0], 450.0, [2]int{40, 300}
		}
		for h := 0; h < n; h++ {
			s := spread
			if h%10 == 9 {
				s = 2200 // a few homes far out: the gaps
			}
			la, ln := offset(lat, lng, r.NormFloat64()*s, r.NormFloat64()*s)
			fmt.Fprintf(&csv, "%.6f,%.6f,%d,%s-H%03d\n", la, ln, people[0]+r.IntN(people[1]-people[0]+1), p.code, h+1)
		}
		lattice(b, int64(len(centres))<<20, lat, lng, 1500, 150)
		g.progress("homes", i+1, len(g.places))
	}
	// Every post gets streets around it too, so none stands off the network.
	posts, err := st.Posts(ctx)
	if err != nil {
		return err
	}
	for _, p := range posts {
		centres = append(centres, [2]float64{p.Lat, p.Lng})
		lattice(b, int64(len(centres))<<20, p.Lat, p.Lng, 600, 150)
	}
	joinPlaces(b, centres)
	if _, err := st.ImportHomes(ctx, scope.Everything, csv.Bytes(), "demo"); err != nil {
		return err
	}
	_, err = st.SaveNetwork(ctx, "演示路网（生成：各村居街巷网格及村居间道路）", "generated", b.Build())
	return err
}

// lattice adds streets every step metres within radius of a centre; node
// IDs start at base.
func lattice(b *walk.Builder, base int64, lat, lng, radius, step float64) {
	n := int(radius / step)
	id := func(i, j int) int64 { return base + int64((i+n)*(2*n+1)+(j+n)) }
	for i := -n; i <= n; i++ {
		for j := -n; j <= n; j++ {
			if float64(i*i+j*j)*step*step > radius*radius {
				continue
			}
			la, ln := offset(lat, lng, float64(j)*step, float64(i)*step)
			b.AddNode(id(i, j), la, ln)
		}
	}
	for i := -n; i <= n; i++ {
		for j := -n; j <= n; j++ {
			b.AddEdge(id(i, j), id(i, j+1)) // unknown nodes (outside the disc) are refused and skipped
			b.AddEdge(id(i, j), id(i+1, j))
		}
	}
	// The centre node carries a stable ID for the roads between places.
	b.AddNode(base-1, lat, lng)
	b.AddEdge(base-1, id(0, 0))
}

// joinPlaces adds a road from each anchor (a place or a post, whose
// lattice has ID base (k+1)<<20) to its two nearest anchors, with a node
// every 200 m.
func joinPlaces(b *walk.Builder, centres [][2]float64) {
	next := int64(1) << 40
	for i, a := range centres {
		type near struct {
			j int
			d float64
		}
		var ns []near
		for j, c := range centres {
			if j != i {
				ns = append(ns, near{j, coverage.Haversine(a[0], a[1], c[0], c[1])})
			}
		}
		for k := 0; k < 2 && len(ns) > 0; k++ {
			best := 0
			for x := range ns {
				if ns[x].d < ns[best].d {
					best = x
				}
			}
			c := centres[ns[best].j]
			steps := max(1, int(ns[best].d/200))
			prev := int64(i+1)<<20 - 1
			for s := 1; s < steps; s++ {
				f := float64(s) / float64(steps)
				next++
				b.AddNode(next, a[0]+(c[0]-a[0])*f, a[1]+(c[1]-a[1])*f)
				b.AddEdge(prev, next)
				prev = next
			}
			b.AddEdge(prev, int64(ns[best].j+1)<<20-1)
			ns = append(ns[:best], ns[best+1:]...)
		}
	}
}
