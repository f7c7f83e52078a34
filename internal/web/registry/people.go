package registry

import (
	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/clock"
	"dangjian/internal/i18n"
	"dangjian/internal/person"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
	"strings"
)

// Pages for people.

func (m *Module) pagePeople(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := personFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.People.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	months := []kit.Option{{Value: "", Label: "list.any"}}
	for n := 1; n <= 12; n++ {
		months = append(months, kit.Option{Value: strconv.Itoa(n), Label: "month." + strconv.Itoa(n), Selected: f.Month == n})
	}
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.people"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "person.q_hint"},
			{Name: "status", Label: "person.status", Type: "select", Options: kit.EnumOptions(person.Statuses, "status.", string(f.Status), "list.any")},
			{Name: "cadre_role", Label: "person.cadre_roles", Type: "select", Options: kit.EnumOptions(person.CadreRoles, "cadre.", f.CadreRole, "list.any")},
			{Name: "month", Label: "person.present_in", Type: "select", Options: months},
			{Name: "mobile", Label: "person.mobile", Type: "checkbox", Value: map[bool]string{true: "1"}[f.Mobile]},
			{Name: "pocket", Label: "person.pocket", Type: "checkbox", Value: map[bool]string{true: "1"}[f.Pocket]},
			{Name: "seasonal", Label: "person.seasonal", Type: "checkbox", Value: map[bool]string{true: "1"}[f.Seasonal]},
		},
		ListTable: kit.ListTable{Cols: personTable.Cols(r), Rows: personTable.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "people")},
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/people/new", Key: "person.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func flagsText(lang string, x person.Person) string {
	var f []string
	if x.Mobile {
		f = append(f, kit.Tr(lang, "person.mobile"))
	}
	if x.Pocket {
		f = append(f, kit.Tr(lang, "person.pocket"))
	}
	if x.Seasonal() {
		f = append(f, kit.Tr(lang, "person.seasonal"))
	}
	for _, c := range x.CadreRoles {
		f = append(f, kit.Tr(lang, "cadre."+c))
	}
	for _, t := range x.Tags {
		f = append(f, kit.Tr(lang, "tag."+t))
	}
	return strings.Join(f, "、")
}

func monthsText(lang string, ms []int) string {
	var out []string
	for _, m := range ms {
		out = append(out, kit.Tr(lang, "month."+strconv.Itoa(m)))
	}
	return strings.Join(out, "、")
}

// personView renders a person's detail page; revealed shows the plain ID
// and phone numbers (after an audited reveal).
func (m *Module) personView(w http.ResponseWriter, r *http.Request, p *kit.Principal, x person.Person, revealed bool) error {
	lang := kit.LangOf(r)
	idText, phoneText := x.IDMask, x.PhoneMask
	born := kit.KV{Key: "person.age", Text: ageText(lang, x)}
	if revealed {
		idText, phoneText = x.IDNumber, x.Phone
		born = kit.KV{Key: "person.birth_date", Text: x.BirthDate}
	}
	orgField := kit.KV{Key: "person.org", Text: x.OrgName}
	if x.OrgID != 0 {
		orgField.Href = "/orgs/" + kit.Itoa(x.OrgID)
	}
	fields := []kit.KV{
		{Key: "person.status", Text: kit.Tr(lang, "status."+string(x.Status))}, {Key: "person.gender", Text: kit.Tr(lang, "gender."+x.Gender)},
		born, {Key: "person.id_number", Text: idText, ID: "id_number"}, {Key: "person.phone", Text: phoneText, ID: "phone"},
		{Key: "person.joined_on", Text: x.JoinedOn}, orgField, {Key: "person.area", Text: x.AreaName, Href: "/areas/" + kit.Itoa(x.AreaID)}, {Key: "person.unit", Text: x.UnitName},
		{Key: "person.mobile", Text: kit.YesNo(lang, x.Mobile)}, {Key: "person.pocket", Text: kit.YesNo(lang, x.Pocket)},
		{Key: "person.seasonal_months", Text: monthsText(lang, x.SeasonalMonths)}, {Key: "person.cadre_roles", Text: kit.TrList(lang, "cadre.", x.CadreRoles)}, {Key: "person.tags", Text: kit.TrList(lang, "tag.", x.Tags)},
	}
	if x.UnitID != 0 {
		fields[8].Href = "/units/" + kit.Itoa(x.UnitID)
	}
	d := kit.DetailPage{Title: x.Name, Fields: fields}
	var actions []kit.Link
	if p.Can(auth.PermRegistryWrite) {
		actions = append(actions, kit.Link{Href: "/people/" + kit.Itoa(x.ID) + "/edit", Key: "form.edit"})
	}
	actions = append(actions, kit.Link{Href: "/transfers?person_id=" + kit.Itoa(x.ID), Key: "transfer.history"})
	d.Actions = actions
	if p.Can(auth.PermPIIReveal) && !revealed && (x.IDMask != "" || x.PhoneMask != "") {
		d.Reveal = "/people/" + kit.Itoa(x.ID) + "/reveal"
	}
	if p.Can(auth.PermTransferRequest) && x.Status.IsPartyMember() {
		d.Forms = []kit.InlineForm{{Action: "/transfers", Title: "transfer.request", Button: "transfer.submit", Fields: []kit.FormField{
			{Name: "person_id", Type: "hidden", Value: kit.Itoa(x.ID), Label: "person.name"},
			{Name: "to_org_id", Label: "transfer.to_org_id", Type: "text", Required: true},
			{Name: "reason", Label: "transfer.reason", Type: "text"},
		}}}
	}
	if revealed {
		d.Notice = kit.Tr(lang, "person.revealed_notice")
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pagePerson(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.People.Get)
	if err != nil {
		return err
	}
	return m.personView(w, r, p, x, false)
}

func (m *Module) pagePersonReveal(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.People.Reveal)
	if err != nil {
		return err
	}
	return m.personView(w, r, p, x, true)
}

