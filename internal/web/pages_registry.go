package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// Pages of the registry: home, areas, orgs and units. People are in
// pages_people.go.

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request, p *Principal) error {
	ctx := r.Context()
	ps, err := s.People.Stats(ctx, p.Scope)
	if err != nil {
		return err
	}
	nOrgs, err := s.Orgs.Count(ctx, p.Scope)
	if err != nil {
		return err
	}
	nUnits, nUncovered, err := s.Units.Coverage(ctx, p.Scope)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	cards := []map[string]any{
		{"Key": "home.people", "Value": ps.Total, "Href": "/people"},
		{"Key": "home.members", "Value": ps.ByStatus[person.Member], "Href": "/people?status=member"},
		{"Key": "home.orgs", "Value": nOrgs, "Href": "/orgs"},
		{"Key": "home.units", "Value": nUnits, "Href": "/units"},
		{"Key": "home.uncovered", "Value": nUncovered, "Href": "/units?covered=no"},
		{"Key": "home.seasonal", "Value": ps.Seasonal, "Href": "/people?seasonal=1"},
	}
	// People by party status, as an ECharts bar chart.
	var names []string
	var values []int
	for _, st := range person.Statuses {
		names = append(names, kit.Tr(lang, "status."+string(st)))
		values = append(values, ps.ByStatus[st])
	}
	chart, _ := json.Marshal(map[string]any{"title": kit.Tr(lang, "home.chart_status"), "names": names, "values": values})
	s.Render(w, r, http.StatusOK, "home", map[string]any{"Title": kit.Tr(lang, "home.title"), "Cards": cards, "Chart": string(chart)})
	return nil
}

func (s *Server) pageAreas(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := areaFilter(r)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var items []area.Area
	var total int
	if f.Q == "" && f.ParentID == 0 && f.Kind == "" && f.Sort == "" { // a sort header lists every area in order
		items, err = s.Areas.Roots(r.Context(), p.Scope)
		total = len(items)
	} else {
		items, total, err = s.Areas.List(r.Context(), p.Scope, f)
	}
	if err != nil {
		return err
	}
	var rows [][]cell
	for _, a := range items {
		rows = append(rows, []cell{{Text: a.Name, Href: "/areas/" + kit.Itoa(a.ID)}, {Text: a.Code}, {Text: kit.Tr(lang, "area.kind."+string(a.Kind))}, {Text: a.ParentName}, {Text: strconv.Itoa(a.Children)}})
	}
	s.Render(w, r, http.StatusOK, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.areas"),
		"Cols":  []col{kit.SortCol(r, "area.name", "name"), kit.SortCol(r, "area.code", "code"), kit.SortCol(r, "area.kind", "kind"), {Key: "area.parent"}, {Key: "area.children"}},
		"Rows":  rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Filters": []formField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "area.q_hint"},
			{Name: "kind", Label: "area.kind", Type: "select", Options: kit.EnumOptions(area.Kinds, "area.kind.", string(f.Kind), "list.any")},
		},
	})
	return nil
}

