package cultivation

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// StepFacts calls fn for the recruitment steps taken in orgs in scope
// within [from, to] (YYYY-MM-DD), as (org, steps): one row each, or one
// per org when grouped. The assessment counts them.
func StepFacts(ctx context.Context, q db.Querier, sc scope.Scope, from, to string, grouped bool, fn func(org, n int64)) error {
	join, and, args := sc.OrgJoin("s.org_id")
	sel, group := `SELECT s.org_id, 1`, ``
	if grouped {
		sel, group = `SELECT s.org_id, count(*)`, ` GROUP BY s.org_id`
	}
	query := sel + ` FROM recruit_steps s` + join + ` WHERE s.on_date >= ? AND s.on_date <= ?` + and + group
	return apperr.Wrap(db.Ints(ctx, q, query, append([]any{from, to}, args...), func(v *[5]int64) { fn(v[0], v[1]) }), "recruit step facts")
}
