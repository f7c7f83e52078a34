package declaration

import (
	"net/http"

	"dangjian/internal/db"
	"dangjian/internal/declaration"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the declarations with
// the list's filters, and the mobile members.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{
		"declarations": {Prepare: func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) { return m.export(r, p, "") }},
		"mobile": {Prepare: func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
			return m.export(r, p, declaration.Mobile)
		}},
	}
}

// export writes the declarations of the list's filters, of kind k when
// given, with the date joined, the note and the decision's reason.
func (m *Module) export(r *http.Request, p *kit.Principal, k declaration.Kind) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	f, _, err := declarationFilter(r)
	if err != nil {
		return nil, err
	}
	if k != "" {
		f.Kind = k
	}
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, append(append([]string{}, declarationCols...), "declaration.joined_on", "declaration.note", "declaration.reason")...)...)
		return kit.PagedRows(sw, func(pg db.Page) ([]declaration.Declaration, error) {
			f.Page = pg
			items, _, err := m.Declarations.List(r.Context(), p.Scope, f)
			return items, err
		}, func(d declaration.Declaration) []string {
			var cells []string
			for _, c := range declarationRow(lang, d) {
				cells = append(cells, c.Text)
			}
			return append(cells, d.JoinedOn, d.Note, d.Reason)
		})
	}, nil
}
