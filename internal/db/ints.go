package db

import "context"

// Ints runs a query whose columns are integers (at most five) and calls fn
// with each row in one reused array, allocating nothing per row: the
// shape of the fact queries an assessment streams from many tables.
func Ints(ctx context.Context, q Querier, query string, args []any, fn func(v *[5]int64)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var v [5]int64
	ptrs := make([]any, len(cols))
	for j := range ptrs {
		ptrs[j] = &v[j]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fn(&v)
	}
	return rows.Err()
}
