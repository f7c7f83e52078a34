package db_test

import (
	"context"
	"errors"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

func TestMigrateAndErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Migrating twice is a no-op.
		if err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		id, err := db.InsertID(ctx, d.Write(), `INSERT INTO areas (code, name, kind, created_at) VALUES (?,?,?,?)`, "460200000000", "三亚市", "city", clock.Func(nil).Stamp())
		if err != nil || id == 0 {
			t.Fatalf("insert: %d %v", id, err)
		}
		_, err = d.Write().ExecContext(ctx, `INSERT INTO areas (code, name, kind, created_at) VALUES (?,?,?,?)`, "460200000000", "x", "city", clock.Func(nil).Stamp())
		if !errors.Is(err, db.ErrUnique) {
			t.Errorf("duplicate code: err = %v, want ErrUnique", err)
		}
		_, err = d.Write().ExecContext(ctx, `INSERT INTO areas (parent_id, code, name, kind, created_at) VALUES (?,?,?,?,?)`, 999999, "x1", "x", "grid", clock.Func(nil).Stamp())
		if !errors.Is(err, db.ErrForeignKey) {
			t.Errorf("bad parent: err = %v, want ErrForeignKey", err)
		}
		// The read handle never writes.
		if _, err := d.Read().ExecContext(ctx, `DELETE FROM areas`); !errors.Is(err, db.ErrReadOnly) {
			t.Errorf("a write through Read: err = %v, want ErrReadOnly", err)
		}
		var name string
		err = d.Read().QueryRowContext(ctx, `SELECT name FROM areas WHERE id = ?`, -1).Scan(&name)
		if !errors.Is(db.Normalize(err), db.ErrNoRows) {
			t.Errorf("missing row: err = %v", err)
		}
		// A failed transaction leaves nothing behind.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO areas (code, name, kind, created_at) VALUES (?,?,?,?)`, "460299000000", "y", "district", clock.Func(nil).Stamp()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx err = %v", err)
		}
		var n int
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM areas`).Scan(&n)
		if n != 1 {
			t.Errorf("rows after rollback = %d, want 1", n)
		}
		// Placeholders inside string literals survive rebinding.
		var s string
		if err := d.Read().QueryRowContext(ctx, `SELECT 'a?b' || ?`, "c").Scan(&s); err != nil || s != "a?bc" {
			t.Errorf("rebind literal: %q %v", s, err)
		}
	})
}

// TestCheckSort: known keys, descending keys and the default pass; an
// unknown key is an invalid "sort" naming the allowed keys.
func TestCheckSort(t *testing.T) {
	allowed := map[string]string{"name": "x.name", "created": "x.created_at"}
	for _, k := range []string{"", "name", "-name", "created"} {
		if err := db.CheckSort(k, allowed); err != nil {
			t.Errorf("db.CheckSort(%q) = %v", k, err)
		}
	}
	for _, k := range []string{"bogus", "--name", "-", "name;DROP TABLE x", "x.name"} {
		e := apperr.As(db.CheckSort(k, allowed))
		if e.Code != apperr.Invalid || e.Field != "sort" || e.Args["allowed"] != "created, name" {
			t.Errorf("db.CheckSort(%q) = %+v", k, e)
		}
	}
}
