package account

import (
	"context"
	"net/http"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// Sessions and accounts over JSON.

type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// apiLogin signs in with JSON; by hand, as it sets the session cookie,
// which no kit shape writes. It needs no CSRF token: a cross-site form
// cannot send application/json without a CORS preflight, which this
// server never grants.
func (m *Module) apiLogin(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	var in loginInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	sess, err := m.Auth.Login(r.Context(), in.Username, in.Password, kit.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	m.SetSession(w, sess.Token)
	kit.WriteJSON(w, http.StatusOK, map[string]any{"csrf_token": sess.CSRF, "user_id": sess.UserID})
	return nil
}

// apiLogout ends the session; by hand, as it clears the cookie.
func (m *Module) apiLogout(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	c, _ := r.Cookie(kit.SessionCookie)
	if err := m.Auth.Logout(r.Context(), c.Value); err != nil {
		return err
	}
	m.ClearSession(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiMe answers the caller's own account; by hand, as it names no object
// by id (no kit shape reads the principal alone).
func (m *Module) apiMe(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	kit.WriteJSON(w, http.StatusOK, map[string]any{"user": p.User, "permissions": auth.Perms(p.User.Roles), "csrf_token": p.Session.CSRF, "scope_all": p.Scope.All})
	return nil
}

type userInput struct {
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name"`
	Password    string   `json:"password"`
	Roles       []string `json:"roles"`
	ScopeAreaID int64    `json:"scope_area_id"`
	ScopeOrgID  int64    `json:"scope_org_id"`
	Disabled    bool     `json:"disabled"`
}

// userAPI is the users admin over JSON.
func (m *Module) userAPI() []kit.Route {
	admin := auth.PermUsersAdmin
	return []kit.Route{
		kit.R("GET", "/api/v1/users", admin, 0, kit.APIList(userFilter, m.userList)),
		kit.R("POST", "/api/v1/users", admin, 0, kit.APICreate(http.StatusCreated, func(r *http.Request, _ *kit.Principal, in userInput) (any, error) {
			return m.Auth.CreateUser(r.Context(), auth.User{Username: strings.TrimSpace(in.Username), DisplayName: in.DisplayName, Roles: in.Roles, ScopeAreaID: in.ScopeAreaID, ScopeOrgID: in.ScopeOrgID}, in.Password)
		})),
		kit.R("PUT", "/api/v1/users/{id}", admin, 0, kit.APIChange(http.StatusOK, m.userUpdate)),
		kit.R("POST", "/api/v1/users/{id}/unlock", admin, 0, kit.APIChange(http.StatusNoContent, func(r *http.Request, _ *kit.Principal, id int64, _ kit.NoBody) (any, error) {
			return nil, m.Auth.Unlock(r.Context(), id)
		})),
	}
}

// userQuery is the accounts list's search with its page.
type userQuery struct {
	Q    string
	Page db.Page
}

func userFilter(r *http.Request) (userQuery, int, error) {
	pg, page, err := kit.QueryPage(r)
	return userQuery{Q: kit.Query(r, "q"), Page: pg}, page, err
}

// userList is one page of the accounts; they are not scoped (the route
// needs users.admin).
func (m *Module) userList(ctx context.Context, _ scope.Scope, q userQuery) ([]auth.User, int, error) {
	return m.Auth.ListUsers(ctx, q.Q, q.Page)
}

func (m *Module) userUpdate(r *http.Request, _ *kit.Principal, id int64, in userInput) (any, error) {
	if err := m.Auth.UpdateUser(r.Context(), id, in.DisplayName, in.Roles, in.ScopeAreaID, in.ScopeOrgID, in.Disabled); err != nil {
		return nil, err
	}
	if in.Password != "" {
		if err := m.Auth.SetPassword(r.Context(), id, in.Password); err != nil {
			return nil, err
		}
	}
	return m.Auth.GetUser(r.Context(), id)
}
