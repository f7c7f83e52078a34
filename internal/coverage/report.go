package coverage

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// AreaInfo names an area for the report.
type AreaInfo struct {
	Name string
	Kind string // district, zone, community, village, grid, city
}

// AreaStat is the coverage of one area: how many homes and people, how
// many people within each tier and within the threshold, and the share.
type AreaStat struct {
	AreaID    int64   `json:"area_id"`
	Name      string  `json:"name"`
	Kind      string  `json:"kind"`
	Homes     int     `json:"homes"`
	People    int     `json:"people"`
	ByTier    []int   `json:"people_within"` // people within Tiers[i] minutes
	Covered   int     `json:"covered"`       // people within the threshold
	Share     float64 `json:"share"`         // Covered / People
	Uncovered int     `json:"uncovered_homes"`
}

// Cluster is a group of uncovered homes close together.
type Cluster struct {
	Homes   int     `json:"homes"`
	People  int     `json:"people"`
	Lat     float64 `json:"lat"`
	Lng     float64 `json:"lng"`
	Metres  float64 `json:"extent_m"` // the cluster's diagonal
	AreaID  int64   `json:"area_id"`
	AreaNam string  `json:"area_name"`
}

// SiteUse is how many people a post is the nearest covering post for.
type SiteUse struct {
	Site
	People int `json:"people"`
	Homes  int `json:"homes"`
}

// Result is a coverage report.
type Result struct {
	Params   Params     `json:"params"`
	Mode     Mode       `json:"mode"`
	Excluded Exclusions `json:"excluded"`
	City     AreaStat   `json:"city"`
	Areas    []AreaStat `json:"areas"`
	Clusters []Cluster  `json:"clusters"`
	Sites    []SiteUse  `json:"sites"`
}

// ClusterCell is the cell size, in metres, uncovered homes are grouped by.
const ClusterCell = 250.0

// MaxClusters is how many clusters a report lists (largest first).
const MaxClusters = 100

// Summarize turns walking distances into the report: every area on each
// home's path (district, village or community, grid) is counted.
func Summarize(p Params, homes []Home, sites []Site, w Walk, areas map[int64]AreaInfo) Result {
	res := Result{Params: p, Mode: w.Mode, Excluded: w.Excluded, City: AreaStat{Name: "city", Kind: "city", ByTier: make([]int, len(Tiers))}}
	stats := map[int64]*AreaStat{}
	use := make([]SiteUse, len(sites))
	for i, s := range sites {
		use[i].Site = s
	}
	limit := float32(p.Metres(p.Minutes))
	for i, h := range homes {
		if w.Nearest[i] == -2 {
			continue // excluded: far from the network
		}
		m := w.Metres[i]
		count := func(a *AreaStat) {
			a.Homes++
			a.People += int(h.People)
			for t, mins := range Tiers {
				if m <= float32(p.Metres(mins)) {
					a.ByTier[t] += int(h.People)
				}
			}
			if m <= limit {
				a.Covered += int(h.People)
			} else {
				a.Uncovered++
			}
		}
		count(&res.City)
		for _, id := range pathIDs(h.AreaPath) {
			info, ok := areas[id]
			if !ok || info.Kind == "city" {
				continue
			}
			a := stats[id]
			if a == nil {
				a = &AreaStat{AreaID: id, Name: info.Name, Kind: info.Kind, ByTier: make([]int, len(Tiers))}
				stats[id] = a
			}
			count(a)
		}
		if m <= limit && w.Nearest[i] >= 0 {
			use[w.Nearest[i]].People += int(h.People)
			use[w.Nearest[i]].Homes++
		}
	}
	finish := func(a *AreaStat) {
		if a.People > 0 {
			a.Share = float64(a.Covered) / float64(a.People)
		}
	}
	finish(&res.City)
	for _, a := range stats {
		finish(a)
		res.Areas = append(res.Areas, *a)
	}
	kindOrder := map[string]int{"district": 0, "zone": 0, "township": 1, "community": 2, "village": 2, "grid": 3}
	sort.Slice(res.Areas, func(i, j int) bool {
		a, b := res.Areas[i], res.Areas[j]
		if kindOrder[a.Kind] != kindOrder[b.Kind] {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		if a.Share != b.Share {
			return a.Share < b.Share
		}
		return a.AreaID < b.AreaID
	})
	res.Clusters = clusters(homes, w, limit, areas)
	res.Sites = use
	return res
}

func pathIDs(path string) []int64 {
	var out []int64
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// clusters groups uncovered homes into 8-connected runs of occupied cells.
func clusters(homes []Home, w Walk, limit float32, areas map[int64]AreaInfo) []Cluster {
	type cell struct{ y, x int32 }
	lngScale := math.Cos(18.3 * math.Pi / 180)
	key := func(h Home) cell {
		return cell{int32(math.Floor(h.Lat * metresPerDegLat / ClusterCell)), int32(math.Floor(h.Lng * metresPerDegLat * lngScale / ClusterCell))}
	}
	members := map[cell][]int{}
	for i, h := range homes {
		if w.Nearest[i] != -2 && w.Metres[i] > limit {
			k := key(h)
			members[k] = append(members[k], i)
		}
	}
	seen := map[cell]bool{}
	keys := make([]cell, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].y < keys[j].y || (keys[i].y == keys[j].y && keys[i].x < keys[j].x) })
	var out []Cluster
	for _, start := range keys {
		if seen[start] {
			continue
		}
		var c Cluster
		minLat, minLng, maxLat, maxLng := 90.0, 180.0, -90.0, -180.0
		best := map[int64]int{}
		stack := []cell{start}
		seen[start] = true
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, i := range members[k] {
				h := homes[i]
				c.Homes++
				c.People += int(h.People)
				c.Lat += h.Lat * float64(h.People)
				c.Lng += h.Lng * float64(h.People)
				minLat, maxLat = math.Min(minLat, h.Lat), math.Max(maxLat, h.Lat)
				minLng, maxLng = math.Min(minLng, h.Lng), math.Max(maxLng, h.Lng)
				if ids := pathIDs(h.AreaPath); len(ids) > 0 {
					best[ids[len(ids)-1]] += int(h.People)
				}
			}
			for dy := int32(-1); dy <= 1; dy++ {
				for dx := int32(-1); dx <= 1; dx++ {
					n := cell{k.y + dy, k.x + dx}
					if _, ok := members[n]; ok && !seen[n] {
						seen[n] = true
						stack = append(stack, n)
					}
				}
			}
		}
		if c.People > 0 {
			c.Lat /= float64(c.People)
			c.Lng /= float64(c.People)
		}
		c.Metres = Haversine(minLat, minLng, maxLat, maxLng)
		for id, n := range best {
			if n > best[c.AreaID] || (n == best[c.AreaID] && id < c.AreaID) {
				c.AreaID = id
			}
		}
		c.AreaNam = areas[c.AreaID].Name
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].People != out[j].People {
			return out[i].People > out[j].People
		}
		return out[i].Lat < out[j].Lat
	})
	if len(out) > MaxClusters {
		out = out[:MaxClusters]
	}
	return out
}
