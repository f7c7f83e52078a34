package web

import "dangjian/internal/auth"

// gapRoutes are the two-new coverage pages (消除覆盖空白点, 五个兜底): the
// gap actions, the scan that opens and closes them, and the coverage
// tables, chart and map. Exports go through /export/{kind} (gaps,
// gap-coverage).
func (s *Server) gapRoutes() []Route {
	read, write := auth.PermRegistryRead, auth.PermRegistryWrite
	return []Route{
		{"GET", "/gaps", read, 0, s.pageGaps},
		{"POST", "/gaps/scan", write, 0, s.pageGapScan},
		{"GET", "/gaps/coverage", read, 0, s.pageGapCoverage},
		{"GET", "/gaps/{id}", read, 0, s.pageGap},
		{"POST", "/gaps/{id}/{step}", write, 0, s.pageGapStep},
	}
}
