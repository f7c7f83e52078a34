package web

import (
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

func invitationFilter(r *http.Request) (declaration.InvitationFilter, int, error) {
	var f declaration.InvitationFilter
	var page int
	var err error
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	f.Q = r.URL.Query().Get("q")
	if f.Status, err = kit.QueryEnum(r, "status", declaration.InvitationStatuses); err != nil {
		return f, 0, err
	}
	f.Kind, err = kit.QueryEnum(r, "kind", declaration.EventKinds)
	return f, page, err
}

var invitationCols = []string{"invitation.held_on", "invitation.mobile", "invitation.area", "invitation.kind", "invitation.event", "invitation.org",
	"invitation.status", "invitation.note"}

func invitationTexts(lang string, x declaration.Invitation) []string {
	return []string{x.HeldOn, x.MemberName, x.AreaName, kit.Tr(lang, "invitation.kind."+string(x.Kind)), x.Title, x.OrgName,
		kit.Tr(lang, "invitation.status."+string(x.Status)), x.Note}
}

// eventHref links an invitation's event.
func eventHref(x declaration.Invitation) string {
	if x.Kind == declaration.MeetingEvent {
		return "/orglife/" + kit.Itoa(x.EventID)
	}
	return "/vanguard/" + kit.Itoa(x.TeamID)
}

func (s *Server) pageInvitations(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := invitationFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.declarations().Invitations(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, x := range items {
		row := textCells(invitationTexts(lang, x))
		row[1].Href, row[4].Href = "/mobile/"+kit.Itoa(x.DeclarationID), eventHref(x)
		rows = append(rows, row)
	}
	s.Render(w, r, http.StatusOK, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.invitations"), "Cols": kit.Cols(invitationCols...), "Rows": rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Export": []string{kit.ExportLink(r, "invitations", "xlsx"), kit.ExportLink(r, "invitations", "csv")},
		"Filters": []formField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			{Name: "status", Label: "invitation.status", Type: "select", Options: kit.EnumOptions(declaration.InvitationStatuses, "invitation.status.", string(f.Status), "list.any")},
			{Name: "kind", Label: "invitation.kind", Type: "select", Options: kit.EnumOptions(declaration.EventKinds, "invitation.kind.", string(f.Kind), "list.any")},
		},
		"Actions": []link{{Href: "/invitations/members", Key: "invitation.members"}},
	})
	return nil
}

var mobileMemberCols = []string{"invitation.mobile", "declaration.phone", "invitation.area", "invitation.home_org"}

// pageInvitationMembers lists the confirmed mobile members living in the
// scope's area, each linking their page (where they are invited).
func (s *Server) pageInvitationMembers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	items, total, err := s.declarations().MobileMembers(r.Context(), p.Scope, q, pg)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, d := range items {
		rows = append(rows, []cell{{Text: d.Name, Href: "/mobile/" + kit.Itoa(d.ID)}, {Text: d.PhoneMask}, {Text: d.AreaName}, {Text: d.HomeOrg}})
	}
	s.Render(w, r, http.StatusOK, "list", map[string]any{"Title": kit.Tr(lang, "invitation.members"),
		"Cols": kit.Cols(mobileMemberCols...), "Rows": rows, "Pager": kit.NewPager(r, page, pg, total, len(items)),
		"Export":  []string{kit.ExportLink(r, "mobile-members", "xlsx"), kit.ExportLink(r, "mobile-members", "csv")},
		"Filters": []formField{{Name: "q", Label: "list.q", Type: "search", Value: q}},
		"Actions": []link{{Href: "/invitations", Key: "nav.invitations"}}})
	return nil
}

