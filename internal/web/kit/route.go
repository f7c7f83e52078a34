// Package kit is the small shared kit of the HTTP layer: the route type,
// the principal, query and JSON decoding, the JSON handler family, the
// view types of the generic templates, the pager, rendering and errors.
// The server (internal/web) and every feature module under internal/web/
// build on it; it imports no feature module.
package kit

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/i18n"
	"dangjian/internal/scope"
)

// Route is one row of the route table.
type Route struct {
	Method  string
	Pattern string
	// Perm is Public, AnyUser or a permission the account must hold.
	Perm    string
	MaxBody int64 // request body limit; 0 means 1 MiB
	H       Handler
}

// Permission markers that are not permissions.
const (
	Public  = "public"
	AnyUser = "user"
)

// Cookies the server sets.
const (
	SessionCookie = "dj_session"
	LangCookie    = "dj_lang"
	PreCookie     = "dj_pre" // double-submit CSRF token for the login form
)

// Principal is the signed-in account with its resolved scope.
type Principal struct {
	User    auth.User
	Session auth.Session
	Scope   scope.Scope
}

// Can reports whether the principal holds perm.
func (p *Principal) Can(perm string) bool { return p != nil && p.User.Can(perm) }

// Handler serves one route; p is nil on a public route.
type Handler func(w http.ResponseWriter, r *http.Request, p *Principal) error

type principalKey struct{}

// WithPrincipal returns r carrying p, for PrincipalFrom.
func WithPrincipal(r *http.Request, p *Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
}

// PrincipalFrom returns the principal the middleware put on r, or nil.
func PrincipalFrom(r *http.Request) *Principal {
	p, _ := r.Context().Value(principalKey{}).(*Principal)
	return p
}

// CheckPreToken checks the double-submit CSRF token of a form sent before
// sign-in (login, /join, /declare).
func CheckPreToken(r *http.Request) bool {
	c, err := r.Cookie(PreCookie)
	if err != nil || c.Value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// ClientIP is the request's source address.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// LangOf picks the locale: the lang cookie, then Accept-Language.
func LangOf(r *http.Request) string {
	if c, err := r.Cookie(LangCookie); err == nil {
		return i18n.Match(c.Value)
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// URLQueryEscape escapes s for a query value.
func URLQueryEscape(s string) string { return url.QueryEscape(s) }

// R is one row of a route table: method, pattern, permission (Public,
// AnyUser or a permission), body limit (0: 1 MiB) and handler.
func R(method, pattern, perm string, maxBody int64, h Handler) Route {
	return Route{Method: method, Pattern: pattern, Perm: perm, MaxBody: maxBody, H: h}
}
