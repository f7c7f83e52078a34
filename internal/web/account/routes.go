// Package account is the HTTP side of signing in and of accounts: the
// login and logout pages, the language switch, the users admin, and the
// session and /api/v1/me API.
package account

import (
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Module serves signing in and the accounts.
type Module struct {
	*kit.Kit
	Auth *auth.Store
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	return append([]kit.Route{
		kit.R("GET", "/login", kit.Public, 0, m.pageLogin),
		kit.R("POST", "/login", kit.Public, 0, m.pageLoginPost),
		kit.R("POST", "/logout", kit.AnyUser, 0, m.pageLogout),
		kit.R("GET", "/lang/{lang}", kit.Public, 0, m.pageLang),
		kit.R("GET", "/users", auth.PermUsersAdmin, 0, m.pageUsers),
		kit.R("POST", "/users", auth.PermUsersAdmin, 0, m.pageUserCreate),
		kit.R("GET", "/users/{id}", auth.PermUsersAdmin, 0, m.pageUserEdit),
		kit.R("POST", "/users/{id}", auth.PermUsersAdmin, 0, m.pageUserUpdate),
		kit.R("POST", "/users/{id}/unlock", auth.PermUsersAdmin, 0, m.pageUserUnlock),

		kit.R("POST", "/api/v1/session", kit.Public, 0, m.apiLogin),
		kit.R("DELETE", "/api/v1/session", kit.AnyUser, 0, m.apiLogout),
		kit.R("GET", "/api/v1/me", kit.AnyUser, 0, m.apiMe),
	}, m.userAPI()...)
}

// Exports: the module has no kind of export.
func (m *Module) Exports() map[string]kit.Export { return nil }
