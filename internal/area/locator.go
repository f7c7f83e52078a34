package area

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/geo"
)

// Touch bumps the areas revision once per transaction, so every app
// server's Locator reloads before its next lookup.
func Touch(ctx context.Context, tx *db.Tx) error {
	_, err := db.BumpRevision(ctx, tx, "areas")
	return apperr.Wrap(err, "areas revision")
}

// Place is where a point lies: its grid (when one contains it), the
// community or village above the grid, and the district. Path is the
// deepest of these areas' path, so scope checks work on it directly.
type Place struct {
	GridID        int64  `json:"grid_id,omitempty"`
	GridName      string `json:"grid_name,omitempty"`
	CommunityID   int64  `json:"community_id,omitempty"`
	CommunityName string `json:"community_name,omitempty"`
	DistrictID    int64  `json:"district_id"`
	DistrictName  string `json:"district_name"`
	AreaID        int64  `json:"area_id"`
	Path          string `json:"-"`
}

// Locator resolves points to places with in-memory spatial indexes of the
// grids and the districts, built from the database. It is a cache: before
// every lookup it compares the areas revision and reloads when an area was
// written (by this server or another one).
type Locator struct {
	db *db.DB

	mu        sync.RWMutex
	rev       int64
	loaded    bool
	grids     *geo.Index
	districts *geo.Index
	info      map[int64]node
}

type node struct {
	name   string
	kind   Kind
	parent int64
	path   string
}

// NewLocator returns a locator over d; it loads on first use.
func NewLocator(d *db.DB) *Locator { return &Locator{db: d} }

// Locate resolves a point (WGS-84 degrees as stored). A point outside every
// district is outside Sanya: an invalid-input error.
func (l *Locator) Locate(ctx context.Context, lat, lng float64) (Place, error) {
	if err := l.fresh(ctx); err != nil {
		return Place{}, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	pt := geo.Point{lng, lat}
	did, ok := l.districts.Locate(pt)
	if !ok {
		return Place{}, apperr.InvalidField("location", "err.location_outside_city")
	}
	p := Place{DistrictID: did, DistrictName: l.info[did].name, AreaID: did, Path: l.info[did].path}
	if gid, ok := l.grids.Locate(pt); ok {
		g := l.info[gid]
		p.GridID, p.GridName, p.AreaID, p.Path = gid, g.name, gid, g.path
		if c, ok := l.info[g.parent]; ok {
			p.CommunityID, p.CommunityName = g.parent, c.name
		}
		// A grid's district is the one on its path (the point may sit on
		// a boundary the coarse district outline draws differently).
		for _, s := range strings.Split(strings.Trim(g.path, "/"), "/") {
			id, _ := strconv.ParseInt(s, 10, 64)
			if n, ok := l.info[id]; ok && n.kind == District {
				p.DistrictID, p.DistrictName = id, n.name
			}
		}
	}
	return p, nil
}

// Grids returns how many grids the index holds (after a refresh).
func (l *Locator) Grids(ctx context.Context) (int, error) {
	if err := l.fresh(ctx); err != nil {
		return 0, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.grids.Len(), nil
}

func (l *Locator) fresh(ctx context.Context) error {
	rev, err := db.Revision(ctx, l.db.Read(), "areas")
	if err != nil {
		return apperr.Wrap(err, "areas revision")
	}
	l.mu.RLock()
	ok := l.loaded && l.rev == rev
	l.mu.RUnlock()
	if ok {
		return nil
	}
	return l.load(ctx, rev)
}

// load rebuilds both indexes from the areas table.
func (l *Locator) load(ctx context.Context, rev int64) error {
	rows, err := l.db.Read().QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), name, kind, path, geometry FROM areas
		WHERE kind IN ('district', 'community', 'village', 'grid')`)
	if err != nil {
		return apperr.Wrap(err, "locator load")
	}
	defer rows.Close()
	info := map[int64]node{}
	var grids, districts []geo.Indexed
	for rows.Next() {
		var id int64
		var n node
		var raw *string
		if err := rows.Scan(&id, &n.parent, &n.name, &n.kind, &n.path, &raw); err != nil {
			return apperr.Wrap(err, "locator load")
		}
		info[id] = n
		if raw == nil || (n.kind != Grid && n.kind != District) {
			continue
		}
		polys, err := polygonsOf(*raw)
		if err != nil {
			continue // a broken geometry cannot be located; imports refuse them
		}
		for _, p := range polys {
			if n.kind == Grid {
				grids = append(grids, geo.Indexed{ID: id, Poly: p})
			} else {
				districts = append(districts, geo.Indexed{ID: id, Poly: p})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "locator load")
	}
	g, d := geo.NewIndex(grids), geo.NewIndex(districts)
	l.mu.Lock()
	l.grids, l.districts, l.info, l.rev, l.loaded = g, d, info, rev, true
	l.mu.Unlock()
	return nil
}
