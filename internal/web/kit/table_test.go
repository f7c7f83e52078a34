package kit

import (
	"net/http/httptest"
	"strings"
	"testing"
)

type item struct {
	ID   int64
	Name string
}

var itemTable = Table[item]{Columns: []Column[item]{
	{Key: "common.yes", Sort: "id", Cell: func(_ string, x item) Cell { return Cell{Text: "#" + Itoa(x.ID), Href: "/items/" + Itoa(x.ID)} }},
	{Key: "common.no", Cell: func(_ string, x item) Cell { return Cell{Text: x.Name} }},
}}

type rows [][]string

func (r *rows) Row(cells ...string) error { *r = append(*r, cells); return nil }

// TestTable: the page and the export take the same columns from one
// Table: headers, cells, links only on the page, sort links where a
// column sorts, and every streamed row.
func TestTable(t *testing.T) {
	items := []item{{1, "甲"}, {2, "乙"}}
	req := httptest.NewRequest("GET", "/items?sort=id&page=3", nil)
	cols := itemTable.Cols(req)
	if len(cols) != 2 || !strings.Contains(cols[0].Sort, "sort=-id") || strings.Contains(cols[0].Sort, "page=") || cols[1].Sort != "" {
		t.Errorf("cols = %+v", cols)
	}
	page := itemTable.Rows("zh-CN", items)
	if len(page) != 2 || page[1][0].Href != "/items/2" || page[1][1].Text != "乙" {
		t.Errorf("page rows = %+v", page)
	}
	var out rows
	err := itemTable.Export("zh-CN", func(fn func(item) error) error {
		for _, x := range items {
			if err := fn(x); err != nil {
				return err
			}
		}
		return nil
	})(&out)
	if err != nil || len(out) != 3 || out[0][0] != Tr("zh-CN", "common.yes") || out[2][0] != "#2" || out[2][1] != "乙" {
		t.Errorf("export = %v, %v", out, err)
	}
	for i, r := range page {
		for j, c := range r {
			if out[i+1][j] != c.Text {
				t.Errorf("page and export disagree at %d,%d: %q vs %q", i, j, c.Text, out[i+1][j])
			}
		}
	}
}

// TestTableClip: a clipped column is cut on the page only.
func TestTableClip(t *testing.T) {
	tb := Table[item]{Columns: []Column[item]{{Key: "common.no", Clip: 3, Cell: func(_ string, x item) Cell { return Cell{Text: x.Name} }}}}
	x := item{Name: "一二三四五"}
	if got := tb.Rows("zh-CN", []item{x})[0][0].Text; got != "一二三…" {
		t.Errorf("page cell = %q", got)
	}
	if got := tb.Row("zh-CN", x)[0]; got != "一二三四五" {
		t.Errorf("export cell = %q", got)
	}
}

// TestTableExportOnly: an export-only column is in the exports, not on
// the page.
func TestTableExportOnly(t *testing.T) {
	tb := Table[item]{Columns: []Column[item]{
		{Key: "common.yes", Cell: func(_ string, x item) Cell { return Cell{Text: x.Name} }},
		{Key: "common.no", ExportOnly: true, Cell: func(_ string, x item) Cell { return Cell{Text: "note"} }},
	}}
	x := item{Name: "甲"}
	req := httptest.NewRequest("GET", "/items", nil)
	if cols, rows := tb.Cols(req), tb.Rows("zh-CN", []item{x}); len(cols) != 1 || len(rows[0]) != 1 {
		t.Errorf("page: %d cols, %d cells; want 1 and 1", len(cols), len(rows[0]))
	}
	if h, row := tb.Header("zh-CN"), tb.Row("zh-CN", x); len(h) != 2 || row[1] != "note" {
		t.Errorf("export: header %v, row %v", h, row)
	}
}
