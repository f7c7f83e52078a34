package org

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// EachBasic calls fn with the basic orgs (branches and joint branches) in
// scope, by id, with their areas; only one when only is set. They are
// what an assessment scores.
func EachBasic(ctx context.Context, q db.Querier, sc scope.Scope, only int64, fn func(id, area int64)) error {
	w, args := sc.Filter("o.area_path", "o.path")
	if only != 0 {
		w, args = w+` AND o.id = ?`, append(args, only)
	}
	return apperr.Wrap(db.Ints(ctx, q, `SELECT o.id, o.area_id FROM orgs o WHERE o.kind IN ('branch', 'joint_branch') AND `+w+` ORDER BY o.id`, args,
		func(v *[5]int64) { fn(v[0], v[1]) }), "basic orgs")
}
