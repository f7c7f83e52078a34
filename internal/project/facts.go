package project

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// ProgressFacts calls fn for the top projects of orgs in scope (those
// with no parent of the same org), as (org, summed progress, projects):
// one row each, or one per org when grouped. The assessment averages them.
func ProgressFacts(ctx context.Context, q db.Querier, sc scope.Scope, grouped bool, fn func(org, progress, n int64)) error {
	join, and, args := sc.OrgJoin("p.org_id")
	sel, group := `SELECT p.org_id, p.progress, 1`, ``
	if grouped {
		sel, group = `SELECT p.org_id, sum(p.progress), count(*)`, ` GROUP BY p.org_id`
	}
	query := sel + ` FROM projects p` + join + ` LEFT JOIN projects pp ON pp.id = p.parent_id WHERE (pp.id IS NULL OR pp.org_id <> p.org_id)` + and + group
	return apperr.Wrap(db.Ints(ctx, q, query, args, func(v *[5]int64) { fn(v[0], v[1], v[2]) }), "project facts")
}
