// Package coverage is the 15-minute service circle (15分钟服务圈): the homes
// of Sanya with their head counts, the walking time from each home to its
// nearest open service post that offers a category, coverage shares per
// grid, village, district and city with the uncovered clusters, siting of
// the next K posts (maximal covering location, lazy greedy with local
// improvement), and what-if changes to the posts. Walking times come from a
// walking network (internal/walk) when one is loaded, else from the
// straight-line distance times a detour factor; every result says which.
// Long computations run as stored runs with progress and cancellation, and
// keep their inputs so a report can be reproduced.
package coverage

import (
	"math"
	"slices"

	"dangjian/internal/apperr"
	"dangjian/internal/post"
	"dangjian/internal/walk"
)

// Tiers are the minute thresholds reported (TD/T 1062-2021: a 15-minute
// walk is about 800–1000 m).
var Tiers = []int{5, 10, 15}

// Params are the inputs of a computation besides the data.
type Params struct {
	Minutes  int     `json:"minutes"`      // the coverage threshold (5, 10 or 15, or any 1–60)
	Category string  `json:"category"`     // only posts whose menu offers it ("" = any open post)
	SpeedKmh float64 `json:"speed_kmh"`    // walking speed, default 4.0 (15 min ≈ 1000 m)
	Detour   float64 `json:"detour"`       // straight-line factor without a network, default 1.3
	AreaID   int64   `json:"area_id"`      // restrict homes to this area (0 = the caller's scope)
	At       string  `json:"at,omitempty"` // "2006-01-02T15:04": only posts open then ("" = ignore hours)
}

// Normalize fills defaults and checks ranges.
func (p *Params) Normalize() error {
	if p.Minutes == 0 {
		p.Minutes = 15
	}
	if p.SpeedKmh == 0 {
		p.SpeedKmh = 4.0
	}
	if p.Detour == 0 {
		p.Detour = 1.3
	}
	if p.Minutes < 1 || p.Minutes > 60 {
		return apperr.InvalidField("minutes", "err.coverage.minutes")
	}
	if p.SpeedKmh < 1 || p.SpeedKmh > 8 || math.IsNaN(p.SpeedKmh) {
		return apperr.InvalidField("speed_kmh", "err.coverage.speed")
	}
	if p.Detour < 1 || p.Detour > 3 || math.IsNaN(p.Detour) {
		return apperr.InvalidField("detour", "err.coverage.detour")
	}
	if p.Category != "" && !post.ValidCategory(p.Category) {
		return apperr.InvalidField("category", "err.order.category")
	}
	return nil
}

// Metres is how far one walks in m minutes.
func (p Params) Metres(m int) float64 { return p.SpeedKmh * 1000 / 60 * float64(m) }

// Home is a residential point (a building or household) with its people.
type Home struct {
	ID       int64
	Lat, Lng float64
	People   int32
	GridID   int64
	AreaPath string
}

// Site is where a post is or could be.
type Site struct {
	ID       int64   `json:"id"` // post id (or candidate id for siting)
	Name     string  `json:"name"`
	Level    int     `json:"level,omitempty"`
	Lat      float64 `json:"lat"`
	Lng      float64 `json:"lng"`
	Included bool    `json:"-"`
}

// Mode says how walking times were measured.
type Mode string

const (
	Network  Mode = "network"  // along the walking network
	Straight Mode = "straight" // straight line × detour factor
)

// Unreachable is the walking time of a home no post reaches.
const Unreachable = math.MaxFloat32

// Walk is the walking distance in metres from every home to its nearest
// site, and which site that is (-1: none within reach).
type Walk struct {
	Mode     Mode
	Metres   []float32
	Nearest  []int32
	Excluded Exclusions
	// On the network: each home's node (-1: too far) and snap metres,
	// kept for siting.
	homeNode []int32
	homeSnap []float32
	snapper  *walk.Snapper
}

// Exclusions counts homes and sites left out of a network computation,
// with the reason stated on the result.
type Exclusions struct {
	HomesFar    int `json:"homes_far_from_network"` // farther than SnapMax from any walkable way
	HomesIsland int `json:"homes_on_islands"`       // on a network island no post is on
	SitesFar    int `json:"sites_far_from_network"` // posts farther than SnapMax from any walkable way
	PeopleOut   int `json:"people_excluded"`        // people in the excluded homes
}

// SnapMax is the farthest a home or post may be from the walking network
// and still be joined to it, in metres.
const SnapMax = 500.0

func contains[T comparable](xs []T, x T) bool { return slices.Contains(xs, x) }
