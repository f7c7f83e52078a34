package webtest

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
func ServiceMatrix(e *Env) map[string]MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	sv := func(t *testing.T) *ServiceWorld { return e.Service(t) }
	jyPost := func(t *testing.T) string { return id(sv(t).Chain[2].ID) }
	jyOrder := func(t *testing.T) string { return id(sv(t).jyOrder.ID) }
	jyRun := func(t *testing.T) string { return id(e.jyRun(t)) }
	// hidden checks a page in both 海棠 accounts: 200, none of 吉阳's
	// posts, grids or orders, and (for the official) their own text.
	hidden := func(path, own string) MatrixCheck {
		return func(t *testing.T, e *Env, h, b *Client) {
			sv(t)
			for who, c := range map[string]*Client{"district": h, "branch": b} {
				r := c.Do("GET", path, nil)
				Want(t, who+" "+path, r, 200)
				NoLeak(t, who+" "+path, r)
				for _, s := range []string{"测试社区党群服务站", "测试第一网格", "上门测血压", "13912345678"} {
					if strings.Contains(r.Body, s) {
						t.Errorf("%s %s leaks %q", who, path, s)
					}
				}
			}
			if r := h.Do("GET", path, nil); own != "" && !strings.Contains(r.Body, own) {
				t.Errorf("%s: own %q missing", path, own)
			}
		}
	}
	foreign := func(method, pattern string, body url.Values, code int, ref func(*testing.T) string) MatrixCheck {
		return func(t *testing.T, e *Env, h, b *Client) {
			p := strings.Replace(pattern, "{id}", ref(t), 1)
			for who, c := range map[string]*Client{"district": h, "branch": b} {
				var r Resp
				if method == "GET" {
					r = c.Do("GET", p, nil)
				} else {
					r = c.Do("POST", p, CloneForm(body))
				}
				Want(t, who+" "+method+" "+p, r, code, 403)
				NoLeak(t, who+" "+p, r)
			}
		}
	}
	page := func(path string) MatrixCheck {
		return func(t *testing.T, e *Env, h, b *Client) { Want(t, path, h.Do("GET", path, nil), 200) }
	}
	htArea := id(e.W.Haitang.Area.ID)
	return map[string]MatrixCheck{
		"GET /posts":         hidden("/posts", "海棠测试服务中心"),
		"GET /posts/new":     page("/posts/new"),
		"POST /posts":        FormWrite("/posts", "", url.Values{"code": {"X-P"}, "name": {"越权阵地"}, "level": {"1"}, "area_id": {id(e.W.Jiyang.Area.ID)}}, 422),
		"GET /posts/levels":  page("/posts/levels?district_id=" + htArea),
		"POST /posts/levels": FormWrite("/posts/levels", "", url.Values{"district_id": {id(e.W.Jiyang.Area.ID)}, "name1": {"x"}, "name2": {"x"}, "name3": {"x"}, "name4": {"x"}}, 422),
		"GET /posts/batch":   page("/posts/batch"),
		"POST /posts/batch": func(t *testing.T, e *Env, h, b *Client) {
			sv(t)
			FormWrite("/posts/batch", "", url.Values{"batch": {"第一批"}, "build_status": {"suspended"}}, 422)(t, e, h, b)
		},
		"GET /posts/{id}": func(t *testing.T, e *Env, h, b *Client) {
			foreign("GET", "/posts/{id}", nil, 404, jyPost)(t, e, h, b)
			ownPost(t, e, h)
		},
		"GET /posts/{id}/edit":     foreign("GET", "/posts/{id}/edit", nil, 404, jyPost),
		"POST /posts/{id}":         foreign("POST", "/posts/{id}", url.Values{"name": {"改名"}, "area_id": {htArea}}, 404, jyPost),
		"POST /posts/{id}/items":   foreign("POST", "/posts/{id}/items", url.Values{"code": {"X-1"}, "category": {"health"}, "name": {"x"}, "limit_days": {"3"}, "unit_ids": {"1"}}, 404, jyPost),
		"POST /posts/{id}/staff":   foreign("POST", "/posts/{id}/staff", url.Values{"name": {"越权"}}, 404, jyPost),
		"POST /posts/{id}/units":   foreign("POST", "/posts/{id}/units", url.Values{"unit_ids": {id(e.W.Haitang.Unit.ID)}}, 404, jyPost),
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
		"POST /holidays": func(t *testing.T, e *Env, h, b *Client) {
			Want(t, "district sets the city calendar", h.Do("POST", "/holidays", url.Values{"day": {"2026-12-25"}, "off": {"1"}, "name": {"x"}}), 403)
		},
		"GET /api-clients": func(t *testing.T, e *Env, h, b *Client) { Want(t, "clients", h.Do("GET", "/api-clients", nil), 403) },
		"POST /api-clients": func(t *testing.T, e *Env, h, b *Client) {
			Want(t, "clients", h.Do("POST", "/api-clients", url.Values{"name": {"x"}}), 403)
		},
		"GET /geo/districts.json": func(t *testing.T, e *Env, h, b *Client) {
			Want(t, "outlines", e.Anon().Do("GET", "/geo/districts.json", nil), 200)
		},
		"GET /menu": func(t *testing.T, e *Env, h, b *Client) {
			sv(t)
			if r := h.Do("GET", "/menu", nil); r.Code != 200 || strings.Contains(r.Body, "13912345678") {
				t.Errorf("menu: %d", r.Code)
			}
		},
		"GET /order":  page("/order"),
		"POST /order": orderOutside,
		"GET /my/orders": func(t *testing.T, e *Env, h, b *Client) {
			sv(t)
			if r := h.Do("GET", "/my/orders", nil); r.Code != 200 || strings.Contains(r.Body, "上门测血压") {
				t.Errorf("my orders shows another's order: %d", r.Code)
			}
		},
		"GET /my/orders/{id}": foreign("GET", "/my/orders/{id}", nil, 404, jyOrder),
		"GET /coverage":       hidden("/coverage", ""),
		"POST /coverage/runs": func(t *testing.T, e *Env, h, b *Client) {
			r := h.Do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}, "area_id": {id(e.W.Jiyang.Village.ID)}})
			Want(t, "coverage of another district", r, 422)
			NoLeak(t, "coverage start", r)
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
		"POST /networks": func(t *testing.T, e *Env, h, b *Client) {
			r := h.Do("POST", "/networks", FileUpload(t, map[string]string{"csrf": h.Csrf}, "x.osm", []byte("<osm/>")))
			Want(t, "a district replaces the city's network", r, 403)
		},
		"POST /networks/activate": func(t *testing.T, e *Env, h, b *Client) {
			Want(t, "a district switches the city's network", h.Do("POST", "/networks/activate", url.Values{"id": {"0"}}), 403)
		},
		"POST /my/orders/{id}/rate": foreign("POST", "/my/orders/{id}/rate", url.Values{"rating": {"satisfied"}}, 404, jyOrder),
	}
}

