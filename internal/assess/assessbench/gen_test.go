package assessbench

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/assess"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
)

// small is a world for the correctness test: 300 orgs over 100 villages in
// three districts (district 2 holds every third village: 34 villages,
// 102 orgs).
func small() Config {
	return Config{Orgs: 300, MembersPerOrg: 4, OrgsPerArea: 3, Districts: 3, Year: 2026, Seed: 7}
}

// TestEngineMatchesGroupBy generates a world on each backend and checks
// that the engine (assess.LoadFacts, raw records streamed in parallel)
// and the plain SQL GROUP BY recomputation (assess.LoadFactsSQL) give every
// org the same value of every measure: for the year and each quarter, with
// "today" inside the year (pending months) and after it, for the whole city
// and for one district. The values must also vary between orgs, so that
// an engine returning a constant would fail.
func TestEngineMatchesGroupBy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w, err := Generate(ctx, d, small())
		if err != nil {
			t.Fatal(err)
		}
		if w.Activity["meetings"] < 300*30 || w.Members != 1200 || w.Activity["orders"] != 1800 {
			t.Fatalf("generated %+v", w)
		}
		for _, sc := range []scope.Scope{scope.Everything, {AreaPaths: []string{w.DistrictPath}}} {
			for _, period := range []string{"2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
				for _, today := range []string{"2026-08-10", "2027-01-10"} {
					name := fmt.Sprintf("all=%v %s today=%s", sc.All, period, today)
					p, _ := assess.ParsePeriod(period)
					got, err := assess.LoadFacts(ctx, d, sc, p, today)
					if err != nil {
						t.Fatal(name, err)
					}
					want, err := assess.LoadFactsSQL(ctx, d.Read(), sc, p, today, 0)
					if err != nil {
						t.Fatal(name, err)
					}
					if n := len(want.IDs); (sc.All && n != 300) || (!sc.All && n != 102) || len(got.IDs) != n {
						t.Fatalf("%s: %d and %d orgs", name, len(got.IDs), n)
					}
					for _, m := range assess.Measures {
						g, x := got.Values(m), want.Values(m)
						distinct := map[float64]bool{}
						for i := range x {
							distinct[x[i]] = true
							if g[i] != x[i] {
								t.Errorf("%s %s org %d: engine %v, GROUP BY %v", name, m, want.IDs[i], g[i], x[i])
								break
							}
						}
						future := period == "2026-Q4" && today < "2026-10" // every requirement pending or met
						if len(distinct) < 2 && (sc.All || period == "2026") && !(m == assess.MeetingCompliance && future) {
							t.Errorf("%s %s: one value for every org (%v)", name, m, distinct)
						}
					}
				}
			}
		}
	})
}
