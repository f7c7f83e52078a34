package importer_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/apperr"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// part is one entry of a hand-made workbook.
type part struct {
	name  string
	write func(w io.Writer)
}

func text(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }

// rawXLSX zips parts after a minimal workbook skeleton naming
// xl/worksheets/sheet1.xml as its first sheet.
func rawXLSX(t testing.TB, w io.Writer, parts ...part) {
	t.Helper()
	zw := zip.NewWriter(w)
	skeleton := []part{
		{"[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{"_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
	}
	for _, p := range append(skeleton, parts...) {
		fw, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		p.write(fw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// sheet is a worksheet part holding rows as given.
func sheet(rows string) part {
	return part{"xl/worksheets/sheet1.xml", text(sheetHead + rows + sheetTail)}
}

func inline(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

// headerRow is the people template's header as row 1 of a sheet.
func headerRow() string {
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for i, h := range header(importer.People) {
		b.WriteString(inline(fmt.Sprintf("%c1", 'A'+i), h))
	}
	return b.String() + `</row>`
}

// wantLineProblem checks that err is the rows error of one problem.
func wantLineProblem(t *testing.T, err error, row int, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Key != "err.import.rows" || len(ae.Problems) != 1 || ae.Problems[0].Row != row || ae.Problems[0].Key != key {
		t.Fatalf("err = %v %+v, want row %d %s", err, ae.Problems, row, key)
	}
}

// Cells, rows and columns are bounded in CSV files before the CSV reader
// holds them, and reported on their line.
func TestCSVLimits(t *testing.T) {
	w := testfix.Build(t, dbtest.Open(t, "sqlite"))
	hdr := strings.Join(header(importer.People), ",") + "\n"
	cases := []struct {
		name string
		data string
		row  int
		key  string
	}{
		{"one huge line", hdr + "a,b\n" + "x," + strings.Repeat("a", 3<<20) + "\n", 3, "err.import.row_too_big"},
		{"a huge quoted record over many lines", hdr + `"` + strings.Repeat("a\n", 1<<20) + `"` + "\n", 2, "err.import.row_too_big"},
		{"a big field", hdr + "x," + strings.Repeat("字", 12<<10) + "\n", 2, "err.import.cell_too_big"},
		{"too many columns", hdr + strings.Repeat("x,", 70) + "\n", 2, "err.import.too_many_columns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := run(w, scope.Everything, importer.People, "p.csv", []byte(c.data), nil)
			wantLineProblem(t, err, c.row, c.key)
		})
	}

	// A bare quote inside an unquoted field is literal (as the CSV reader
	// reads it with LazyQuotes): it opens no quoted field that would run
	// to the end of a 3 MB file.
	data := peopleCSV(20000, nil)
	data = bytes.Replace(data, []byte("导入党员0,"), []byte(`导入党员0"号,`), 1)
	res, err := run(w, w.Haitang.Scope, importer.People, "p.csv", data, nil)
	if err != nil || res.Inserted != 20000 {
		t.Fatalf("bare quote: %+v, %v", res, err)
	}
}

// Workbooks are bounded by their central directory and by a scan of their
// sheets and shared strings before excelize parses them.
func TestXLSXLimits(t *testing.T) {
	w := testfix.Build(t, dbtest.Open(t, "sqlite"))
	big := strings.Repeat("a", 40<<10)
	var wideRow strings.Builder
	wideRow.WriteString(`<row r="2">`)
	for i := 0; i < 30000; i++ {
		wideRow.WriteString(`<c t="inlineStr"><is><t>x</t></is></c>`)
	}
	wideRow.WriteString(`</row>`)
	cases := []struct {
		name  string
		parts []part
		row   int // 0 with key: a rows error without a row; -1: a plain error
		key   string
	}{
		{"an inline cell over the limit", []part{sheet(headerRow() + `<row r="7">` + inline("A7", big) + `</row>`)}, 7, "err.import.cell_too_big"},
		{"a shared string over the limit", []part{sheet(headerRow()), {"xl/sharedStrings.xml", text(`<sst><si><t>` + big + `</t></si></sst>`)}}, 0, "err.import.cell_too_big"},
		{"a row over the limit", []part{sheet(headerRow() + wideRow.String())}, 2, "err.import.row_too_big"},
		{"a comment", []part{sheet(headerRow() + `<!-- x -->`)}, -1, "err.import.xlsx"},
		{"a tag over the limit, '>' inside its quotes", []part{sheet(`<row r="1" x="` + strings.Repeat(">", 70<<10) + `"/>`)}, -1, "err.import.xlsx"},
		{"a big style part", []part{sheet(headerRow()), {"xl/styles.xml", text(strings.Repeat(" ", 9<<20))}}, -1, "err.import.xlsx_too_big"},
		{"too many entries", append([]part{sheet(headerRow())}, manyParts(10001)...), -1, "err.import.xlsx"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			rawXLSX(t, &b, c.parts...)
			_, err := run(w, scope.Everything, importer.People, "p.xlsx", b.Bytes(), nil)
			if c.row >= 0 {
				wantLineProblem(t, err, c.row, c.key)
			} else {
				wantKey(t, err, c.key)
			}
		})
	}

	// Columns are counted as excelize reads them.
	f := excelize.NewFile()
	var hdr []any
	for _, h := range header(importer.People) {
		hdr = append(hdr, h)
	}
	f.SetSheetRow("Sheet1", "A1", &hdr)
	f.SetCellValue("Sheet1", "BZ2", "x")
	var b bytes.Buffer
	f.Write(&b)
	_, err := run(w, scope.Everything, importer.People, "p.xlsx", b.Bytes(), nil)
	wantLineProblem(t, err, 2, "err.import.too_many_columns")
}

func manyParts(n int) []part {
	out := make([]part, n)
	for i := range out {
		out[i] = part{fmt.Sprintf("docProps/x%d.xml", i), text("")}
	}
	return out
}

// Echoed values are clipped: an unknown header cell is not repeated whole.
func TestEchoClipped(t *testing.T) {
	w := testfix.Build(t, dbtest.Open(t, "sqlite"))
	h := strings.Repeat("列", 30<<10/3)
	_, err := run(w, scope.Everything, importer.People, "p.csv", []byte(h+"\n1\n"), nil)
	ae := wantKey(t, err, "err.import.unknown_column")
	got := ae.Args["column"].(string)
	if utf8.RuneCountInString(got) > 61 || !strings.HasSuffix(got, "…") {
		t.Errorf("column echoed as %d runes", utf8.RuneCountInString(got))
	}
}

// Kinds loaded in memory hold at most 200,000 rows.
func TestRowsPerKind(t *testing.T) {
	w := testfix.Build(t, dbtest.Open(t, "sqlite"))
	var b bytes.Buffer
	b.WriteString(strings.Join(header(importer.Orgs), ",") + "\n")
	for i := 0; i <= 200_000; i++ {
		fmt.Fprintf(&b, "X%d,支部,党支部,村,000,,\n", i)
	}
	_, err := run(w, scope.Everything, importer.Orgs, "o.csv", b.Bytes(), nil)
	if ae := wantKey(t, err, "err.import.too_many"); ae.Args["max"] != 200_000 {
		t.Errorf("max = %v", ae.Args["max"])
	}
}
