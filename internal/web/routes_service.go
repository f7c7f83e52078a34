package web

import "dangjian/internal/auth"

// serviceRoutes are the coverage analysis pages and the imports behind it
// (grids, homes, sites, networks). Open311 has its own table
// (open311Routes).
func (s *Server) serviceRoutes() []Route {
	read, write := auth.PermServiceRead, auth.PermServiceWrite
	upload := s.Cfg.MaxUploadBytes
	return []Route{
		{"GET", "/grids/import", write, 0, s.pageGridImport},
		{"POST", "/grids/import", write, upload, s.pageGridImport},
		{"GET", "/coverage", read, 0, s.pageCoverage},
		{"POST", "/coverage/runs", auth.PermCoverageRun, 0, s.pageCoverageStart},
		{"GET", "/coverage/runs/{id}", read, 0, s.pageCoverageRun},
		{"GET", "/coverage/runs/{id}/map.json", read, 0, s.coverageMap},
		{"POST", "/coverage/runs/{id}/cancel", auth.PermCoverageRun, 0, s.pageCoverageCancel},
		{"POST", "/coverage/runs/{id}/rerun", auth.PermCoverageRun, 0, s.pageCoverageRerun},
		{"GET", "/homes", read, 0, s.pageHomes},
		{"POST", "/homes", write, upload, s.pageHomes},
		{"GET", "/sites", read, 0, s.pageSites},
		{"POST", "/sites", write, upload, s.pageSites},
		{"GET", "/networks", read, 0, s.pageNetworks},
		{"POST", "/networks", write, upload, s.pageNetworks},
		{"POST", "/networks/activate", write, 0, s.pageNetworkActivate},
	}
}
