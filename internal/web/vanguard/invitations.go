package vanguard

import (
	"context"
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/declaration"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// Invitations of mobile members (流动党员): a confirmed mobile member's page
// (/mobile/{id}) with the invitations they received, forms to invite them
// to a meeting or vanguard activity of an org where they live, and forms to
// record whether they came; the list of the scope's invitations (export);
// and "my invitations" for the account that registered as a mobile member.

var invitationFilter = kit.QueryFilter[declaration.InvitationFilter]

type invitation = declaration.Invitation

var invitationText = kit.Text[invitation]

// invitationTable is the invitation list's columns: the page and the
// export. A mobile member's page and "my invitations" show some of them.
var invitationTable = kit.Table[invitation]{Columns: []kit.Column[invitation]{
	{Key: "invitation.held_on", Cell: invitationText(func(_ string, x invitation) string { return x.HeldOn })},
	{Key: "invitation.mobile", Cell: func(_ string, x invitation) kit.Cell {
		return kit.Cell{Text: x.MemberName, Href: "/mobile/" + kit.Itoa(x.DeclarationID)}
	}},
	{Key: "invitation.area", Cell: invitationText(func(_ string, x invitation) string { return x.AreaName })},
	{Key: "invitation.kind", Cell: invitationText(func(lang string, x invitation) string { return kit.Tr(lang, "invitation.kind."+string(x.Kind)) })},
	{Key: "invitation.event", Cell: func(_ string, x invitation) kit.Cell { return kit.Cell{Text: x.Title, Href: eventHref(x)} }},
	{Key: "invitation.org", Cell: invitationText(func(_ string, x invitation) string { return x.OrgName })},
	{Key: "invitation.status", Cell: invitationText(func(lang string, x invitation) string {
		return kit.Tr(lang, "invitation.status."+string(x.Status))
	})},
	{Key: "invitation.note", Cell: invitationText(func(_ string, x invitation) string { return x.Note })},
}}

// eventHref links an invitation's event.
func eventHref(x declaration.Invitation) string {
	if x.Kind == declaration.MeetingEvent {
		return "/orglife/" + kit.Itoa(x.EventID)
	}
	return "/vanguard/" + kit.Itoa(x.TeamID)
}

func (m *Module) pageInvitations(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, invitationFilter, m.Declarations.Invitations, invitationTable, "invitations")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title: kit.Tr(lang, "nav.invitations"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			{Name: "status", Label: "invitation.status", Type: "select", Options: kit.EnumOptions(declaration.InvitationStatuses, "invitation.status.", string(f.Status), "list.any")},
			{Name: "kind", Label: "invitation.kind", Type: "select", Options: kit.EnumOptions(declaration.EventKinds, "invitation.kind.", string(f.Kind), "list.any")},
		},
		Actions:   []kit.Link{{Href: "/invitations/members", Key: "invitation.members"}},
		ListTable: lt,
	})
	return nil
}

type mobileMember = declaration.Declaration

var mobileText = kit.Text[mobileMember]

// mobileMemberTable is the mobile-member list's columns: the page and the
// export.
var mobileMemberTable = kit.Table[mobileMember]{Columns: []kit.Column[mobileMember]{
	{Key: "invitation.mobile", Cell: func(_ string, d mobileMember) kit.Cell {
		return kit.Cell{Text: d.Name, Href: "/mobile/" + kit.Itoa(d.ID)}
	}},
	{Key: "declaration.phone", Cell: mobileText(func(_ string, d mobileMember) string { return d.PhoneMask })},
	{Key: "invitation.area", Cell: mobileText(func(_ string, d mobileMember) string { return d.AreaName })},
	{Key: "invitation.home_org", Cell: mobileText(func(_ string, d mobileMember) string { return d.HomeOrg })},
}}

