package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The service network's rows of the scope matrix. Posts, grids and orders
// belong to an area: a 海棠区 official and a 海棠 branch secretary see and
// change only 海棠's. The public menu, the locator and the district
// outlines are public service information by design; an orderer sees only
// their own orders.
func serviceMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	sv := func(t *testing.T) *serviceWorld { return e.service(t) }
	jyPost := func(t *testing.T) string { return id(sv(t).Chain[2].ID) }
	jyOrder := func(t *testing.T) string { return id(sv(t).jyOrder.ID) }
	jyRun := func(t *testing.T) string { return id(e.jyRun(t)) }
	// hidden checks a page in both 海棠 accounts: 200, none of 吉阳's
	// posts, grids or orders, and (for the official) their own text.
	hidden := func(path, own string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			sv(t)
			for who, c := range map[string]*client{"district": h, "branch": b} {
				r := c.do("GET", path, nil)
				want(t, who+" "+path, r, 200)
				noLeak(t, who+" "+path, r)
				for _, s := range []string{"测试社区党群服务站", "测试第一网格", "上门测血压", "13912345678"} {
					if strings.Contains(r.body, s) {
						t.Errorf("%s %s leaks %q", who, path, s)
					}
				}
			}
			if r := h.do("GET", path, nil); own != "" && !strings.Contains(r.body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	foreign := func(method, pattern string, body url.Values, code int, ref func(*testing.T) string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := strings.Replace(pattern, "{id}", ref(t), 1)
			for who, c := range map[string]*client{"district": h, "branch": b} {
				var r resp
				if method == "GET" {
					r = c.do("GET", p, nil)
				} else {
					r = c.do("POST", p, cloneForm(body))
				}
				want(t, who+" "+method+" "+p, r, code, 403)
				noLeak(t, who+" "+p, r)
			}
		}
	}
	page := func(path string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) { want(t, path, h.do("GET", path, nil), 200) }
	}
	htArea := id(e.w.Haitang.Area.ID)
	return map[string]matrixCheck{
		"GET /posts":         hidden("/posts", "海棠测试服务中心"),
		"GET /posts/new":     page("/posts/new"),
		"POST /posts":        formWrite("/posts", "", url.Values{"code": {"X-P"}, "name": {"越权阵地"}, "level": {"1"}, "area_id": {id(e.w.Jiyang.Area.ID)}}, 422),
		"GET /posts/levels":  page("/posts/levels?district_id=" + htArea),
		"POST /posts/levels": formWrite("/posts/levels", "", url.Values{"district_id": {id(e.w.Jiyang.Area.ID)}, "name1": {"x"}, "name2": {"x"}, "name3": {"x"}, "name4": {"x"}}, 422),
		"GET /posts/batch":   page("/posts/batch"),
		"POST /posts/batch": func(t *testing.T, e *env, h, b *client) {
			sv(t)
			formWrite("/posts/batch", "", url.Values{"batch": {"第一批"}, "build_status": {"suspended"}}, 422)(t, e, h, b)
		},
		"GET /posts/{id}": func(t *testing.T, e *env, h, b *client) {
			foreign("GET", "/posts/{id}", nil, 404, jyPost)(t, e, h, b)
			ownPost(t, e, h)
		},
		"GET /posts/{id}/edit":     foreign("GET", "/posts/{id}/edit", nil, 404, jyPost),
		"POST /posts/{id}":         foreign("POST", "/posts/{id}", url.Values{"name": {"改名"}, "area_id": {htArea}}, 404, jyPost),
		"POST /posts/{id}/items":   foreign("POST", "/posts/{id}/items", url.Values{"code": {"X-1"}, "category": {"health"}, "name": {"x"}, "limit_days": {"3"}, "unit_ids": {"1"}}, 404, jyPost),
		"POST /posts/{id}/staff":   foreign("POST", "/posts/{id}/staff", url.Values{"name": {"越权"}}, 404, jyPost),
		"POST /posts/{id}/units":   foreign("POST", "/posts/{id}/units", url.Values{"unit_ids": {id(e.w.Haitang.Unit.ID)}}, 404, jyPost),
		"GET /grids":               hidden("/grids", ""),
		"GET /grids/import":        page("/grids/import"),
		"POST /grids/{id}/workers": foreign("POST", "/grids/{id}/workers", url.Values{"name": {"越权网格员"}}, 404, func(t *testing.T) string { return id(sv(t).Grid.ID) }),
		"POST /grids/import":       gridImportForeign,
		"GET /locate":              locatePublic,
		"GET /orders":              hidden("/orders", ""),
		"GET /orders/{id}":         foreign("GET", "/orders/{id}", nil, 404, jyOrder),
		"POST /orders/{id}/{step}": foreign("POST", "/orders/{id}/dispatch", url.Values{"reason": {"x"}}, 404, jyOrder),
		"GET /service-report":      hidden("/service-report", ""),
		"GET /holidays":            page("/holidays?year=2026"),
		"POST /holidays": func(t *testing.T, e *env, h, b *client) {
			want(t, "district sets the city calendar", h.do("POST", "/holidays", url.Values{"day": {"2026-12-25"}, "off": {"1"}, "name": {"x"}}), 403)
		},
		"GET /api-clients": func(t *testing.T, e *env, h, b *client) { want(t, "clients", h.do("GET", "/api-clients", nil), 403) },
		"POST /api-clients": func(t *testing.T, e *env, h, b *client) {
			want(t, "clients", h.do("POST", "/api-clients", url.Values{"name": {"x"}}), 403)
		},
		"GET /geo/districts.json": func(t *testing.T, e *env, h, b *client) {
			want(t, "outlines", e.anon().do("GET", "/geo/districts.json", nil), 200)
		},
		"GET /menu": func(t *testing.T, e *env, h, b *client) {
			sv(t)
			if r := h.do("GET", "/menu", nil); r.code != 200 || strings.Contains(r.body, "13912345678") {
				t.Errorf("menu: %d", r.code)
			}
		},
		"GET /order":  page("/order"),
		"POST /order": orderOutside,
		"GET /my/orders": func(t *testing.T, e *env, h, b *client) {
			sv(t)
			if r := h.do("GET", "/my/orders", nil); r.code != 200 || strings.Contains(r.body, "上门测血压") {
				t.Errorf("my orders shows another's order: %d", r.code)
			}
		},
		"GET /my/orders/{id}": foreign("GET", "/my/orders/{id}", nil, 404, jyOrder),
		"GET /coverage":       hidden("/coverage", ""),
		"POST /coverage/runs": func(t *testing.T, e *env, h, b *client) {
			r := h.do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}, "area_id": {id(e.w.Jiyang.Village.ID)}})
			want(t, "coverage of another district", r, 422)
			noLeak(t, "coverage start", r)
		},
		"GET /coverage/runs/{id}":          foreign("GET", "/coverage/runs/{id}", nil, 404, jyRun),
		"GET /coverage/runs/{id}/map.json": foreign("GET", "/coverage/runs/{id}/map.json", nil, 404, jyRun),
		"POST /coverage/runs/{id}/cancel":  foreign("POST", "/coverage/runs/{id}/cancel", url.Values{}, 404, jyRun),
		"POST /coverage/runs/{id}/rerun":   foreign("POST", "/coverage/runs/{id}/rerun", url.Values{}, 404, jyRun),
		"GET /homes":                       hidden("/homes", ""),
		"POST /homes":                      uploadForeign("/homes", "homes"),
		"GET /sites":                       hidden("/sites", ""),
		"POST /sites":                      uploadForeign("/sites", "sites"),
		"GET /networks":                    page("/networks"),
		"POST /networks": func(t *testing.T, e *env, h, b *client) {
			r := h.do("POST", "/networks", fileUpload(t, map[string]string{"csrf": h.csrf}, "x.osm", []byte("<osm/>")))
			want(t, "a district replaces the city's network", r, 403)
		},
		"POST /networks/activate": func(t *testing.T, e *env, h, b *client) {
			want(t, "a district switches the city's network", h.do("POST", "/networks/activate", url.Values{"id": {"0"}}), 403)
		},
		"POST /my/orders/{id}/rate": foreign("POST", "/my/orders/{id}/rate", url.Values{"rating": {"satisfied"}}, 404, jyOrder),
	}
}

