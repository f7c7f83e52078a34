package rekey_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/pii"
	"dangjian/internal/rekey"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// TestRekeyResumes re-seals a registry under a new key, cut short after
// one batch and then resumed: afterwards every sealed value opens with the
// new key only, and the keyed hashes find the same people.
func TestRekeyResumes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		oldV := w.People.Vault
		newV, err := pii.NewVault("a-brand-new-key-0123456789")
		if err != nil {
			t.Fatal(err)
		}
		var people int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM people`).Scan(&people); err != nil {
			t.Fatal(err)
		}
		if first, err := rekey.Run(ctx, d, oldV, newV, nil, 1); err == nil || first != people {
			t.Fatalf("a run stopped after one batch: %d rows, %v; want %d rows and an error", first, err, people)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM rekey_progress`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("progress rows after the cut: %d, %v", n, err)
		}
		done, err := rekey.Run(ctx, d, oldV, newV, nil, 0)
		if err != nil || done != 0 {
			t.Fatalf("resumed run: %d rows, %v; want the committed batch not redone", done, err)
		}
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM rekey_progress`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("progress rows after the end: %d, %v", n, err)
		}
		rows, err := d.Read().QueryContext(ctx, `SELECT id_enc, phone_enc, birth_enc FROM people`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var a, b, c []byte
			if err := rows.Scan(&a, &b, &c); err != nil {
				t.Fatal(err)
			}
			for _, v := range [][]byte{a, b, c} {
				if len(v) == 0 {
					continue
				}
				if _, err := newV.Open(v); err != nil {
					t.Errorf("a value does not open with the new key: %v", err)
				}
				if _, err := oldV.Open(v); err == nil {
					t.Error("a value still opens with the old key")
				}
			}
		}
		st := &person.Store{DB: d, Vault: newV}
		got, _, err := st.List(ctx, scope.Everything, person.Filter{Q: testfix.IDNumber(2)})
		if err != nil || len(got) != 1 {
			t.Fatalf("search by ID under the new key: %d, %v", len(got), err)
		}
		if r, err := st.Reveal(ctx, scope.Everything, got[0].ID); err != nil || r.IDNumber != testfix.IDNumber(2) {
			t.Fatalf("reveal under the new key: %q, %v", r.IDNumber, err)
		}
	})
}

// TestColumnsCoverSchema fails when a migration adds a sealed column
// (name ending in _enc) that rekey does not know.
func TestColumnsCoverSchema(t *testing.T) {
	known := map[string]bool{}
	for _, tb := range rekey.Columns {
		for _, c := range tb.Columns {
			known[tb.Name+"."+c.Enc] = true
		}
	}
	files, _ := filepath.Glob("../db/migrations/*.sql")
	if len(files) == 0 {
		t.Fatal("no migrations found")
	}
	create := regexp.MustCompile(`(?s)CREATE TABLE (\w+) \((.*?)\n\);`)
	alter := regexp.MustCompile(`ALTER TABLE (\w+) ADD COLUMN (\w+_enc)\b`)
	col := regexp.MustCompile(`(?m)^\s*(\w+_enc)\s`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, m := range create.FindAllStringSubmatch(s, -1) {
			for _, c := range col.FindAllStringSubmatch(m[2], -1) {
				if !known[m[1]+"."+c[1]] {
					t.Errorf("%s: %s.%s is sealed but not in rekey.Columns", filepath.Base(f), m[1], c[1])
				}
			}
		}
		for _, m := range alter.FindAllStringSubmatch(s, -1) {
			if !known[m[1]+"."+m[2]] {
				t.Errorf("%s: %s.%s is sealed but not in rekey.Columns", filepath.Base(f), m[1], m[2])
			}
		}
	}
}
