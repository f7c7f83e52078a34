package importer_test

import (
	"bytes"
	"context"
	"testing"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/testfix"
)

// maxFuzzFile keeps each fuzzed file small: the importer's own limits are
// constants sized for real files (limits.go, tested in limits_test.go), so
// the fuzzer explores the parsing paths on inputs far below them.
const maxFuzzFile = 64 << 10

// FuzzImport feeds arbitrary bytes to the importer's entry point as a CSV
// or an XLSX file of any kind, on one SQLite world per fuzzing process. It
// must not panic, and any refusal must be a user error: an apperr with a
// catalog key, naming no parser's text (testfix.UserError). An accepted
// file inserts no more records than it has rows.
func FuzzImport(f *testing.F) {
	var xlsx bytes.Buffer
	rawXLSX(f, &xlsx, sheet(headerRow()+`<row r="2">`+inline("A2", "张三")+`</row>`))
	var bad bytes.Buffer
	rawXLSX(f, &bad, sheet(`<row r="1"><c r="A1" t="s"><v>9</v></c></row>`))
	for _, s := range []struct {
		data []byte
		xlsx bool
		kind uint8
	}{
		{peopleCSV(2, nil), false, 2},
		{peopleCSV(1, func(i int, r map[string]string) { r["id_number"] = "x" }), false, 2},
		{csvFile([][]string{header(importer.Orgs)}), false, 0},
		{csvFile([][]string{header(importer.Units), {"单位", "x"}}), false, 1},
		{csvFile([][]string{header(importer.Talents)}), false, 3},
		{[]byte("\xef\xbb\xbf\"a,b\n"), false, 2},
		{[]byte("\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\n"), false, 2}, // GB18030 姓名,身份证
		{xlsx.Bytes(), true, 2},
		{bad.Bytes(), true, 2},
		{[]byte("PK\x03\x04"), true, 2},
	} {
		f.Add(s.data, s.xlsx, s.kind)
	}
	w := testfix.Build(f, dbtest.Open(f, "sqlite"))
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool, kind uint8) {
		if len(data) > maxFuzzFile {
			return
		}
		k := importer.Kinds[int(kind)%len(importer.Kinds)]
		name := "f.csv"
		if xlsx {
			name = "f.xlsx"
		}
		res, err := importer.Run(context.Background(), w.DB, w.Vault, w.Haitang.Scope, k, name, bytes.NewReader(data), nil)
		if err != nil {
			if bad := testfix.UserError(err, data); bad != nil {
				t.Fatalf("import %s of %q: %v", k, data, bad)
			}
			return
		}
		if res.Inserted < 0 || res.Inserted > res.Rows {
			t.Fatalf("import %s: %+v", k, res)
		}
	})
}
