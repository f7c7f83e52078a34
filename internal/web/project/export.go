package project

import (
	"net/http"

	"dangjian/internal/project"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the projects and the
// risk points, each with its list's filters.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"projects": {Prepare: m.exportProjects}, "risks": {Prepare: m.exportRisks}}
}

func (m *Module) exportProjects(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := projectFilter(r)
	if err != nil {
		return nil, err
	}
	return projectTable.Export(kit.LangOf(r), func(fn func(project.Project) error) error {
		return m.Projects.EachProject(r.Context(), p.Scope, f, fn)
	}), nil
}

func (m *Module) exportRisks(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := riskFilter(r)
	if err != nil {
		return nil, err
	}
	return riskTable.Export(kit.LangOf(r), func(fn func(project.Risk) error) error {
		return m.Projects.EachRisk(r.Context(), p.Scope, f, fn)
	}), nil
}
