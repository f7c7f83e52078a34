package assessbench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"dangjian/internal/db"
)

// loader writes generated rows in bulk on one connection with foreign-key
// checks off (every id is generated consistent): on SQLite multi-row
// INSERTs in one transaction, on PostgreSQL COPY.
type loader struct {
	d      *db.DB
	conn   *sql.Conn
	tx     *sql.Tx
	tables []string
}

func newLoader(ctx context.Context, d *db.DB) (*loader, error) {
	c, err := d.W.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &loader{d: d, conn: c}
	if d.Dialect == db.SQLite {
		if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			c.Close()
			return nil, err
		}
		if l.tx, err = c.BeginTx(ctx, nil); err != nil {
			c.Close()
			return nil, err
		}
		return l, nil
	}
	if _, err := c.ExecContext(ctx, `SET session_replication_role = replica`); err != nil {
		c.Close()
		return nil, err
	}
	return l, nil
}

// rows yields the rows of a table through emit; emit reports an error.
type rows func(emit func(...any) error) error

// load writes a table's rows.
func (l *loader) load(ctx context.Context, table string, cols []string, gen rows) (int, error) {
	l.tables = append(l.tables, table)
	if l.d.Dialect == db.Postgres {
		return l.copy(ctx, table, cols, gen)
	}
	const batch = 256
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	prefix := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	full, err := l.tx.PrepareContext(ctx, prefix+strings.TrimSuffix(strings.Repeat(one+",", batch), ","))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	defer full.Close()
	args := make([]any, 0, batch*len(cols))
	n := 0
	flush := func(stmt *sql.Stmt) error {
		if len(args) == 0 {
			return nil
		}
		var err error
		if stmt != nil {
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = l.tx.ExecContext(ctx, prefix+strings.TrimSuffix(strings.Repeat(one+",", len(args)/len(cols)), ","), args...)
		}
		args = args[:0]
		return err
	}
	err = gen(func(v ...any) error {
		args = append(args, v...)
		n++
		if len(args) == batch*len(cols) {
			return flush(full)
		}
		return nil
	})
	if err == nil {
		err = flush(nil)
	}
	if err != nil {
		return n, fmt.Errorf("%s: %w", table, err)
	}
	return n, nil
}

func (l *loader) copy(ctx context.Context, table string, cols []string, gen rows) (int, error) {
	n := 0
	err := l.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		ch := make(chan []any, 4096)
		errc := make(chan error, 1)
		go func() {
			errc <- gen(func(v ...any) error {
				select {
				case ch <- append([]any(nil), v...):
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			close(ch)
		}()
		src := &chanSource{ch: ch}
		m, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		n = int(m)
		for range ch { // drain after a failed copy so the generator ends
		}
		if gerr := <-errc; err == nil {
			err = gerr
		}
		return err
	})
	if err != nil {
		return n, fmt.Errorf("%s: %w", table, err)
	}
	_, err = l.conn.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), GREATEST((SELECT max(id) FROM `+table+`), 1))
		WHERE pg_get_serial_sequence('`+table+`', 'id') IS NOT NULL`)
	return n, err
}

type chanSource struct {
	ch  chan []any
	cur []any
}

func (s *chanSource) Next() bool {
	var ok bool
	s.cur, ok = <-s.ch
	return ok
}
func (s *chanSource) Values() ([]any, error) { return s.cur, nil }
func (s *chanSource) Err() error             { return nil }

// finish commits (SQLite), restores the checks and refreshes the planner's
// statistics.
func (l *loader) finish(ctx context.Context) error {
	defer l.conn.Close()
	if l.d.Dialect == db.SQLite {
		if err := l.tx.Commit(); err != nil {
			return err
		}
		if _, err := l.conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
			return err
		}
		_, err := l.conn.ExecContext(ctx, `ANALYZE`)
		return err
	}
	if _, err := l.conn.ExecContext(ctx, `SET session_replication_role = DEFAULT`); err != nil {
		return err
	}
	_, err := l.conn.ExecContext(ctx, `VACUUM ANALYZE `+strings.Join(l.tables, ", "))
	return err
}

// abort rolls back what was not committed.
func (l *loader) abort() {
	if l.tx != nil {
		l.tx.Rollback()
	}
	l.conn.Close()
}
