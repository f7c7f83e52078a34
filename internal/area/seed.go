package area

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"

	"dangjian/data"
	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/geo"
	"dangjian/internal/scope"
)

// CityCode is Sanya's statistical code.
const CityCode = "460200000000"

// zones are the functional zones of the seed, with the villages each
// administers that sit in a district statistically.
var zones = []struct {
	code, name string
	overlays   []string // village codes
}{
	{"460200Z01", "育才生态区", []string{"460204198230", "460204198238", "460204198236"}}, // 马亮村, 青法村, 雅林村
	{"460200Z02", "崖州湾科技城", nil},
	{"460200Z03", "中央商务区", nil},
	{"460200Z04", "现代服务业产业园", nil},
}

// Seeded reports whether the shipped areas are already loaded.
func Seeded(ctx context.Context, q db.Querier) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM areas WHERE code = ?`, CityCode).Scan(&n)
	return n > 0, err
}

// Seed loads the shipped Sanya areas: the city, its four districts with
// their boundaries, the 150 villages and communities, and the functional
// zones with their overlays. It runs in one transaction.
func Seed(ctx context.Context, d *db.DB) error {
	fc, err := geo.ParseFeatureCollection(data.DistrictsGeoJSON)
	if err != nil {
		return err
	}
	geoms := map[string]string{}
	for _, f := range fc.Features {
		b, _ := json.Marshal(f.Geometry)
		geoms[fmt.Sprint(f.ID)] = string(b)
	}
	recs, err := csv.NewReader(bytes.NewReader(data.VillagesCSV)).ReadAll()
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		sc := scope.Everything
		city := Area{Code: CityCode, Name: "三亚市", Kind: City}
		if _, err := Insert(ctx, tx, sc, &city, ""); err != nil {
			return err
		}
		districts := map[string]int64{}
		byCode := map[string]int64{}
		for _, r := range recs[1:] {
			dcode, dname := r[2], r[3]
			if _, ok := districts[dcode]; !ok {
				a := Area{ParentID: city.ID, Code: dcode + "000000", Name: dname, Kind: District}
				if _, err := Insert(ctx, tx, sc, &a, geoms[dcode]); err != nil {
					return err
				}
				districts[dcode] = a.ID
			}
			k := Village
			if !bytes.HasSuffix([]byte(r[1]), []byte("村委会")) {
				k = Community
			}
			a := Area{ParentID: districts[dcode], Code: r[0], Name: ShortName(r[1]), Kind: k}
			if _, err := Insert(ctx, tx, sc, &a, ""); err != nil {
				return err
			}
			byCode[r[0]] = a.ID
		}
		for _, z := range zones {
			a := Area{ParentID: city.ID, Code: z.code, Name: z.name, Kind: Zone}
			if _, err := Insert(ctx, tx, sc, &a, ""); err != nil {
				return err
			}
			for _, vc := range z.overlays {
				if _, err := tx.ExecContext(ctx, `INSERT INTO area_overlays (zone_id, area_id) VALUES (?,?)`, a.ID, byCode[vc]); err != nil {
					return apperr.Wrap(err, "area overlay")
				}
			}
		}
		return audit.Record(ctx, tx, "area.seed", "area", city.ID, map[string]any{"villages": len(recs) - 1})
	})
}
