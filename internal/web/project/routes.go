// Package project is the HTTP side of project lists and integrity risk
// points (项目清单, 廉洁风险点): their pages, forms, JSON API and exports.
// A project is read and written where its owner org is in scope; a risk
// point where its unit or its service post is.
package project

import (
	"dangjian/internal/auth"
	"dangjian/internal/project"
	"dangjian/internal/web/kit"
)

// Module serves the project and risk-point pages and API.
type Module struct {
	*kit.Kit
	Projects *project.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(project.FilterStatuses)
	kit.Enum(project.Levels)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/projects", read, 0, m.pageProjects),
		kit.R("GET", "/projects/new", write, 0, m.pageProjectNew),
		kit.R("POST", "/projects", write, 0, m.pageProjectCreate),
		kit.R("GET", "/projects/{id}", read, 0, m.pageProject),
		kit.R("POST", "/projects/{id}/milestones", write, 0, m.pageProjectMilestone),
		kit.R("POST", "/projects/{id}/progress", write, 0, m.pageProjectProgress),
		kit.R("POST", "/projects/{id}/parent", write, 0, m.pageProjectParent),
		kit.R("GET", "/projects/{id}/edit", write, 0, m.pageProjectEdit),
		kit.R("POST", "/projects/{id}", write, 0, m.pageProjectUpdate),
		kit.R("POST", "/projects/{id}/delete", write, 0, m.pageProjectDelete),
		kit.R("GET", "/risks", read, 0, m.pageRisks),
		kit.R("GET", "/risks/new", write, 0, m.pageRiskNew),
		kit.R("POST", "/risks", write, 0, m.pageRiskCreate),
		kit.R("GET", "/risks/{id}", read, 0, m.pageRisk),
		kit.R("POST", "/risks/{id}/reviews", write, 0, m.pageRiskReview),

		kit.R("GET", "/api/v1/projects", read, 0, kit.APIList(projectFilter, m.Projects.ListProjects)),
		kit.R("POST", "/api/v1/projects", write, 0, kit.APICreate(201, m.apiProjectCreate)),
		kit.R("GET", "/api/v1/projects/{id}", read, 0, kit.APIGet(m.Projects.GetProject)),
		kit.R("PUT", "/api/v1/projects/{id}", write, 0, kit.APIChange(200, m.apiProjectUpdate)),
		kit.R("DELETE", "/api/v1/projects/{id}", write, 0, kit.APIDelete(m.Projects.Delete)),
		kit.R("POST", "/api/v1/projects/{id}/progress", write, 0, kit.APIChange(200, m.apiProjectProgress)),
		kit.R("POST", "/api/v1/projects/{id}/milestones", write, 0, kit.APIChange(200, m.apiProjectMilestone)),
		kit.R("POST", "/api/v1/projects/{id}/parent", write, 0, kit.APIChange(200, m.apiProjectParent)),
		kit.R("GET", "/api/v1/risks", read, 0, kit.APIList(riskFilter, m.Projects.ListRisks)),
		kit.R("POST", "/api/v1/risks", write, 0, kit.APICreate(201, m.apiRiskCreate)),
		kit.R("GET", "/api/v1/risks/{id}", read, 0, kit.APIGet(m.Projects.GetRisk)),
		kit.R("POST", "/api/v1/risks/{id}/reviews", write, 0, kit.APIChange(201, m.apiRiskReview)),
	}
}
