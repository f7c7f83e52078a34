package assess

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
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
// the engine (see above).
func LoadFacts(ctx context.Context, d *db.DB, sc scope.Scope, p Period, today string) (*Facts, error) {
	q := d.Read()
	ids, areas, err := loadOrgs(ctx, q, sc, 0)
	if err != nil {
		return nil, err
	}
	f := newFacts(p, today, ids, areas)
	w, args := "", []any(nil)
	if !sc.All {
		var sw string
		sw, args = sc.Filter("o.area_path", "o.path")
		w = " AND " + sw
	}
	on := func(col string) string {
		if sc.All {
			return ""
		}
		return " JOIN orgs o ON o.id = " + col
	}
	from, to := p.Range()
	fromT, toT := timeRange(p)
	period := append([]any{from, to}, args...)

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
	type tally struct{ total, overdue, rated, satisfied int32 }
	halves := [2]map[int64]*tally{{}, {}}
	mid := fromT.Add(toT.Sub(fromT) / 2)
	for h, r := range [2][2]time.Time{{fromT, mid}, {mid, toT}} {
		byArea := halves[h]
		g.Go(func() error {
			return stream(gctx, q, "orders", `SELECT r.area_id, CASE WHEN r.overdue THEN 1 ELSE 0 END, CASE WHEN r.rating IS NULL THEN 0 WHEN r.rating = 'satisfied' THEN 2 ELSE 1 END
				FROM orders r WHERE r.created_at >= ? AND r.created_at < ? AND r.status <> 'merged'`, []any{r[0], r[1]}, nil, func(_ int32, v *[5]int64) {
				t := byArea[v[0]]
				if t == nil {
					t = &tally{}
					byArea[v[0]] = t
				}
				t.total++
				t.overdue += int32(v[1])
				t.rated += int32(min(v[2], 1))
				t.satisfied += int32(v[2] / 2)
			})
		})
	}
	g.Go(func() error {
		return stream(gctx, q, "gaps", `SELECT g.owner_org_id, CASE WHEN g.status = 'closed' THEN 1 ELSE 0 END FROM gap_actions g`+on("g.owner_org_id")+
			` WHERE g.owner_org_id IS NOT NULL`+w, args, f.pos, func(i int32, v *[5]int64) { f.gapTotal[i]++; f.gapClosed[i] += int32(v[1]) })
	})
	g.Go(func() error {
		if err := stream(gctx, q, "engagements", `SELECT d.org_id FROM engagements e JOIN demands d ON d.id = e.demand_id`+on("d.org_id")+
			` WHERE e.status = 'completed' AND d.start_on >= ? AND d.start_on <= ?`+w, period, f.pos, func(i int32, _ *[5]int64) { f.engaged[i]++ }); err != nil {
			return err
		}
		if err := stream(gctx, q, "recruit steps", `SELECT s.org_id FROM recruit_steps s`+on("s.org_id")+` WHERE s.on_date >= ? AND s.on_date <= ?`+w,
			period, f.pos, func(i int32, _ *[5]int64) { f.steps[i]++ }); err != nil {
			return err
		}
		if err := stream(gctx, q, "findings", `SELECT v.org_id FROM supervision_findings x JOIN supervision_visits v ON v.id = x.visit_id`+on("v.org_id")+
			` WHERE v.visited_on >= ? AND v.visited_on <= ?`+w, period, f.pos, func(i int32, _ *[5]int64) { f.findings[i]++ }); err != nil {
			return err
		}
		return stream(gctx, q, "projects", `SELECT p.org_id, p.progress FROM projects p`+on("p.org_id")+` LEFT JOIN projects pp ON pp.id = p.parent_id
			WHERE (pp.id IS NULL OR pp.org_id <> p.org_id)`+w, args, f.pos, func(i int32, v *[5]int64) { f.projSum[i] += float64(v[1]); f.projN[i]++ })
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, a := range areas {
		for _, half := range halves {
			if t := half[a]; t != nil {
				f.ordTotal[i] += t.total
				f.ordOverdue[i] += t.overdue
				f.ordRated[i] += t.rated
				f.ordSatisfied[i] += t.satisfied
			}
		}
	}
	return f, nil
}

// stream runs a query whose columns are integers (at most five) and calls
// fn with each row; with pos set, the first column is an org id and rows
// of orgs not in pos are skipped.
func stream(ctx context.Context, q db.Querier, what, query string, args []any, pos map[int64]int32, fn func(int32, *[5]int64)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return apperr.Wrap(err, "assess "+what)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return apperr.Wrap(err, "assess "+what)
	}
	var v [5]int64
	ptrs := make([]any, len(cols))
	for j := range ptrs {
		ptrs[j] = &v[j]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return apperr.Wrap(err, "assess "+what)
		}
		i := int32(-1)
		if pos != nil {
			var ok bool
			if i, ok = pos[v[0]]; !ok {
				continue
			}
		}
		fn(i, &v)
	}
	return apperr.Wrap(rows.Err(), "assess "+what)
}
