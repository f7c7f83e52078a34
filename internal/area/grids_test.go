package area_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// A grid import refuses a feature whose name holds markup, by its number,
// and writes no grid.
func TestImportGridsRefusesMarkup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		lat, lng, err := area.Centre(ctx, d.Read(), w.Jiyang.Village.ID)
		if err != nil {
			t.Fatal(err)
		}
		feature := func(code, name string) string {
			return fmt.Sprintf(`{"type":"Feature","properties":{"code":%q,"name":%q,"parent_code":%q},
				"geometry":{"type":"Polygon","coordinates":[[[%[4]f,%[5]f],[%[6]f,%[5]f],[%[6]f,%[7]f],[%[4]f,%[7]f],[%[4]f,%[5]f]]]}}`,
				code, name, w.Jiyang.Village.Code, lng, lat, lng+0.001, lat+0.001)
		}
		fc := `{"type":"FeatureCollection","features":[` + feature("JY-M1", "好网格") + `,` + feature("JY-M2", `<img src=x onerror=alert(1)>`) + `]}`
		_, err = w.Areas.ImportGrids(ctx, w.Jiyang.Scope, []byte(fc))
		ae := apperr.As(err)
		if ae.Key != "err.grid.rows" || len(ae.Problems) != 1 || !reflect.DeepEqual(ae.Problems[0], apperr.Problem{Row: 2, Field: "name", Key: "err.name_markup"}) {
			t.Fatalf("import = %v %+v, want feature 2 refused for its name", err, ae.Problems)
		}
		var n int
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM areas WHERE code IN ('JY-M1', 'JY-M2')`).Scan(&n)
		if n != 0 {
			t.Errorf("%d grids written", n)
		}
		if got, err := w.Areas.ImportGrids(ctx, w.Jiyang.Scope, []byte(`{"type":"FeatureCollection","features":[`+feature("JY-M1", "好网格")+`]}`)); err != nil || got != 1 {
			t.Errorf("good import = %d, %v", got, err)
		}
	})
}

// The kinds of areas a parent cannot hold are named, not shown as codes.
func TestParentKindNamed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		_, err := w.Areas.Create(ctx, scope.Everything, area.Area{ParentID: w.Jiyang.Village.ID, Code: "460203999999", Name: "村中村", Kind: area.Village}, "")
		ae := apperr.As(err)
		if ae.Key != "err.area.parent_kind" {
			t.Fatalf("village under a village: %v", err)
		}
		for _, lang := range i18n.Locales {
			msg := i18n.T(lang, ae.Key, ae.Args)
			if !strings.Contains(msg, i18n.T(lang, "area.kind.village", nil)) || strings.Contains(msg, "village") || strings.Contains(msg, "community") || strings.Contains(msg, "{") {
				t.Errorf("%s: %q, want the kinds' names", lang, msg)
			}
		}
	})
}
