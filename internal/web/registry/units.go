package registry

import (
	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
	"strings"
)

// Pages for units (enterprises and other bodies an org may cover).

func (m *Module) pageUnits(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := unitFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Units.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.units"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "unit.q_hint"},
			{Name: "kind", Label: "unit.kind", Type: "select", Options: kit.EnumOptions(unit.Kinds, "unit.kind.", string(f.Kind), "list.any")},
			{Name: "covered", Label: "unit.covered", Type: "select", Options: kit.EnumOptions([]string{"yes", "no"}, "unit.covered.", f.Covered, "list.any")},
		},
		ListTable: kit.ListTable{Cols: unitTable.Cols(r), Rows: unitTable.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "units")},
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/units/new", Key: "unit.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageUnit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	u, id, err := kit.ByID(r, p, m.Units.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	org := kit.KV{Key: "unit.org", Text: kit.Tr(lang, "unit.uncovered")}
	if u.Covered() {
		org = kit.KV{Key: "unit.org", Text: u.OrgName, Href: "/orgs/" + kit.Itoa(u.OrgID)}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{
		Title:   u.Name,
		Actions: unitActions(p, id),
		Fields: []kit.KV{{Key: "unit.credit_code", Text: u.CreditCode}, {Key: "unit.kind", Text: kit.Tr(lang, "unit.kind."+string(u.Kind))}, {Key: "unit.industry", Text: u.Industry},
			{Key: "unit.chain_tags", Text: strings.Join(u.ChainTags, "、")}, {Key: "unit.employees", Text: strconv.Itoa(u.Employees)}, {Key: "unit.members", Text: strconv.Itoa(u.Members)},
			{Key: "unit.foreign_owned", Text: kit.YesNo(lang, u.ForeignOwned)}, {Key: "unit.area", Text: u.AreaName, Href: "/areas/" + kit.Itoa(u.AreaID)}, org},
	})
	return nil
}

func unitActions(p *kit.Principal, id int64) []kit.Link {
	out := []kit.Link{{Href: "/people?unit_id=" + kit.Itoa(id), Key: "unit.people"}}
	if p.Can(auth.PermRegistryWrite) {
		out = append(out, kit.Link{Href: "/units/" + kit.Itoa(id) + "/edit", Key: "form.edit"})
	}
	return out
}

func unitFields(u unit.Unit) []kit.FormField {
	return []kit.FormField{
		{Name: "name", Label: "unit.name", Type: "text", Value: u.Name, Required: true},
		{Name: "credit_code", Label: "unit.credit_code", Type: "text", Value: u.CreditCode},
		{Name: "kind", Label: "unit.kind", Type: "select", Required: true, Options: kit.EnumOptions(unit.Kinds, "unit.kind.", string(u.Kind), "")},
		{Name: "industry", Label: "unit.industry", Type: "text", Value: u.Industry},
		{Name: "chain_tags", Label: "unit.chain_tags", Type: "text", Value: strings.Join(u.ChainTags, ",")},
		{Name: "employees", Label: "unit.employees", Type: "number", Value: strconv.Itoa(u.Employees)},
		{Name: "foreign_owned", Label: "unit.foreign_owned", Type: "checkbox", Value: map[bool]string{true: "1"}[u.ForeignOwned]},
		kit.Pick("area_id", "unit.area", "areas", u.AreaID, u.AreaName, true),
		kit.Pick("org_id", "unit.org", "orgs", u.OrgID, u.OrgName, false),
	}
}

// unitForm reads a unit from a posted form.
func unitForm(r *http.Request) (unit.Unit, error) {
	u := unit.Unit{Name: r.PostFormValue("name"), CreditCode: r.PostFormValue("credit_code"), Kind: unit.Kind(r.PostFormValue("kind")), Industry: r.PostFormValue("industry"),
		ChainTags: unit.ParseTags(r.PostFormValue("chain_tags")), ForeignOwned: r.PostFormValue("foreign_owned") != ""}
	if e := strings.TrimSpace(r.PostFormValue("employees")); e != "" {
		n, err := strconv.Atoi(e)
		if err != nil {
			return u, apperr.InvalidField("employees", "err.unit.employees")
		}
		u.Employees = n
	}
	var err error
	if u.AreaID, err = kit.FormInt(r, "area_id"); err != nil {
		return u, err
	}
	u.OrgID, err = kit.FormInt(r, "org_id")
	return u, err
}

func (m *Module) pageUnitNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	areaID, _ := kit.QueryID(r, "area_id")
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "unit.new"), Action: "/units", Cancel: "/units", Fields: unitFields(unit.Unit{AreaID: areaID, Kind: "enterprise"})})
	return nil
}

func (m *Module) pageUnitCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	u, err := unitForm(r)
	var created unit.Unit
	if err == nil {
		created, err = m.Units.Create(r.Context(), p.Scope, u)
	}
	return kit.Saved(m.Kit, w, r, err, "/units/"+kit.Itoa(created.ID),
		kit.FormPage{Title: kit.Tr(kit.LangOf(r), "unit.new"), Action: "/units", Cancel: "/units", Fields: unitFields(u)})
}

func (m *Module) pageUnitEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	u, id, err := kit.ByID(r, p, m.Units.Get)
	if err != nil {
		return err
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: u.Name, Action: "/units/" + kit.Itoa(id), Cancel: "/units/" + kit.Itoa(id), Fields: unitFields(u)})
	return nil
}

func (m *Module) pageUnitUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Units.Get(r.Context(), p.Scope, id); err != nil {
		return err
	}
	u, err := unitForm(r)
	u.ID = id
	if err == nil {
		_, err = m.Units.Update(r.Context(), p.Scope, u)
	}
	base := "/units/" + kit.Itoa(id)
	return kit.Saved(m.Kit, w, r, err, base, kit.FormPage{Title: u.Name, Action: base, Cancel: base, Fields: unitFields(u)})
}
