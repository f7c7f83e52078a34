package project

import (
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the projects and the
// risk points, each with its list's filters.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"projects": {Prepare: kit.ListExport(projectFilter, projectTable, m.Projects.EachProject)}, "risks": {Prepare: kit.ListExport(riskFilter, riskTable, m.Projects.EachRisk)}}
}
