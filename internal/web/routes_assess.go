package web

import (
	"dangjian/internal/assess"
	"dangjian/internal/auth"
)

// assessRoutes are the pages of assessment: indicator schemes, scores,
// rankings and the four indices (考核, 四项指数). Schemes are shared
// definitions; a run's scores are read through their org's scope, so a
// run with no org in scope is not found.
func (s *Server) assessRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/assess", read, 0, s.pageAssess},
		{"GET", "/assess/new", write, 0, s.pageAssessNew},
		{"POST", "/assess", write, 0, s.pageAssessCreate},
		{"GET", "/assess/indices", read, 0, s.pageAssessIndices},
		{"GET", "/assess/runs/{id}", read, 0, s.pageAssessRun},
		{"GET", "/assess/{id}", read, 0, s.pageAssessScheme},
		{"POST", "/assess/versions/{id}/indicators", write, 0, s.pageAssessIndicators},
		{"POST", "/assess/versions/{id}/apply", write, 0, s.pageAssessApply},
	}
}

// assessStore is the assessment store (stateless; made per request).
func (s *Server) assessStore() *assess.Store { return &assess.Store{DB: s.DB} }
