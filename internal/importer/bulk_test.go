package importer_test

import (
	"context"
	"slices"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// peopleIndexes lists the people table's index definitions (SQLite).
func peopleIndexes(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Read().QueryContext(context.Background(), `SELECT name || ':' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// A large import on SQLite drops the people indexes and builds them again
// in its transaction; a failed one leaves them as they were.
func TestBulkIndexes(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	w := testfix.Build(t, d)
	defer func(n int) { *importer.BulkMinRows = n }(*importer.BulkMinRows)
	*importer.BulkMinRows = 100
	before := peopleIndexes(t, d)
	if len(before) < 5 {
		t.Fatalf("indexes = %v", before)
	}

	bad := peopleCSV(300, func(i int, r map[string]string) {
		if i == 299 { // registered after the check, before the write
			r["id_number"] = uniqueID(100_000)
		}
	})
	// Register the last row's ID between the first pass and the write
	// pass: the progress call that ends the first pass does it.
	registered := false
	_, err := run(w, scope.Everything, importer.People, "p.csv", bad, func(done, total int) {
		if done == 150 && !registered { // half way: the first pass is over
			registered = true
			_, err := w.People.Create(context.Background(), scope.Everything, person.Person{Name: "抢先", Status: person.Masses, AreaID: w.Haitang.Village.ID, IDNumber: uniqueID(100_000)})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
	wantProblems(t, err, apperr.Problem{Field: "id_number", Key: "err.import.duplicate_in_db"})
	if got := peopleIndexes(t, d); !slices.Equal(got, before) {
		t.Errorf("indexes after a failed import:\n %v\nwant\n %v", got, before)
	}
	if _, n, _ := w.People.List(context.Background(), scope.Everything, person.Filter{Q: "导入党员"}); n != 0 {
		t.Errorf("failed import left %d people", n)
	}

	res, err := run(w, scope.Everything, importer.People, "p.csv", peopleCSV(300, nil), nil)
	if err != nil || res.Inserted != 300 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	if got := peopleIndexes(t, d); !slices.Equal(got, before) {
		t.Errorf("indexes after import:\n %v\nwant\n %v", got, before)
	}
	if _, n, _ := w.People.List(context.Background(), scope.Everything, person.Filter{Q: "导入党员29"}); n != 11 {
		t.Errorf("name search after rebuild found %d, want 11", n)
	}
}
