// Package coverage is the HTTP side of the 15-minute service circle
// (15分钟服务圈): the planner's page, coverage, siting and what-if runs
// with their map and export, and the imports they read (grids, homes,
// vacant sites, walking networks). The service permissions apply, and
// PermCoverageRun to start or stop a run.
package coverage

import (
	"context"
	"embed"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/coverage"
	"dangjian/internal/web/kit"
)

// Templates are the pages only this module renders.
//
//go:embed templates/*.html
var Templates embed.FS

// Module serves the coverage pages. Runs work under BG, the server's
// long-running context, not the request's.
type Module struct {
	*kit.Kit
	Coverage *coverage.Store
	Areas    *area.Store
	BG       context.Context
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermServiceRead, auth.PermServiceWrite
	upload := m.Cfg.MaxUploadBytes
	return []kit.Route{
		kit.R("GET", "/grids/import", write, 0, m.pageGridImport),
		kit.R("POST", "/grids/import", write, upload, m.pageGridImport),
		kit.R("GET", "/coverage", read, 0, m.pageCoverage),
		kit.R("POST", "/coverage/runs", auth.PermCoverageRun, 0, m.pageCoverageStart),
		kit.R("GET", "/coverage/runs/{id}", read, 0, m.pageCoverageRun),
		kit.R("GET", "/coverage/runs/{id}/map.json", read, 0, kit.APIGet(m.runMap)),
		kit.R("POST", "/coverage/runs/{id}/cancel", auth.PermCoverageRun, 0, m.pageCoverageCancel),
		kit.R("POST", "/coverage/runs/{id}/rerun", auth.PermCoverageRun, 0, m.pageCoverageRerun),
		kit.R("GET", "/homes", read, 0, m.pageHomes),
		kit.R("POST", "/homes", write, upload, m.pageHomes),
		kit.R("GET", "/sites", read, 0, m.pageSites),
		kit.R("POST", "/sites", write, upload, m.pageSites),
		kit.R("GET", "/networks", read, 0, m.pageNetworks),
		kit.R("POST", "/networks", write, upload, m.pageNetworks),
		kit.R("POST", "/networks/activate", write, 0, m.pageNetworkActivate),
	}
}
