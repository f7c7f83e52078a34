package web_test

import (
	"strings"
	"testing"

	"dangjian/internal/db/dbtest"
)

// The grid import form asks for GeoJSON.
func TestGridImportFormAsksGeoJSON(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, "sqlite"))
	r := e.login("jiyang").do("GET", "/grids/import", nil)
	want(t, "grid import form", r, 200)
	if !strings.Contains(r.body, "文件（.geojson 或 .json）") || strings.Contains(r.body, ".xlsx") {
		t.Errorf("grid import form: %.1500s", r.body)
	}
}
