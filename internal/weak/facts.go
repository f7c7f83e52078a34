package weak

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// FindingFacts calls fn for the findings of supervision visits to orgs in
// scope within [from, to] (YYYY-MM-DD), as (visited org, findings): one
// row each, or one per org when grouped. The assessment counts them.
func FindingFacts(ctx context.Context, q db.Querier, sc scope.Scope, from, to string, grouped bool, fn func(org, n int64)) error {
	join, and, args := sc.OrgJoin("v.org_id")
	sel, group := `SELECT v.org_id, 1`, ``
	if grouped {
		sel, group = `SELECT v.org_id, count(*)`, ` GROUP BY v.org_id`
	}
	query := sel + ` FROM supervision_findings x JOIN supervision_visits v ON v.id = x.visit_id` + join + ` WHERE v.visited_on >= ? AND v.visited_on <= ?` + and + group
	return apperr.Wrap(db.Ints(ctx, q, query, append([]any{from, to}, args...), func(v *[5]int64) { fn(v[0], v[1]) }), "finding facts")
}