// pageMobileMember is a mobile member's page: their registration (masked),
// their invitations, and the forms to invite and to record attendance.
func (s *Server) pageMobileMember(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := s.declarations()
	d, err := st.MobileMember(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kv{{Key: "declaration.status", Text: kit.Tr(lang, "declaration.status."+string(d.Status)), ID: "declaration-status"},
		{Key: "declaration.phone", Text: d.PhoneMask}, {Key: "invitation.area", Text: d.AreaName}, {Key: "invitation.home_org", Text: d.HomeOrg}}
	invs, _, err := st.Invitations(r.Context(), p.Scope, declaration.InvitationFilter{DeclarationID: id, Page: db.Page{Limit: db.MaxPage}})
	if err != nil {
		return err
	}
	var rows [][]cell
	var forms []inlineForm
	write := p.Can(auth.PermRegistryWrite)
	invited := map[string]bool{}
	for _, x := range invs {
		invited[string(x.Kind)+kit.Itoa(x.EventID)] = true
		row := textCells(invitationTexts(lang, x))
		row[4].Href = eventHref(x)
		rows = append(rows, []cell{row[0], row[3], row[4], row[5], row[6], row[7]})
		if write && x.Status == declaration.Invited {
			forms = append(forms, inlineForm{Action: "/invitations/" + kit.Itoa(x.ID) + "/attendance", Title: "invitation.record", Button: "invitation.record",
				Fields: []formField{
					{Name: "event", Label: "invitation.event", Type: "select", Options: []option{{Label: x.HeldOn + " " + x.Title, Raw: true, Selected: true}}},
					{Name: "status", Label: "invitation.status", Type: "select", Required: true,
						Options: kit.EnumOptions([]declaration.InvitationStatus{declaration.Attended, declaration.Absent}, "invitation.status.", "", "")},
					{Name: "note", Label: "invitation.note", Type: "text"}}})
		}
	}
	if d.Conflict {
		fields = append(fields, kv{Key: "declaration.conflict", Text: kit.Tr(lang, "invitation.conflict_hold"), Href: "/declarations/" + kit.Itoa(id), ID: "declaration-conflict"})
	}
	if write && d.Status == declaration.Confirmed && !d.Conflict {
		evs, err := st.Events(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		var meetings, acts []option
		for _, e := range evs {
			if invited[string(e.Kind)+kit.Itoa(e.ID)] {
				continue // already invited
			}
			o := option{Value: kit.Itoa(e.ID), Label: e.HeldOn + " " + e.Title + " · " + e.OrgName, Raw: true}
			if e.Kind == declaration.MeetingEvent {
				meetings = append(meetings, o)
			} else {
				acts = append(acts, o)
			}
		}
		if len(meetings) > 0 {
			forms = append(forms, inlineForm{Action: "/mobile/" + kit.Itoa(id) + "/invitations", Title: "invitation.invite_meeting", Button: "invitation.invite",
				Fields: []formField{{Name: "kind", Type: "hidden", Value: string(declaration.MeetingEvent)},
					{Name: "meeting_id", Label: "invitation.meeting", Type: "select", Options: meetings, Required: true}}})
		}
		if len(acts) > 0 {
			forms = append(forms, inlineForm{Action: "/mobile/" + kit.Itoa(id) + "/invitations", Title: "invitation.invite_activity", Button: "invitation.invite",
				Fields: []formField{{Name: "kind", Type: "hidden", Value: string(declaration.ActivityEvent)},
					{Name: "activity_id", Label: "invitation.activity", Type: "select", Options: acts, Required: true}}})
		}
		if len(evs) == 0 {
			fields = append(fields, kv{Key: "invitation.invite", Text: kit.Tr(lang, "invitation.none_open")})
		}
	}
	s.Render(w, r, http.StatusOK, "detail", map[string]any{"Title": d.Name, "Fields": fields, "Forms": forms,
		"Sections": []section{{Key: "invitation.title", Cols: kit.Cols("invitation.held_on", "invitation.kind", "invitation.event", "invitation.org",
			"invitation.status", "invitation.note"), Rows: rows}},
		"Actions": []link{{Href: "/invitations", Key: "nav.invitations"}}})
	return nil
}

func (s *Server) pageMobileInvite(w http.ResponseWriter, r *http.Request, p *Principal) error {
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
	if _, err := s.declarations().Invite(r.Context(), p.Scope, id, kind, event); err != nil {
		return err
	}
	http.Redirect(w, r, "/mobile/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (s *Server) pageInvitationAttendance(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.declarations().Record(r.Context(), p.Scope, id, declaration.InvitationStatus(r.PostFormValue("status")), r.PostFormValue("note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/mobile/"+kit.Itoa(x.DeclarationID), http.StatusSeeOther)
	return nil
}

// pageMyInvitations shows the account that registered as a mobile member
// the invitations to their registrations, wherever the inviting org is.
func (s *Server) pageMyInvitations(w http.ResponseWriter, r *http.Request, p *Principal) error {
	items, total, page, f, err := s.myInvitations(r, p)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, x := range items {
		t := invitationTexts(lang, x)
		rows = append(rows, textCells([]string{t[0], t[3], t[4], t[5], t[6]}))
	}
	s.Render(w, r, http.StatusOK, "list", map[string]any{"Title": kit.Tr(lang, "invitation.my"),
		"Cols": kit.Cols("invitation.held_on", "invitation.kind", "invitation.event", "invitation.org", "invitation.status"), "Rows": rows,
		"Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Filters": []formField{{Name: "status", Label: "invitation.status", Type: "select",
			Options: kit.EnumOptions(declaration.InvitationStatuses, "invitation.status.", string(f.Status), "list.any")}}})
	return nil
}

// myInvitations are the invitations to the mobile-member registrations the
// signed-in account made (the page's and the API's), wherever the
// inviting org is, with the page number and the filter.
func (s *Server) myInvitations(r *http.Request, p *Principal) ([]declaration.Invitation, int, int, declaration.InvitationFilter, error) {
	f, page, err := invitationFilter(r)
	if err != nil {
		return nil, 0, 0, f, err
	}
	if p.User.ID == 0 {
		return nil, 0, 0, f, apperr.ErrForbidden
	}
	f.CreatedBy, f.Clear = p.User.ID, true
	items, total, err := s.declarations().Invitations(r.Context(), scope.Everything, f)
	return items, total, page, f, err
}
