package assess

import (
	"context"
	"time"

	"dangjian/internal/cultivation"
	"dangjian/internal/db"
	"dangjian/internal/gap"
	"dangjian/internal/order"
	"dangjian/internal/org"
	"dangjian/internal/orglife"
	"dangjian/internal/project"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/weak"
)

// The plain SQL recomputation: every quantity is aggregated by the
// database with GROUP BY, one query per source table (each in the package
// that owns the table: the grouped form of its facts), and Go only applies
// the rules (compliance months, shares) to the grouped rows. It is the
// reference the engine (engine.go) is tested against and measured against.

// loadOrgs lists the basic orgs in scope with their areas, by id.
func loadOrgs(ctx context.Context, q db.Querier, sc scope.Scope, only int64) (ids, areas []int64, err error) {
	err = org.EachBasic(ctx, q, sc, only, func(id, area int64) { ids, areas = append(ids, id), append(areas, area) })
	return ids, areas, err
}

// timeRange is the period as instants in Sanya: [from, to).
func timeRange(p Period) (time.Time, time.Time) {
	from, to := p.Range()
	a, _ := time.ParseInLocation("2006-01-02", from, Sanya)
	b, _ := time.ParseInLocation("2006-01-02", to, Sanya)
	return a, b.AddDate(0, 0, 1)
}

// LoadFactsSQL fills the facts of the basic orgs in scope (or of one org
// when only is set) over a period with GROUP BY queries.
func LoadFactsSQL(ctx context.Context, q db.Querier, sc scope.Scope, p Period, today string, only int64) (*Facts, error) {
	ids, areas, err := loadOrgs(ctx, q, sc, only)
	if err != nil {
		return nil, err
	}
	f := newFacts(p, today, ids, areas)
	from, to := p.Range()
	fromT, toT := timeRange(p)
	err = orglife.MonthTotals(ctx, q, sc, from, to, func(org, kind, month, expected, present int64) {
		if i, ok := f.pos[org]; ok {
			f.addMeeting(int(i), int(kind), int(month), expected, present)
		}
	})
	if err != nil {
		return nil, err
	}
	byArea := areaTallies{}
	if err := order.AreaFacts(ctx, q, fromT, toT, true, byArea.add); err != nil {
		return nil, err
	}
	f.addAreas(byArea)
	err = gap.OwnerFacts(ctx, q, sc, true, func(org, n, closed int64) {
		if i, ok := f.pos[org]; ok {
			f.gapTotal[i] += int32(n)
			f.gapClosed[i] += int32(closed)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := talent.CompletedFacts(ctx, q, sc, from, to, true, f.counter(f.engaged)); err != nil {
		return nil, err
	}
	if err := cultivation.StepFacts(ctx, q, sc, from, to, true, f.counter(f.steps)); err != nil {
		return nil, err
	}
	if err := weak.FindingFacts(ctx, q, sc, from, to, true, f.counter(f.findings)); err != nil {
		return nil, err
	}
	return f, project.ProgressFacts(ctx, q, sc, true, f.addProgress)
}
