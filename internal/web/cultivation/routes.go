// Package cultivation is the HTTP side of the recruitment pipeline and of
// dual cultivation (发展党员, 双培养): the people in the pipeline, a
// person's timeline and next step, the dual-cultivation register, their
// JSON API and exports (recruits, dual). A pipeline is a person's: the
// registry permissions apply, scoped to the person's area and org (a
// branch secretary moves their own branch's people).
package cultivation

import (
	"dangjian/internal/auth"
	"dangjian/internal/cultivation"
	"dangjian/internal/web/kit"
)

// Module serves the pipeline and dual-cultivation pages and API.
type Module struct {
	*kit.Kit
	Cultivation *cultivation.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(cultivation.Stages)
	kit.Enum(cultivation.Directions)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []kit.Route{
		kit.R("GET", "/cultivation", read, 0, m.pageCultivation),
		kit.R("GET", "/cultivation/dual", read, 0, m.pageDual),
		kit.R("POST", "/cultivation/dual", write, 0, m.pageDualCreate),
		kit.R("POST", "/cultivation/dual/{id}/progress", write, 0, m.pageDualProgress),
		kit.R("GET", "/cultivation/{id}", read, 0, m.pagePipeline),
		kit.R("POST", "/cultivation/{id}/steps", write, 0, m.pagePipelineStep),
		kit.R("POST", "/cultivation/{id}/backfill", write, 0, m.pagePipelineBackfill),

		kit.R("GET", "/api/v1/recruits", read, 0, kit.APIList(recruitFilter, m.Cultivation.List)),
		kit.R("GET", "/api/v1/recruits/{person_id}", read, 0, byPerson(kit.APIGet(m.apiRecruit))),
		kit.R("POST", "/api/v1/recruits/{person_id}/steps", write, 0, byPerson(kit.APIChange(201, m.apiRecruitStep))),
		kit.R("GET", "/api/v1/dual", read, 0, m.apiDuals),
		kit.R("POST", "/api/v1/dual", write, 0, kit.APICreate(201, m.apiDualCreate)),
		kit.R("POST", "/api/v1/dual/{id}/progress", write, 0, kit.APIChange(200, m.apiDualProgress)),
	}
}
