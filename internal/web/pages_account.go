package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/i18n"
	"dangjian/internal/scope"
	"dangjian/internal/transfer"
	"dangjian/internal/web/kit"
)

// Pages for signing in, transfers, the audit log and accounts.

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	s.Render(w, r, http.StatusOK, "login", map[string]any{"Title": kit.Tr(kit.LangOf(r), "login.title"), "Pre": s.PreToken(w, r), "Next": localPath(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) pageLoginPost(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	lang := kit.LangOf(r)
	next := localPath(r.PostFormValue("next"))
	if !kit.CheckPreToken(r) {
		return apperr.New(apperr.Forbidden, "err.csrf")
	}
	sess, err := s.Auth.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), kit.ClientIP(r), r.UserAgent())
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			return err
		}
		kit.SetRetryAfter(w, e)
		s.Render(w, r, kit.Status(e.Code), "login", map[string]any{"Title": kit.Tr(lang, "login.title"), "Pre": s.PreToken(w, r), "Next": next, "Username": r.PostFormValue("username"), "Error": kit.Translate(lang, e).Error.Message})
		return nil
	}
	s.SetSession(w, sess.Token)
	if u, err := s.Auth.GetUser(r.Context(), sess.UserID); err == nil && next == "/" {
		next = landing(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// landing is an account's first page: the dashboard for staff, the own
// profile for a talent, the service menu for residents and enterprises.
func landing(u auth.User) string {
	switch {
	case u.Can(auth.PermRegistryRead):
		return "/"
	case u.Can(auth.PermTalentSelf):
		return "/me/talent"
	case u.Can(auth.PermOrderPlace):
		return "/menu"
	}
	return "/"
}

func (s *Server) pageLogout(w http.ResponseWriter, r *http.Request, p *Principal) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.ClearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *Server) pageLang(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	l := i18n.Match(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, refererPath(r.Header.Get("Referer")), http.StatusSeeOther)
	return nil
}

func (s *Server) pageTransfers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := transferFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Transfers.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, t := range items {
		rows = append(rows, []cell{{Text: "#" + kit.Itoa(t.ID), Href: "/transfers/" + kit.Itoa(t.ID)}, {Text: t.PersonName}, {Text: orHidden(lang, t.FromOrgName)}, {Text: orHidden(lang, t.ToOrgName)}, {Text: kit.Tr(lang, "transfer.status."+string(t.Status))}, {Text: t.CreatedAt.Format("2006-01-02 15:04")}})
	}
	s.Render(w, r, http.StatusOK, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.transfers"), "Cols": kit.Cols("transfer.id", "person.name", "transfer.from", "transfer.to", "transfer.status", "transfer.created_at"),
		"Rows": rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Filters": []formField{
			{Name: "status", Label: "transfer.status", Type: "select", Options: kit.EnumOptions(transfer.Statuses, "transfer.status.", string(f.Status), "list.any")},
			{Name: "direction", Label: "transfer.direction", Type: "select", Options: kit.EnumOptions([]string{"out", "in"}, "transfer.direction.", f.Direction, "list.any")},
		},
	})
	return nil
}

func orHidden(lang, s string) string {
	if s == "" {
		return kit.Tr(lang, "transfer.outside_scope")
	}
	return s
}

