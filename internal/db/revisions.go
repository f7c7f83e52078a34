package db

import (
	"context"
	"fmt"
)

// The revisions table holds one change counter per in-memory index that
// app servers keep (areas, people, talents): a writer bumps it once per
// transaction and stamps its rows with the new value; a server whose copy
// is older reloads what changed. db owns the table; the features call
// these two.

// BumpRevision adds one to the named counter and returns the new value,
// once per transaction: later calls in the same transaction return the
// same number (and the bump also orders concurrent writers).
func BumpRevision(ctx context.Context, tx *Tx, name string) (int64, error) {
	v, err := tx.Memo("rev:"+name, func() (any, error) {
		var rev int64
		err := tx.QueryRowContext(ctx, `UPDATE revisions SET rev = rev + 1 WHERE name = ? RETURNING rev`, name).Scan(&rev)
		return rev, err
	})
	if err != nil {
		return 0, fmt.Errorf("revision %s: %w", name, err)
	}
	return v.(int64), nil
}

// Revision is the named counter's current value.
func Revision(ctx context.Context, q Querier, name string) (int64, error) {
	var rev int64
	if err := q.QueryRowContext(ctx, `SELECT rev FROM revisions WHERE name = ?`, name).Scan(&rev); err != nil {
		return 0, fmt.Errorf("revision %s: %w", name, err)
	}
	return rev, nil
}
