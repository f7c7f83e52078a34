package web

import "dangjian/internal/auth"

// serviceRoutes are the service posts' and orders' pages (党群服务阵地,
// 点单式服务). Open311 has its own table (open311Routes).
func (s *Server) serviceRoutes() []Route {
	read, write := auth.PermServiceRead, auth.PermServiceWrite
	handle, place := auth.PermOrderHandle, auth.PermOrderPlace
	upload := s.Cfg.MaxUploadBytes
	return []Route{
		{"GET", "/posts", read, 0, s.pagePosts},
		{"GET", "/posts/new", write, 0, s.pagePostNew},
		{"POST", "/posts", write, 0, s.pagePostCreate},
		{"GET", "/posts/levels", write, 0, s.pagePostLevels},
		{"POST", "/posts/levels", write, 0, s.pagePostLevels},
		{"GET", "/posts/batch", write, 0, s.pagePostBatch},
		{"POST", "/posts/batch", write, 0, s.pagePostBatch},
		{"GET", "/posts/{id}", read, 0, s.pagePost},
		{"GET", "/posts/{id}/edit", write, 0, s.pagePostEdit},
		{"POST", "/posts/{id}", write, 0, s.pagePostUpdate},
		{"POST", "/posts/{id}/items", write, 0, s.pagePostItem},
		{"POST", "/posts/{id}/staff", write, 0, s.pagePostStaff},
		{"POST", "/posts/{id}/units", write, 0, s.pagePostUnits},
		{"GET", "/grids", read, 0, s.pageGrids},
		{"GET", "/grids/import", write, 0, s.pageGridImport},
		{"POST", "/grids/import", write, upload, s.pageGridImport},
		{"POST", "/grids/{id}/workers", write, 0, s.pageGridWorker},
		{"GET", "/locate", read, 0, s.pageLocate},
		{"GET", "/orders", read, 0, s.pageOrders},
		{"GET", "/orders/{id}", read, 0, s.pageOrder},
		{"POST", "/orders/{id}/{step}", handle, 0, s.pageOrderStep},
		{"GET", "/service-report", read, 0, s.pageServiceReport},
		{"GET", "/holidays", read, 0, s.pageHolidays},
		{"POST", "/holidays", write, 0, s.pageHolidays},
		{"GET", "/api-clients", auth.PermUsersAdmin, 0, s.pageAPIClients},
		{"POST", "/api-clients", auth.PermUsersAdmin, 0, s.pageAPIClients},
		{"GET", "/geo/districts.json", Public, 0, s.geoDistricts},
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
		{"GET", "/menu", place, 0, s.pageMenu},
		{"GET", "/order", place, 0, s.pageOrderNew},
		{"POST", "/order", place, 0, s.pageOrderCreate},
		{"GET", "/my/orders", place, 0, s.pageMyOrders},
		{"GET", "/my/orders/{id}", place, 0, s.pageMyOrder},
		{"POST", "/my/orders/{id}/rate", place, 0, s.pageMyOrderRate},
	}
}
