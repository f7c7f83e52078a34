package coverage_test

import (
	"fmt"
	"net/url"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// coverageMatrix holds the coverage analysis's rows of the scope matrix:
// runs, homes and sites belong to a district, so a 海棠区 official and a
// 海棠 branch secretary neither see nor start 吉阳区's; the road network
// and the grid import are the city's.
func coverageMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyRun := func(t *testing.T) string { return id(e.JyRun(t)) }
	return map[string]webtest.MatrixCheck{
		"GET /grids/import":  webtest.Page("/grids/import"),
		"POST /grids/import": gridImportForeign,
		"GET /coverage":      webtest.ServiceHidden("/coverage", ""),
		"POST /coverage/runs": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}, "area_id": {id(e.W.Jiyang.Village.ID)}})
			webtest.Want(t, "coverage of another district", r, 422)
			webtest.NoLeak(t, "coverage start", r)
		},
		"GET /coverage/runs/{id}":          webtest.Foreign("GET", "/coverage/runs/{id}", nil, 404, jyRun),
		"GET /coverage/runs/{id}/map.json": webtest.Foreign("GET", "/coverage/runs/{id}/map.json", nil, 404, jyRun),
		"POST /coverage/runs/{id}/cancel":  webtest.Foreign("POST", "/coverage/runs/{id}/cancel", url.Values{}, 404, jyRun),
		"POST /coverage/runs/{id}/rerun":   webtest.Foreign("POST", "/coverage/runs/{id}/rerun", url.Values{}, 404, jyRun),
		"GET /homes":                       webtest.ServiceHidden("/homes", ""),
		"POST /homes":                      uploadForeign("/homes", "homes"),
		"GET /sites":                       webtest.ServiceHidden("/sites", ""),
		"POST /sites":                      uploadForeign("/sites", "sites"),
		"GET /networks":                    webtest.Page("/networks"),
		"POST /networks": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("POST", "/networks", webtest.FileUpload(t, map[string]string{"csrf": h.Csrf}, "x.osm", []byte("<osm/>")))
			webtest.Want(t, "a district replaces the city's network", r, 403)
		},
		"POST /networks/activate": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "a district switches the city's network", h.Do("POST", "/networks/activate", url.Values{"id": {"0"}}), 403)
		},
	}
}

func TestScopeMatrixCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		webtest.RunMatrix(t, e, e.S.RoutesOf("coverage"), coverageMatrix(e))
	})
}

// gridImportForeign uploads a grid under a 吉阳区 village: refused, and
// nothing written.
func gridImportForeign(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
	gj := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X-G","name":"越权网格","parent_code":"%s"},
		"geometry":{"type":"Polygon","coordinates":[[[109.5,18.3],[109.501,18.3],[109.501,18.301],[109.5,18.301],[109.5,18.3]]]}}]}`, e.W.Jiyang.Village.Code)
	r := h.Do("POST", "/grids/import", webtest.FileUpload(t, map[string]string{"csrf": h.Csrf}, "g.geojson", []byte(gj)))
	webtest.Want(t, "foreign grid import", r, 422)
	webtest.NoLeak(t, "grid import", r)
	var n int
	e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM areas WHERE code = 'X-G'`).Scan(&n)
	if n != 0 {
		t.Errorf("foreign grid written")
	}
}

// uploadForeign uploads points in 吉阳区 as 海棠区: nothing lies in the
// caller's scope, so nothing is written.
func uploadForeign(path, table string) webtest.MatrixCheck {
	return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
		sv := e.Service(t)
		csv := fmt.Sprintf("lat,lng,people\n%f,%f,5\n", sv.GridPoint[0], sv.GridPoint[1])
		if table == "sites" {
			csv = fmt.Sprintf("lat,lng,name\n%f,%f,越权场地\n", sv.GridPoint[0], sv.GridPoint[1])
		}
		r := h.Do("POST", path, webtest.FileUpload(t, map[string]string{"csrf": h.Csrf}, "x.csv", []byte(csv)))
		webtest.Want(t, "foreign upload "+path, r, 422)
		webtest.NoLeak(t, path, r)
		var n int
		e.S.DB.Read().QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n)
		if n != 0 {
			t.Errorf("%s: %d rows written from another district", path, n)
		}
	}
}
