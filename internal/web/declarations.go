package web

import "dangjian/internal/declaration"

// declarations is the declaration store for the invitation pages and API
// of mobile members, which are not in a feature module yet (the
// declaration module holds its own).
func (s *Server) declarations() *declaration.Store {
	return &declaration.Store{DB: s.DB, Vault: s.Vault}
}
