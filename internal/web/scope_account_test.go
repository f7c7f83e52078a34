package web_test

import (
	"net/url"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// accountMatrix holds the rows of signing in and out and of accounts.
func accountMatrix(e *env) map[string]matrixCheck {
	return map[string]matrixCheck{
		"GET /login": func(t *testing.T, e *env, h, b *client) {
			want(t, "login page", e.anon().do("GET", "/login", nil), 200)
		},
		"POST /login": func(t *testing.T, e *env, h, b *client) {
			want(t, "login without token", e.anon().do("POST", "/login", url.Values{"username": {"haitang"}}), 403)
		},
		"POST /logout": func(t *testing.T, e *env, h, b *client) {
			want(t, "logout no csrf", e.anon().do("POST", "/logout", nil), 303)
		},
		"GET /lang/{lang}":        func(t *testing.T, e *env, h, b *client) { want(t, "lang", h.do("GET", "/lang/en", nil), 303) },
		"GET /users":              adminOnly("GET", "/users", nil),
		"POST /users":             adminOnly("POST", "/users", url.Values{"username": {"x"}}),
		"GET /users/{id}":         adminOnly("GET", "/users/1", nil),
		"POST /users/{id}":        adminOnly("POST", "/users/1", url.Values{"display_name": {"x"}}),
		"POST /users/{id}/unlock": adminOnly("POST", "/users/1/unlock", url.Values{}),
		"POST /api/v1/session": func(t *testing.T, e *env, h, b *client) {
			want(t, "bad login", e.anon().do("POST", "/api/v1/session", map[string]string{"username": "haitang", "password": "nope"}), 401)
		},
		"DELETE /api/v1/session": func(t *testing.T, e *env, h, b *client) {
			want(t, "anon logout", e.anon().do("DELETE", "/api/v1/session", nil), 401)
		},
		"GET /api/v1/me": func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", "/api/v1/me", nil)
			want(t, "me", r, 200)
			noLeak(t, "me", r)
		},
		"GET /api/v1/users":              adminOnly("GET", "/api/v1/users", nil),
		"POST /api/v1/users":             adminOnly("POST", "/api/v1/users", map[string]string{}),
		"PUT /api/v1/users/{id}":         adminOnly("PUT", "/api/v1/users/1", map[string]string{}),
		"POST /api/v1/users/{id}/unlock": adminOnly("POST", "/api/v1/users/1/unlock", nil),
	}
}

func TestScopeMatrixAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		runMatrix(t, e, e.s.RoutesOf("account"), accountMatrix(e))
	})
}