func ownPost(t *testing.T, e *env, h *client) {
	r := h.do("GET", fmt.Sprintf("/posts/%d", e.service(t).htPost.ID), nil)
	if r.code != 200 || !strings.Contains(r.body, "海棠测试服务中心") {
		t.Errorf("own post: %d", r.code)
	}
}

// gridImportForeign uploads a grid under a 吉阳区 village: refused, and
// nothing written.
func gridImportForeign(t *testing.T, e *env, h, b *client) {
	gj := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X-G","name":"越权网格","parent_code":"%s"},
		"geometry":{"type":"Polygon","coordinates":[[[109.5,18.3],[109.501,18.3],[109.501,18.301],[109.5,18.301],[109.5,18.3]]]}}]}`, e.w.Jiyang.Village.Code)
	r := h.do("POST", "/grids/import", fileUpload(t, map[string]string{"csrf": h.csrf}, "g.geojson", []byte(gj)))
	want(t, "foreign grid import", r, 422)
	noLeak(t, "grid import", r)
	var n int
	e.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM areas WHERE code = 'X-G'`).Scan(&n)
	if n != 0 {
		t.Errorf("foreign grid written")
	}
}

// locatePublic: the locator answers for any point in Sanya (posts and
// their menus are public service information) and shows no personal data.
func locatePublic(t *testing.T, e *env, h, b *client) {
	sv := e.service(t)
	r := h.do("GET", fmt.Sprintf("/locate?lat=%f&lng=%f&category=health", sv.GridPoint[0], sv.GridPoint[1]), nil)
	if r.code != 200 || !strings.Contains(r.body, "测试网格党群服务点") || strings.Contains(r.body, "13912345678") {
		t.Errorf("locate: %d %.300s", r.code, r.body)
	}
	want(t, "locate outside Sanya", h.do("GET", "/locate?lat=39.9&lng=116.4", nil), 422)
}

