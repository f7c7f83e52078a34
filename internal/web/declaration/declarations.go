package declaration

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/declaration"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// Self-declaration (亮明身份) and mobile members (流动党员): the public
// phone form a pocket member declares themselves with, the staff list and
// detail with confirm and reject, and the mobile-member registration with
// the "mobile members here" list. ID and phone numbers are never shown or
// echoed back unmasked: a refused form is shown again without them.

func declareFields(d declaration.Draft) []kit.FormField {
	return []kit.FormField{
		{Name: "name", Label: "declaration.name", Type: "text", Value: d.Name, Required: true},
		{Name: "id_number", Label: "declaration.id_number", Type: "text", Required: true, Placeholder: "declaration.id_hint"},
		{Name: "phone", Label: "declaration.phone", Type: "tel", Required: true},
	}
}

func declareTail(d declaration.Draft) []kit.FormField {
	return []kit.FormField{
		{Name: "joined_on", Label: "declaration.joined_on", Type: "date", Value: d.JoinedOn},
		{Name: "note", Label: "declaration.note", Type: "textarea", Value: d.Note},
	}
}

func draftOf(r *http.Request, kind declaration.Kind) (declaration.Draft, error) {
	d := declaration.Draft{Kind: kind, Name: r.PostFormValue("name"), IDNumber: r.PostFormValue("id_number"), Phone: r.PostFormValue("phone"),
		UnitName: r.PostFormValue("unit_name"), Org: r.PostFormValue("org"), HomeOrg: r.PostFormValue("home_org"),
		JoinedOn: r.PostFormValue("joined_on"), Note: r.PostFormValue("note")}
	var err error
	if d.UnitID, err = kit.FormInt(r, "unit_id"); err != nil {
		return d, err
	}
	if d.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
		return d, err
	}
	d.AreaID, err = kit.FormInt(r, "area_id")
	return d, err
}

func (m *Module) pageDeclare(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	return m.declareForm(w, r, declaration.Draft{Kind: declaration.Pocket}, nil)
}

func (m *Module) declareForm(w http.ResponseWriter, r *http.Request, d declaration.Draft, err error) error {
	lang := kit.LangOf(r)
	fields := append(declareFields(d),
		kit.FormField{Name: "unit_name", Label: "declaration.unit", Type: "text", Value: d.UnitName, Required: true, Placeholder: "declaration.unit_hint"},
		kit.FormField{Name: "org", Label: "declaration.org", Type: "text", Value: d.Org, Required: true, Placeholder: "declaration.org_hint"})
	fields = append(fields, declareTail(d)...)
	data := kit.SlotFormPage{Title: kit.Tr(lang, "declaration.title"), Action: "/declare", Button: "declaration.submit", Fields: fields,
		Pre: m.PreToken(w, r), Intro: "declaration.intro", PoW: m.PoWAsked()}
	code := http.StatusOK
	if err != nil {
		data.Error = kit.FormErr(lang, err, fields)
		code = kit.Status(apperr.CodeOf(err))
	}
	kit.SlotForm.Render(m.Kit, w, r, code, data)
	return nil
}

