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
	kit.Enum(order.Statuses)
	kit.EnumNamed("post.category", post.Categories)
}

// Routes are the module's rows of the route table (党群服务阵地,
// 点单式服务).
func (m *Module) Routes() []kit.Route {
	read, write := auth.PermServiceRead, auth.PermServiceWrite
	handle, place := auth.PermOrderHandle, auth.PermOrderPlace
	return []kit.Route{
		kit.R("GET", "/posts", read, 0, m.pagePosts),
		kit.R("GET", "/posts/new", write, 0, m.pagePostNew),
		kit.R("POST", "/posts", write, 0, m.pagePostCreate),
		kit.R("GET", "/posts/levels", write, 0, m.pagePostLevels),
		kit.R("POST", "/posts/levels", write, 0, m.pagePostLevels),
		kit.R("GET", "/posts/batch", write, 0, m.pagePostBatch),
		kit.R("POST", "/posts/batch", write, 0, m.pagePostBatch),
		kit.R("GET", "/posts/{id}", read, 0, m.pagePost),
		kit.R("GET", "/posts/{id}/edit", write, 0, m.pagePostEdit),
		kit.R("POST", "/posts/{id}", write, 0, m.pagePostUpdate),
		kit.R("POST", "/posts/{id}/items", write, 0, m.pagePostItem),
		kit.R("POST", "/posts/{id}/staff", write, 0, m.pagePostStaff),
		kit.R("POST", "/posts/{id}/units", write, 0, m.pagePostUnits),
		kit.R("GET", "/grids", read, 0, m.pageGrids),
		kit.R("POST", "/grids/{id}/workers", write, 0, m.pageGridWorker),
		kit.R("GET", "/locate", read, 0, m.pageLocate),
		kit.R("GET", "/orders", read, 0, m.pageOrders),
		kit.R("GET", "/orders/{id}", read, 0, m.pageOrder),
		kit.R("POST", "/orders/{id}/{step}", handle, 0, m.pageOrderStep),
		kit.R("GET", "/service-report", read, 0, m.pageServiceReport),
		kit.R("GET", "/holidays", read, 0, m.pageHolidays),
		kit.R("POST", "/holidays", write, 0, m.pageHolidays),
		kit.R("GET", "/api-clients", auth.PermUsersAdmin, 0, m.pageAPIClients),
		kit.R("POST", "/api-clients", auth.PermUsersAdmin, 0, m.pageAPIClients),
		kit.R("GET", "/geo/districts.json", kit.Public, 0, m.geoDistricts),
		kit.R("GET", "/menu", place, 0, m.pageMenu),
		kit.R("GET", "/order", place, 0, m.pageOrderNew),
		kit.R("POST", "/order", place, 0, m.pageOrderCreate),
		kit.R("GET", "/my/orders", place, 0, m.pageMyOrders),
		kit.R("GET", "/my/orders/{id}", place, 0, m.pageMyOrder),
		kit.R("POST", "/my/orders/{id}/rate", place, 0, m.pageMyOrderRate),
	}
}
