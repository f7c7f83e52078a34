package web

import (
	"dangjian/internal/auth"
	"dangjian/internal/cultivation"
)

// cultivationRoutes are the pages of dual cultivation and the recruitment pipeline (双培养).
// A pipeline is a person's: the registry permissions apply, scoped to the
// person's area and org (a branch secretary moves their own branch's people).
func (s *Server) cultivationRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/cultivation", read, 0, s.pageCultivation},
		{"GET", "/cultivation/dual", read, 0, s.pageDual},
		{"POST", "/cultivation/dual", write, 0, s.pageDualCreate},
		{"POST", "/cultivation/dual/{id}/progress", write, 0, s.pageDualProgress},
		{"GET", "/cultivation/{id}", read, 0, s.pagePipeline},
		{"POST", "/cultivation/{id}/steps", write, 0, s.pagePipelineStep},
		{"POST", "/cultivation/{id}/backfill", write, 0, s.pagePipelineBackfill},
	}
}

// cultivation is the pipeline store (stateless; made per request).
func (s *Server) cultivation() *cultivation.Store {
	return &cultivation.Store{DB: s.DB, People: s.People}
}
