package web

import (
	"dangjian/internal/auth"
	"dangjian/internal/weak"
)

// weakRoutes are the pages of weak-branch detection, rectification and supervision (软弱涣散, 整顿, 督查).
// The registry permissions apply; a case or visit is read and written where
// its org is in scope.
func (s *Server) weakRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/weak", read, 0, s.pageWeak},
		{"POST", "/weak/detect", write, 0, s.pageWeakDetect},
		{"GET", "/weak/{id}", read, 0, s.pageWeakCase},
		{"POST", "/weak/{id}/tasks", write, 0, s.pageWeakTask},
		{"POST", "/weak/{id}/tasks/done", write, 0, s.pageWeakTaskDone},
		{"POST", "/weak/{id}/instructor", write, 0, s.pageWeakInstructor},
		{"GET", "/supervision", read, 0, s.pageVisits},
		{"GET", "/supervision/new", write, 0, s.pageVisitNew},
		{"POST", "/supervision", write, 0, s.pageVisitCreate},
		{"GET", "/supervision/{id}", read, 0, s.pageVisit},
		{"POST", "/supervision/{id}/link", write, 0, s.pageVisitLink},
	}
}

// weaks is the weak-branch store (stateless; made per request).
func (s *Server) weaks() *weak.Store { return &weak.Store{DB: s.DB} }
