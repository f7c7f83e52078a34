// Package weak is the HTTP side of weak-branch detection, rectification
// and supervision (软弱涣散, 整顿, 督查): its pages and its JSON API. The
// registry permissions apply; a case or visit is read and written where
// its org is in scope.
package weak

import (
	"dangjian/internal/auth"
	"dangjian/internal/weak"
	"dangjian/internal/web/kit"
)

// Module serves the weak-branch pages and API.
type Module struct {
	*kit.Kit
	Weak *weak.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(weak.Statuses)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		{"GET", "/weak", read, 0, m.pageWeak},
		{"POST", "/weak/detect", write, 0, m.pageWeakDetect},
		{"GET", "/weak/{id}", read, 0, m.pageWeakCase},
		{"POST", "/weak/{id}/tasks", write, 0, m.pageWeakTask},
		{"POST", "/weak/{id}/tasks/done", write, 0, m.pageWeakTaskDone},
		{"POST", "/weak/{id}/instructor", write, 0, m.pageWeakInstructor},
		{"GET", "/supervision", read, 0, m.pageVisits},
		{"GET", "/supervision/new", write, 0, m.pageVisitNew},
		{"POST", "/supervision", write, 0, m.pageVisitCreate},
		{"GET", "/supervision/{id}", read, 0, m.pageVisit},
		{"POST", "/supervision/{id}/link", write, 0, m.pageVisitLink},

		{"GET", "/api/v1/weak", read, 0, m.apiWeak},
		{"GET", "/api/v1/weak/flags", read, 0, m.apiWeakFlags},
		{"POST", "/api/v1/weak/detect", write, 0, m.apiWeakDetect},
		{"GET", "/api/v1/weak/cases/{id}", read, 0, kit.APIGet(m.Weak.Get)},
		{"POST", "/api/v1/weak/cases/{id}/tasks", write, 0, kit.APIChange(201, m.apiWeakTask)},
		{"POST", "/api/v1/weak/cases/{id}/tasks/{task}/done", write, 0, kit.APIChange(200, m.apiWeakTaskDone)},
		{"POST", "/api/v1/weak/cases/{id}/instructor", write, 0, kit.APIChange(200, m.apiWeakInstructor)},
		{"GET", "/api/v1/supervision", read, 0, m.apiVisits},
		{"POST", "/api/v1/supervision", write, 0, m.apiVisitCreate},
		{"GET", "/api/v1/supervision/{id}", read, 0, kit.APIGet(m.Weak.GetVisit)},
		{"POST", "/api/v1/supervision/{id}/findings/{finding}/task", write, 0, kit.APIChange(201, m.apiVisitLink)},
	}
}
