// Package service is the HTTP side of the service network (党群服务阵地,
// 点单式服务): its pages and exports. The service permissions apply; a
// post or an order is read and written where its area is in scope.
package service

import (
	"embed"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/order"
	"dangjian/internal/pii"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// Templates are the pages only this module renders.
//
//go:embed templates/*.html
var Templates embed.FS

// Module serves the service network's pages: posts and their menus, the
// orders (staff's side and the orderer's), grids and the locator, the
// satisfaction report, the working-day calendar and the Open311 API
// clients.
type Module struct {
	*kit.Kit
	DB     *db.DB
	Vault  *pii.Vault
	Auth   *auth.Store
	Areas  *area.Store
	Posts  *post.Store
	Orders *order.Store
}

// The enums the module's list filters read (kit.DecodeQuery).
func init() {
	kit.Enum(post.BuildStatuses)
}

// Routes are the module's rows of the route table (党群服务阵地,
// 点单式服务).
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermServiceRead, auth.PermServiceWrite
	handle, place := auth.PermOrderHandle, auth.PermOrderPlace
	return []kit.Route{
		{"GET", "/posts", read, 0, m.pagePosts},
		{"GET", "/posts/new", write, 0, m.pagePostNew},
		{"POST", "/posts", write, 0, m.pagePostCreate},
		{"GET", "/posts/levels", write, 0, m.pagePostLevels},
		{"POST", "/posts/levels", write, 0, m.pagePostLevels},
		{"GET", "/posts/batch", write, 0, m.pagePostBatch},
		{"POST", "/posts/batch", write, 0, m.pagePostBatch},
		{"GET", "/posts/{id}", read, 0, m.pagePost},
		{"GET", "/posts/{id}/edit", write, 0, m.pagePostEdit},
		{"POST", "/posts/{id}", write, 0, m.pagePostUpdate},
		{"POST", "/posts/{id}/items", write, 0, m.pagePostItem},
		{"POST", "/posts/{id}/staff", write, 0, m.pagePostStaff},
		{"POST", "/posts/{id}/units", write, 0, m.pagePostUnits},
		{"GET", "/grids", read, 0, m.pageGrids},
		{"POST", "/grids/{id}/workers", write, 0, m.pageGridWorker},
		{"GET", "/locate", read, 0, m.pageLocate},
		{"GET", "/orders", read, 0, m.pageOrders},
		{"GET", "/orders/{id}", read, 0, m.pageOrder},
		{"POST", "/orders/{id}/{step}", handle, 0, m.pageOrderStep},
		{"GET", "/service-report", read, 0, m.pageServiceReport},
		{"GET", "/holidays", read, 0, m.pageHolidays},
		{"POST", "/holidays", write, 0, m.pageHolidays},
		{"GET", "/api-clients", auth.PermUsersAdmin, 0, m.pageAPIClients},
		{"POST", "/api-clients", auth.PermUsersAdmin, 0, m.pageAPIClients},
		{"GET", "/geo/districts.json", kit.Public, 0, m.geoDistricts},
		{"GET", "/menu", place, 0, m.pageMenu},
		{"GET", "/order", place, 0, m.pageOrderNew},
		{"POST", "/order", place, 0, m.pageOrderCreate},
		{"GET", "/my/orders", place, 0, m.pageMyOrders},
		{"GET", "/my/orders/{id}", place, 0, m.pageMyOrder},
		{"POST", "/my/orders/{id}/rate", place, 0, m.pageMyOrderRate},
	}
}
