package registry

import (
	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
)

// Pages for areas (districts down to grids). A grid's page adds its
// workers.

func (m *Module) pageAreas(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := areaFilter(r)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var items []area.Area
	var total int
	if f.Q == "" && f.ParentID == 0 && f.Kind == "" && f.Sort == "" { // a sort header lists every area in order
		items, err = m.Areas.Roots(r.Context(), p.Scope)
		total = len(items)
	} else {
		items, total, err = m.Areas.List(r.Context(), p.Scope, f)
	}
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, a := range items {
		rows = append(rows, []kit.Cell{{Text: a.Name, Href: "/areas/" + kit.Itoa(a.ID)}, {Text: a.Code}, {Text: kit.Tr(lang, "area.kind."+string(a.Kind))}, {Text: a.ParentName}, {Text: strconv.Itoa(a.Children)}})
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title: kit.Tr(lang, "nav.areas"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "area.q_hint"},
			{Name: "kind", Label: "area.kind", Type: "select", Options: kit.EnumOptions(area.Kinds, "area.kind.", string(f.Kind), "list.any")},
		},
		ListTable: kit.ListTable{Cols: []kit.Col{kit.SortCol(r, "area.name", "name"), kit.SortCol(r, "area.code", "code"), kit.SortCol(r, "area.kind", "kind"), {Key: "area.parent"}, {Key: "area.children"}}, Rows: rows, Pager: kit.NewPager(r, page, f.Page, total, len(items))},
	})
	return nil
}

func (m *Module) pageArea(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	a, err := m.Areas.Get(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	crumbs, err := m.areaCrumbs(r, p.Scope, a)
	if err != nil {
		return err
	}
	children, _, err := m.Areas.List(ctx, p.Scope, area.Filter{ParentID: id, Page: db.Page{Limit: db.MaxPage}})
	if err != nil {
		return err
	}
	if a.Kind == area.Zone {
		// A zone's villages sit in their districts but belong with it here.
		overlays, err := m.Areas.Overlays(ctx, p.Scope, id)
		if err != nil {
			return err
		}
		children = append(children, overlays...)
	}
	var crows [][]kit.Cell
	for _, c := range children {
		crows = append(crows, []kit.Cell{{Text: c.Name, Href: "/areas/" + kit.Itoa(c.ID)}, {Text: c.Code}, {Text: kit.Tr(lang, "area.kind."+string(c.Kind))}, {Text: strconv.Itoa(c.Children)}})
	}
	orgs, _, err := m.Orgs.List(ctx, p.Scope, org.Filter{AreaID: id, Page: db.Page{Limit: 50}})
	if err != nil {
		return err
	}
	var orows [][]kit.Cell
	for _, o := range orgs {
		orows = append(orows, []kit.Cell{{Text: o.Name, Href: "/orgs/" + kit.Itoa(o.ID)}, {Text: kit.Tr(lang, "org.kind."+string(o.Kind))}, {Text: strconv.Itoa(o.Members)}})
	}
	geom, err := m.Areas.Geometry(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	d := kit.DetailPage{
		Title: a.Name, Crumbs: crumbs, Geometry: geom,
		Fields:  []kit.KV{{Key: "area.code", Text: a.Code}, {Key: "area.kind", Text: kit.Tr(lang, "area.kind."+string(a.Kind))}, {Key: "area.children", Text: strconv.Itoa(a.Children)}},
		Actions: []kit.Link{{Href: "/people?area_id=" + kit.Itoa(id), Key: "area.people"}, {Href: "/units?area_id=" + kit.Itoa(id), Key: "area.units"}},
		Sections: []kit.Section{
			{Key: "area.children", Cols: kit.Cols("area.name", "area.code", "area.kind", "area.children"), Rows: crows},
			{Key: "area.orgs", Cols: kit.Cols("org.name", "org.kind", "org.members"), Rows: orows, More: "/orgs?area_id=" + kit.Itoa(id)},
		},
	}
	if a.Kind == area.Grid {
		if err := m.gridSection(r, p, a, &d); err != nil {
			return err
		}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// areaCrumbs lists the ancestors of a that the scope may see.
func (m *Module) areaCrumbs(r *http.Request, sc scope.Scope, a area.Area) ([]kit.Crumb, error) {
	anc, err := m.Areas.Ancestors(r.Context(), a)
	if err != nil {
		return nil, err
	}
	out := []kit.Crumb{{Href: "/areas", Text: kit.Tr(kit.LangOf(r), "nav.areas")}}
	for _, x := range anc {
		if sc.HasArea(x.Path) {
			out = append(out, kit.Crumb{Href: "/areas/" + kit.Itoa(x.ID), Text: x.Name})
		}
	}
	return out, nil
}

// gridSection adds a grid's workers, and the form to add one, to its area
// page.
func (m *Module) gridSection(r *http.Request, p *kit.Principal, a area.Area, d *kit.DetailPage) error {
	workers, err := m.Areas.Workers(r.Context(), a.ID)
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, w := range workers[a.ID] {
		rows = append(rows, []kit.Cell{{Text: w.Name}, {Text: w.PhoneMask}, {Text: kit.YesNo(kit.LangOf(r), w.UserID != 0)}})
	}
	d.Sections = append(d.Sections, kit.Section{Key: "grid.workers", Cols: kit.Cols("staff.name", "order.phone", "staff.account"), Rows: rows})
	if p.Can(auth.PermServiceWrite) {
		d.Forms = []kit.InlineForm{{Action: "/grids/" + kit.Itoa(a.ID) + "/workers", Title: "grid.worker_new", Button: "form.save", Fields: []kit.FormField{
			{Name: "grid_name", Type: "hidden", Value: a.Name}, {Name: "name", Label: "staff.name", Type: "text", Required: true},
			{Name: "phone", Label: "order.phone", Type: "tel"}, {Name: "username", Label: "staff.username", Type: "text"}}}}
	}
	return nil
}
