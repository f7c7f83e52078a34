// Package dbtest runs a test on every backend: a fresh SQLite file always,
// and a fresh PostgreSQL schema when DANGJIAN_TEST_PG is set. Each database
// is migrated before the test gets it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/db"
)

// Backends lists the backends the tests run on, by name.
func Backends() []string {
	b := []string{"sqlite"}
	if os.Getenv("DANGJIAN_TEST_PG") != "" {
		b = append(b, "postgres")
	}
	return b
}

// Each runs fn once per backend as a subtest.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	for _, name := range Backends() {
		t.Run(name, func(t *testing.T) { fn(t, Open(t, name)) })
	}
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
