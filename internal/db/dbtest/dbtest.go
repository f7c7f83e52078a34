// Package dbtest runs a test on every backend: a fresh SQLite file always,
// and a fresh PostgreSQL schema when DANGJIAN_TEST_PG is set. Each database
// is migrated before the test gets it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/db"
)

// Backends lists the backends the tests run on, by name. Where CI is set
// PostgreSQL is required: the test fails, rather than running on SQLite
// alone, when DANGJIAN_TEST_PG is unset or the server does not answer.
func Backends(t testing.TB) []string {
	t.Helper()
	b := []string{"sqlite"}
	if err := checkPG(os.Getenv("CI"), os.Getenv("DANGJIAN_TEST_PG"), pingPG); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DANGJIAN_TEST_PG") != "" {
		b = append(b, "postgres")
	}
	return b
}

// Each runs fn once per backend as a subtest named after the backend
// ("sqlite", "postgres"), so that go test -v shows where each ran.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, name := range Backends(t) {
		t.Run(name, func(t *testing.T) { fn(t, Open(t, name)) })
	}
}

// pgOK caches the one ping of DANGJIAN_TEST_PG a test binary makes.
var pgOK = struct {
	sync.Once
	err error
}{}

// checkPG is nil unless ci is set and PostgreSQL at dsn is missing or
// does not answer ping.
func checkPG(ci, dsn string, ping func(string) error) error {
	if ci == "" {
		return nil
	}
	if dsn == "" {
		return errors.New("CI is set but DANGJIAN_TEST_PG is not: the tests must run on PostgreSQL too")
	}
	if err := ping(dsn); err != nil {
		return fmt.Errorf("CI is set but PostgreSQL at DANGJIAN_TEST_PG does not answer: %v", err)
	}
	return nil
}

// pingPG pings dsn once per test binary.
func pingPG(dsn string) error {
	pgOK.Do(func() { pgOK.err = pingOnce(dsn) })
	return pgOK.err
}

// pingOnce connects to dsn and pings it, giving up after 10 seconds.
func pingOnce(dsn string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.PingContext(ctx)
}

// Open returns a migrated, empty database of the named backend that is
// removed when the test ends.
func Open(t testing.TB, backend string) *db.DB {
	t.Helper()
	ctx := context.Background()
	var dsn string
	switch backend {
	case "sqlite":
		dsn = filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		base := os.Getenv("DANGJIAN_TEST_PG")
		if base == "" {
			t.Fatal("DANGJIAN_TEST_PG is not set")
		}
		schema := "t_" + randHex(8)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			admin.Close()
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		})
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		dsn = base + sep + "search_path=" + schema
	default:
		t.Fatalf("unknown backend %q", backend)
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Contents dumps every row of the tables (or subqueries), ordered,
// so that a refused UPDATE shows as a change where a row count would not.
func Contents(t testing.TB, d *db.DB, tables ...string) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range tables {
		rows, err := d.Read().QueryContext(context.Background(), `SELECT * FROM `+tb+` ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s%v\n", tb, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}
