package project

import (
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
	"strings"
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
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, "project.name", "project.parent", "project.org", "project.status", "project.progress", "project.weight", "project.due_on", "project.description")...)
		return m.Projects.EachProject(r.Context(), p.Scope, f, func(x project.Project) error {
			return sw.Row(x.Name, x.ParentName, x.OrgName, projectStatus(lang, x), strconv.Itoa(x.Progress)+"%", strconv.Itoa(x.Weight), x.DueOn, x.Description)
		})
	}, nil
}

func (m *Module) exportRisks(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := riskFilter(r)
	if err != nil {
		return nil, err
	}
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Headers(lang, "risk.description", "risk.target", "risk.level", "risk.controls", "risk.owner", "risk.last_review", "risk.due")...)
		return m.Projects.EachRisk(r.Context(), p.Scope, f, func(k project.Risk) error {
			return sw.Row(k.Description, riskTarget(k), kit.Tr(lang, "risk.level."+string(k.Level)), strings.Join(k.Controls, "；"), k.Owner, k.LastReview, kit.YesNo(lang, k.DueReview))
		})
	}, nil
}