// pageInvitationMembers lists the confirmed mobile members living in the
// scope's area, each linking their page (where they are invited).
func (m *Module) pageInvitationMembers(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := mobileQuery(r)
	if err != nil {
		return err
	}
	items, total, err := m.mobileMembers(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{Title: kit.Tr(lang, "invitation.members"),
		Filters: []kit.FormField{{Name: "q", Label: "list.q", Type: "search", Value: f.Q}},
		Actions: []kit.Link{{Href: "/invitations", Key: "nav.invitations"}}, ListTable: kit.ListTable{Cols: mobileMemberTable.Cols(r), Rows: mobileMemberTable.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "mobile-members")}})
	return nil
}

// pageMobileMember is a mobile member's page: their registration (masked),
// their invitations, and the forms to invite and to record attendance.
func (m *Module) pageMobileMember(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := m.Declarations
	d, err := st.MobileMember(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "declaration.status", Text: kit.Tr(lang, "declaration.status."+string(d.Status)), ID: "declaration-status"},
		{Key: "declaration.phone", Text: d.PhoneMask}, {Key: "invitation.area", Text: d.AreaName}, {Key: "invitation.home_org", Text: d.HomeOrg}}
	invs, _, err := st.Invitations(r.Context(), p.Scope, declaration.InvitationFilter{DeclarationID: id, Page: db.Page{Limit: db.MaxPage}})
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	var forms []kit.InlineForm
	write := p.Can(auth.PermRegistryWrite)
	invited := map[string]bool{}
	cells := invitationTable.Rows(lang, invs)
	for i, x := range invs {
		invited[string(x.Kind)+kit.Itoa(x.EventID)] = true
		row := cells[i]
		rows = append(rows, []kit.Cell{row[0], row[3], row[4], row[5], row[6], row[7]})
		if write && x.Status == declaration.Invited {
			forms = append(forms, kit.InlineForm{Action: "/invitations/" + kit.Itoa(x.ID) + "/attendance", Title: "invitation.record", Button: "invitation.record",
				Fields: []kit.FormField{
					{Name: "event", Label: "invitation.event", Type: "select", Options: []kit.Option{{Label: x.HeldOn + " " + x.Title, Raw: true, Selected: true}}},
					{Name: "status", Label: "invitation.status", Type: "select", Required: true,
						Options: kit.EnumOptions([]declaration.InvitationStatus{declaration.Attended, declaration.Absent}, "invitation.status.", "", "")},
					{Name: "note", Label: "invitation.note", Type: "text"}}})
		}
	}
	if d.Conflict {
		fields = append(fields, kit.KV{Key: "declaration.conflict", Text: kit.Tr(lang, "invitation.conflict_hold"), Href: "/declarations/" + kit.Itoa(id), ID: "declaration-conflict"})
	}
	if write && d.Status == declaration.Confirmed && !d.Conflict {
		evs, err := st.Events(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		var meetings, acts []kit.Option
		for _, e := range evs {
			if invited[string(e.Kind)+kit.Itoa(e.ID)] {
				continue // already invited
			}
			o := kit.Option{Value: kit.Itoa(e.ID), Label: e.HeldOn + " " + e.Title + " · " + e.OrgName, Raw: true}
			if e.Kind == declaration.MeetingEvent {
				meetings = append(meetings, o)
			} else {
				acts = append(acts, o)
			}
		}
		if len(meetings) > 0 {
			forms = append(forms, kit.InlineForm{Action: "/mobile/" + kit.Itoa(id) + "/invitations", Title: "invitation.invite_meeting", Button: "invitation.invite",
				Fields: []kit.FormField{{Name: "kind", Type: "hidden", Value: string(declaration.MeetingEvent)},
					{Name: "meeting_id", Label: "invitation.meeting", Type: "select", Options: meetings, Required: true}}})
		}
		if len(acts) > 0 {
			forms = append(forms, kit.InlineForm{Action: "/mobile/" + kit.Itoa(id) + "/invitations", Title: "invitation.invite_activity", Button: "invitation.invite",
				Fields: []kit.FormField{{Name: "kind", Type: "hidden", Value: string(declaration.ActivityEvent)},
					{Name: "activity_id", Label: "invitation.activity", Type: "select", Options: acts, Required: true}}})
		}
		if len(evs) == 0 {
			fields = append(fields, kit.KV{Key: "invitation.invite", Text: kit.Tr(lang, "invitation.none_open")})
		}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: d.Name, Fields: fields, Forms: forms,
		Sections: []kit.Section{{Key: "invitation.title", Cols: kit.Cols("invitation.held_on", "invitation.kind", "invitation.event", "invitation.org",
			"invitation.status", "invitation.note"), Rows: rows}},
		Actions: []kit.Link{{Href: "/invitations", Key: "nav.invitations"}}})
	return nil
}

