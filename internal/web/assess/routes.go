// Package assess is the HTTP side of assessment: indicator schemes,
// scores, rankings and the four indices (考核, 四项指数), their pages, JSON
// API and exports. Schemes are shared definitions; a run's scores are read
// through their org's scope, so a run with no org in scope is not found.
package assess

import (
	"dangjian/internal/assess"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Module serves the assessment pages and API.
type Module struct {
	*kit.Kit
	Assess *assess.Store
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/assess", read, 0, m.pageAssess),
		kit.R("GET", "/assess/new", write, 0, m.pageAssessNew),
		kit.R("POST", "/assess", write, 0, m.pageAssessCreate),
		kit.R("GET", "/assess/indices", read, 0, m.pageAssessIndices),
		kit.R("GET", "/assess/runs/{id}", read, 0, m.pageAssessRun),
		kit.R("GET", "/assess/{id}", read, 0, m.pageAssessScheme),
		kit.R("POST", "/assess/versions/{id}/indicators", write, 0, m.pageAssessIndicators),
		kit.R("POST", "/assess/versions/{id}/apply", write, 0, m.pageAssessApply),

		kit.R("GET", "/api/v1/assess/schemes", read, 0, m.apiSchemes),
		kit.R("POST", "/api/v1/assess/schemes", write, 0, kit.APICreate(201, m.apiSchemeCreate)),
		kit.R("GET", "/api/v1/assess/schemes/{id}", read, 0, kit.APIGet(m.Assess.GetScheme)),
		kit.R("PUT", "/api/v1/assess/versions/{id}/indicators", write, 0, m.apiIndicators),
		kit.R("POST", "/api/v1/assess/runs", write, 0, kit.APICreate(201, m.apiRunApply)),
		kit.R("GET", "/api/v1/assess/runs/{id}", read, 0, kit.APIGet(m.Assess.GetRun)),
		kit.R("GET", "/api/v1/assess/indices", read, 0, m.apiIndices),
	}
}
