package web

import (
	"dangjian/internal/auth"
	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// orgnetAPIRoutes are the JSON API of the organization network (issue 6):
// gaps, declarations, alliances, organizational life, cultivation, projects,
// weak branches, vanguard teams, study plans, invitations of mobile members
// and assessment, under /api/v1. The permissions are the
// matching pages'; the stores filter by scope and audit the writes (they
// are stateless, so a detail route may hold one made here).
func (s *Server) orgnetAPIRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	// A meeting with up to MaxPhotos photos, base64 in JSON (4/3), and the text.
	meetingBody := int64(orglife.MaxPhotos*orglife.MaxPhotoBytes*4/3 + 2<<20)
	return []Route{
		// Two-new coverage.
		{"GET", "/api/v1/gaps", read, 0, s.apiGaps},
		{"POST", "/api/v1/gaps/scan", write, 0, s.apiGapScan},
		{"GET", "/api/v1/gaps/{id}", read, 0, kit.APIGet(s.gapStore().Get)},
		{"POST", "/api/v1/gaps/{id}/assign", write, 0, kit.APIChange(200, s.apiGapAssign)},
		{"POST", "/api/v1/gaps/{id}/notes", write, 0, kit.APIChange(200, s.apiGapNote)},
		{"POST", "/api/v1/gaps/{id}/close", write, 0, kit.APIChange(200, s.apiGapClose)},
		{"GET", "/api/v1/gap-coverage", read, 0, s.apiGapCoverage},

		// Self-declaration and mobile members.
		{"POST", "/api/v1/declarations", Public, 0, s.apiDeclare},
		{"POST", "/api/v1/mobile", AnyUser, 0, s.apiMobileRegister},
		{"GET", "/api/v1/declarations", read, 0, s.apiDeclarations},
		{"GET", "/api/v1/declarations/{id}", read, 0, kit.APIGet(s.declarations().Get)},
		{"GET", "/api/v1/declarations/{id}/conflicts", read, 0, s.apiDeclarationConflicts},
		{"POST", "/api/v1/declarations/{id}/confirm", write, 0, kit.APIChange(200, s.apiDeclarationConfirm)},
		{"POST", "/api/v1/declarations/{id}/reject", write, 0, kit.APIChange(200, s.apiDeclarationReject)},

		// Organizational life.
		{"GET", "/api/v1/meetings", read, 0, s.apiMeetings},
		{"POST", "/api/v1/meetings", write, meetingBody, s.apiMeetingCreate},
		{"GET", "/api/v1/meetings/{id}", read, 0, kit.APIGet(s.orglife().Get)},
		{"PUT", "/api/v1/meetings/{id}", write, meetingBody, kit.APIChange(200, s.apiMeetingUpdate)},
		{"DELETE", "/api/v1/meetings/{id}", write, 0, kit.APIDelete(s.orglife().Delete)},
		{"GET", "/api/v1/meetings/{id}/photos/{photo}", read, 0, s.meetingPhoto},
		{"GET", "/api/v1/orglife/orgs/{id}/members", read, 0, s.apiMeetingRoster},
		{"GET", "/api/v1/orglife/compliance", read, 0, s.apiCompliance},

		// The recruitment pipeline.
		{"GET", "/api/v1/recruits", read, 0, s.apiRecruits},
		{"GET", "/api/v1/recruits/{person_id}", read, 0, s.apiRecruit},
		{"POST", "/api/v1/recruits/{person_id}/steps", write, 0, s.apiRecruitStep},
		{"GET", "/api/v1/dual", read, 0, s.apiDuals},
		{"POST", "/api/v1/dual", write, 0, s.apiDualCreate},
		{"POST", "/api/v1/dual/{id}/progress", write, 0, kit.APIChange(200, s.apiDualProgress)},
	}
}