func (m *Module) pageDeclarePost(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	if !kit.CheckPreToken(r) {
		return apperr.New(apperr.Forbidden, "err.csrf")
	}
	d, err := draftOf(r, declaration.Pocket)
	d.Kind, d.AreaID, d.Channel = declaration.Pocket, 0, declaration.ChannelForm
	if err == nil {
		err = m.PoW(r)
	}
	if err == nil {
		var decl declaration.Declaration
		var created bool
		if decl, created, err = m.Declarations.Declare(r.Context(), d); err == nil {
			m.declared(w, r, decl, created)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.declareForm(w, r, d, err)
}

// declared thanks the submitter with the reference number only: nothing of
// the declaration is shown back. created is false for a replay of the
// account's own pending case.
func (m *Module) declared(w http.ResponseWriter, r *http.Request, d declaration.Declaration, created bool) {
	lang := kit.LangOf(r)
	notice := kit.Tr(lang, "declaration.received")
	if !created {
		notice = kit.Tr(lang, "declaration.already_pending")
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: kit.Tr(lang, "declaration.thanks"), Notice: notice,
		Fields: []kit.KV{{Key: "declaration.ref", Text: "#" + kit.Itoa(d.ID), ID: "declaration-ref"}, {Key: "declaration.status", Text: kit.Tr(lang, "declaration.status.pending")}}})
}

type decl = declaration.Declaration

var text = kit.Text[decl]

// declarationTable is the list's columns: the page and the export (which
// adds the joined date, the note and a refusal's reason). ID and phone
// numbers are masked in both.
var declarationTable = kit.Table[decl]{Columns: []kit.Column[decl]{
	{Key: "declaration.created_at", Cell: text(func(_ string, d decl) string { return d.CreatedAt.In(declaration.Sanya).Format("2006-01-02 15:04") })},
	{Key: "declaration.kind", Cell: text(func(lang string, d decl) string { return kit.Tr(lang, "declaration.kind."+string(d.Kind)) })},
	{Key: "declaration.name", Cell: func(_ string, d decl) kit.Cell {
		return kit.Cell{Text: d.Name, Href: "/declarations/" + kit.Itoa(d.ID)}
	}},
	{Key: "declaration.id_number", Cell: text(func(_ string, d decl) string { return d.IDMask })},
	{Key: "declaration.phone", Cell: text(func(_ string, d decl) string { return d.PhoneMask })},
	{Key: "declaration.org", Cell: text(func(_ string, d decl) string {
		if d.Kind == declaration.Mobile {
			return d.HomeOrg
		}
		return d.OrgName
	})},
	{Key: "declaration.area", Cell: text(func(_ string, d decl) string { return d.AreaName })},
	{Key: "declaration.unit", Cell: text(func(_ string, d decl) string { return d.UnitName })},
	{Key: "declaration.status", Cell: text(func(lang string, d decl) string {
		status := kit.Tr(lang, "declaration.status."+string(d.Status))
		if d.Conflict {
			status += " · " + kit.Tr(lang, "declaration.conflict")
		}
		return status
	})},
	{Key: "declaration.joined_on", ExportOnly: true, Cell: text(func(_ string, d decl) string { return d.JoinedOn })},
	{Key: "declaration.note", ExportOnly: true, Cell: text(func(_ string, d decl) string { return d.Note })},
	{Key: "declaration.reason", ExportOnly: true, Cell: text(func(_ string, d decl) string { return d.Reason })},
}}

var declarationFilter = kit.QueryFilter[declaration.Filter]

func (m *Module) declarationList(w http.ResponseWriter, r *http.Request, p *kit.Principal, title string, f declaration.Filter, page int, filters []kit.FormField, actions []kit.Link) error {
	items, total, err := m.Declarations.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	kind := "declarations"
	if r.URL.Path == "/mobile" {
		kind = "mobile"
	}
	rows := declarationTable.Rows(lang, items)
	for i, d := range items {
		if kind == "mobile" && d.Kind == declaration.Mobile && d.Status == declaration.Confirmed {
			// A confirmed mobile member's name opens their page (invitations);
			// the status still opens the registration.
			rows[i][2].Href, rows[i][8].Href = "/mobile/"+kit.Itoa(d.ID), "/declarations/"+kit.Itoa(d.ID)
		}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{Title: title, Filters: filters, Actions: actions, ListTable: kit.ListTable{Cols: declarationTable.Cols(r), Rows: rows, Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, kind)}})
	return nil
}