func (m *Module) pageMobileInvite(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	kind := declaration.EventKind(r.PostFormValue("kind"))
	field := "meeting_id"
	if kind == declaration.ActivityEvent {
		field = "activity_id"
	}
	event, err := kit.FormInt(r, field)
	if err != nil {
		return err
	}
	if _, err := m.Declarations.Invite(r.Context(), p.Scope, id, kind, event); err != nil {
		return err
	}
	http.Redirect(w, r, "/mobile/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageInvitationAttendance(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := m.Declarations.Record(r.Context(), p.Scope, id, declaration.InvitationStatus(r.PostFormValue("status")), r.PostFormValue("note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/mobile/"+kit.Itoa(x.DeclarationID), http.StatusSeeOther)
	return nil
}

// pageMyInvitations shows the account that registered as a mobile member
// the invitations to their registrations, wherever the inviting org is.
func (m *Module) pageMyInvitations(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := myInvitationQuery(r)
	if err != nil {
		return err
	}
	items, total, err := m.myInvitations(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, x := range items {
		t := invitationTable.Row(lang, x)
		rows = append(rows, textCells([]string{t[0], t[3], t[4], t[5], t[6]}))
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{Title: kit.Tr(lang, "invitation.my"),
		Filters: []kit.FormField{{Name: "status", Label: "invitation.status", Type: "select",
			Options: kit.EnumOptions(declaration.InvitationStatuses, "invitation.status.", string(f.Status), "list.any")}}, ListTable: kit.ListTable{Cols: kit.Cols("invitation.held_on", "invitation.kind", "invitation.event", "invitation.org", "invitation.status"), Rows: rows, Pager: kit.NewPager(r, page, f.Page, total, len(items))}})
	return nil
}

// myInvitationQuery is the filter of the invitations to the
// mobile-member registrations the signed-in account made (the page's and
// the API's): the list's filters, narrowed to that account wherever the
// inviting org is.
func myInvitationQuery(r *http.Request) (declaration.InvitationFilter, int, error) {
	f, page, err := invitationFilter(r)
	if err != nil {
		return f, 0, err
	}
	p := kit.PrincipalFrom(r)
	if p == nil || p.User.ID == 0 {
		return f, 0, apperr.ErrForbidden
	}
	f.CreatedBy, f.Clear = p.User.ID, true
	return f, page, nil
}

// myInvitations lists f's invitations outside the caller's scope: f names
// the account (myInvitationQuery).
func (m *Module) myInvitations(ctx context.Context, _ scope.Scope, f declaration.InvitationFilter) ([]declaration.Invitation, int, error) {
	return m.Declarations.Invitations(ctx, scope.Everything, f)
}

// invitationQuery is the scope's invitation list's filter for the API,
// which declaration_id narrows to one mobile member's.
func invitationQuery(r *http.Request) (declaration.InvitationFilter, int, error) {
	f, page, err := invitationFilter(r)
	if err == nil {
		f.DeclarationID, err = kit.QueryID(r, "declaration_id")
	}
	return f, page, err
}

// mobileFilter is the mobile-member list's query: a name search and the
// paging, in the Page field kit.APIList reads.
type mobileFilter struct {
	Q    string
	Page db.Page
}

func mobileQuery(r *http.Request) (mobileFilter, int, error) {
	pg, page, err := kit.QueryPage(r)
	return mobileFilter{Q: r.URL.Query().Get("q"), Page: pg}, page, err
}

func (m *Module) mobileMembers(ctx context.Context, sc scope.Scope, f mobileFilter) ([]declaration.Declaration, int, error) {
	return m.Declarations.MobileMembers(ctx, sc, f.Q, f.Page)
}