func (s *Server) pageTransfer(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	t, events, err := s.Transfers.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var erows [][]cell
	for _, e := range events {
		erows = append(erows, []cell{{Text: e.At.Format("2006-01-02 15:04")}, {Text: e.Username}, {Text: kit.Tr(lang, "transfer.action."+e.Action)}, {Text: e.Note}})
	}
	var forms []inlineForm
	note := []formField{{Name: "note", Label: "transfer.note", Type: "text"}}
	add := func(action, title string, ok bool) {
		if ok {
			forms = append(forms, inlineForm{Action: "/transfers/" + kit.Itoa(id) + "/" + action, Title: title, Button: title, Fields: note})
		}
	}
	add("approve-out", "transfer.approve_out", t.Status == transfer.Pending && t.FromInScope(p.Scope) && p.Can(auth.PermTransferApprove))
	add("approve-in", "transfer.approve_in", t.Status == transfer.OutApproved && t.ToInScope(p.Scope) && p.Can(auth.PermTransferApprove))
	add("reject", "transfer.reject", t.Status.Open() && p.Can(auth.PermTransferApprove))
	add("revoke", "transfer.revoke", t.Status.Open() && p.Can(auth.PermTransferRequest))
	s.Render(w, r, http.StatusOK, "detail", map[string]any{
		"Title": kit.Tr(lang, "transfer.title") + " #" + kit.Itoa(t.ID),
		"Fields": []kv{{Key: "person.name", Text: t.PersonName, Href: "/people/" + kit.Itoa(t.PersonID)}, {Key: "transfer.from", Text: orHidden(lang, t.FromOrgName)},
			{Key: "transfer.to", Text: orHidden(lang, t.ToOrgName)}, {Key: "transfer.reason", Text: t.Reason}, {Key: "transfer.status", Text: kit.Tr(lang, "transfer.status."+string(t.Status)), ID: "transfer-status"}},
		"Forms":    forms,
		"Sections": []section{{Key: "transfer.history", Cols: kit.Cols("transfer.at", "transfer.by", "transfer.action", "transfer.note"), Rows: erows}},
	})
	return nil
}

func (s *Server) pageTransferCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	personID, err := kit.FormInt(r, "person_id")
	if err != nil {
		return err
	}
	toOrg, err := s.orgRef(r, r.PostFormValue("to_org_id"))
	if err != nil {
		return err
	}
	t, err := s.Transfers.Request(r.Context(), p.Scope, personID, toOrg, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/transfers/"+kit.Itoa(t.ID), http.StatusSeeOther)
	return nil
}

// orgRef reads a receiving org given by its id or by its code (组织编码,
// what a clerk has from the receiving side). The org may lie outside the
// caller's scope, as transfers cross districts; nothing of it is shown.
func (s *Server) orgRef(r *http.Request, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if v == "" {
		return 0, apperr.InvalidField("to_org_id", "err.transfer.to_missing")
	}
	o, err := s.Orgs.ByCode(r.Context(), scope.Everything, v)
	if err != nil {
		return 0, apperr.InvalidField("to_org_id", "err.transfer.to_missing")
	}
	return o.ID, nil
}

func (s *Server) pageTransferAction(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.transferAction(r, p, id, r.PathValue("action"), r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/transfers/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (s *Server) pageAudit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	f := audit.Filter{Username: query(r, "username"), Action: query(r, "action"), Entity: query(r, "entity"), Limit: pg.Limit, Offset: pg.Offset}
	items, total, err := audit.List(r.Context(), s.DB.Read(), f)
	if err != nil {
		return apperr.Wrap(err, "audit list")
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, e := range items {
		rows = append(rows, []cell{{Text: e.At.Local().Format("2006-01-02 15:04:05")}, {Text: e.Username}, {Text: e.Action}, {Text: e.Entity + " " + kit.IDStr(e.EntityID)}, {Text: e.IP}, {Text: e.Detail}})
	}
	s.Render(w, r, http.StatusOK, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.audit"), "Cols": kit.Cols("audit.at", "audit.user", "audit.action", "audit.entity", "audit.ip", "audit.detail"),
		"Rows": rows, "Pager": kit.NewPager(r, page, pg, total, len(items)),
		"Filters": []formField{{Name: "username", Label: "audit.user", Type: "search", Value: f.Username}, {Name: "action", Label: "audit.action", Type: "search", Value: f.Action}},
	})
	return nil
}

func (s *Server) pageUsers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := s.Auth.ListUsers(r.Context(), query(r, "q"), pg)
	if err != nil {
		return err
	}
	return s.renderUsers(w, r, http.StatusOK, items, total, page, pg, "")
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, code int, items []auth.User, total, page int, pg db.Page, msg string) error {
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, u := range items {
		state := kit.Tr(lang, "user.active")
		if u.Disabled {
			state = kit.Tr(lang, "user.disabled")
		} else if u.LockedUntil != nil {
			state = kit.Tr(lang, "user.locked")
		}
		rows = append(rows, []cell{{Text: u.Username, Href: "/users/" + kit.Itoa(u.ID)}, {Text: u.DisplayName}, {Text: kit.TrList(lang, "role.", u.Roles)}, {Text: kit.IDStr(u.ScopeAreaID)}, {Text: kit.IDStr(u.ScopeOrgID)}, {Text: state}})
	}
	s.Render(w, r, code, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.users"), "Cols": kit.Cols("user.username", "user.display_name", "user.roles", "user.scope_area_id", "user.scope_org_id", "user.state"),
		"Rows": rows, "Pager": kit.NewPager(r, page, pg, total, len(items)),
		"Filters": []formField{{Name: "q", Label: "list.q", Type: "search", Value: query(r, "q")}},
		"Forms": []inlineForm{{Action: "/users", Title: "user.new", Button: "form.save", Fields: []formField{
			{Name: "username", Label: "user.username", Type: "text", Required: true}, {Name: "display_name", Label: "user.display_name", Type: "text", Required: true},
			{Name: "password", Label: "user.password", Type: "password", Required: true}, {Name: "roles", Label: "user.roles", Type: "multi", Options: kit.MultiOptions(auth.AllRoles, "role.", nil)},
			kit.Pick("scope_area_id", "user.scope_area_id", "areas", 0, "", false), kit.Pick("scope_org_id", "user.scope_org_id", "orgs", 0, "", false)}}},
		"Error": msg,
	})
	return nil
}