func (m *Module) pageDeclarations(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := declarationFilter(r)
	if err != nil {
		return err
	}
	return m.declarationList(w, r, p, kit.Tr(kit.LangOf(r), "nav.declarations"), f, page, []kit.FormField{
		{Name: "status", Label: "declaration.status", Type: "select", Options: kit.EnumOptions(declaration.Statuses, "declaration.status.", string(f.Status), "list.any")},
		{Name: "kind", Label: "declaration.kind", Type: "select", Options: kit.EnumOptions(declaration.Kinds, "declaration.kind.", string(f.Kind), "list.any")},
	}, []kit.Link{{Href: "/mobile", Key: "nav.mobile"}})
}

func (m *Module) pageDeclaration(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d, _, err := kit.ByID(r, p, m.Declarations.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "declaration.kind", Text: kit.Tr(lang, "declaration.kind."+string(d.Kind))},
		{Key: "declaration.status", Text: kit.Tr(lang, "declaration.status."+string(d.Status)), ID: "declaration-status"},
		{Key: "declaration.name", Text: d.Name}, {Key: "declaration.id_number", Text: d.IDMask}, {Key: "declaration.phone", Text: d.PhoneMask},
		{Key: "declaration.unit", Text: d.UnitName}, {Key: "declaration.area", Text: d.AreaName, Href: "/areas/" + kit.Itoa(d.AreaID)}}
	if d.UnitID != 0 {
		fields[5].Href = "/units/" + kit.Itoa(d.UnitID)
	}
	if d.Kind == declaration.Pocket {
		fields = append(fields, kit.KV{Key: "declaration.org", Text: d.OrgName, Href: "/orgs/" + kit.Itoa(d.OrgID)})
	} else {
		fields = append(fields, kit.KV{Key: "declaration.home_org", Text: d.HomeOrg})
	}
	fields = append(fields, kit.KV{Key: "declaration.joined_on", Text: d.JoinedOn}, kit.KV{Key: "declaration.note", Text: d.Note},
		kit.KV{Key: "declaration.created_at", Text: d.CreatedAt.In(declaration.Sanya).Format("2006-01-02 15:04")})
	if d.Reason != "" {
		fields = append(fields, kit.KV{Key: "declaration.reason", Text: d.Reason})
	}
	fields = append(fields, verifyFields(lang, d)...)
	if d.PersonID != 0 {
		fields = append(fields, kit.KV{Key: "declaration.person", Text: "#" + kit.Itoa(d.PersonID), Href: "/people/" + kit.Itoa(d.PersonID), ID: "declaration-person"})
	}
	conflicts, blocked, err := m.conflictSection(r, p, d)
	if err != nil {
		return err
	}
	var forms []kit.InlineForm
	if d.Status == declaration.Pending && p.Can(auth.PermRegistryWrite) {
		// With a case of its kind confirmed, this one can only be rejected.
		if !blocked {
			confirm := kit.InlineForm{Action: "/declarations/" + kit.Itoa(d.ID) + "/confirm", Title: "declaration.confirm", Button: "declaration.confirm"}
			if d.Kind == declaration.Mobile {
				confirm.Fields = []kit.FormField{kit.Pick("org_id", "declaration.local_org", "orgs", 0, "", false)}
			}
			confirm.Fields = append(confirm.Fields, verifyInputs()...)
			forms = append(forms, confirm)
		} else {
			fields = append(fields, kit.KV{Key: "declaration.confirm", Text: kit.Tr(lang, "err.declaration.id_confirmed"), ID: "declaration-blocked"})
		}
		forms = append(forms, kit.InlineForm{Action: "/declarations/" + kit.Itoa(d.ID) + "/reject", Title: "declaration.reject", Button: "declaration.reject",
			Fields: []kit.FormField{{Name: "reason", Label: "declaration.reason", Type: "textarea", Required: true}}})
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: d.Name, Fields: fields, Forms: forms, Sections: conflicts,
		Actions: []kit.Link{{Href: "/declarations", Key: "nav.declarations"}}})
	return nil
}

