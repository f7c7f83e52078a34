package db

import (
	"context"
	"errors"
)

// Setting reads a fact about the database itself from the settings table
// ("" when it was never set).
func Setting(ctx context.Context, q Querier, name string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&v)
	if errors.Is(Normalize(err), ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting writes a setting inside a transaction.
func SetSetting(ctx context.Context, tx *Tx, name, value string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE name = ?`, name); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)`, name, value)
	return err
}