func (s *Server) pageUserCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	r.ParseForm()
	areaID, err := kit.FormInt(r, "scope_area_id")
	if err != nil {
		return err
	}
	orgID, err := kit.FormInt(r, "scope_org_id")
	if err != nil {
		return err
	}
	if _, err := s.Auth.CreateUser(r.Context(), auth.User{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"), Roles: r.PostForm["roles"], ScopeAreaID: areaID, ScopeOrgID: orgID}, r.PostFormValue("password")); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) pageUserUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Auth.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	r.ParseForm()
	u.DisplayName, u.Roles, u.Disabled = r.PostFormValue("display_name"), r.PostForm["roles"], r.PostFormValue("disabled") != ""
	if u.ScopeAreaID, err = kit.FormInt(r, "scope_area_id"); err == nil {
		if u.ScopeOrgID, err = kit.FormInt(r, "scope_org_id"); err == nil {
			if err = s.Auth.UpdateUser(r.Context(), id, u.DisplayName, u.Roles, u.ScopeAreaID, u.ScopeOrgID, u.Disabled); err == nil {
				if pw := r.PostFormValue("password"); pw != "" {
					err = s.Auth.SetPassword(r.Context(), id, pw)
				}
			}
		}
	}
	if err == nil {
		http.Redirect(w, r, "/users", http.StatusSeeOther)
		return nil
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	fields := userFields(u)
	msg := kit.FormErr(kit.LangOf(r), err, fields)
	s.Render(w, r, kit.Status(apperr.CodeOf(err)), "form", map[string]any{"Title": u.Username, "Action": "/users/" + kit.Itoa(id), "Cancel": "/users", "Fields": fields, "Error": msg})
	return nil
}

func (s *Server) pageUserUnlock(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.Unlock(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// pageUserEdit shows one account's roles, scope and state for editing.
func (s *Server) pageUserEdit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Auth.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "form", map[string]any{"Title": u.Username, "Action": "/users/" + kit.Itoa(id), "Cancel": "/users", "Fields": userFields(u)})
	return nil
}

func userFields(u auth.User) []formField {
	return []formField{
		{Name: "display_name", Label: "user.display_name", Type: "text", Value: u.DisplayName, Required: true},
		{Name: "roles", Label: "user.roles", Type: "multi", Options: kit.MultiOptions(auth.AllRoles, "role.", u.Roles)},
		kit.Pick("scope_area_id", "user.scope_area_id", "areas", u.ScopeAreaID, "", false),
		kit.Pick("scope_org_id", "user.scope_org_id", "orgs", u.ScopeOrgID, "", false),
		{Name: "disabled", Label: "user.disabled", Type: "checkbox", Value: map[bool]string{true: "1"}[u.Disabled]},
		{Name: "password", Label: "user.new_password", Type: "password", Placeholder: "person.keep_hint"},
	}
}
