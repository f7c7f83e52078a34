package area

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/geo"
	"dangjian/internal/scope"
)

// MaxGridFeatures bounds one grid import.
const MaxGridFeatures = 20000

// ImportGrids reads a GeoJSON FeatureCollection of grids and writes them
// all or none. Each feature needs properties code, name and parent_code
// (the 12-digit code of its village or community, in the caller's scope)
// and a Polygon or MultiPolygon geometry with closed rings of at least
// four points inside Sanya. Every bad feature is reported by its number.
func (s *Store) ImportGrids(ctx context.Context, sc scope.Scope, raw []byte) (int, error) {
	fc, err := geo.ParseFeatureCollection(raw)
	if err != nil {
		return 0, apperr.InvalidField("file", "err.grid.geojson")
	}
	if len(fc.Features) == 0 || len(fc.Features) > MaxGridFeatures {
		return 0, apperr.InvalidField("file", "err.grid.count").With("max", MaxGridFeatures)
	}
	var problems []apperr.Problem
	bad := func(i int, field, key string) {
		problems = append(problems, apperr.Problem{Row: i + 1, Field: field, Key: key})
	}
	type row struct {
		a    Area
		geom string
	}
	rows := make([]row, 0, len(fc.Features))
	seen := map[string]bool{}
	q := s.DB.Read()
	for i, f := range fc.Features {
		code, name, parent := prop(f.Properties, "code"), prop(f.Properties, "name"), prop(f.Properties, "parent_code")
		if code == "" || seen[code] {
			bad(i, "code", "err.grid.code")
			continue
		}
		seen[code] = true
		if strings.ContainsAny(name, "<>") {
			// Markup in a name is refused, not trusted to every place
			// that shows the name to escape it.
			bad(i, "name", "err.name_markup")
			continue
		}
		polys, err := f.Geometry.Polygons()
		if err != nil || !ringsClosed(polys) {
			bad(i, "geometry", "err.grid.geometry")
			continue
		}
		var pid int64
		var ppath string
		var pkind Kind
		err = q.QueryRowContext(ctx, `SELECT id, path, kind FROM areas WHERE code = ?`, parent).Scan(&pid, &ppath, &pkind)
		if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && (!sc.HasArea(ppath) || (pkind != Community && pkind != Village))) {
			bad(i, "parent_code", "err.grid.parent")
			continue
		} else if err != nil {
			return 0, apperr.Wrap(err, "grid parent")
		}
		c := interior(polys[0])
		if in, err := InCity(ctx, q, c[1], c[0]); err != nil {
			return 0, err
		} else if !in {
			bad(i, "geometry", "err.location_outside_city")
			continue
		}
		g, _ := json.Marshal(f.Geometry)
		a := Area{ParentID: pid, Code: code, Name: name, Kind: Grid}
		if err := a.Validate(); err != nil {
			bad(i, apperr.As(err).Field, apperr.As(err).Key)
			continue
		}
		rows = append(rows, row{a, string(g)})
	}
	if len(problems) > 0 {
		e := apperr.InvalidField("file", "err.grid.rows").With("n", len(problems))
		e.Problems = problems
		return 0, e
	}
	now := s.Clock.Stamp()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		for i := range rows {
			if _, err := insert(ctx, tx, sc, &rows[i].a, rows[i].geom, now); err != nil {
				if ae := apperr.As(err); ae.Code == apperr.Invalid {
					e := apperr.InvalidField("file", "err.grid.rows").With("n", 1)
					e.Problems = []apperr.Problem{{Row: i + 1, Field: ae.Field, Key: ae.Key, Args: ae.Args}}
					return e
				}
				return err
			}
		}
		return audit.Record(ctx, tx, "grid.import", "area", 0, map[string]any{"grids": len(rows)})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

func prop(p map[string]any, k string) string {
	v, _ := p[k].(string)
	return strings.TrimSpace(v)
}

func ringsClosed(polys []geo.Polygon) bool {
	for _, p := range polys {
		for _, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				return false
			}
		}
	}
	return len(polys) > 0
}
