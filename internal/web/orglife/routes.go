// Package orglife is the HTTP side of organizational life (三会一课): the
// meeting list, a meeting with its attendance, minutes and photos, the
// forms that record, correct and delete one, the compliance report, their
// JSON API and exports. Meetings belong to an org: the registry
// permissions apply, scoped to the org's path (a branch secretary records
// their own branch's meetings).
package orglife

import (
	"embed"

	"dangjian/internal/auth"
	"dangjian/internal/org"
	"dangjian/internal/orglife"
	"dangjian/internal/web/kit"
)

// Templates are the module's pages (a meeting, the meeting form and the compliance report), parsed with
// the server's layout.
//
//go:embed templates/*.html
var Templates embed.FS

// Module serves the organizational-life pages and API.
type Module struct {
	*kit.Kit
	// Orglife is the meeting store; every meeting write updates the open
	// assessment runs in the same transaction.
	Orglife *orglife.Store
	Orgs    *org.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(orglife.Kinds)
}

// Routes are the module's rows of the route table.
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	// A meeting with its photos: up to MaxPhotos of 2 MB each, and the text.
	body := int64(orglife.MaxPhotos*orglife.MaxPhotoBytes + 2<<20)
	// A meeting with up to MaxPhotos photos, base64 in JSON (4/3), and the text.
	apiBody := int64(orglife.MaxPhotos*orglife.MaxPhotoBytes*4/3 + 2<<20)
	return []kit.Route{
		kit.R("GET", "/orglife", read, 0, m.pageMeetings),
		kit.R("GET", "/orglife/new", write, 0, m.pageMeetingNew),
		kit.R("POST", "/orglife", write, body, m.pageMeetingCreate),
		kit.R("GET", "/orglife/compliance", read, 0, m.pageCompliance),
		kit.R("GET", "/orglife/{id}", read, 0, m.pageMeeting),
		kit.R("GET", "/orglife/{id}/photos/{photo}", read, 0, m.meetingPhoto),
		kit.R("GET", "/orglife/{id}/edit", write, 0, m.pageMeetingEdit),
		kit.R("POST", "/orglife/{id}", write, body, m.pageMeetingUpdate),
		kit.R("POST", "/orglife/{id}/delete", write, 0, m.pageMeetingDelete),

		kit.R("GET", "/api/v1/meetings", read, 0, kit.APIList(meetingFilter, m.Orglife.List)),
		kit.R("POST", "/api/v1/meetings", write, apiBody, kit.APICreate(201, m.apiMeetingCreate)),
		kit.R("GET", "/api/v1/meetings/{id}", read, 0, kit.APIGet(m.Orglife.Get)),
		kit.R("PUT", "/api/v1/meetings/{id}", write, apiBody, kit.APIChange(200, m.apiMeetingUpdate)),
		kit.R("DELETE", "/api/v1/meetings/{id}", write, 0, kit.APIDelete(m.Orglife.Delete)),
		kit.R("GET", "/api/v1/meetings/{id}/photos/{photo}", read, 0, m.meetingPhoto),
		kit.R("GET", "/api/v1/orglife/orgs/{id}/members", read, 0, kit.APIGet(m.apiMeetingRoster)),
		kit.R("GET", "/api/v1/orglife/compliance", read, 0, m.apiCompliance),
	}
}
