package talent

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// CompletedFacts calls fn for the completed engagements on demands of
// orgs in scope starting within [from, to] (YYYY-MM-DD), as (demand's
// org, engagements): one row each, or one per org when grouped. The
// assessment counts them.
func CompletedFacts(ctx context.Context, q db.Querier, sc scope.Scope, from, to string, grouped bool, fn func(org, n int64)) error {
	join, and, args := sc.OrgJoin("d.org_id")
	sel, group := `SELECT d.org_id, 1`, ``
	if grouped {
		sel, group = `SELECT d.org_id, count(*)`, ` GROUP BY d.org_id`
	}
	query := sel + ` FROM engagements e JOIN demands d ON d.id = e.demand_id` + join + ` WHERE e.status = 'completed' AND d.start_on >= ? AND d.start_on <= ?` + and + group
	return apperr.Wrap(db.Ints(ctx, q, query, append([]any{from, to}, args...), func(v *[5]int64) { fn(v[0], v[1]) }), "engagement facts")
}
