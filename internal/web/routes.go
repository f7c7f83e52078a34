package web

import (
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
	"path"
	"reflect"
)

// Public is kit.Public, the permission of a route anyone may call; the
// tests that walk the route table compare with it.
const Public = kit.Public

// Routes is the route table: every page and API endpoint, with the
// permission it needs. Tests walk it to prove scope enforcement and the
// OpenAPI document's completeness.
func (s *Server) Routes() []kit.Route {
	routes := s.ownRoutes()
	for _, m := range s.modules {
		routes = append(routes, m.Routes()...)
	}
	return routes
}

// RoutesOf is the routes of the feature module in internal/web/<name>
// ("" for the server's own), which that module's scope matrix covers.
func (s *Server) RoutesOf(name string) []kit.Route {
	if name == "" {
		return s.ownRoutes()
	}
	for _, m := range s.modules {
		if path.Base(reflect.TypeOf(m).Elem().PkgPath()) == name {
			return m.Routes()
		}
	}
	return nil
}

// ownRoutes are the routes no feature module holds: the export dispatcher,
// the OpenAPI document and the proof-of-work challenge.
func (s *Server) ownRoutes() []kit.Route {
	read := auth.PermRegistryRead
	return []kit.Route{
		kit.R("GET", "/export/{kind}", read, 0, s.export),
		kit.R("GET", "/api/v1/openapi.json", kit.Public, 0, s.apiOpenAPI),
		kit.R("GET", "/api/v1/challenge", kit.Public, 0, s.apiChallenge),
		kit.R("GET", "/api/v1/export/{kind}", read, 0, s.export),
	}
}
