package web

import (
	"dangjian/internal/auth"
	"dangjian/internal/project"
)

// projectRoutes are the pages of project lists and integrity risk points (项目清单, 廉洁风险点).
// A project is read and written where its owner org is in scope; a risk
// point where its unit or its service post is.
func (s *Server) projectRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/projects", read, 0, s.pageProjects},
		{"GET", "/projects/new", write, 0, s.pageProjectNew},
		{"POST", "/projects", write, 0, s.pageProjectCreate},
		{"GET", "/projects/{id}", read, 0, s.pageProject},
		{"POST", "/projects/{id}/milestones", write, 0, s.pageProjectMilestone},
		{"POST", "/projects/{id}/progress", write, 0, s.pageProjectProgress},
		{"POST", "/projects/{id}/parent", write, 0, s.pageProjectParent},
		{"GET", "/projects/{id}/edit", write, 0, s.pageProjectEdit},
		{"POST", "/projects/{id}", write, 0, s.pageProjectUpdate},
		{"POST", "/projects/{id}/delete", write, 0, s.pageProjectDelete},
		{"GET", "/risks", read, 0, s.pageRisks},
		{"GET", "/risks/new", write, 0, s.pageRiskNew},
		{"POST", "/risks", write, 0, s.pageRiskCreate},
		{"GET", "/risks/{id}", read, 0, s.pageRisk},
		{"POST", "/risks/{id}/reviews", write, 0, s.pageRiskReview},
	}
}

// projects is the project store (stateless; made per request).
func (s *Server) projects() *project.Store { return &project.Store{DB: s.DB} }
