package coverage_test

import (
	"strings"
	"testing"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// The grid import form asks for GeoJSON.
func TestGridImportFormAsksGeoJSON(t *testing.T) {
	e := webtest.NewEnv(t, dbtest.Open(t, "sqlite"))
	r := e.Login("jiyang").Do("GET", "/grids/import", nil)
	webtest.Want(t, "grid import form", r, 200)
	if !strings.Contains(r.Body, "文件（.geojson 或 .json）") || strings.Contains(r.Body, ".xlsx") {
		t.Errorf("grid import form: %.1500s", r.Body)
	}
}
