package account

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/web/kit"
)

// The users admin: the accounts list, a new account, and one account
// edited (roles, scope, state, password) or unlocked.

func (m *Module) pageUsers(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := m.Auth.ListUsers(r.Context(), kit.Query(r, "q"), pg)
	if err != nil {
		return err
	}
	return m.renderUsers(w, r, http.StatusOK, items, total, page, pg, "")
}

func (m *Module) renderUsers(w http.ResponseWriter, r *http.Request, code int, items []auth.User, total, page int, pg db.Page, msg string) error {
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, u := range items {
		state := kit.Tr(lang, "user.active")
		if u.Disabled {
			state = kit.Tr(lang, "user.disabled")
		} else if u.LockedUntil != nil {
			state = kit.Tr(lang, "user.locked")
		}
		rows = append(rows, []kit.Cell{{Text: u.Username, Href: "/users/" + kit.Itoa(u.ID)}, {Text: u.DisplayName}, {Text: kit.TrList(lang, "role.", u.Roles)}, {Text: kit.IDStr(u.ScopeAreaID)}, {Text: kit.IDStr(u.ScopeOrgID)}, {Text: state}})
	}
	kit.List.Render(m.Kit, w, r, code, kit.ListPage{
		Title:   kit.Tr(lang, "nav.users"),
		Filters: []kit.FormField{{Name: "q", Label: "list.q", Type: "search", Value: kit.Query(r, "q")}},
		Forms: []kit.InlineForm{{Action: "/users", Title: "user.new", Button: "form.save", Fields: []kit.FormField{
			{Name: "username", Label: "user.username", Type: "text", Required: true}, {Name: "display_name", Label: "user.display_name", Type: "text", Required: true},
			{Name: "password", Label: "user.password", Type: "password", Required: true}, {Name: "roles", Label: "user.roles", Type: "multi", Options: kit.MultiOptions(auth.AllRoles, "role.", nil)},
			kit.Pick("scope_area_id", "user.scope_area_id", "areas", 0, "", false), kit.Pick("scope_org_id", "user.scope_org_id", "orgs", 0, "", false)}}},
		Error:     msg,
		ListTable: kit.ListTable{Cols: kit.Cols("user.username", "user.display_name", "user.roles", "user.scope_area_id", "user.scope_org_id", "user.state"), Rows: rows, Pager: kit.NewPager(r, page, pg, total, len(items))},
	})
	return nil
}

func (m *Module) pageUserCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	r.ParseForm()
	areaID, err := kit.FormInt(r, "scope_area_id")
	if err != nil {
		return err
	}
	orgID, err := kit.FormInt(r, "scope_org_id")
	if err != nil {
		return err
	}
	if _, err := m.Auth.CreateUser(r.Context(), auth.User{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"), Roles: r.PostForm["roles"], ScopeAreaID: areaID, ScopeOrgID: orgID}, r.PostFormValue("password")); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (m *Module) pageUserUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := m.Auth.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	r.ParseForm()
	u.DisplayName, u.Roles, u.Disabled = r.PostFormValue("display_name"), r.PostForm["roles"], r.PostFormValue("disabled") != ""
	if u.ScopeAreaID, err = kit.FormInt(r, "scope_area_id"); err == nil {
		if u.ScopeOrgID, err = kit.FormInt(r, "scope_org_id"); err == nil {
			if err = m.Auth.UpdateUser(r.Context(), id, u.DisplayName, u.Roles, u.ScopeAreaID, u.ScopeOrgID, u.Disabled); err == nil {
				if pw := r.PostFormValue("password"); pw != "" {
					err = m.Auth.SetPassword(r.Context(), id, pw)
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
	kit.Form.Render(m.Kit, w, r, kit.Status(apperr.CodeOf(err)), kit.FormPage{Title: u.Username, Action: "/users/" + kit.Itoa(id), Cancel: "/users", Fields: fields, Error: msg})
	return nil
}

func (m *Module) pageUserUnlock(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := m.Auth.Unlock(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// pageUserEdit shows one account's roles, scope and state for editing.
func (m *Module) pageUserEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := m.Auth.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	kit.Form.Render(m.Kit, w, r, http.StatusOK, kit.FormPage{Title: u.Username, Action: "/users/" + kit.Itoa(id), Cancel: "/users", Fields: userFields(u)})
	return nil
}

func userFields(u auth.User) []kit.FormField {
	return []kit.FormField{
		{Name: "display_name", Label: "user.display_name", Type: "text", Value: u.DisplayName, Required: true},
		{Name: "roles", Label: "user.roles", Type: "multi", Options: kit.MultiOptions(auth.AllRoles, "role.", u.Roles)},
		kit.Pick("scope_area_id", "user.scope_area_id", "areas", u.ScopeAreaID, "", false),
		kit.Pick("scope_org_id", "user.scope_org_id", "orgs", u.ScopeOrgID, "", false),
		{Name: "disabled", Label: "user.disabled", Type: "checkbox", Value: map[bool]string{true: "1"}[u.Disabled]},
		{Name: "password", Label: "user.new_password", Type: "password", Placeholder: "person.keep_hint"},
	}
}
