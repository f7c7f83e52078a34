package web

import (
	"net/http"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Sessions, accounts and the audit log over JSON.

type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// apiLogin signs in with JSON. It needs no CSRF token: a cross-site form
// cannot send application/json without a CORS preflight, which this
// server never grants.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var in loginInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	sess, err := s.Auth.Login(r.Context(), in.Username, in.Password, kit.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	s.SetSession(w, sess.Token)
	kit.WriteJSON(w, http.StatusOK, map[string]any{"csrf_token": sess.CSRF, "user_id": sess.UserID})
	return nil
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request, p *Principal) error {
	c, _ := r.Cookie(sessionCookie)
	if err := s.Auth.Logout(r.Context(), c.Value); err != nil {
		return err
	}
	s.ClearSession(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, p *Principal) error {
	kit.WriteJSON(w, http.StatusOK, map[string]any{"user": p.User, "permissions": auth.Perms(p.User.Roles), "csrf_token": p.Session.CSRF, "scope_all": p.Scope.All})
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	eid, err := kit.QueryID(r, "entity_id")
	if err != nil {
		return err
	}
	items, total, err := audit.List(r.Context(), s.DB.Read(), audit.Filter{Username: query(r, "username"), Action: query(r, "action"), Entity: query(r, "entity"), EntityID: eid, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return apperr.Wrap(err, "audit list")
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, pg))
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := s.Auth.ListUsers(r.Context(), query(r, "q"), pg)
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

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var in userInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.Auth.CreateUser(r.Context(), auth.User{Username: strings.TrimSpace(in.Username), DisplayName: in.DisplayName, Roles: in.Roles, ScopeAreaID: in.ScopeAreaID, ScopeOrgID: in.ScopeOrgID}, in.Password)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) apiUserUpdate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in userInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Auth.UpdateUser(r.Context(), id, in.DisplayName, in.Roles, in.ScopeAreaID, in.ScopeOrgID, in.Disabled); err != nil {
		return err
	}
	if in.Password != "" {
		if err := s.Auth.SetPassword(r.Context(), id, in.Password); err != nil {
			return err
		}
	}
	u, err := s.Auth.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) apiUserUnlock(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.Unlock(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
