package coverage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/coverage"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/walk"
)

type fix struct {
	*testfix.World
	svc *testfix.Service
	s   *coverage.Store
	ctx context.Context
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	w := testfix.Build(t, d)
	f := &fix{World: w, svc: testfix.BuildService(t, w), ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "planner"})}
	f.s = &coverage.Store{DB: d, Locator: area.NewLocator(d)}
	return f
}

// near is a point dx, dy metres from the fixture's grid point.
func (f *fix) near(dx, dy float64) (float64, float64) {
	return f.svc.GridPoint[0] + dy/111_320, f.svc.GridPoint[1] + dx/(111_320*0.949)
}

func (f *fix) homesCSV(rows ...string) []byte {
	return []byte("lat,lng,people,code\n" + strings.Join(rows, "\n") + "\n")
}

func (f *fix) row(dx, dy float64, people int, code string) string {
	la, ln := f.near(dx, dy)
	return fmt.Sprintf("%.7f,%.7f,%d,%s", la, ln, people, code)
}

func runAndWait(t *testing.T, f *fix, kind string, work coverage.Work) coverage.Run {
	t.Helper()
	id, err := f.s.Start(f.ctx, context.Background(), scope.Everything, 0, kind, map[string]any{"test": true}, work)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := f.s.Wait(ctx, scope.Everything, id, 20*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestHomesCoverageSitingWhatIf(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		sc := f.Jiyang.Scope
		// A malformed row refuses the file; nothing is written.
		_, err := f.s.ImportHomes(f.ctx, sc, f.homesCSV(f.row(0, 0, 10, "a"), "18.3,abc,5,b"), "t")
		if e := apperr.As(err); e.Key != "err.coverage.rows" || len(e.Problems) != 1 || e.Problems[0].Row != 3 {
			t.Fatalf("malformed row: %v %+v", err, e.Problems)
		}
		// Homes 200 m, 700 m and 3 km from the fixture's posts, one in Beijing
		// (excluded and counted) and one in 海棠区 (outside the scope).
		htLat, htLng, _ := area.Centre(f.ctx, d.Read(), f.Haitang.Area.ID)
		res, err := f.s.ImportHomes(f.ctx, sc, f.homesCSV(f.row(200, 0, 10, "h1"), f.row(0, 700, 20, "h2"), f.row(3000, 0, 30, "h3"),
			"39.9,116.4,99,bj", fmt.Sprintf("%.6f,%.6f,7,ht", htLat, htLng)), "t")
		if err != nil || res.Added != 3 || res.OutsideCity != 1 || res.OutsideScope != 1 || res.ExcludedPeople != 106 {
			t.Fatalf("import: %+v %v", res, err)
		}
		// No network: straight line × 1.3. The posts stand 0–160 m from the
		// grid point, so h1 and h2 are covered within 15 minutes, h3 is not.
		inputs, rep, err := f.s.Coverage(f.ctx, sc, coverage.Params{Minutes: 15}, func(string, int, int) {})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Mode != coverage.Straight || inputs.Homes != 3 || inputs.People != 60 || rep.City.Covered != 30 || len(rep.Clusters) != 1 || rep.Clusters[0].People != 30 {
			t.Errorf("straight coverage: mode %s inputs %+v city %+v clusters %+v", rep.Mode, inputs, rep.City, rep.Clusters)
		}
		// Only posts offering legal aid (the station): the same homes.
		if _, legal, _ := f.s.Coverage(f.ctx, sc, coverage.Params{Category: "legal"}, func(string, int, int) {}); legal.City.Covered != 30 {
			t.Errorf("legal coverage %+v", legal.City)
		}
		// At 5 minutes (333 m × 1.3): only h1.
		if _, five, _ := f.s.Coverage(f.ctx, sc, coverage.Params{Minutes: 5}, func(string, int, int) {}); five.City.Covered != 10 {
			t.Errorf("5-minute coverage %+v", five.City)
		}
		// Siting among generated candidates: one site covers h3.
		_, plan, err := f.s.Siting(f.ctx, sc, coverage.SitingParams{K: 1, Source: "generated"}, func(string, int, int) {})
		if err != nil || plan.Plan.Total != 60 || plan.After != 1 || len(plan.Candidates) != 1 {
			t.Errorf("siting: %+v %v", plan, err)
		}
		_, _, err = f.s.Siting(f.ctx, sc, coverage.SitingParams{K: 2, Source: "generated"}, func(string, int, int) {})
		if apperr.As(err).Key != "err.coverage.k_too_large" {
			t.Errorf("K beyond the candidates: %v", err)
		}
		// What if every fixture post closed: everyone loses.
		var ids []int64
		for _, p := range f.svc.Chain {
			ids = append(ids, p.ID)
		}
		_, wi, err := f.s.WhatIf(f.ctx, sc, coverage.WhatIfParams{Close: ids}, func(string, int, int) {})
		if err != nil || wi.LostPeople != 30 || wi.After != 0 || len(wi.Areas) == 0 {
			t.Errorf("what-if: %+v %v", wi, err)
		}
		_, _, err = f.s.WhatIf(f.ctx, f.Haitang.Scope, coverage.WhatIfParams{Close: ids}, func(string, int, int) {})
		if err == nil {
			t.Errorf("海棠区 changed 吉阳区's posts")
		}
		// A walking network: a street north–south through the grid point.
		b := walk.NewBuilder(0, 0)
		for i := -10; i <= 40; i++ {
			la, ln := f.near(0, float64(i)*100)
			b.AddNode(int64(i+100), la, ln)
			if i > -10 {
				b.AddEdge(int64(i+99), int64(i+100))
			}
		}
		var osm bytes.Buffer
		if err := walk.WriteOSMXML(&osm, b.Build()); err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name, format string
			raw          []byte
			key          string
		}{
			{"truncated xml", "xml", []byte("<osm><node"), "err.coverage.osm_malformed"},
			{"garbage pbf", "pbf", []byte("\x00\x00\x00\x0dnot a pbf blob at all"), "err.coverage.osm_malformed"},
			{"no ways", "xml", []byte(`<osm version="0.6"><node id="1" lat="18.3" lon="109.5"/></osm>`), "err.coverage.osm_no_ways"},
			{"shapefile", "shp", []byte("x"), "err.coverage.osm_format"},
		}
		for _, c := range bad {
			if _, _, err := f.s.ImportOSM(f.ctx, "test", c.raw, c.format); apperr.As(err).Key != c.key {
				t.Errorf("%s: %v, want %s", c.name, err, c.key)
			}
		}
		for name, raw := range map[string]string{
			"not geojson": `{"type":"Feature"}`,
			"not a point": `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"people":3},"geometry":{"type":"LineString","coordinates":[[109.5,18.3],[109.6,18.3]]}}]}`,
			"no people":   `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[109.5,18.3]}}]}`,
			"broken json": `{"type":"FeatureCollection","features":[`,
		} {
			if _, err := f.s.ImportHomes(f.ctx, sc, []byte(raw), "t"); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("%s: %v", name, err)
			}
		}
		if n, _, _ := f.s.HomesSummary(f.ctx, sc); n != 3 {
			t.Errorf("bad files changed the homes: %d", n)
		}
		if _, _, err := f.s.ImportOSM(f.ctx, "street", osm.Bytes(), "xml"); err != nil {
			t.Fatal(err)
		}
		_, net, err := f.s.Coverage(f.ctx, sc, coverage.Params{}, func(string, int, int) {})
		// h1 is 200 m east of the street: snapped, 200 + a few metres of walk.
		if err != nil || net.Mode != coverage.Network || net.City.Covered != 30 {
			t.Errorf("network coverage: %s %+v %v", net.Mode, net.City, err)
		}
	})
}

