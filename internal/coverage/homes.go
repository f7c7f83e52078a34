package coverage

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Store keeps homes, candidate sites, walking networks and runs.
type Store struct {
	DB      *db.DB
	Locator *area.Locator
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
	nets  netCache
	runs  runRegistry
}

// MaxImport bounds one import of homes or sites.
const MaxImport = 2_000_000

// ImportResult says what an import wrote and what it left out, and why.
type ImportResult struct {
	Added          int `json:"added"`
	People         int `json:"people"`
	OutsideCity    int `json:"outside_city"`  // points outside Sanya: excluded, counted
	OutsideScope   int `json:"outside_scope"` // points in another district than the caller's: excluded
	ExcludedPeople int `json:"excluded_people"`
}

// point is one parsed home or site.
type point struct {
	code     string
	lat, lng float64
	people   int
	name     string
}

// ImportHomes reads homes from CSV (lat,lng,people[,code] with a header
// row) or a GeoJSON FeatureCollection of Points (properties people and
// optionally code). A malformed row refuses the whole file with its row
// number; points outside Sanya or outside the caller's scope are left out
// and counted; the rest is written in one transaction.
func (s *Store) ImportHomes(ctx context.Context, sc scope.Scope, raw []byte, batch string) (ImportResult, error) {
	pts, err := parsePoints(raw, true)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, p := range pts {
			pl, ok, err := s.place(ctx, sc, p, &res)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO homes (code, area_id, area_path, lat, lng, people, batch, created_at) VALUES (?,?,?,?,?,?,?,?)`,
				p.code, pl.AreaID, pl.Path, p.lat, p.lng, p.people, batch, s.Clock.Stamp()); err != nil {
				return apperr.Wrap(err, "homes insert")
			}
			res.Added++
			res.People += p.people
		}
		if res.Added == 0 {
			return apperr.InvalidField("file", "err.coverage.nothing_inside")
		}
		return audit.Record(ctx, tx, "homes.import", "homes", 0, res)
	})
	return res, err
}

// place locates a point and checks it against the city and the scope.
func (s *Store) place(ctx context.Context, sc scope.Scope, p point, res *ImportResult) (area.Place, bool, error) {
	pl, err := s.Locator.Locate(ctx, p.lat, p.lng)
	if apperr.CodeOf(err) == apperr.Invalid {
		res.OutsideCity++
		res.ExcludedPeople += p.people
		return pl, false, nil
	} else if err != nil {
		return pl, false, err
	}
	if !sc.HasArea(pl.Path) {
		res.OutsideScope++
		res.ExcludedPeople += p.people
		return pl, false, nil
	}
	return pl, true, nil
}

func rowErr(row int, field, key string) error {
	e := apperr.InvalidField("file", "err.coverage.rows").With("n", 1)
	e.Problems = []apperr.Problem{{Row: row, Field: field, Key: key}}
	return e
}

// parsePoints reads CSV or GeoJSON points. withPeople requires a head
// count; without it the optional fourth column or property is a name.
func parsePoints(raw []byte, withPeople bool) ([]point, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")))
	if len(trimmed) == 0 {
		return nil, apperr.InvalidField("file", "err.import.file")
	}
	if trimmed[0] == '{' {
		return parseGeoJSONPoints(trimmed, withPeople)
	}
	r := csv.NewReader(bytes.NewReader(trimmed))
	r.FieldsPerRecord = -1
	var out []point
	for row := 1; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rowErr(row, "", "err.coverage.csv")
		}
		if row == 1 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "lat") {
			continue // the header
		}
		p, err := csvPoint(rec, withPeople)
		if err != nil {
			return nil, rowErr(row, apperr.As(err).Field, apperr.As(err).Key)
		}
		if out = append(out, p); len(out) > MaxImport {
			return nil, apperr.InvalidField("file", "err.coverage.too_many").With("max", MaxImport)
		}
	}
	if len(out) == 0 {
		return nil, apperr.InvalidField("file", "err.import.file")
	}
	return out, nil
}

func csvPoint(rec []string, withPeople bool) (point, error) {
	var p point
	need := 2
	if withPeople {
		need = 3
	}
	if len(rec) < need {
		return p, apperr.InvalidField("columns", "err.coverage.columns")
	}
	var err error
	// !(in range) rather than out of range: NaN is in no range.
	if p.lat, err = strconv.ParseFloat(strings.TrimSpace(rec[0]), 64); err != nil || !(p.lat >= -90 && p.lat <= 90) {
		return p, apperr.InvalidField("lat", "err.coverage.lat")
	}
	if p.lng, err = strconv.ParseFloat(strings.TrimSpace(rec[1]), 64); err != nil || !(p.lng >= -180 && p.lng <= 180) {
		return p, apperr.InvalidField("lng", "err.coverage.lng")
	}
	rest := rec[2:]
	if withPeople {
		if p.people, err = strconv.Atoi(strings.TrimSpace(rec[2])); err != nil || p.people < 1 || p.people > 100000 {
			return p, apperr.InvalidField("people", "err.coverage.people")
		}
		rest = rec[3:]
	}
	if len(rest) > 0 {
		p.code, p.name = strings.TrimSpace(rest[0]), strings.TrimSpace(rest[0])
	}
	return p, nil
}

func parseGeoJSONPoints(raw []byte, withPeople bool) ([]point, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil || fc.Type != "FeatureCollection" {
		return nil, apperr.InvalidField("file", "err.grid.geojson")
	}
	if len(fc.Features) == 0 || len(fc.Features) > MaxImport {
		return nil, apperr.InvalidField("file", "err.coverage.too_many").With("max", MaxImport)
	}
	out := make([]point, 0, len(fc.Features))
	for i, f := range fc.Features {
		g := f.Geometry
		if g.Type != "Point" || len(g.Coordinates) < 2 {
			return nil, rowErr(i+1, "geometry", "err.coverage.point")
		}
		p := point{lng: g.Coordinates[0], lat: g.Coordinates[1]}
		if p.lat < -90 || p.lat > 90 || p.lng < -180 || p.lng > 180 {
			return nil, rowErr(i+1, "geometry", "err.coverage.point")
		}
		if withPeople {
			n, ok := f.Properties["people"].(float64)
			if !ok || n < 1 || n > 100000 || n != float64(int(n)) {
				return nil, rowErr(i+1, "people", "err.coverage.people")
			}
			p.people = int(n)
		}
		p.code, _ = f.Properties["code"].(string)
		p.name, _ = f.Properties["name"].(string)
		out = append(out, p)
	}
	return out, nil
}

// LoadHomes reads the homes in scope (under an area when areaID is set).
func (s *Store) LoadHomes(ctx context.Context, sc scope.Scope, areaPath string) ([]Home, error) {
	where, args := sc.Filter("h.area_path", "")
	if areaPath != "" {
		where += " AND h.area_path >= ? AND h.area_path < ?"
		args = append(args, areaPath, areaPath[:len(areaPath)-1]+"0")
	}
	var out []Home
	err := db.Each(ctx, s.DB.Read(), `SELECT h.id, h.lat, h.lng, h.people, h.area_path FROM homes h WHERE `+where+` ORDER BY h.id`, args,
		func(r db.Scanner) (Home, error) {
			var h Home
			return h, r.Scan(&h.ID, &h.Lat, &h.Lng, &h.People, &h.AreaPath)
		}, func(h Home) error { out = append(out, h); return nil })
	return out, apperr.Wrap(err, "homes load")
}

// HomesSummary counts the homes and people in scope.
func (s *Store) HomesSummary(ctx context.Context, sc scope.Scope) (homes, people int, err error) {
	where, args := sc.Filter("area_path", "")
	err = s.DB.Read().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(people), 0) FROM homes WHERE `+where, args...).Scan(&homes, &people)
	return homes, people, apperr.Wrap(err, "homes count")
}
