package gap

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// OwnerFacts calls fn for the gap actions owned by orgs in scope, as
// (owner org, actions, closed ones): one row per action, or one per org
// when grouped (the database sums). The assessment counts them.
func OwnerFacts(ctx context.Context, q db.Querier, sc scope.Scope, grouped bool, fn func(org, n, closed int64)) error {
	join, and, args := sc.OrgJoin("g.owner_org_id")
	query := `SELECT g.owner_org_id, 1, CASE WHEN g.status = 'closed' THEN 1 ELSE 0 END FROM gap_actions g` + join + ` WHERE g.owner_org_id IS NOT NULL` + and
	if grouped {
		query = `SELECT g.owner_org_id, count(*), sum(CASE WHEN g.status = 'closed' THEN 1 ELSE 0 END) FROM gap_actions g` + join +
			` WHERE g.owner_org_id IS NOT NULL` + and + ` GROUP BY g.owner_org_id`
	}
	return apperr.Wrap(db.Ints(ctx, q, query, args, func(v *[5]int64) { fn(v[0], v[1], v[2]) }), "gap facts")
}
