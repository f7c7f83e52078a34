// Package db opens the store (embedded SQLite or PostgreSQL), runs the
// embedded migrations, and gives features one small query API that works on
// both: queries are written with ? placeholders and rebound for PostgreSQL.
// Driver errors are normalized to the sentinels in errors.go.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver
	_ "modernc.org/sqlite"             // SQLite driver (pure Go)
)

// Dialect names the SQL backend.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database handle. Reads go to R; writes and transactions go to W.
// On SQLite, W is a single-connection pool so writers queue in Go instead of
// failing with SQLITE_BUSY; R is a pool of read connections (WAL mode).
// On PostgreSQL both are the same pool.
type DB struct {
	R       *sql.DB
	W       *sql.DB
	Dialect Dialect
	DSN     string
}

// Open opens dsn: a postgres:// or postgresql:// URL, or a SQLite file path
// (optionally prefixed with sqlite:). ":memory:" is not supported because the
// read and write pools would see different databases; use a temp file.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		p.SetMaxOpenConns(16)
		p.SetMaxIdleConns(16)
		p.SetConnMaxIdleTime(5 * time.Minute)
		if err := p.PingContext(ctx); err != nil {
			p.Close()
			return nil, fmt.Errorf("connect postgres: %w", err)
		}
		return &DB{R: p, W: p, Dialect: Postgres, DSN: dsn}, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("sqlite: a file path is required")
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(ON)", "synchronous(NORMAL)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	u := "file:" + path + "?" + q.Encode()
	w, err := sql.Open("sqlite", u)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", u)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{R: r, W: w, Dialect: SQLite, DSN: dsn}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	if d.R != d.W {
		d.R.Close()
	}
	return d.W.Close()
}

// Rebind turns ? placeholders into $1, $2… for PostgreSQL. A ? inside a
// single-quoted string literal is left alone.
func (d *DB) Rebind(q string) string { return rebind(d.Dialect, q) }

func rebind(dl Dialect, q string) string {
	if dl != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, inStr := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Querier is what both *DB reads and *Tx offer; store code takes a Querier
// so the same function works inside and outside a transaction.
type Querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	Dialect() Dialect
}

type reader struct{ d *DB }

func (r reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := r.d.R.QueryContext(ctx, r.d.Rebind(q), args...)
	return rows, Normalize(err)
}
func (r reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return r.d.R.QueryRowContext(ctx, r.d.Rebind(q), args...)
}

// ErrReadOnly is the error of a write through Read: a writer uses Write,
// or a transaction (InTx).
var ErrReadOnly = errors.New("db: write through the read handle")

func (r reader) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, ErrReadOnly
}
func (r reader) Dialect() Dialect { return r.d.Dialect }

// Read returns a Querier on the read pool. It never writes: its Exec
// fails with ErrReadOnly.
func (d *DB) Read() Querier { return reader{d} }

type writer struct{ d *DB }

func (w writer) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := w.d.W.QueryContext(ctx, w.d.Rebind(q), args...)
	return rows, Normalize(err)
}
func (w writer) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return w.d.W.QueryRowContext(ctx, w.d.Rebind(q), args...)
}
func (w writer) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := w.d.W.ExecContext(ctx, w.d.Rebind(q), args...)
	return res, Normalize(err)
}
func (w writer) Dialect() Dialect { return w.d.Dialect }

// Write returns a Querier on the write pool, for a single statement that
// writes outside a transaction (a session's last_seen, a job's progress,
// an audit entry of a read).
func (d *DB) Write() Querier { return writer{d} }

// Tx is a write transaction.
type Tx struct {
	tx   *sql.Tx
	dl   Dialect
	memo map[string]any
}

// Memo returns the value stored under key for this transaction, computing
// it with fn the first time (for example a revision number that every row
// the transaction writes shares).
func (t *Tx) Memo(key string, fn func() (any, error)) (any, error) {
	if v, ok := t.memo[key]; ok {
		return v, nil
	}
	v, err := fn()
	if err != nil {
		return nil, err
	}
	if t.memo == nil {
		t.memo = map[string]any{}
	}
	t.memo[key] = v
	return v, nil
}

func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, rebind(t.dl, q), args...)
	return rows, Normalize(err)
}
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.dl, q), args...)
}
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(ctx, rebind(t.dl, q), args...)
	return res, Normalize(err)
}
func (t *Tx) Dialect() Dialect { return t.dl }

// Raw exposes the underlying transaction (for bulk loaders).
func (t *Tx) Raw() *sql.Tx { return t.tx }

// InTx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise (also on panic).
func (d *DB) InTx(ctx context.Context, fn func(*Tx) error) (err error) {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return Normalize(err)
	}
	t := &Tx{tx: tx, dl: d.Dialect}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(t); err != nil {
		return err
	}
	return Normalize(tx.Commit())
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func InsertID(ctx context.Context, q Querier, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, Normalize(err)
}
