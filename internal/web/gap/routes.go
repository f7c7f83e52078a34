// Package gap is the HTTP side of two-new coverage (消除覆盖空白点, 五个兜底):
// the gap actions, the scan that opens and closes them, and the coverage
// tables, chart and map; their JSON API and exports (gaps, gap-coverage).
// The registry permissions apply; an action is read and written where its
// subject is in scope.
package gap

import (
	"embed"

	"dangjian/internal/auth"
	"dangjian/internal/gap"
	"dangjian/internal/org"
	"dangjian/internal/web/kit"
)

// Templates are the module's pages (the coverage report), parsed with
// the server's layout.
//
//go:embed templates/*.html
var Templates embed.FS

// Module serves the gap pages and API.
type Module struct {
	*kit.Kit
	Gaps *gap.Store
	Orgs *org.Store
	// Users names an action's owner on the assign form.
	Users *auth.Store
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/gaps", read, 0, m.pageGaps),
		kit.R("POST", "/gaps/scan", write, 0, m.pageGapScan),
		kit.R("GET", "/gaps/coverage", read, 0, m.pageGapCoverage),
		kit.R("GET", "/gaps/{id}", read, 0, m.pageGap),
		kit.R("POST", "/gaps/{id}/{step}", write, 0, m.pageGapStep),

		kit.R("GET", "/api/v1/gaps", read, 0, kit.APIList(gapQuery, m.Gaps.List)),
		kit.R("POST", "/api/v1/gaps/scan", write, 0, m.apiGapScan),
		kit.R("GET", "/api/v1/gaps/{id}", read, 0, kit.APIGet(m.Gaps.Get)),
		kit.R("POST", "/api/v1/gaps/{id}/assign", write, 0, kit.APIChange(200, m.apiGapAssign)),
		kit.R("POST", "/api/v1/gaps/{id}/notes", write, 0, kit.APIChange(200, m.apiGapNote)),
		kit.R("POST", "/api/v1/gaps/{id}/close", write, 0, kit.APIChange(200, m.apiGapClose)),
		kit.R("GET", "/api/v1/gap-coverage", read, 0, m.apiGapCoverage),
	}
}
