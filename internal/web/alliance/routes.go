// Package alliance is the HTTP side of alliances (湾区大党委, chain
// alliances, pairings, 党建医联): their pages, forms, JSON API and exports.
// The registry permissions apply: an alliance is read where its lead org
// or a member is in scope, and written where its lead org is.
package alliance

import (
	"dangjian/internal/alliance"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Module serves the alliance pages and API.
type Module struct {
	*kit.Kit
	Alliances *alliance.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(alliance.Kinds)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/alliances", read, 0, m.pageAlliances),
		kit.R("GET", "/alliances/new", write, 0, m.pageAllianceNew),
		kit.R("POST", "/alliances", write, 0, m.pageAllianceCreate),
		kit.R("GET", "/alliances/{id}", read, 0, m.pageAlliance),
		kit.R("POST", "/alliances/{id}/members", write, 0, m.pageAllianceMember),
		kit.R("POST", "/alliances/{id}/resources", write, 0, m.pageAllianceResource),
		kit.R("POST", "/alliances/{id}/meetings", write, 0, m.pageAllianceMeeting),
		kit.R("POST", "/alliances/{id}/tasks", write, 0, m.pageAllianceTask),
		kit.R("POST", "/alliances/{id}/tasks/done", write, 0, m.pageAllianceTaskDone),
		kit.R("POST", "/alliances/{id}/memoranda", write, 0, m.pageAllianceMemo),
		kit.R("POST", "/alliances/{id}/progress", write, 0, m.pageAllianceProgress),
		kit.R("GET", "/alliances/{id}/edit", write, 0, m.pageAllianceEdit),
		kit.R("POST", "/alliances/{id}", write, 0, m.pageAllianceUpdate),
		kit.R("POST", "/alliances/{id}/delete", write, 0, m.pageAllianceDelete),

		kit.R("GET", "/api/v1/alliances", read, 0, kit.APIList(allianceFilter, m.Alliances.List)),
		kit.R("POST", "/api/v1/alliances", write, 0, kit.APICreate(201, m.apiAllianceCreate)),
		kit.R("GET", "/api/v1/alliances/{id}", read, 0, kit.APIGet(m.Alliances.Get)),
		kit.R("PUT", "/api/v1/alliances/{id}", write, 0, kit.APIChange(200, m.apiAllianceUpdate)),
		kit.R("DELETE", "/api/v1/alliances/{id}", write, 0, kit.APIDelete(m.Alliances.Delete)),
		kit.R("POST", "/api/v1/alliances/{id}/members", write, 0, kit.APIChange(201, m.apiAllianceMember)),
		kit.R("POST", "/api/v1/alliances/{id}/resources", write, 0, kit.APIChange(201, m.apiAllianceResource)),
		kit.R("POST", "/api/v1/alliances/{id}/meetings", write, 0, kit.APIChange(201, m.apiAllianceMeeting)),
		kit.R("POST", "/api/v1/alliances/{id}/tasks", write, 0, kit.APIChange(201, m.apiAllianceTask)),
		kit.R("POST", "/api/v1/alliances/{id}/tasks/{task}/done", write, 0, kit.APIChange(204, m.apiAllianceTaskDone)),
		kit.R("POST", "/api/v1/alliances/{id}/memoranda", write, 0, kit.APIChange(201, m.apiAllianceMemo)),
		kit.R("POST", "/api/v1/alliances/{id}/commitments/{commitment}/progress", write, 0, kit.APIChange(204, m.apiAllianceProgress)),
	}
}
