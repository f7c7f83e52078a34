package person_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// TestBirthDateSealed: the birth date (which with a masked ID number
// rebuilds it) is stored sealed, never comes back in a list or a detail,
// opens only on an audited reveal, and an edit that does not send it
// keeps it. A database from before migration 023 is sealed in place.
func TestBirthDateSealed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		id := testfix.IDNumber(2)
		born := id[6:10] + "-" + id[10:12] + "-" + id[12:14]
		var pid int64
		var clear string
		var enc []byte
		if err := d.Read().QueryRowContext(ctx, `SELECT id, birth_date, birth_enc FROM people WHERE id_hash = ?`, w.People.Vault.Hash(id)).Scan(&pid, &clear, &enc); err != nil {
			t.Fatal(err)
		}
		if clear != "" || len(enc) == 0 || strings.Contains(string(enc), born) {
			t.Fatalf("stored birth: clear %q, sealed %d bytes", clear, len(enc))
		}
		list, _, err := w.People.List(ctx, scope.Everything, person.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.People.Get(ctx, scope.Everything, pid)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range append(list, got) {
			b, _ := json.Marshal(p)
			if p.BirthDate != "" || strings.Contains(string(b), "birth_date") {
				t.Errorf("%s shows its birth date: %s", p.Name, b)
			}
		}
		if got.BirthYear == 0 || got.AgeIn(2026) != 2026-got.BirthYear {
			t.Errorf("birth year %d, age %d", got.BirthYear, got.AgeIn(2026))
		}
		r, err := w.People.Reveal(ctx, scope.Everything, pid)
		if err != nil || r.BirthDate != born {
			t.Fatalf("reveal: %q %v, want %s", r.BirthDate, err, born)
		}
		// An edit that sends no ID number and no birth date keeps both.
		got.JoinedOn = ""
		if _, err := w.People.Update(ctx, scope.Everything, got); err != nil {
			t.Fatal(err)
		}
		if r, _ := w.People.Reveal(ctx, scope.Everything, pid); r.BirthDate != born {
			t.Errorf("after an edit the birth date is %q", r.BirthDate)
		}
		// A clear value left by an older version is sealed and emptied.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE people SET birth_date = '1970-05-06', birth_enc = NULL WHERE id = ?`, pid)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		n, err := person.SealBirthDates(ctx, d, w.People.Vault)
		if err != nil || n != 1 {
			t.Fatalf("SealBirthDates = %d, %v; want 1", n, err)
		}
		if n, _ := person.SealBirthDates(ctx, d, w.People.Vault); n != 0 {
			t.Errorf("a second pass sealed %d", n)
		}
		if b, err := w.People.BirthDate(ctx, d.Read(), pid); err != nil || b != "1970-05-06" {
			t.Errorf("BirthDate = %q, %v", b, err)
		}
	})
}
