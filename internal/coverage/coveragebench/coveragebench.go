// Package coveragebench measures the 15-minute service circle
// (internal/coverage) on a generated walking network of about a million
// edges: coverage of a million homes by 1,000 posts against pgRouting's
// pgr_drivingDistance called once per post, and siting (lazy greedy MCLP
// with swaps) against the exact optimum of an ILP solver (CBC or GLPK) on
// instances the solver can finish. See README.md and scripts/bench-coverage.sh.
package coveragebench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/coverage"
	"dangjian/internal/geo"
	"dangjian/internal/walk"
)

// Seeds of the corpus: the network, the homes and the posts.
const (
	NetSeed  = 20261215
	HomeSeed = 27182818
	PostSeed = 16180339
)

// Cutoff is the 15-minute walk at 4 km/h, in metres.
const Cutoff = 1000.0

// Sanya is the box of the generated network (MinX/MaxX are longitudes).
var Sanya = geo.BBox{MinX: 108.9, MinY: 18.1, MaxX: 109.8, MaxY: 18.6}

// Config sizes a corpus.
type Config struct {
	Box   geo.BBox
	Edges int // target undirected edges of the network
	Homes int
	Posts int
}

// Full is the corpus of the goals: 1M edges, 1M homes, 1,000 posts.
func Full() Config {
	return Config{Box: Sanya, Edges: 1_000_000, Homes: 1_000_000, Posts: 1000}
}

// Corpus is a generated network with its homes and posts.
type Corpus struct {
	Config Config
	G      *walk.Graph
	Homes  []coverage.Home
	Posts  []coverage.Site
	Gen    time.Duration // walk.Generate alone
}

// NewCorpus generates the network, homes and posts of c, deterministically.
func NewCorpus(c Config) *Corpus {
	start := time.Now()
	g := walk.Generate(NetSeed, c.Edges, c.Box)
	gen := time.Since(start)
	return &Corpus{Config: c, G: g, Gen: gen, Homes: Homes(g, HomeSeed, c.Homes), Posts: Posts(g, PostSeed, c.Posts)}
}

// jitter moves (lat, lng) by up to r metres in a uniformly random direction
// and distance (uniform over the disc).
func jitter(rng *rand.Rand, lat, lng, r float64) (float64, float64) {
	d := r * math.Sqrt(rng.Float64())
	a := 2 * math.Pi * rng.Float64()
	const m = 111_320.0
	return lat + d*math.Sin(a)/m, lng + d*math.Cos(a)/(m*math.Cos(lat*math.Pi/180))
}

// Homes places n homes near network nodes: a node drawn uniformly, kept
// with probability degree/4 (so town centres, where the generator keeps
// more streets, get more homes), moved by up to 150 m; 1–6 people each.
func Homes(g *walk.Graph, seed uint64, n int) []coverage.Home {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]coverage.Home, 0, n)
	for len(out) < n && g.N() > 0 {
		v := rng.IntN(g.N())
		if deg := g.Off[v+1] - g.Off[v]; rng.Float64()*4 >= float64(deg) {
			continue
		}
		lat, lng := jitter(rng, g.Lat[v], g.Lng[v], 150)
		out = append(out, coverage.Home{ID: int64(len(out) + 1), Lat: lat, Lng: lng,
			People: int32(1 + rng.IntN(6)), AreaPath: "/1/"})
	}
	return out
}

// Posts places n posts at network nodes drawn uniformly (so spread over the
// network, more where it is dense), moved by up to 30 m.
func Posts(g *walk.Graph, seed uint64, n int) []coverage.Site {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([]coverage.Site, 0, n)
	for len(out) < n && g.N() > 0 {
		v := rng.IntN(g.N())
		lat, lng := jitter(rng, g.Lat[v], g.Lng[v], 30)
		out = append(out, coverage.Site{ID: int64(len(out) + 1), Lat: lat, Lng: lng, Included: true})
	}
	return out
}

