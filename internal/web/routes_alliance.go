package web

import (
	"dangjian/internal/alliance"
	"dangjian/internal/auth"
)

// allianceRoutes are the pages of alliances (湾区大党委, chain alliances, pairings, 党建医联).
// The registry permissions apply: an alliance is read where its lead org or
// a member is in scope, and written where its lead org is.
func (s *Server) allianceRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/alliances", read, 0, s.pageAlliances},
		{"GET", "/alliances/new", write, 0, s.pageAllianceNew},
		{"POST", "/alliances", write, 0, s.pageAllianceCreate},
		{"GET", "/alliances/{id}", read, 0, s.pageAlliance},
		{"POST", "/alliances/{id}/members", write, 0, s.pageAllianceMember},
		{"POST", "/alliances/{id}/resources", write, 0, s.pageAllianceResource},
		{"POST", "/alliances/{id}/meetings", write, 0, s.pageAllianceMeeting},
		{"POST", "/alliances/{id}/tasks", write, 0, s.pageAllianceTask},
		{"POST", "/alliances/{id}/tasks/done", write, 0, s.pageAllianceTaskDone},
		{"POST", "/alliances/{id}/memoranda", write, 0, s.pageAllianceMemo},
		{"POST", "/alliances/{id}/progress", write, 0, s.pageAllianceProgress},
		{"GET", "/alliances/{id}/edit", write, 0, s.pageAllianceEdit},
		{"POST", "/alliances/{id}", write, 0, s.pageAllianceUpdate},
		{"POST", "/alliances/{id}/delete", write, 0, s.pageAllianceDelete},
	}
}

// alliances is the alliance store (stateless; made per request).
func (s *Server) alliances() *alliance.Store { return &alliance.Store{DB: s.DB} }
