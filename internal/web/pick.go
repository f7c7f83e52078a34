package web

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

func (s *Server) pagePick(w http.ResponseWriter, r *http.Request, p *Principal) error {
	q := query(r, "q")
	page := db.Page{Limit: pickLimit}
	ctx := r.Context()
	lang := kit.LangOf(r)
	var opts []pickOption
	switch r.PathValue("kind") {
	case "areas":
		items, _, err := s.Areas.List(ctx, p.Scope, area.Filter{Q: q, Page: page})
		if err != nil {
			return err
		}
		for _, a := range items {
			opts = append(opts, pickOption{a.ID, a.Name, kit.Tr(lang, "area.kind."+string(a.Kind)) + " · " + a.ParentName})
		}
	case "orgs":
		items, _, err := s.Orgs.List(ctx, p.Scope, org.Filter{Q: q, Page: page, Sort: "tree"})
		if err != nil {
			return err
		}
		for _, o := range items {
			opts = append(opts, pickOption{o.ID, o.Name, kit.Tr(lang, "org.kind."+string(o.Kind)) + " · " + o.AreaName})
		}
	case "units":
		items, _, err := s.Units.List(ctx, p.Scope, unit.Filter{Q: q, Page: page})
		if err != nil {
			return err
		}
		for _, u := range items {
			opts = append(opts, pickOption{u.ID, u.Name, u.AreaName})
		}
	default:
		return apperr.InvalidField("kind", "err.param.enum")
	}
	s.Render(w, r, http.StatusOK, "pick", map[string]any{"Options": opts})
	return nil
}
