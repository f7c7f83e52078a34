package web

import (
	"dangjian/internal/auth"
)

// Routes is the route table: every page and API endpoint, with the
// permission it needs. Tests walk it to prove scope enforcement and the
// OpenAPI document's completeness.
func (s *Server) Routes() []Route {
	read := auth.PermRegistryRead
	routes := []Route{
		{"GET", "/export/{kind}", read, 0, s.export},
		{"GET", "/api/v1/openapi.json", Public, 0, s.apiOpenAPI},
		{"GET", "/api/v1/challenge", Public, 0, s.apiChallenge},
		{"GET", "/api/v1/export/{kind}", read, 0, s.export},
	}
	for _, m := range s.modules {
		routes = append(routes, m.Routes()...)
	}
	return routes
}