func (m *Module) pageDeclarationConfirm(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	org, err := kit.FormInt(r, "org_id")
	if err != nil {
		return err
	}
	dec := declaration.Decision{OrgID: org, Method: declaration.VerifyMethod(r.PostFormValue("verify_method")), Note: r.PostFormValue("verify_note")}
	if _, err := m.Declarations.Confirm(r.Context(), p.Scope, id, dec); err != nil {
		return err
	}
	http.Redirect(w, r, "/declarations/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageDeclarationReject(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Declarations.Reject(r.Context(), p.Scope, id, r.PostFormValue("reason")); err != nil {
		return err
	}
	http.Redirect(w, r, "/declarations/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

// pageMobile is "mobile members here": the mobile members registered in
// the scope's villages and communities, by status and area.
func (m *Module) pageMobile(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := declarationFilter(r)
	if err != nil {
		return err
	}
	f.Kind = declaration.Mobile
	return m.declarationList(w, r, p, kit.Tr(kit.LangOf(r), "nav.mobile"), f, page, []kit.FormField{
		{Name: "status", Label: "declaration.status", Type: "select", Options: kit.EnumOptions(declaration.Statuses, "declaration.status.", string(f.Status), "list.any")},
		kit.Pick("area_id", "declaration.area", "areas", f.AreaID, "", false),
	}, []kit.Link{{Href: "/mobile/new", Key: "mobile.new"}, {Href: "/people?mobile=1", Key: "mobile.people"}, {Href: "/orglife/new", Key: "mobile.invite"}})
}

func (m *Module) pageMobileNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return m.mobileForm(w, r, p, declaration.Draft{Kind: declaration.Mobile}, nil)
}

// mobileForm offers staff the villages and communities of their scope (the
// members living there), and anyone else every one in Sanya (where they
// live now).
func (m *Module) mobileForm(w http.ResponseWriter, r *http.Request, p *kit.Principal, d declaration.Draft, err error) error {
	lang := kit.LangOf(r)
	sc := scope.Everything
	if p.Can(auth.PermRegistryRead) {
		sc = p.Scope
	}
	areas, aerr := kit.AreaOptions(r.Context(), m.Areas, sc, d.AreaID)
	if aerr != nil {
		return aerr
	}
	fields := append(declareFields(d),
		kit.FormField{Name: "area_id", Label: "mobile.area", Type: "select", Options: areas, Required: true},
		kit.FormField{Name: "home_org", Label: "declaration.home_org", Type: "text", Value: d.HomeOrg, Required: true, Placeholder: "mobile.home_org_hint"})
	fields = append(fields, declareTail(d)...)
	data := kit.FormPage{Title: kit.Tr(lang, "mobile.title"), Action: "/mobile", Cancel: "/", Fields: fields}
	code := http.StatusOK
	if err != nil {
		data.Error = kit.FormErr(lang, err, fields)
		code = kit.Status(apperr.CodeOf(err))
	}
	kit.Form.Render(m.Kit, w, r, code, data)
	return nil
}

func (m *Module) pageMobileCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d, err := draftOf(r, declaration.Mobile)
	d.Kind, d.OrgID, d.Org, d.UnitID, d.UnitName = declaration.Mobile, 0, "", 0, ""
	d.Channel = declaration.ChannelForm
	if err == nil {
		var decl declaration.Declaration
		var created bool
		if decl, created, err = m.Declarations.Declare(r.Context(), d); err == nil {
			// Staff whose scope holds the area go to the list; anyone
			// else learns the reference number only.
			if _, gerr := m.Declarations.Get(r.Context(), p.Scope, decl.ID); gerr == nil && p.Can(auth.PermRegistryRead) {
				http.Redirect(w, r, "/declarations/"+kit.Itoa(decl.ID), http.StatusSeeOther)
				return nil
			}
			m.declared(w, r, decl, created)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.mobileForm(w, r, p, d, err)
}
