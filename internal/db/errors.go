package db

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Sentinels that driver errors are normalized to, so features never look at
// driver types.
var (
	ErrNoRows     = errors.New("db: no rows")
	ErrUnique     = errors.New("db: unique constraint violated")
	ErrForeignKey = errors.New("db: foreign key constraint violated")
	ErrCheck      = errors.New("db: check constraint violated")
)

type normalized struct {
	sentinel error
	cause    error
}

func (n *normalized) Error() string        { return n.sentinel.Error() + ": " + n.cause.Error() }
func (n *normalized) Is(target error) bool { return target == n.sentinel }
func (n *normalized) Unwrap() error        { return n.cause }

// Normalize maps driver errors to the package sentinels (keeping the cause).
func Normalize(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &normalized{ErrNoRows, err}
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return &normalized{ErrUnique, err}
		case "23503":
			return &normalized{ErrForeignKey, err}
		case "23514":
			return &normalized{ErrCheck, err}
		}
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return &normalized{ErrUnique, err}
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return &normalized{ErrForeignKey, err}
	case strings.Contains(msg, "CHECK constraint failed"):
		return &normalized{ErrCheck, err}
	}
	return err
}
