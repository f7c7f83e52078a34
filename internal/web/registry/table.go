package registry

import (
	"context"
	"fmt"
	"net/http"

	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// listTable is one list's columns for its page and its two exports.
// kit.Table shows the page its export columns in the export's order; the
// registry's lists show theirs in another order, and the units list two
// columns in other words than its export, so the page names its columns
// by key, in its order, taking a page variant where one is given. (Local
// until kit.Table has a page order and page-only columns.)
type listTable[T any] struct {
	kit.Table[T] // the export's columns, in its order
	page         kit.Table[T]
}

// newListTable is t with the page's columns: for each key, its variant
// in pageOnly if any, else t's column of that key.
func newListTable[T any](t kit.Table[T], pageOnly []kit.Column[T], keys ...string) listTable[T] {
	byKey := map[string]kit.Column[T]{}
	for _, c := range t.Columns {
		byKey[c.Key] = c
	}
	for _, c := range pageOnly {
		byKey[c.Key] = c
	}
	out := listTable[T]{Table: t}
	for _, k := range keys {
		c, ok := byKey[k]
		if !ok {
			panic(fmt.Sprintf("list column %s not in its table", k))
		}
		out.page.Columns = append(out.page.Columns, c)
	}
	return out
}

// Cols are the page's header cells, sortable where a column sorts.
func (t listTable[T]) Cols(r *http.Request) []kit.Col { return t.page.Cols(r) }

// Rows are the page's rows of items.
func (t listTable[T]) Rows(lang string, items []T) [][]kit.Cell { return t.page.Rows(lang, items) }

// exportOf is the export of t: the list's filters read by filter, every
// row streamed from the store's each (one query, no re-paging).
func exportOf[F, T any](t listTable[T], filter func(*http.Request) (F, int, error), each func(context.Context, scope.Scope, F, func(T) error) error) kit.Export {
	return kit.Export{Prepare: func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
		f, _, err := filter(r)
		if err != nil {
			return nil, err
		}
		return t.Export(kit.LangOf(r), func(fn func(T) error) error { return each(r.Context(), p.Scope, f, fn) }), nil
	}}
}
