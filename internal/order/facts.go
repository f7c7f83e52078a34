package order

import (
	"context"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
)

// AreaFacts calls fn for the orders created in [from, to), merged ones
// aside, as (area, orders, overdue, rated, satisfied): one row each, or
// one per area when grouped. The assessment gives each area's orders to
// the orgs of that area, so no scope applies here: the caller keeps the
// areas of its orgs.
func AreaFacts(ctx context.Context, q db.Querier, from, to time.Time, grouped bool, fn func(area, n, overdue, rated, satisfied int64)) error {
	cols := `r.area_id, 1, CASE WHEN r.overdue THEN 1 ELSE 0 END, CASE WHEN r.rating IS NULL THEN 0 ELSE 1 END, CASE WHEN r.rating = 'satisfied' THEN 1 ELSE 0 END`
	group := ``
	if grouped {
		cols = `r.area_id, count(*), sum(CASE WHEN r.overdue THEN 1 ELSE 0 END), sum(CASE WHEN r.rating IS NULL THEN 0 ELSE 1 END), sum(CASE WHEN r.rating = 'satisfied' THEN 1 ELSE 0 END)`
		group = ` GROUP BY r.area_id`
	}
	query := `SELECT ` + cols + ` FROM orders r WHERE r.created_at >= ? AND r.created_at < ? AND r.status <> 'merged'` + group
	return apperr.Wrap(db.Ints(ctx, q, query, []any{from, to}, func(v *[5]int64) { fn(v[0], v[1], v[2], v[3], v[4]) }), "order facts")
}
