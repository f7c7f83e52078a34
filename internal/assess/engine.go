package assess

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"dangjian/internal/cultivation"
	"dangjian/internal/db"
	"dangjian/internal/gap"
	"dangjian/internal/order"
	"dangjian/internal/orglife"
	"dangjian/internal/project"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/weak"
)

// The engine fills Facts from what is kept up to date as records are
// written, and streams only the smaller tables. Meetings, most of the
// activity records, are read as orglife's meeting_months — one row per org
// and year, refreshed in the transaction of every meeting write — so a
// recomputation reads 100k summary rows instead of millions of meetings.
// The other sources are read at once on separate connections, each row as
// a few integers (states are mapped in SQL), nothing allocated per row.
//
// For a caller who sees the whole city the records are read without a
// join: an org not in the facts is skipped in Go. A scoped caller's reads
// join orgs and filter on the scope in SQL, as every other read does.

// LoadFacts fills the facts of the basic orgs in scope over a period by
// the engine (see above). Each source is read by the package that owns
// its table.
func LoadFacts(ctx context.Context, d *db.DB, sc scope.Scope, p Period, today string) (*Facts, error) {
	q := d.Read()
	ids, areas, err := loadOrgs(ctx, q, sc, 0)
	if err != nil {
		return nil, err
	}
	f := newFacts(p, today, ids, areas)
	from, to := p.Range()
	fromT, toT := timeRange(p)
	at := func(org int64) (int32, bool) { i, ok := f.pos[org]; return i, ok }

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		ow, oargs := "", []any(nil)
		if !sc.All {
			ow, oargs = sc.Filter("o.area_path", "o.path")
		}
		return orglife.YearMonths(gctx, q, p.Year, ow, oargs, func(m orglife.Months) {
			if i, ok := f.pos[m.OrgID]; ok {
				f.addMonths(int(i), m)
			}
		})
	})
	// Orders are counted per area on two connections (the period's two
	// halves) and given to the orgs of each area at the end.
	halves := [2]areaTallies{{}, {}}
	mid := fromT.Add(toT.Sub(fromT) / 2)
	for h, r := range [2][2]time.Time{{fromT, mid}, {mid, toT}} {
		byArea := halves[h]
		g.Go(func() error { return order.AreaFacts(gctx, q, r[0], r[1], false, byArea.add) })
	}
	g.Go(func() error {
		return gap.OwnerFacts(gctx, q, sc, false, func(org, n, closed int64) {
			if i, ok := at(org); ok {
				f.gapTotal[i] += int32(n)
				f.gapClosed[i] += int32(closed)
			}
		})
	})
	g.Go(func() error {
		if err := talent.CompletedFacts(gctx, q, sc, from, to, false, f.counter(f.engaged)); err != nil {
			return err
		}
		if err := cultivation.StepFacts(gctx, q, sc, from, to, false, f.counter(f.steps)); err != nil {
			return err
		}
		if err := weak.FindingFacts(gctx, q, sc, from, to, false, f.counter(f.findings)); err != nil {
			return err
		}
		return project.ProgressFacts(gctx, q, sc, false, f.addProgress)
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, half := range halves {
		f.addAreas(half)
	}
	return f, nil
}

// tally is one area's orders.
type tally struct{ total, overdue, rated, satisfied int32 }

// areaTallies are orders by area.
type areaTallies map[int64]*tally

func (m areaTallies) add(area, n, overdue, rated, satisfied int64) {
	t := m[area]
	if t == nil {
		t = &tally{}
		m[area] = t
	}
	t.total += int32(n)
	t.overdue += int32(overdue)
	t.rated += int32(rated)
	t.satisfied += int32(satisfied)
}

// addAreas gives each org its area's orders.
func (f *Facts) addAreas(m areaTallies) {
	for i, a := range f.Area {
		if t := m[a]; t != nil {
			f.ordTotal[i] += t.total
			f.ordOverdue[i] += t.overdue
			f.ordRated[i] += t.rated
			f.ordSatisfied[i] += t.satisfied
		}
	}
}

// counter adds a source's per-org counts into c.
func (f *Facts) counter(c []int32) func(org, n int64) {
	return func(org, n int64) {
		if i, ok := f.pos[org]; ok {
			c[i] += int32(n)
		}
	}
}

// addProgress adds an org's project progress.
func (f *Facts) addProgress(org, progress, n int64) {
	if i, ok := f.pos[org]; ok {
		f.projSum[i] += float64(progress)
		f.projN[i] += int32(n)
	}
}