func (s *Server) pageArea(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	a, err := s.Areas.Get(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	crumbs, err := s.areaCrumbs(r, p.Scope, a)
	if err != nil {
		return err
	}
	children, _, err := s.Areas.List(ctx, p.Scope, area.Filter{ParentID: id, Page: db.Page{Limit: db.MaxPage}})
	if err != nil {
		return err
	}
	if a.Kind == area.Zone {
		// A zone's villages sit in their districts but belong with it here.
		overlays, err := s.Areas.Overlays(ctx, p.Scope, id)
		if err != nil {
			return err
		}
		children = append(children, overlays...)
	}
	var crows [][]cell
	for _, c := range children {
		crows = append(crows, []cell{{Text: c.Name, Href: "/areas/" + kit.Itoa(c.ID)}, {Text: c.Code}, {Text: kit.Tr(lang, "area.kind."+string(c.Kind))}, {Text: strconv.Itoa(c.Children)}})
	}
	orgs, _, err := s.Orgs.List(ctx, p.Scope, org.Filter{AreaID: id, Page: db.Page{Limit: 50}})
	if err != nil {
		return err
	}
	var orows [][]cell
	for _, o := range orgs {
		orows = append(orows, []cell{{Text: o.Name, Href: "/orgs/" + kit.Itoa(o.ID)}, {Text: kit.Tr(lang, "org.kind."+string(o.Kind))}, {Text: strconv.Itoa(o.Members)}})
	}
	geom, err := s.Areas.Geometry(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	d := map[string]any{
		"Title": a.Name, "Crumbs": crumbs, "Geometry": geom,
		"Fields":  []kv{{Key: "area.code", Text: a.Code}, {Key: "area.kind", Text: kit.Tr(lang, "area.kind."+string(a.Kind))}, {Key: "area.children", Text: strconv.Itoa(a.Children)}},
		"Actions": []link{{Href: "/people?area_id=" + kit.Itoa(id), Key: "area.people"}, {Href: "/units?area_id=" + kit.Itoa(id), Key: "area.units"}},
		"Sections": []section{
			{Key: "area.children", Cols: kit.Cols("area.name", "area.code", "area.kind", "area.children"), Rows: crows},
			{Key: "area.orgs", Cols: kit.Cols("org.name", "org.kind", "org.members"), Rows: orows, More: "/orgs?area_id=" + kit.Itoa(id)},
		},
	}
	if a.Kind == area.Grid {
		if err := s.gridSection(r, p, a, d); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

// areaCrumbs lists the ancestors of a that the scope may see.
func (s *Server) areaCrumbs(r *http.Request, sc scope.Scope, a area.Area) ([]crumb, error) {
	anc, err := s.Areas.Ancestors(r.Context(), a)
	if err != nil {
		return nil, err
	}
	out := []crumb{{Href: "/areas", Text: kit.Tr(kit.LangOf(r), "nav.areas")}}
	for _, x := range anc {
		if sc.HasArea(x.Path) {
			out = append(out, crumb{Href: "/areas/" + kit.Itoa(x.ID), Text: x.Name})
		}
	}
	return out, nil
}

func (s *Server) pageOrgs(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := orgFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Orgs.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, o := range items {
		rows = append(rows, []cell{{Text: o.Name, Href: "/orgs/" + kit.Itoa(o.ID)}, {Text: o.Code}, {Text: kit.Tr(lang, "org.kind."+string(o.Kind))}, {Text: kit.Tr(lang, "org.sector."+string(o.Sector))}, {Text: o.AreaName}, {Text: o.SecretaryName}, {Text: strconv.Itoa(o.Members)}})
	}
	d := map[string]any{
		"Title": kit.Tr(lang, "nav.orgs"),
		"Cols":  []col{kit.SortCol(r, "org.name", "name"), kit.SortCol(r, "org.code", "code"), kit.SortCol(r, "org.kind", "kind"), kit.SortCol(r, "org.sector", "sector"), kit.SortCol(r, "org.area", "area"), {Key: "org.secretary"}, {Key: "org.members"}},
		"Rows":  rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Export": []string{kit.ExportLink(r, "orgs", "xlsx"), kit.ExportLink(r, "orgs", "csv")},
		"Filters": []formField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "org.q_hint"},
			{Name: "kind", Label: "org.kind", Type: "select", Options: kit.EnumOptions(org.Kinds, "org.kind.", string(f.Kind), "list.any")},
			{Name: "sector", Label: "org.sector", Type: "select", Options: kit.EnumOptions(org.Sectors, "org.sector.", string(f.Sector), "list.any")},
		},
	}
	if p.Can(auth.PermRegistryWrite) {
		d["Actions"] = []link{{Href: "/orgs/new", Key: "org.new"}}
	}
	s.Render(w, r, http.StatusOK, "list", d)
	return nil
}

type treeNode struct {
	ID                int64
	Name, KindKey     string
	Members, Children int
	Open              bool
}

// pageOrgTree shows the org tree: the roots of the scope, and (for htmx)
// the children of one org.
func (s *Server) pageOrgTree(w http.ResponseWriter, r *http.Request, p *Principal) error {
	parent, err := kit.QueryID(r, "parent_id")
	if err != nil {
		return err
	}
	f := org.Filter{Roots: parent == 0, ParentID: parent, Page: db.Page{Limit: db.MaxPage}, Sort: "tree"}
	items, _, err := s.Orgs.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	var nodes []treeNode
	for _, o := range items {
		nodes = append(nodes, treeNode{ID: o.ID, Name: o.Name, KindKey: "org.kind." + string(o.Kind), Members: o.Members, Children: o.Children})
	}
	d := map[string]any{"Title": kit.Tr(kit.LangOf(r), "org.tree"), "Nodes": nodes}
	if p.Can(auth.PermRegistryWrite) {
		d["Actions"] = []link{{Href: "/orgs/new", Key: "org.new"}}
	}
	s.Render(w, r, http.StatusOK, "tree", d)
	return nil
}

func (s *Server) pageOrg(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := s.Orgs.Get(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	kids, _, err := s.Orgs.List(ctx, p.Scope, org.Filter{ParentID: id, Page: db.Page{Limit: 100}, Sort: "name"})
	if err != nil {
		return err
	}
	var krows [][]cell
	for _, k := range kids {
		krows = append(krows, []cell{{Text: k.Name, Href: "/orgs/" + kit.Itoa(k.ID)}, {Text: kit.Tr(lang, "org.kind."+string(k.Kind))}, {Text: strconv.Itoa(k.Members)}})
	}
	members, _, err := s.People.List(ctx, p.Scope, person.Filter{OrgID: id, Page: db.Page{Limit: 50}})
	if err != nil {
		return err
	}
	var mrows [][]cell
	for _, m := range members {
		mrows = append(mrows, []cell{{Text: m.Name, Href: "/people/" + kit.Itoa(m.ID)}, {Text: kit.Tr(lang, "status."+string(m.Status))}, {Text: m.PhoneMask}})
	}
	parent := kv{Key: "org.parent", Text: o.ParentName}
	if o.ParentID != 0 {
		if _, err := s.Orgs.Get(ctx, p.Scope, o.ParentID); err == nil {
			parent.Href = "/orgs/" + kit.Itoa(o.ParentID)
		}
	}
	actions := []link{{Href: "/people?org_id=" + kit.Itoa(id), Key: "org.all_members"}, {Href: "/units?org_id=" + kit.Itoa(id), Key: "org.covered_units"}}
	if p.Can(auth.PermRegistryWrite) {
		actions = append(actions, link{Href: "/orgs/" + kit.Itoa(id) + "/edit", Key: "form.edit"},
			link{Href: "/people/new?org_id=" + kit.Itoa(id), Key: "person.new"},
			link{Href: "/orgs/new?parent_id=" + kit.Itoa(id) + "&area_id=" + kit.Itoa(o.AreaID), Key: "org.new_child"})
	}
	s.Render(w, r, http.StatusOK, "detail", map[string]any{
		"Title": o.Name, "Actions": actions,
		"Fields": []kv{{Key: "org.code", Text: o.Code}, {Key: "org.kind", Text: kit.Tr(lang, "org.kind."+string(o.Kind))}, {Key: "org.sector", Text: kit.Tr(lang, "org.sector."+string(o.Sector))},
			{Key: "org.area", Text: o.AreaName, Href: "/areas/" + kit.Itoa(o.AreaID)}, parent, {Key: "org.secretary", Text: o.SecretaryName}, {Key: "org.founded_on", Text: o.FoundedOn}, {Key: "org.members", Text: strconv.Itoa(o.Members)}},
		"Sections": []section{
			{Key: "org.children", Cols: kit.Cols("org.name", "org.kind", "org.members"), Rows: krows},
			{Key: "org.members", Cols: kit.Cols("person.name", "person.status", "person.phone"), Rows: mrows, More: "/people?org_id=" + kit.Itoa(id)},
		},
	})
	return nil
}

func orgFields(o org.Org) []formField {
	return []formField{
		{Name: "name", Label: "org.name", Type: "text", Value: o.Name, Required: true},
		{Name: "code", Label: "org.code", Type: "text", Value: o.Code, Required: true},
		{Name: "kind", Label: "org.kind", Type: "select", Required: true, Options: kit.EnumOptions(org.Kinds, "org.kind.", string(o.Kind), "")},
		{Name: "sector", Label: "org.sector", Type: "select", Required: true, Options: kit.EnumOptions(org.Sectors, "org.sector.", string(o.Sector), "")},
		kit.Pick("area_id", "org.area", "areas", o.AreaID, o.AreaName, true),
		kit.Pick("parent_id", "org.parent", "orgs", o.ParentID, o.ParentName, false),
		{Name: "founded_on", Label: "org.founded_on", Type: "date", Value: o.FoundedOn},
	}
}

func (s *Server) pageOrgNew(w http.ResponseWriter, r *http.Request, p *Principal) error {
	o := org.Org{Kind: org.Branch}
	if id, _ := kit.QueryID(r, "parent_id"); id != 0 {
		if parent, err := s.Orgs.Get(r.Context(), p.Scope, id); err == nil {
			o.ParentID, o.ParentName, o.AreaID, o.AreaName, o.Sector = parent.ID, parent.Name, parent.AreaID, parent.AreaName, parent.Sector
		}
	}
	s.Render(w, r, http.StatusOK, "form", map[string]any{"Title": kit.Tr(kit.LangOf(r), "org.new"), "Action": "/orgs", "Cancel": "/orgs/tree", "Fields": orgFields(o)})
	return nil
}

func (s *Server) pageOrgCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	o := org.Org{Name: r.PostFormValue("name"), Code: r.PostFormValue("code"), Kind: org.Kind(r.PostFormValue("kind")), Sector: org.Sector(r.PostFormValue("sector")), FoundedOn: r.PostFormValue("founded_on")}
	var err error
	if o.AreaID, err = kit.FormInt(r, "area_id"); err == nil {
		o.ParentID, err = kit.FormInt(r, "parent_id")
	}
	if err == nil {
		var created org.Org
		if created, err = s.Orgs.Create(r.Context(), p.Scope, o); err == nil {
			http.Redirect(w, r, "/orgs/"+kit.Itoa(created.ID), http.StatusSeeOther)
			return nil
		}
	}
	fields := orgFields(o)
	msg := kit.FormErr(kit.LangOf(r), err, fields)
	s.Render(w, r, kit.Status(apperr.CodeOf(err)), "form", map[string]any{"Title": kit.Tr(kit.LangOf(r), "org.new"), "Action": "/orgs", "Cancel": "/orgs/tree", "Fields": fields, "Error": msg})
	return nil
}
