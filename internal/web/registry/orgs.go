package registry

import (
	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
)

// Pages for orgs and the org tree. An org keeps its code, area and parent
// when edited (a move is a new org plus transfers); its secretary is
// chosen among its members.

func (m *Module) pageOrgs(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := orgFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Orgs.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.orgs"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "org.q_hint"},
			{Name: "kind", Label: "org.kind", Type: "select", Options: kit.EnumOptions(org.Kinds, "org.kind.", string(f.Kind), "list.any")},
			{Name: "sector", Label: "org.sector", Type: "select", Options: kit.EnumOptions(org.Sectors, "org.sector.", string(f.Sector), "list.any")},
		},
		ListTable: kit.ListTable{Cols: orgTable.Cols(r), Rows: orgTable.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "orgs")},
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/orgs/new", Key: "org.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// treeView is tree.html: the org tree's roots or one org's children.
type treeView struct {
	Title   string
	Actions []kit.Link
	Nodes   []treeNode
}

var treePage = kit.NewPage[treeView]("tree")

type treeNode struct {
	ID                int64
	Name, KindKey     string
	Members, Children int
	Open              bool
}

// pageOrgTree shows the org tree: the roots of the scope, and (for htmx)
// the children of one org.
func (m *Module) pageOrgTree(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	parent, err := kit.QueryID(r, "parent_id")
	if err != nil {
		return err
	}
	f := org.Filter{Roots: parent == 0, ParentID: parent, Page: db.Page{Limit: db.MaxPage}, Sort: "tree"}
	items, _, err := m.Orgs.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	var nodes []treeNode
	for _, o := range items {
		nodes = append(nodes, treeNode{ID: o.ID, Name: o.Name, KindKey: "org.kind." + string(o.Kind), Members: o.Members, Children: o.Children})
	}
	d := treeView{Title: kit.Tr(kit.LangOf(r), "org.tree"), Nodes: nodes}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/orgs/new", Key: "org.new"}}
	}
	treePage.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageOrg(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := m.Orgs.Get(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	kids, _, err := m.Orgs.List(ctx, p.Scope, org.Filter{ParentID: id, Page: db.Page{Limit: 100}, Sort: "name"})
	if err != nil {
		return err
	}
	var krows [][]kit.Cell
	for _, k := range kids {
		krows = append(krows, []kit.Cell{{Text: k.Name, Href: "/orgs/" + kit.Itoa(k.ID)}, {Text: kit.Tr(lang, "org.kind."+string(k.Kind))}, {Text: strconv.Itoa(k.Members)}})
	}
	members, _, err := m.People.List(ctx, p.Scope, person.Filter{OrgID: id, Page: db.Page{Limit: 50}})
	if err != nil {
		return err
	}
	var mrows [][]kit.Cell
	for _, x := range members {
		mrows = append(mrows, []kit.Cell{{Text: x.Name, Href: "/people/" + kit.Itoa(x.ID)}, {Text: kit.Tr(lang, "status."+string(x.Status))}, {Text: x.PhoneMask}})
	}
	parent := kit.KV{Key: "org.parent", Text: o.ParentName}
	if o.ParentID != 0 {
		if _, err := m.Orgs.Get(ctx, p.Scope, o.ParentID); err == nil {
			parent.Href = "/orgs/" + kit.Itoa(o.ParentID)
		}
	}
	actions := []kit.Link{{Href: "/people?org_id=" + kit.Itoa(id), Key: "org.all_members"}, {Href: "/units?org_id=" + kit.Itoa(id), Key: "org.covered_units"}}
	if p.Can(auth.PermRegistryWrite) {
		actions = append(actions, kit.Link{Href: "/orgs/" + kit.Itoa(id) + "/edit", Key: "form.edit"},
			kit.Link{Href: "/people/new?org_id=" + kit.Itoa(id), Key: "person.new"},
			kit.Link{Href: "/orgs/new?parent_id=" + kit.Itoa(id) + "&area_id=" + kit.Itoa(o.AreaID), Key: "org.new_child"})
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{
		Title: o.Name, Actions: actions,
		Fields: []kit.KV{{Key: "org.code", Text: o.Code}, {Key: "org.kind", Text: kit.Tr(lang, "org.kind."+string(o.Kind))}, {Key: "org.sector", Text: kit.Tr(lang, "org.sector."+string(o.Sector))},
			{Key: "org.area", Text: o.AreaName, Href: "/areas/" + kit.Itoa(o.AreaID)}, parent, {Key: "org.secretary", Text: o.SecretaryName}, {Key: "org.founded_on", Text: o.FoundedOn}, {Key: "org.members", Text: strconv.Itoa(o.Members)}},
		Sections: []kit.Section{
			{Key: "org.children", Cols: kit.Cols("org.name", "org.kind", "org.members"), Rows: krows},
			{Key: "org.members", Cols: kit.Cols("person.name", "person.status", "person.phone"), Rows: mrows, More: "/people?org_id=" + kit.Itoa(id)},
		},
	})
	return nil
}

func orgFields(o org.Org) []kit.FormField {
	return []kit.FormField{
		{Name: "name", Label: "org.name", Type: "text", Value: o.Name, Required: true},
		{Name: "code", Label: "org.code", Type: "text", Value: o.Code, Required: true},
		{Name: "kind", Label: "org.kind", Type: "select", Required: true, Options: kit.EnumOptions(org.Kinds, "org.kind.", string(o.Kind), "")},
		{Name: "sector", Label: "org.sector", Type: "select", Required: true, Options: kit.EnumOptions(org.Sectors, "org.sector.", string(o.Sector), "")},
		kit.Pick("area_id", "org.area", "areas", o.AreaID, o.AreaName, true),
		kit.Pick("parent_id", "org.parent", "orgs", o.ParentID, o.ParentName, false),
		{Name: "founded_on", Label: "org.founded_on", Type: "date", Value: o.FoundedOn},
	}
}

func (m *Module) pageOrgNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	o := org.Org{Kind: org.Branch}
	if id, _ := kit.QueryID(r, "parent_id"); id != 0 {
		if parent, err := m.Orgs.Get(r.Context(), p.Scope, id); err == nil {
			o.ParentID, o.ParentName, o.AreaID, o.AreaName, o.Sector = parent.ID, parent.Name, parent.AreaID, parent.AreaName, parent.Sector
		}
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "org.new"), Action: "/orgs", Cancel: "/orgs/tree", Fields: orgFields(o)})
	return nil
}

