package db

import (
	"context"
	"dangjian/internal/clock"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration SQL is shared by both backends. A few tokens are replaced per
// dialect before it runs:
//
//	{PK}      an auto-increment integer primary key
//	{PATH}    a text column compared byte-wise (paths are range-scanned)
//	{TS}      a timestamp column
//	{BLOB}    a binary column
var tokens = map[Dialect]*strings.Replacer{
	SQLite: strings.NewReplacer(
		"{PK}", "INTEGER PRIMARY KEY AUTOINCREMENT",
		"{PATH}", "TEXT",
		"{TS}", "TIMESTAMP",
		"{BLOB}", "BLOB"),
	Postgres: strings.NewReplacer(
		"{PK}", "BIGSERIAL PRIMARY KEY",
		"{PATH}", `TEXT COLLATE "C"`,
		"{TS}", "TIMESTAMPTZ",
		"{BLOB}", "BYTEA"),
}

// Migrate applies every embedded migration not yet recorded, each in its own
// transaction, in file-name order. A file named *.sqlite.sql or
// *.postgres.sql runs on that backend only (triggers and functions, whose
// syntax the two do not share).
func (d *DB) Migrate(ctx context.Context) error {
	if _, err := d.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		var n int
		if err := d.W.QueryRowContext(ctx, d.Rebind(`SELECT count(*) FROM schema_migrations WHERE name = ?`), name).Scan(&n); err != nil {
			return err
		}
		if n > 0 || !forDialect(name, d.Dialect) {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		sqlText := tokens[d.Dialect].Replace(string(body))
		err = d.InTx(ctx, func(tx *Tx) error {
			for _, stmt := range splitStatements(sqlText) {
				if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%s: %w\n%s", name, err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, clock.Func(nil).Stamp().Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// forDialect reports whether migration file name runs on dialect d.
func forDialect(name string, d Dialect) bool {
	for _, other := range []Dialect{SQLite, Postgres} {
		if strings.HasSuffix(name, "."+string(other)+".sql") {
			return other == d
		}
	}
	return true
}

// splitStatements splits on semicolons at line ends; migrations keep one
// statement per ;-terminated block and use no semicolons inside literals.
func splitStatements(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";\n") {
		lines := []string{}
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "--") {
				continue
			}
			lines = append(lines, l)
		}
		// Drop the terminator and any empty statements before it (";;",
		// "; ;"), which would otherwise be run as a statement ";".
		stmt := strings.TrimSpace(strings.Join(lines, "\n"))
		for strings.HasSuffix(stmt, ";") {
			stmt = strings.TrimSpace(strings.TrimSuffix(stmt, ";"))
		}
		if stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}
