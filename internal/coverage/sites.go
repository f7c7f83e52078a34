package coverage

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/post"
	"dangjian/internal/scope"
)

// PostSite is an open post as coverage sees it.
type PostSite struct {
	Site
	Hours      string   `json:"hours"`
	Categories []string `json:"categories"`
	AreaPath   string   `json:"-"`
	District   string   `json:"district"`
}

// Posts loads every open post of the city (a post across a district
// boundary still serves the homes near it) with its menu categories.
func (s *Store) Posts(ctx context.Context) ([]PostSite, error) {
	var out []PostSite
	idx := map[int64]int{}
	err := db.Each(ctx, s.DB.Read(), `SELECT p.id, p.name, p.level, p.lat, p.lng, p.hours, p.area_path, d.name FROM posts p JOIN areas d ON d.id = p.district_id
		WHERE p.build_status = 'open' ORDER BY p.id`, nil, func(r db.Scanner) (PostSite, error) {
		var p PostSite
		return p, r.Scan(&p.ID, &p.Name, &p.Level, &p.Lat, &p.Lng, &p.Hours, &p.AreaPath, &p.District)
	}, func(p PostSite) error { idx[p.ID] = len(out); out = append(out, p); return nil })
	if err != nil {
		return nil, apperr.Wrap(err, "coverage posts")
	}
	err = db.Each(ctx, s.DB.Read(), `SELECT DISTINCT post_id, category FROM menu_items WHERE active ORDER BY post_id, category`, nil,
		func(r db.Scanner) ([2]string, error) {
			var id int64
			var c string
			err := r.Scan(&id, &c)
			return [2]string{itoa(id), c}, err
		}, func(x [2]string) error {
			if i, ok := idx[atoi(x[0])]; ok {
				out[i].Categories = append(out[i].Categories, x[1])
			}
			return nil
		})
	return out, apperr.Wrap(err, "coverage menus")
}

// Serving keeps the posts that offer the category (any when "") and are
// open at the time (any time when zero).
func Serving(posts []PostSite, category string, at time.Time) []PostSite {
	var out []PostSite
	for _, p := range posts {
		if category != "" && !contains(p.Categories, category) {
			continue
		}
		if !at.IsZero() {
			h, err := post.ParseHours(p.Hours)
			if err != nil || !h.OpenAt(at) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// Candidate is a vacant site that could host a post.
type Candidate struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Lat      float64 `json:"lat"`
	Lng      float64 `json:"lng"`
	AreaPath string  `json:"-"`
}

// ImportSites reads vacant sites from CSV (lat,lng[,name]) or GeoJSON
// Points (property name); points outside Sanya or the scope are counted
// and left out.
func (s *Store) ImportSites(ctx context.Context, sc scope.Scope, raw []byte) (ImportResult, error) {
	pts, err := parsePoints(raw, false)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		for i, p := range pts {
			pl, ok, err := s.place(ctx, sc, p, &res)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			name := strings.TrimSpace(p.name)
			if name == "" {
				name = "空置场地" + itoa(int64(i+1))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sites (name, area_id, area_path, lat, lng, created_at) VALUES (?,?,?,?,?,?)`,
				name, pl.AreaID, pl.Path, p.lat, p.lng, s.Clock.Stamp()); err != nil {
				return apperr.Wrap(err, "sites insert")
			}
			res.Added++
		}
		if res.Added == 0 {
			return apperr.InvalidField("file", "err.coverage.nothing_inside")
		}
		return audit.Record(ctx, tx, "sites.import", "sites", 0, res)
	})
	return res, err
}

// Sites lists the vacant sites in scope.
func (s *Store) Sites(ctx context.Context, sc scope.Scope) ([]Candidate, error) {
	where, args := sc.Filter("area_path", "")
	var out []Candidate
	err := db.Each(ctx, s.DB.Read(), `SELECT id, name, lat, lng, area_path FROM sites WHERE `+where+` ORDER BY id`, args,
		func(r db.Scanner) (Candidate, error) {
			var c Candidate
			return c, r.Scan(&c.ID, &c.Name, &c.Lat, &c.Lng, &c.AreaPath)
		}, func(c Candidate) error { out = append(out, c); return nil })
	return out, apperr.Wrap(err, "sites")
}

// Generate proposes candidates where uncovered people live: the centre of
// each ClusterCell-sized cell holding uncovered homes, the most populous
// first, at most max.
func Generate(homes []Home, w Walk, limit float64, max int) []Candidate {
	type acc struct {
		lat, lng float64
		people   int
		path     string
	}
	lngScale := math.Cos(18.3 * math.Pi / 180)
	cells := map[[2]int32]*acc{}
	for i, h := range homes {
		if w.Nearest[i] == -2 || float64(w.Metres[i]) <= limit {
			continue
		}
		k := [2]int32{int32(math.Floor(h.Lat * metresPerDegLat / ClusterCell)), int32(math.Floor(h.Lng * metresPerDegLat * lngScale / ClusterCell))}
		a := cells[k]
		if a == nil {
			a = &acc{path: h.AreaPath}
			cells[k] = a
		}
		a.lat += h.Lat * float64(h.People)
		a.lng += h.Lng * float64(h.People)
		a.people += int(h.People)
	}
	out := make([]Candidate, 0, len(cells))
	for _, a := range cells {
		if a.people > 0 {
			out = append(out, Candidate{Lat: a.lat / float64(a.people), Lng: a.lng / float64(a.people), AreaPath: a.path, ID: int64(-a.people)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID // most people first
		}
		return out[i].Lat < out[j].Lat || (out[i].Lat == out[j].Lat && out[i].Lng < out[j].Lng)
	})
	if len(out) > max {
		out = out[:max]
	}
	for i := range out {
		out[i].ID = 0
		out[i].Name = "候选点" + itoa(int64(i+1))
	}
	return out
}