func (m *Module) pageOrgCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	o := org.Org{Name: r.PostFormValue("name"), Code: r.PostFormValue("code"), Kind: org.Kind(r.PostFormValue("kind")), Sector: org.Sector(r.PostFormValue("sector")), FoundedOn: r.PostFormValue("founded_on")}
	var err error
	if o.AreaID, err = kit.FormInt(r, "area_id"); err == nil {
		o.ParentID, err = kit.FormInt(r, "parent_id")
	}
	var created org.Org
	if err == nil {
		created, err = m.Orgs.Create(r.Context(), p.Scope, o)
	}
	return kit.Saved(m.Kit, w, r, err, "/orgs/"+kit.Itoa(created.ID),
		kit.FormPage{Title: kit.Tr(kit.LangOf(r), "org.new"), Action: "/orgs", Cancel: "/orgs/tree", Fields: orgFields(o)})
}

func (m *Module) orgEditFields(r *http.Request, p *kit.Principal, o org.Org) ([]kit.FormField, error) {
	members, _, err := m.People.List(r.Context(), p.Scope, person.Filter{OrgID: o.ID, Status: person.Member, Page: db.Page{Limit: db.MaxPage}, Sort: "name"})
	if err != nil {
		return nil, err
	}
	secretary := []kit.Option{{Value: "", Label: "org.no_secretary"}}
	for _, x := range members {
		secretary = append(secretary, kit.Option{Value: kit.Itoa(x.ID), Label: x.Name, Raw: true, Selected: x.ID == o.SecretaryID})
	}
	return []kit.FormField{
		{Name: "name", Label: "org.name", Type: "text", Value: o.Name, Required: true},
		{Name: "kind", Label: "org.kind", Type: "select", Required: true, Options: kit.EnumOptions(org.Kinds, "org.kind.", string(o.Kind), "")},
		{Name: "sector", Label: "org.sector", Type: "select", Required: true, Options: kit.EnumOptions(org.Sectors, "org.sector.", string(o.Sector), "")},
		{Name: "secretary_id", Label: "org.secretary", Type: "select", Options: secretary},
		{Name: "founded_on", Label: "org.founded_on", Type: "date", Value: o.FoundedOn},
	}, nil
}

func (m *Module) pageOrgEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	o, id, err := kit.ByID(r, p, m.Orgs.Get)
	if err != nil {
		return err
	}
	fields, err := m.orgEditFields(r, p, o)
	if err != nil {
		return err
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: o.Name, Action: "/orgs/" + kit.Itoa(id), Cancel: "/orgs/" + kit.Itoa(id), Fields: fields})
	return nil
}

func (m *Module) pageOrgUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	o, id, err := kit.ByID(r, p, m.Orgs.Get)
	if err != nil {
		return err
	}
	o.Name, o.Kind, o.Sector, o.FoundedOn = r.PostFormValue("name"), org.Kind(r.PostFormValue("kind")), org.Sector(r.PostFormValue("sector")), r.PostFormValue("founded_on")
	if o.SecretaryID, err = kit.FormInt(r, "secretary_id"); err == nil {
		if _, err = m.Orgs.Update(r.Context(), p.Scope, o); err == nil {
			http.Redirect(w, r, "/orgs/"+kit.Itoa(id), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal || apperr.CodeOf(err) == apperr.NotFound {
		return err
	}
	fields, ferr := m.orgEditFields(r, p, o)
	if ferr != nil {
		return ferr
	}
	msg := kit.FormErr(kit.LangOf(r), err, fields)
	kit.Form.Render(m.Kit, w, r, kit.Status(apperr.CodeOf(err)), kit.FormPage{Title: o.Name, Action: "/orgs/" + kit.Itoa(id), Cancel: "/orgs/" + kit.Itoa(id), Fields: fields, Error: msg})
	return nil
}