// orderOutside: a bad order is refused with its message and writes nothing.
func orderOutside(t *testing.T, e *env, h, b *client) {
	var before, after int
	e.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&before)
	r := h.do("POST", "/order", url.Values{"category": {"health"}, "orderer_kind": {"resident"}, "description": {"x"}, "lat": {"39.9"}, "lng": {"116.4"}, "key": {"k"}})
	want(t, "order outside Sanya", r, 422)
	e.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&after)
	if after != before {
		t.Errorf("refused order written")
	}
}

// uploadForeign uploads points in 吉阳区 as 海棠区: nothing lies in the
// caller's scope, so nothing is written.
func uploadForeign(path, table string) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		sv := e.service(t)
		csv := fmt.Sprintf("lat,lng,people\n%f,%f,5\n", sv.GridPoint[0], sv.GridPoint[1])
		if table == "sites" {
			csv = fmt.Sprintf("lat,lng,name\n%f,%f,越权场地\n", sv.GridPoint[0], sv.GridPoint[1])
		}
		r := h.do("POST", path, fileUpload(t, map[string]string{"csrf": h.csrf}, "x.csv", []byte(csv)))
		want(t, "foreign upload "+path, r, 422)
		noLeak(t, path, r)
		var n int
		e.s.DB.Read().QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n)
		if n != 0 {
			t.Errorf("%s: %d rows written from another district", path, n)
		}
	}
}
