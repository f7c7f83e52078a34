package area_test

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/area"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
)

// FuzzImportGrids feeds arbitrary bytes to the GeoJSON grid import. It
// must not panic; a refusal must be a user error (testfix.UserError) and
// write nothing; an accepted file writes exactly the grids it reports.
func FuzzImportGrids(f *testing.F) {
	ctx := context.Background()
	d := dbtest.Open(f, "sqlite")
	w := testfix.Build(f, d)
	lat, lng, err := area.Centre(ctx, d.Read(), w.Jiyang.Village.ID)
	if err != nil {
		f.Fatal(err)
	}
	feature := func(code, geomType, coords string) string {
		return fmt.Sprintf(`{"type":"Feature","properties":{"code":%q,"name":"网格","parent_code":%q},"geometry":{"type":%q,"coordinates":%s}}`,
			code, w.Jiyang.Village.Code, geomType, coords)
	}
	ring := fmt.Sprintf(`[[%[1]f,%[2]f],[%[3]f,%[2]f],[%[3]f,%[4]f],[%[1]f,%[4]f],[%[1]f,%[2]f]]`, lng, lat, lng+0.001, lat+0.001)
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[` + feature("FZ-1", "Polygon", "["+ring+"]") + `]}`,
		`{"type":"FeatureCollection","features":[` + feature("FZ-2", "MultiPolygon", "[["+ring+"]]") + `]}`,
		`{"type":"FeatureCollection","features":[` + feature("FZ-3", "MultiPolygon", "[[]]") + `]}`,
		`{"type":"FeatureCollection","features":[` + feature("FZ-4", "MultiPolygon", "[]") + `]}`,
		`{"type":"FeatureCollection","features":[` + feature("FZ-5", "Polygon", "[[[0,0],[1,0],[1,1],[0,0]]]") + `]}`,
		`{"type":"FeatureCollection","features":[` + feature("FZ-6", "Point", "[0,0]") + `]}`,
		`{"type":"FeatureCollection","features":[]}`,
		`{"type":"Feature"}`,
		`[1,2,3]`,
		`{"type":"FeatureCollection","features":[{"geometry":{"type":"Polygon","coordinates":"x"}}]}`,
	} {
		f.Add([]byte(s))
	}
	count := func(t *testing.T) int {
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM areas`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := count(t)
		n, err := w.Areas.ImportGrids(ctx, w.Jiyang.Scope, data)
		after := count(t)
		if err != nil {
			if bad := testfix.UserError(err, data); bad != nil {
				t.Fatalf("ImportGrids(%q): %v", data, bad)
			}
			if after != before {
				t.Fatalf("ImportGrids(%q) refused the file but wrote %d areas", data, after-before)
			}
			return
		}
		if after-before != n {
			t.Fatalf("ImportGrids(%q) = %d grids, wrote %d", data, n, after-before)
		}
	})
}
