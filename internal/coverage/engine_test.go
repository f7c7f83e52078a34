package coverage_test

import (
	"context"
	"math"
	"testing"

	"dangjian/internal/coverage"
	"dangjian/internal/walk"
)

// A street along a meridian at lng 109.5: node i at lat 18.3 + i·0.001°
// (111.2 m apart), nodes 0–20, plus an island (nodes 100–101) to the east
// not joined to it. Metres per step is computed the same way the network
// does (haversine), so hand sums match.
const lat0, lng0, step = 18.3, 109.5, 0.001

func street(t *testing.T) (*walk.Graph, float64) {
	t.Helper()
	b := walk.NewBuilder(30, 30)
	for i := 0; i <= 20; i++ {
		b.AddNode(int64(i), lat0+float64(i)*step, lng0)
		if i > 0 {
			if err := b.AddEdge(int64(i-1), int64(i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	b.AddNode(100, lat0, lng0+0.01)
	b.AddNode(101, lat0+step, lng0+0.01)
	b.AddEdge(100, 101)
	return b.Build(), walk.Haversine(lat0, lng0, lat0+step, lng0)
}

func TestDistancesOnNetworkAndStraight(t *testing.T) {
	g, m := street(t)
	// Homes on nodes 2, 9, 15, on the island, and one 2 km off the network.
	homes := []coverage.Home{
		{ID: 1, Lat: lat0 + 2*step, Lng: lng0, People: 10, AreaPath: "/1/2/"},
		{ID: 2, Lat: lat0 + 9*step, Lng: lng0, People: 20, AreaPath: "/1/2/"},
		{ID: 3, Lat: lat0 + 15*step, Lng: lng0, People: 30, AreaPath: "/1/3/"},
		{ID: 4, Lat: lat0, Lng: lng0 + 0.01, People: 40, AreaPath: "/1/3/"},
		{ID: 5, Lat: lat0, Lng: lng0 + 0.03, People: 50, AreaPath: "/1/3/"},
	}
	sites := []coverage.Site{{ID: 7, Lat: lat0, Lng: lng0}, {ID: 8, Lat: lat0 + 12*step, Lng: lng0}}
	p := coverage.Params{Minutes: 15}
	if err := p.Normalize(); err != nil {
		t.Fatal(err)
	}
	cutoff := p.Metres(15) // 4 km/h: 1000 m
	w, err := coverage.Distances(context.Background(), g, homes, sites, cutoff, p.Detour, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		metres  float64
		nearest int32
	}{{2 * m, 0}, {3 * m, 1}, {3 * m, 1}, {math.MaxFloat32, -1}, {math.MaxFloat32, -2}}
	for i, x := range want {
		if w.Nearest[i] != x.nearest || math.Abs(float64(w.Metres[i])-x.metres) > 0.5 {
			t.Errorf("home %d: %.1f m via %d, want %.1f via %d", homes[i].ID, w.Metres[i], w.Nearest[i], x.metres, x.nearest)
		}
	}
	if w.Mode != coverage.Network || w.Excluded.HomesFar != 1 || w.Excluded.HomesIsland != 1 || w.Excluded.PeopleOut != 50 {
		t.Errorf("mode %s, exclusions %+v", w.Mode, w.Excluded)
	}
	res := coverage.Summarize(p, homes, sites, w, map[int64]coverage.AreaInfo{2: {Name: "甲村", Kind: "village"}, 3: {Name: "乙村", Kind: "village"}})
	// 100 people counted (the far home is excluded), 60 covered.
	if res.City.People != 100 || res.City.Covered != 60 || math.Abs(res.City.Share-0.6) > 1e-9 {
		t.Errorf("city %+v", res.City)
	}
	// Within 5 minutes (333 m): homes 1 (222 m) and 2, 3 (334 m: no).
	if res.City.ByTier[0] != 10 {
		t.Errorf("within 5 minutes: %d people, want 10", res.City.ByTier[0])
	}
	if len(res.Areas) != 2 || res.Areas[0].Name != "乙村" || res.Areas[0].People != 70 || res.Areas[0].Covered != 30 {
		t.Errorf("areas %+v", res.Areas)
	}
	if len(res.Clusters) != 1 || res.Clusters[0].People != 40 || res.Clusters[0].AreaNam != "乙村" {
		t.Errorf("clusters %+v", res.Clusters)
	}
	if res.Sites[0].People != 10 || res.Sites[1].People != 50 {
		t.Errorf("site use %+v", res.Sites)
	}

	// Straight line × 1.3: home 3 is 3 steps from site 8 → 3·m·1.3.
	ws, err := coverage.Distances(context.Background(), nil, homes, sites, cutoff, 1.3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Mode != coverage.Straight || ws.Nearest[2] != 1 || math.Abs(float64(ws.Metres[2])-3*m*1.3) > 1 {
		t.Errorf("straight: %.1f via %d", ws.Metres[2], ws.Nearest[2])
	}
	// The island home is 1,058 m from site 7 in a straight line: ×1.3 is beyond 1,000 m.
	if ws.Nearest[3] != -1 {
		t.Errorf("straight: island home reached via %d at %.0f m", ws.Nearest[3], ws.Metres[3])
	}
}

func TestParamsNormalize(t *testing.T) {
	cases := []struct {
		p   coverage.Params
		key string
	}{
		{coverage.Params{}, ""},
		{coverage.Params{Minutes: 61}, "err.coverage.minutes"},
		{coverage.Params{SpeedKmh: 20}, "err.coverage.speed"},
		{coverage.Params{Detour: 0.5}, "err.coverage.detour"},
		{coverage.Params{Category: "astrology"}, "err.order.category"},
	}
	for _, c := range cases {
		err := c.p.Normalize()
		if (c.key == "" && err != nil) || (c.key != "" && (err == nil || !contains(err.Error(), c.key))) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.key)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