func ownPost(t *testing.T, e *Env, h *Client) {
	r := h.Do("GET", fmt.Sprintf("/posts/%d", e.Service(t).htPost.ID), nil)
	if r.Code != 200 || !strings.Contains(r.Body, "海棠测试服务中心") {
		t.Errorf("own post: %d", r.Code)
	}
}

// gridImportForeign uploads a grid under a 吉阳区 village: refused, and
// nothing written.
func gridImportForeign(t *testing.T, e *Env, h, b *Client) {
	gj := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X-G","name":"越权网格","parent_code":"%s"},
		"geometry":{"type":"Polygon","coordinates":[[[109.5,18.3],[109.501,18.3],[109.501,18.301],[109.5,18.301],[109.5,18.3]]]}}]}`, e.W.Jiyang.Village.Code)
	r := h.Do("POST", "/grids/import", FileUpload(t, map[string]string{"csrf": h.Csrf}, "g.geojson", []byte(gj)))
	Want(t, "foreign grid import", r, 422)
	NoLeak(t, "grid import", r)
	var n int
	e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM areas WHERE code = 'X-G'`).Scan(&n)
	if n != 0 {
		t.Errorf("foreign grid written")
	}
}

// locatePublic: the locator answers for any point in Sanya (posts and
// their menus are public service information) and shows no personal data.
func locatePublic(t *testing.T, e *Env, h, b *Client) {
	sv := e.Service(t)
	r := h.Do("GET", fmt.Sprintf("/locate?lat=%f&lng=%f&category=health", sv.GridPoint[0], sv.GridPoint[1]), nil)
	if r.Code != 200 || !strings.Contains(r.Body, "测试网格党群服务点") || strings.Contains(r.Body, "13912345678") {
		t.Errorf("locate: %d %.300s", r.Code, r.Body)
	}
	Want(t, "locate outside Sanya", h.Do("GET", "/locate?lat=39.9&lng=116.4", nil), 422)
}

// orderOutside: a bad order is refused with its message and writes nothing.
func orderOutside(t *testing.T, e *Env, h, b *Client) {
	var before, after int
	e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&before)
	r := h.Do("POST", "/order", url.Values{"category": {"health"}, "orderer_kind": {"resident"}, "description": {"x"}, "lat": {"39.9"}, "lng": {"116.4"}, "key": {"k"}})
	Want(t, "order outside Sanya", r, 422)
	e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM orders`).Scan(&after)
	if after != before {
		t.Errorf("refused order written")
	}
}

// uploadForeign uploads points in 吉阳区 as 海棠区: nothing lies in the
// caller's scope, so nothing is written.
func uploadForeign(path, table string) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		sv := e.Service(t)
		csv := fmt.Sprintf("lat,lng,people\n%f,%f,5\n", sv.GridPoint[0], sv.GridPoint[1])
		if table == "sites" {
			csv = fmt.Sprintf("lat,lng,name\n%f,%f,越权场地\n", sv.GridPoint[0], sv.GridPoint[1])
		}
		r := h.Do("POST", path, FileUpload(t, map[string]string{"csrf": h.Csrf}, "x.csv", []byte(csv)))
		Want(t, "foreign upload "+path, r, 422)
		NoLeak(t, path, r)
		var n int
		e.S.DB.Read().QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n)
		if n != 0 {
			t.Errorf("%s: %d rows written from another district", path, n)
		}
	}
}
