package importer_test

import (
	"context"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/testfix"
)

// A name holding markup is refused on its row, for every kind, and
// nothing is written.
func TestNameMarkupRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := context.Background()
		count := func(table string) int {
			var n int
			d.Read().QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n)
			return n
		}
		bad := `<img src=x onerror=alert(1)>`
		person := member(1)
		person["name"] = "张" + bad
		cases := []struct {
			kind  importer.Kind
			table string
			row   []string
		}{
			{importer.People, "people", rec(importer.People, person)},
			{importer.Orgs, "orgs", orgRow("HT-X1", bad+"党支部", "党支部", "村", "460202198001", "HT-C")},
			{importer.Units, "units", rec(importer.Units, map[string]string{"name": "公司>", "kind": "企业", "area_code": "460202198001"})},
			{importer.Talents, "talents", talentRow(map[string]string{"name": "<b>王</b>"})},
		}
		for _, c := range cases {
			before := count(c.table)
			_, err := run(w, w.Haitang.Scope, c.kind, "f.csv", csvFile([][]string{header(c.kind), c.row}), nil)
			wantProblems(t, err, apperr.Problem{Row: 2, Field: "name", Key: "err.name_markup"})
			if n := count(c.table); n != before {
				t.Errorf("%s: %d rows written", c.kind, n-before)
			}
		}
	})
}
