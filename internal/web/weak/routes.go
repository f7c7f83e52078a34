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
		kit.R("GET", "/weak", read, 0, m.pageWeak),
		kit.R("POST", "/weak/detect", write, 0, m.pageWeakDetect),
		kit.R("GET", "/weak/{id}", read, 0, m.pageWeakCase),
		kit.R("POST", "/weak/{id}/tasks", write, 0, m.pageWeakTask),
		kit.R("POST", "/weak/{id}/tasks/done", write, 0, m.pageWeakTaskDone),
		kit.R("POST", "/weak/{id}/instructor", write, 0, m.pageWeakInstructor),
		kit.R("GET", "/supervision", read, 0, m.pageVisits),
		kit.R("GET", "/supervision/new", write, 0, m.pageVisitNew),
		kit.R("POST", "/supervision", write, 0, m.pageVisitCreate),
		kit.R("GET", "/supervision/{id}", read, 0, m.pageVisit),
		kit.R("POST", "/supervision/{id}/link", write, 0, m.pageVisitLink),

		kit.R("GET", "/api/v1/weak", read, 0, kit.APIList(weakFilter, m.Weak.List)),
		kit.R("GET", "/api/v1/weak/flags", read, 0, m.apiWeakFlags),
		kit.R("POST", "/api/v1/weak/detect", write, 0, m.apiWeakDetect),
		kit.R("GET", "/api/v1/weak/cases/{id}", read, 0, kit.APIGet(m.Weak.Get)),
		kit.R("POST", "/api/v1/weak/cases/{id}/tasks", write, 0, kit.APIChange(201, m.apiWeakTask)),
		kit.R("POST", "/api/v1/weak/cases/{id}/tasks/{task}/done", write, 0, kit.APIChange(200, m.apiWeakTaskDone)),
		kit.R("POST", "/api/v1/weak/cases/{id}/instructor", write, 0, kit.APIChange(200, m.apiWeakInstructor)),
		kit.R("GET", "/api/v1/supervision", read, 0, kit.APIList(visitQuery, m.listVisits)),
		kit.R("POST", "/api/v1/supervision", write, 0, kit.APICreate(201, m.apiVisitCreate)),
		kit.R("GET", "/api/v1/supervision/{id}", read, 0, kit.APIGet(m.Weak.GetVisit)),
		kit.R("POST", "/api/v1/supervision/{id}/findings/{finding}/task", write, 0, kit.APIChange(201, m.apiVisitLink)),
	}
}
