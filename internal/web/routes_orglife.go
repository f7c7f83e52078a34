package web

import (
	"dangjian/internal/assess"
	"dangjian/internal/auth"
	"dangjian/internal/orglife"
)

// orglifeRoutes are the organizational-life pages (三会一课, compliance).
// Meetings belong to an org: the registry permissions apply, scoped to the
// org's path (a branch secretary records their own branch's meetings).
func (s *Server) orglifeRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	// A meeting with its photos: up to MaxPhotos of 2 MB each, and the text.
	body := int64(orglife.MaxPhotos*orglife.MaxPhotoBytes + 2<<20)
	return []Route{
		{"GET", "/orglife", read, 0, s.pageMeetings},
		{"GET", "/orglife/new", write, 0, s.pageMeetingNew},
		{"POST", "/orglife", write, body, s.pageMeetingCreate},
		{"GET", "/orglife/compliance", read, 0, s.pageCompliance},
		{"GET", "/orglife/{id}", read, 0, s.pageMeeting},
		{"GET", "/orglife/{id}/photos/{photo}", read, 0, s.meetingPhoto},
		{"GET", "/orglife/{id}/edit", write, 0, s.pageMeetingEdit},
		{"POST", "/orglife/{id}", write, body, s.pageMeetingUpdate},
		{"POST", "/orglife/{id}/delete", write, 0, s.pageMeetingDelete},
	}
}

// orglife is the meeting store; every meeting write updates the open
// assessment runs in the same transaction.
func (s *Server) orglife() *orglife.Store {
	return &orglife.Store{DB: s.DB, Changed: (&assess.Store{DB: s.DB}).MeetingRecorded}
}