func personFields(x person.Person, editing bool) []kit.FormField {
	idHint, phoneHint := "", ""
	if editing {
		idHint, phoneHint = "person.keep_hint", "person.keep_hint"
	}
	months := make([]string, len(x.SeasonalMonths))
	for i, m := range x.SeasonalMonths {
		months[i] = strconv.Itoa(m)
	}
	var monthOpts []kit.Option
	for m := 1; m <= 12; m++ {
		v := strconv.Itoa(m)
		monthOpts = append(monthOpts, kit.Option{Value: v, Label: "month." + v, Selected: strings.Contains(","+strings.Join(months, ",")+",", ","+v+",")})
	}
	return []kit.FormField{
		{Name: "name", Label: "person.name", Type: "text", Value: x.Name, Required: true},
		{Name: "status", Label: "person.status", Type: "select", Required: true, Options: kit.EnumOptions(person.Statuses, "status.", string(x.Status), "")},
		{Name: "id_number", Label: "person.id_number", Type: "text", Value: x.IDNumber, Placeholder: idHint},
		{Name: "phone", Label: "person.phone", Type: "tel", Value: x.Phone, Placeholder: phoneHint},
		{Name: "joined_on", Label: "person.joined_on", Type: "date", Value: x.JoinedOn},
		kit.Pick("org_id", "person.org", "orgs", x.OrgID, x.OrgName, false),
		kit.Pick("area_id", "person.area", "areas", x.AreaID, x.AreaName, true),
		kit.Pick("unit_id", "person.unit", "units", x.UnitID, x.UnitName, false),
		{Name: "mobile", Label: "person.mobile", Type: "checkbox", Value: map[bool]string{true: "1"}[x.Mobile]},
		{Name: "pocket", Label: "person.pocket", Type: "checkbox", Value: map[bool]string{true: "1"}[x.Pocket]},
		{Name: "seasonal_months", Label: "person.seasonal_months", Type: "multi", Options: monthOpts},
		{Name: "cadre_roles", Label: "person.cadre_roles", Type: "multi", Options: kit.MultiOptions(person.CadreRoles, "cadre.", x.CadreRoles)},
		{Name: "tags", Label: "person.tags", Type: "multi", Options: kit.MultiOptions(person.Tags, "tag.", x.Tags)},
	}
}

// personForm reads a person from a posted form.
func personForm(r *http.Request) (person.Person, error) {
	r.ParseForm()
	x := person.Person{Name: r.PostFormValue("name"), Status: person.Status(r.PostFormValue("status")), IDNumber: r.PostFormValue("id_number"), Phone: r.PostFormValue("phone"),
		JoinedOn: r.PostFormValue("joined_on"), Mobile: r.PostFormValue("mobile") != "", Pocket: r.PostFormValue("pocket") != "",
		CadreRoles: r.PostForm["cadre_roles"], Tags: r.PostForm["tags"]}
	for _, m := range r.PostForm["seasonal_months"] {
		n, err := strconv.Atoi(m)
		if err != nil {
			return x, apperr.InvalidField("seasonal_months", "err.person.months")
		}
		x.SeasonalMonths = append(x.SeasonalMonths, n)
	}
	var err error
	if x.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
		return x, err
	}
	if x.AreaID, err = kit.FormInt(r, "area_id"); err != nil {
		return x, err
	}
	x.UnitID, err = kit.FormInt(r, "unit_id")
	return x, err
}

func (m *Module) pagePersonNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x := person.Person{Status: person.Member}
	if id, _ := kit.QueryID(r, "org_id"); id != 0 {
		if o, err := m.Orgs.Get(r.Context(), p.Scope, id); err == nil {
			x.OrgID, x.OrgName, x.AreaID, x.AreaName = o.ID, o.Name, o.AreaID, o.AreaName
		}
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "person.new"), Action: "/people", Cancel: "/people", Fields: personFields(x, false)})
	return nil
}

func (m *Module) pagePersonCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, err := personForm(r)
	var created person.Person
	if err == nil {
		created, err = m.People.Create(r.Context(), p.Scope, x)
	}
	return kit.Saved(m.Kit, w, r, err, "/people/"+kit.Itoa(created.ID),
		kit.FormPage{Title: kit.Tr(kit.LangOf(r), "person.new"), Action: "/people", Cancel: "/people", Fields: personFields(x, false)})
}

func (m *Module) pagePersonEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, id, err := kit.ByID(r, p, m.People.Get)
	if err != nil {
		return err
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: x.Name, Action: "/people/" + kit.Itoa(id), Cancel: "/people/" + kit.Itoa(id), Fields: personFields(x, true)})
	return nil
}

func (m *Module) pagePersonUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.People.Get(r.Context(), p.Scope, id); err != nil {
		return err
	}
	x, err := personForm(r)
	x.ID = id
	if err == nil {
		_, err = m.People.Update(r.Context(), p.Scope, x)
	}
	base := "/people/" + kit.Itoa(id)
	return kit.Saved(m.Kit, w, r, err, base, kit.FormPage{Title: x.Name, Action: base, Cancel: base, Fields: personFields(x, true)})
}

// ageText is the age a person reaches this year ("38岁"), shown instead of
// the birth date, which with the masked ID number would rebuild it.
func ageText(lang string, x person.Person) string {
	age := x.AgeIn(clock.Func(nil).Now().In(clock.Sanya).Year())
	if age == 0 {
		return ""
	}
	return i18n.T(lang, "person.age_years", map[string]any{"n": age})
}
