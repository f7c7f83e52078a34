package web

import (
	"context"
	open311web "dangjian/internal/web/open311"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// wrap applies, in order: session authentication, the route's permission,
// CSRF protection on unsafe methods, the audit actor, then the handler.
func (s *Server) wrap(rt kit.Route) http.Handler {
	class := limitedRoutes[rt.Method+" "+rt.Pattern]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(rt.Pattern, "/api/") || strings.HasPrefix(rt.Pattern, "/open311/")
		if class != "" {
			if err := s.limit(class, "ip:"+kit.ClientIP(r)); err != nil {
				s.failRoute(w, r, rt, api, err)
				return
			}
		}
		if kit.LimitBody(w, r, rt.MaxBody) && !strings.HasPrefix(rt.Pattern, "/open311/") {
			s.Fail(w, r, api, kit.ErrBodyTooLarge) // Open311 answers in its own format
			return
		}
		if !s.validUTF8(w, r, api) {
			return
		}
		// Answers carry personal data or session forms: no cache keeps
		// them. A handler whose answer is public may set its own caching.
		w.Header().Set("Cache-Control", "no-store")
		ctx := audit.WithActor(r.Context(), audit.Actor{IP: kit.ClientIP(r), UA: r.UserAgent()})
		r = r.WithContext(ctx)
		var p *kit.Principal
		if rt.Perm != kit.Public {
			var err error
			if p, err = s.authenticate(r); err != nil {
				s.ClearSession(w)
				s.Fail(w, r, api, err)
				return
			}
			if class != "" {
				if err := s.limit(class, userKey(p.User.ID)); err != nil {
					s.Fail(w, r, api, err)
					return
				}
			}
			if rt.Perm != kit.AnyUser && !p.Can(rt.Perm) {
				s.Fail(w, r, api, apperr.ErrForbidden)
				return
			}
			if !safeMethod(r.Method) && !checkCSRF(r, p.Session) {
				s.Fail(w, r, api, apperr.New(apperr.Forbidden, "err.csrf"))
				return
			}
			r = r.WithContext(audit.WithActor(ctx, audit.Actor{UserID: p.User.ID, Username: p.User.Username, IP: kit.ClientIP(r), UA: r.UserAgent()}))
			r = r.WithContext(kit.WithPrincipal(r, p).Context())
		}
		if err := rt.H(w, r, p); err != nil {
			s.Fail(w, r, api, err)
		}
	})
}

// failRoute answers an error met before the handler ran: in Open311's own
// format on its routes, else as usual.
func (s *Server) failRoute(w http.ResponseWriter, r *http.Request, rt kit.Route, api bool, err error) {
	if strings.HasPrefix(rt.Pattern, open311web.Base+"/") {
		_, f, _ := open311web.SplitFormat(r.URL.Path)
		open311web.Fail(s.Log, w, r, f, err)
		return
	}
	s.Fail(w, r, api, err)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF accepts the session's token from the X-CSRF-Token header (API,
// htmx) or the csrf form field (plain forms).
func checkCSRF(r *http.Request, sess auth.Session) bool {
	tok := r.Header.Get("X-CSRF-Token")
	if tok == "" {
		ct := r.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "multipart/form-data") {
			if err := r.ParseMultipartForm(32 << 20); err != nil {
				return false
			}
		}
		tok = r.PostFormValue("csrf")
	}
	return tok != "" && auth.CheckCSRF(sess, tok)
}

// authenticate resolves the session cookie to a principal with its scope.
func (s *Server) authenticate(r *http.Request) (*kit.Principal, error) {
	c, err := r.Cookie(kit.SessionCookie)
	if err != nil || c.Value == "" {
		return nil, apperr.ErrUnauthorized
	}
	u, sess, err := s.Auth.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	sc, err := s.scopeOf(r.Context(), u)
	if err != nil {
		return nil, err
	}
	return &kit.Principal{User: u, Session: sess, Scope: sc}, nil
}

// scopeOf turns an account's scope ids into path filters. An account with
// neither an area nor an org scope sees the whole city only if it is an
// administrator or a city official; anyone else sees nothing.
func (s *Server) scopeOf(ctx context.Context, u auth.User) (scope.Scope, error) {
	var sc scope.Scope
	if u.ScopeAreaID != 0 {
		paths, err := s.Areas.ScopePaths(ctx, u.ScopeAreaID)
		if err != nil {
			return sc, err
		}
		sc.AreaPaths = paths
	}
	if u.ScopeOrgID != 0 {
		path, areaPath, err := s.Orgs.ScopeOf(ctx, u.ScopeOrgID)
		if err != nil {
			return sc, err
		}
		sc.OrgPath, sc.OrgAreaPath = path, areaPath
	}
	if u.ScopeAreaID == 0 && u.ScopeOrgID == 0 {
		for _, r := range u.Roles {
			if r == auth.RoleAdmin || r == auth.RoleCityOfficial || r == auth.RoleViewer {
				sc.All = true
			}
		}
	}
	return sc, nil
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'")
		h.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a logged internal error; no stack trace
// reaches the user.
func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.Fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), apperr.Wrap(fmt.Errorf("panic: %v", v), "recover"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// withOptionalPrincipal signs in the visitor of a public page when their
// session is valid (so the page shows their navigation), and otherwise
// leaves them anonymous.
func (s *Server) withOptionalPrincipal(r *http.Request) (*http.Request, *kit.Principal) {
	p, err := s.authenticate(r)
	if err != nil {
		return r, nil
	}
	return r.WithContext(kit.WithPrincipal(r, p).Context()), p
}