// Stages are the parts of a network coverage computation, timed apart by
// Staged.
type Stages struct {
	Snapper    time.Duration // walk.NewSnapper over every node
	SnapPosts  time.Duration
	SnapHomes  time.Duration
	Components time.Duration // labels, to tell islands no post is on
	Search     time.Duration // walk.MultiSource from every post
	HomePass   time.Duration // each home: its node's distance plus its snap
}

// Total is the sum of the stages.
func (s Stages) Total() time.Duration {
	return s.Snapper + s.SnapPosts + s.SnapHomes + s.Components + s.Search + s.HomePass
}

// Staged repeats what coverage.Distances does on a network with the public
// walk API, timing each stage, and returns each home's metres and nearest
// post (Unreachable/-1 as in coverage.Walk, -2 for a home too far from the
// network). The report checks that it agrees with coverage.Distances.
func Staged(g *walk.Graph, homes []coverage.Home, posts []coverage.Site, cutoff float64) ([]float32, []int32, Stages) {
	var st Stages
	t := time.Now()
	lap := func(d *time.Duration) { *d = time.Since(t); t = time.Now() }
	sn := walk.NewSnapper(g)
	lap(&st.Snapper)
	src := SnapPosts(sn, posts)
	lap(&st.SnapPosts)
	node, snap := make([]int32, len(homes)), make([]float32, len(homes))
	for i, h := range homes {
		v, m, ok := sn.Nearest(h.Lat, h.Lng, coverage.SnapMax)
		if !ok {
			v = -1
		}
		node[i], snap[i] = v, float32(m)
	}
	lap(&st.SnapHomes)
	label, _ := g.Components()
	reached := make([]bool, len(label))
	for _, s := range src {
		reached[label[s.Node]] = true
	}
	lap(&st.Components)
	dist, from := make([]float32, g.N()), make([]int32, g.N())
	walk.MultiSource(g, src, float32(cutoff), dist, from)
	lap(&st.Search)
	metres, nearest := make([]float32, len(homes)), make([]int32, len(homes))
	for i, v := range node {
		metres[i], nearest[i] = coverage.Unreachable, -1
		switch {
		case v < 0:
			nearest[i] = -2
		case !reached[label[v]] || from[v] < 0:
		default:
			if d := dist[v] + snap[i]; float64(d) <= cutoff {
				metres[i], nearest[i] = d, from[v]
			}
		}
	}
	lap(&st.HomePass)
	return metres, nearest, st
}

// SnapPosts joins each post to its nearest node within coverage.SnapMax, as
// a search source whose start is the snap distance and whose ID is the
// post's index; posts too far from the network are left out.
func SnapPosts(sn *walk.Snapper, posts []coverage.Site) []walk.Source {
	src := make([]walk.Source, 0, len(posts))
	for i, p := range posts {
		if v, m, ok := sn.Nearest(p.Lat, p.Lng, coverage.SnapMax); ok {
			src = append(src, walk.Source{Node: v, Start: float32(m), ID: int32(i)})
		}
	}
	return src
}

// Share returns the people covered (metres ≤ cutoff) and the people counted
// (homes joined to the network).
func Share(homes []coverage.Home, w coverage.Walk, cutoff float64) (covered, counted int) {
	for i, h := range homes {
		if w.Nearest[i] == -2 {
			continue
		}
		counted += int(h.People)
		if float64(w.Metres[i]) <= cutoff {
			covered += int(h.People)
		}
	}
	return covered, counted
}

// Quantile returns the q-quantile (nearest rank) of d, sorting a copy.
func Quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// Median returns the median of xs.
func Median(xs []time.Duration) time.Duration { return Quantile(xs, 0.5) }

// Machine describes this machine and its load, for the report's first line.
func Machine() string {
	model, memKB := "", 0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for l := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			memKB, _ = strconv.Atoi(f[1])
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return fmt.Sprintf("%s; %d cores (%s), %.0f GiB RAM, Linux %s, %s; load average %s",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), model, float64(memKB)/(1<<20),
		strings.TrimSpace(string(kernel)), runtime.Version(), Load())
}

// Load is the load average over 1, 5 and 15 minutes.
func Load() string {
	b, _ := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}
