package service_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// serviceMatrix holds the service network's rows of the scope matrix.
// Posts, grids and orders belong to an area: a 海棠区 official and a 海棠
// branch secretary see and change only 海棠's. The public menu, the
// locator and the district outlines are public service information by
// design; an orderer sees only their own orders.
func serviceMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	sv := func(t *testing.T) *webtest.ServiceWorld { return e.Service(t) }
	jyPost := func(t *testing.T) string { return id(sv(t).Chain[2].ID) }
	jyOrder := func(t *testing.T) string { return id(sv(t).JyOrder.ID) }
	htArea := id(e.W.Haitang.Area.ID)
	return map[string]webtest.MatrixCheck{
		"GET /posts":         webtest.ServiceHidden("/posts", "海棠测试服务中心"),
		"GET /posts/new":     webtest.Page("/posts/new"),
		"POST /posts":        webtest.FormWrite("/posts", "", url.Values{"code": {"X-P"}, "name": {"越权阵地"}, "level": {"1"}, "area_id": {id(e.W.Jiyang.Area.ID)}}, 422),
		"GET /posts/levels":  webtest.Page("/posts/levels?district_id=" + htArea),
		"POST /posts/levels": webtest.FormWrite("/posts/levels", "", url.Values{"district_id": {id(e.W.Jiyang.Area.ID)}, "name1": {"x"}, "name2": {"x"}, "name3": {"x"}, "name4": {"x"}}, 422),
		"GET /posts/batch":   webtest.Page("/posts/batch"),
		"POST /posts/batch": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			sv(t)
			webtest.FormWrite("/posts/batch", "", url.Values{"batch": {"第一批"}, "build_status": {"suspended"}}, 422)(t, e, h, b)
		},
		"GET /posts/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Foreign("GET", "/posts/{id}", nil, 404, jyPost)(t, e, h, b)
			ownPost(t, e, h)
		},
		"GET /posts/{id}/edit":     webtest.Foreign("GET", "/posts/{id}/edit", nil, 404, jyPost),
		"POST /posts/{id}":         webtest.Foreign("POST", "/posts/{id}", url.Values{"name": {"改名"}, "area_id": {htArea}}, 404, jyPost),
		"POST /posts/{id}/items":   webtest.Foreign("POST", "/posts/{id}/items", url.Values{"code": {"X-1"}, "category": {"health"}, "name": {"x"}, "limit_days": {"3"}, "unit_ids": {"1"}}, 404, jyPost),
		"POST /posts/{id}/staff":   webtest.Foreign("POST", "/posts/{id}/staff", url.Values{"name": {"越权"}}, 404, jyPost),
		"POST /posts/{id}/units":   webtest.Foreign("POST", "/posts/{id}/units", url.Values{"unit_ids": {id(e.W.Haitang.Unit.ID)}}, 404, jyPost),
		"GET /grids":               webtest.ServiceHidden("/grids", ""),
		"POST /grids/{id}/workers": webtest.Foreign("POST", "/grids/{id}/workers", url.Values{"name": {"越权网格员"}}, 404, func(t *testing.T) string { return id(sv(t).Grid.ID) }),
		"GET /locate":              locatePublic,
		"GET /orders":              webtest.ServiceHidden("/orders", ""),
		"GET /orders/{id}":         webtest.Foreign("GET", "/orders/{id}", nil, 404, jyOrder),
		"POST /orders/{id}/{step}": webtest.Foreign("POST", "/orders/{id}/dispatch", url.Values{"reason": {"x"}}, 404, jyOrder),
		"GET /service-report":      webtest.ServiceHidden("/service-report", ""),
		"GET /holidays":            webtest.Page("/holidays?year=2026"),
		"POST /holidays": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "district sets the city calendar", h.Do("POST", "/holidays", url.Values{"day": {"2026-12-25"}, "off": {"1"}, "name": {"x"}}), 403)
		},
		"GET /api-clients": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "clients", h.Do("GET", "/api-clients", nil), 403)
		},
		"POST /api-clients": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "clients", h.Do("POST", "/api-clients", url.Values{"name": {"x"}}), 403)
		},
		"GET /geo/districts.json": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "outlines", e.Anon().Do("GET", "/geo/districts.json", nil), 200)
		},
		"GET /menu": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			sv(t)
			if r := h.Do("GET", "/menu", nil); r.Code != 200 || strings.Contains(r.Body, "13912345678") {
				t.Errorf("menu: %d", r.Code)
			}
		},
		"GET /order":  webtest.Page("/order"),
		"POST /order": orderOutside,
		"GET /my/orders": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			sv(t)
			if r := h.Do("GET", "/my/orders", nil); r.Code != 200 || strings.Contains(r.Body, "上门测血压") {
				t.Errorf("my orders shows another's order: %d", r.Code)
			}
		},
		"GET /my/orders/{id}":       webtest.Foreign("GET", "/my/orders/{id}", nil, 404, jyOrder),
		"POST /my/orders/{id}/rate": webtest.Foreign("POST", "/my/orders/{id}/rate", url.Values{"rating": {"satisfied"}}, 404, jyOrder),
	}
}

func TestScopeMatrixService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		webtest.RunMatrix(t, e, e.S.RoutesOf("service"), serviceMatrix(e))
	})
}

func ownPost(t *testing.T, e *webtest.Env, h *webtest.Client) {
	r := h.Do("GET", fmt.Sprintf("/posts/%d", e.Service(t).HtPost.ID), nil)
	if r.Code != 200 || !strings.Contains(r.Body, "海棠测试服务中心") {
		t.Errorf("own post: %d", r.Code)
	}
}

// locatePublic: the locator answers for any point in Sanya (posts and
// their menus are public service information) and shows no personal data.
func locatePublic(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
	sv := e.Service(t)
	r := h.Do("GET", fmt.Sprintf("/locate?lat=%f&lng=%f&category=health", sv.GridPoint[0], sv.GridPoint[1]), nil)
	if r.Code != 200 || !strings.Contains(r.Body, "测试网格党群服务点") || strings.Contains(r.Body, "13912345678") {
		t.Errorf("locate: %d %.300s", r.Code, r.Body)
	}
	webtest.Want(t, "locate outside Sanya", h.Do("GET", "/locate?lat=39.9&lng=116.4", nil), 422)
}

// orderOutside: a bad order is refused with its message and writes nothing.
func orderOutside(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
	var before, after int
	e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&before)
	r := h.Do("POST", "/order", url.Values{"category": {"health"}, "orderer_kind": {"resident"}, "description": {"x"}, "lat": {"39.9"}, "lng": {"116.4"}, "key": {"k"}})
	webtest.Want(t, "order outside Sanya", r, 422)
	e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&after)
	if after != before {
		t.Errorf("refused order written")
	}
}
