package importer_test

import (
	"path/filepath"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// Sealed people wait in a spool file between the passes; the rows come
// back intact, and the file is gone when the import ends, whether it
// succeeds or fails.
func TestSpool(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		w := testfix.Build(t, d)
		const n = 9000 // three spooled chunks
		data := peopleCSV(n, nil)
		if _, err := run(w, w.Haitang.Scope, importer.People, "p.csv", data, nil); err != nil {
			t.Fatal(err)
		}
		left, _ := filepath.Glob(filepath.Join(tmp, "*"))
		if len(left) != 0 {
			t.Errorf("files left after import: %v", left)
		}
		// Every imported person reads back with its masked and revealed numbers.
		got, total, err := w.People.List(t.Context(), w.Haitang.Scope, person.Filter{Q: member(8999)["name"]})
		if err != nil || total < 1 {
			t.Fatalf("last row not found: %d %v", total, err)
		}
		p, err := w.People.Reveal(t.Context(), scope.Everything, got[0].ID)
		if err != nil || p.IDNumber != member(8999)["id_number"] || p.IDMask == "" {
			t.Errorf("last row = %+v, %v", p, err)
		}
		// A bad file leaves no spool either.
		bad := peopleCSV(5000, func(i int, r map[string]string) {
			if i == 4999 {
				r["id_number"] = "123"
			}
		})
		if _, err := run(w, w.Haitang.Scope, importer.People, "bad.csv", bad, nil); err == nil {
			t.Fatal("bad file imported")
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
			t.Errorf("files left after failed import: %v", left)
		}
	})
}
