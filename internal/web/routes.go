package web

import (
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Public is kit.Public, the permission of a route anyone may call; the
// tests that walk the route table compare with it.
const Public = kit.Public

// Routes is the route table: every page and API endpoint, with the
// permission it needs. Tests walk it to prove scope enforcement and the
// OpenAPI document's completeness.
func (s *Server) Routes() []kit.Route {
	read := auth.PermRegistryRead
	routes := []kit.Route{
		kit.R("GET", "/export/{kind}", read, 0, s.export),
		kit.R("GET", "/api/v1/openapi.json", kit.Public, 0, s.apiOpenAPI),
		kit.R("GET", "/api/v1/challenge", kit.Public, 0, s.apiChallenge),
		kit.R("GET", "/api/v1/export/{kind}", read, 0, s.export),
	}
	for _, m := range s.modules {
		routes = append(routes, m.Routes()...)
	}
	return routes
}
