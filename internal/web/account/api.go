package account

import (
	"net/http"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Sessions and accounts over JSON.

type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// apiLogin signs in with JSON. It needs no CSRF token: a cross-site form
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

func (m *Module) apiLogout(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	c, _ := r.Cookie(kit.SessionCookie)
	if err := m.Auth.Logout(r.Context(), c.Value); err != nil {
		return err
	}
	m.ClearSession(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (m *Module) apiMe(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	kit.WriteJSON(w, http.StatusOK, map[string]any{"user": p.User, "permissions": auth.Perms(p.User.Roles), "csrf_token": p.Session.CSRF, "scope_all": p.Scope.All})
	return nil
}

func (m *Module) apiUsers(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := m.Auth.ListUsers(r.Context(), kit.Query(r, "q"), pg)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, pg))
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

func (m *Module) apiUserCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in userInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := m.Auth.CreateUser(r.Context(), auth.User{Username: strings.TrimSpace(in.Username), DisplayName: in.DisplayName, Roles: in.Roles, ScopeAreaID: in.ScopeAreaID, ScopeOrgID: in.ScopeOrgID}, in.Password)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, u)
	return nil
}

func (m *Module) apiUserUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in userInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := m.Auth.UpdateUser(r.Context(), id, in.DisplayName, in.Roles, in.ScopeAreaID, in.ScopeOrgID, in.Disabled); err != nil {
		return err
	}
	if in.Password != "" {
		if err := m.Auth.SetPassword(r.Context(), id, in.Password); err != nil {
			return err
		}
	}
	u, err := m.Auth.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (m *Module) apiUserUnlock(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := m.Auth.Unlock(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
