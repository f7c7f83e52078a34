package account_test

import (
	"net/url"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// accountMatrix holds the rows of signing in and out and of accounts.
func accountMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	return map[string]webtest.MatrixCheck{
		"GET /login": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "login page", e.Anon().Do("GET", "/login", nil), 200)
		},
		"POST /login": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "login without token", e.Anon().Do("POST", "/login", url.Values{"username": {"haitang"}}), 403)
		},
		"POST /logout": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "logout no csrf", e.Anon().Do("POST", "/logout", nil), 303)
		},
		"GET /lang/{lang}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "lang", h.Do("GET", "/lang/en", nil), 303)
		},
		"GET /users":              webtest.AdminOnly("GET", "/users", nil),
		"POST /users":             webtest.AdminOnly("POST", "/users", url.Values{"username": {"x"}}),
		"GET /users/{id}":         webtest.AdminOnly("GET", "/users/1", nil),
		"POST /users/{id}":        webtest.AdminOnly("POST", "/users/1", url.Values{"display_name": {"x"}}),
		"POST /users/{id}/unlock": webtest.AdminOnly("POST", "/users/1/unlock", url.Values{}),
		"POST /api/v1/session": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "bad login", e.Anon().Do("POST", "/api/v1/session", map[string]string{"username": "haitang", "password": "nope"}), 401)
		},
		"DELETE /api/v1/session": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "anon logout", e.Anon().Do("DELETE", "/api/v1/session", nil), 401)
		},
		"GET /api/v1/me": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("GET", "/api/v1/me", nil)
			webtest.Want(t, "me", r, 200)
			webtest.NoLeak(t, "me", r)
		},
		"GET /api/v1/users":              webtest.AdminOnly("GET", "/api/v1/users", nil),
		"POST /api/v1/users":             webtest.AdminOnly("POST", "/api/v1/users", map[string]string{}),
		"PUT /api/v1/users/{id}":         webtest.AdminOnly("PUT", "/api/v1/users/1", map[string]string{}),
		"POST /api/v1/users/{id}/unlock": webtest.AdminOnly("POST", "/api/v1/users/1/unlock", nil),
	}
}

func TestScopeMatrixAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		webtest.RunMatrix(t, e, e.S.RoutesOf("account"), accountMatrix(e))
	})
}