func TestRunsProgressAndCancel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		r := runAndWait(t, f, "coverage", func(ctx context.Context, report coverage.Progress) (any, any, error) {
			report("walk", 5, 10)
			return map[string]int{"homes": 2}, map[string]float64{"share": 0.5}, nil
		})
		if r.Status != coverage.Done || string(r.Result) != `{"share":0.5}` || !strings.Contains(string(r.Inputs), `"homes":2`) {
			t.Errorf("done run %+v", r)
		}
		bad := runAndWait(t, f, "coverage", func(ctx context.Context, report coverage.Progress) (any, any, error) {
			return nil, nil, apperr.InvalidField("k", "err.coverage.k")
		})
		if bad.Status != coverage.Failed || bad.Failure().Key != "err.coverage.k" || bad.Result != nil {
			t.Errorf("failed run %+v", bad)
		}
		started := make(chan struct{})
		id, err := f.s.Start(f.ctx, context.Background(), scope.Everything, 0, "siting", nil, func(ctx context.Context, report coverage.Progress) (any, any, error) {
			close(started)
			for i := 0; ; i++ {
				report("siting", i, 1_000_000)
				select {
				case <-ctx.Done():
					return nil, nil, ctx.Err()
				case <-time.After(5 * time.Millisecond):
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		<-started
		if err := f.s.Cancel(f.ctx, scope.Everything, id); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		got, err := f.s.Wait(ctx, scope.Everything, id, 10*time.Millisecond, nil)
		if err != nil || got.Status != coverage.Cancelled || got.Result != nil {
			t.Errorf("cancelled run %+v %v", got, err)
		}
		if err := f.s.Cancel(f.ctx, scope.Everything, id); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("cancel a finished run: %v", err)
		}
		if _, err := f.s.GetRun(f.ctx, f.Haitang.Scope, id); err != apperr.ErrNotFound {
			t.Errorf("a city run is visible to a district: %v", err)
		}
		var res map[string]any
		json.Unmarshal(r.Result, &res)
	})
}
