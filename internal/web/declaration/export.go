package declaration

import (
	"net/http"

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
	return declarationTable.Export(lang, func(fn func(declaration.Declaration) error) error {
		return m.Declarations.Each(r.Context(), p.Scope, f, fn)
	}), nil
}
