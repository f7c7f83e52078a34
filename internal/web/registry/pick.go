package registry

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// Pickers let a form field choose an area, org or unit by typing part of
// its name: the field's search box asks /pick/{kind}?q=… (htmx) and gets
// the first matches inside the caller's scope.

// pickView is pick.html: a picker's matches.
type pickView struct{ Options []kit.PickOption }

var pickPage = kit.NewPage[pickView]("pick")

func (m *Module) pagePick(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	q := kit.Query(r, "q")
	page := db.Page{Limit: kit.PickLimit}
	ctx := r.Context()
	lang := kit.LangOf(r)
	var opts []kit.PickOption
	switch r.PathValue("kind") {
	case "areas":
		items, _, err := m.Areas.List(ctx, p.Scope, area.Filter{Q: q, Page: page})
		if err != nil {
			return err
		}
		for _, a := range items {
			opts = append(opts, kit.PickOption{ID: a.ID, Name: a.Name, Extra: kit.Tr(lang, "area.kind."+string(a.Kind)) + " · " + a.ParentName})
		}
	case "orgs":
		items, _, err := m.Orgs.List(ctx, p.Scope, org.Filter{Q: q, Page: page, Sort: "tree"})
		if err != nil {
			return err
		}
		for _, o := range items {
			opts = append(opts, kit.PickOption{ID: o.ID, Name: o.Name, Extra: kit.Tr(lang, "org.kind."+string(o.Kind)) + " · " + o.AreaName})
		}
	case "units":
		items, _, err := m.Units.List(ctx, p.Scope, unit.Filter{Q: q, Page: page})
		if err != nil {
			return err
		}
		for _, u := range items {
			opts = append(opts, kit.PickOption{ID: u.ID, Name: u.Name, Extra: u.AreaName})
		}
	default:
		return apperr.InvalidField("kind", "err.param.enum")
	}
	pickPage.Render(m.Kit, w, r, http.StatusOK, pickView{Options: opts})
	return nil
}
