package kit

import (
	"context"
	"dangjian/internal/scope"
	"net/http"
)

// Column is one column of a list: its header (an i18n key), the list's
// sort key for it ("" when it does not sort) and its cell. The HTML list
// shows the cell with its link, cut at Clip characters when Clip is set;
// an export writes its whole text. A column with ExportOnly set is in the
// exports only (a long note a page has no room for).
type Column[T any] struct {
	Key        string
	Sort       string
	Clip       int
	ExportOnly bool
	Cell       func(lang string, x T) Cell
}

// page is the columns the HTML list shows.
func (t Table[T]) page() []Column[T] {
	out := make([]Column[T], 0, len(t.Columns))
	for _, c := range t.Columns {
		if !c.ExportOnly {
			out = append(out, c)
		}
	}
	return out
}

// Text makes a column's cell of plain text (no link).
func Text[T any](f func(lang string, x T) string) func(string, T) Cell {
	return func(lang string, x T) Cell { return Cell{Text: f(lang, x)} }
}

// Table is one list's columns, which its HTML page, its CSV export and its
// Excel export all take from here, so the three cannot disagree about a
// column.
type Table[T any] struct {
	Columns []Column[T]
}

// Cols are the page's header cells, sortable where a column sorts.
func (t Table[T]) Cols(r *http.Request) []Col {
	cols := t.page()
	out := make([]Col, len(cols))
	for i, c := range cols {
		if c.Sort != "" {
			out[i] = SortCol(r, c.Key, c.Sort)
		} else {
			out[i] = Col{Key: c.Key}
		}
	}
	return out
}

// Rows are the page's rows of items.
func (t Table[T]) Rows(lang string, items []T) [][]Cell {
	cols := t.page()
	out := make([][]Cell, len(items))
	for i, x := range items {
		row := make([]Cell, len(cols))
		for j, c := range cols {
			row[j] = c.Cell(lang, x)
			if c.Clip > 0 {
				row[j].Text = Clip(row[j].Text, c.Clip)
			}
		}
		out[i] = row
	}
	return out
}

// Header is the export's header row.
func (t Table[T]) Header(lang string) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = Tr(lang, c.Key)
	}
	return out
}

// Row is one export row: the cells' text.
func (t Table[T]) Row(lang string, x T) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Cell(lang, x).Text
	}
	return out
}

// Export writes the header, then every row that each streams from the
// store (one query, no re-paging).
func (t Table[T]) Export(lang string, each func(fn func(T) error) error) func(Sheet) error {
	return func(sw Sheet) error {
		if err := sw.Row(t.Header(lang)...); err != nil {
			return err
		}
		return each(func(x T) error { return sw.Row(t.Row(lang, x)...) })
	}
}

// ListExport is a list's export: the list page's own filter reader, its
// Table, and its store's Each in the caller's scope, streamed.
func ListExport[F, T any](filter func(*http.Request) (F, int, error), t Table[T], each func(context.Context, scope.Scope, F, func(T) error) error) func(*http.Request, *Principal) (func(Sheet) error, error) {
	return func(r *http.Request, p *Principal) (func(Sheet) error, error) {
		f, _, err := filter(r)
		if err != nil {
			return nil, err
		}
		return t.Export(LangOf(r), func(fn func(T) error) error { return each(r.Context(), p.Scope, f, fn) }), nil
	}
}
