// Package geobench measures geo.Index, the point-to-grid resolution, against
// PostGIS (ST_Contains over a GiST index, queried from Go with pgx) on the
// same generated polygons and points. See README.md and scripts/bench-geo.sh.
package geobench

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dangjian/internal/geo"
	"dangjian/internal/geo/geogen"
)

// Seeds of the benchmark corpus: the tiling and the query points.
const (
	GridSeed  = 20261201
	PointSeed = 31415926
)

// Corpus is a tiling and its index; polygon i has ID i+1.
type Corpus struct {
	Config geogen.Config
	Polys  []geo.Polygon
	Index  *geo.Index
	Build  time.Duration // NewIndex alone
	boxes  []geo.BBox
}

// NewCorpus generates the tiling of c and indexes it.
func NewCorpus(c geogen.Config) *Corpus {
	polys := geogen.Grid(c)
	items := make([]geo.Indexed, len(polys))
	for i, p := range polys {
		items[i] = geo.Indexed{ID: int64(i + 1), Poly: p}
	}
	start := time.Now()
	ix := geo.NewIndex(items)
	build := time.Since(start)
	boxes := make([]geo.BBox, len(polys))
	for i, p := range polys {
		boxes[i] = p.Bounds()
	}
	return &Corpus{Config: c, Polys: polys, Index: ix, Build: build, boxes: boxes}
}

// Key names the corpus, to tell whether a loaded table holds it.
func (c *Corpus) Key() string {
	g := c.Config
	return fmt.Sprintf("seed=%d box=%v nx=%d ny=%d side=%d jitter=%g wave=%g", g.Seed, g.Box, g.NX, g.NY, g.Side, g.Jitter, g.Wave)
}

// Brute resolves pt by testing every polygon (bounding box first).
func (c *Corpus) Brute(pt geo.Point) (int64, bool) {
	for i, p := range c.Polys {
		if b := c.boxes[i]; pt[0] < b.MinX || pt[0] > b.MaxX || pt[1] < b.MinY || pt[1] > b.MaxY {
			continue
		}
		if p.Contains(pt) {
			return int64(i + 1), true
		}
	}
	return 0, false
}

// PostGIS is one connection to a database with the postgis extension.
type PostGIS struct {
	conn *pgx.Conn
}

// ErrNoPostGIS means the server lacks the postgis extension.
var ErrNoPostGIS = errors.New("geobench: the postgis extension is not available")

const locateSQL = `SELECT id FROM grids WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint($1,$2),4326))`

// OpenPostGIS connects and makes sure the postgis extension exists.
func OpenPostGIS(ctx context.Context, url string) (*PostGIS, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	var avail bool
	err = conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')`).Scan(&avail)
	if err == nil && !avail {
		err = ErrNoPostGIS
	}
	if err == nil {
		_, err = conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`)
	}
	if err == nil {
		_, err = conn.Prepare(ctx, "echo", `SELECT $1::float8 + $2::float8`)
	}
	if err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return &PostGIS{conn: conn}, nil
}

// Close closes the connection.
func (p *PostGIS) Close() error { return p.conn.Close(context.Background()) }

// Version returns the PostgreSQL and PostGIS versions.
func (p *PostGIS) Version(ctx context.Context) (string, error) {
	var pg, pgis string
	err := p.conn.QueryRow(ctx, `SELECT current_setting('server_version'), postgis_full_version()`).Scan(&pg, &pgis)
	if i := len(pgis); i > 60 {
		pgis = pgis[:60] + "…"
	}
	return "PostgreSQL " + pg + ", " + pgis, err
}

// Load puts the corpus into table grids (geometry(Polygon,4326), GiST
// index), unless the table already holds it, and prepares the locate query.
// It reports whether it loaded.
func (p *PostGIS) Load(ctx context.Context, c *Corpus) (bool, error) {
	key := c.Key()
	if _, err := p.conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS geobench_meta (name text PRIMARY KEY, key text NOT NULL)`); err != nil {
		return false, err
	}
	var have string
	err := p.conn.QueryRow(ctx, `SELECT key FROM geobench_meta WHERE name = 'grids'`).Scan(&have)
	if err == nil && have == key {
		return false, p.prepare(ctx)
	}
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	tx, err := p.conn.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	for _, q := range []string{
		`DROP TABLE IF EXISTS grids`,
		`CREATE TABLE grids (id bigint PRIMARY KEY, geom geometry(Polygon,4326) NOT NULL)`,
		`CREATE TEMP TABLE grids_wkb (id bigint, wkb bytea) ON COMMIT DROP`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return false, err
		}
	}
	rows := make([][]any, len(c.Polys))
	for i, poly := range c.Polys {
		rows[i] = []any{int64(i + 1), WKB(poly)}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"grids_wkb"}, []string{"id", "wkb"}, pgx.CopyFromRows(rows)); err != nil {
		return false, err
	}
	for _, q := range []string{
		`INSERT INTO grids SELECT id, ST_GeomFromWKB(wkb, 4326) FROM grids_wkb`,
		`CREATE INDEX grids_geom ON grids USING gist (geom)`,
		`INSERT INTO geobench_meta VALUES ('grids', '` + key + `') ON CONFLICT (name) DO UPDATE SET key = excluded.key`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return false, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return false, err
	}
	if _, err := p.conn.Exec(ctx, `VACUUM ANALYZE grids`); err != nil {
		return true, err
	}
	return true, p.prepare(ctx)
}

// prepare prepares the locate query once table grids exists.
func (p *PostGIS) prepare(ctx context.Context) error {
	_, err := p.conn.Prepare(ctx, "locate", locateSQL)
	return err
}

// Locate runs the prepared ST_Contains query; with several rows it returns
// the first.
func (p *PostGIS) Locate(ctx context.Context, pt geo.Point) (int64, bool, error) {
	rows, err := p.conn.Query(ctx, "locate", pt[0], pt[1])
	if err != nil {
		return 0, false, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return 0, false, err
	}
	return ids[0], true, nil
}

// Echo runs a prepared query that touches no table: the round-trip floor of
// any query from Go.
func (p *PostGIS) Echo(ctx context.Context, pt geo.Point) error {
	var v float64
	return p.conn.QueryRow(ctx, "echo", pt[0], pt[1]).Scan(&v)
}

// UsesIndex reports whether the plan of the locate query scans the GiST index.
func (p *PostGIS) UsesIndex(ctx context.Context, pt geo.Point) (bool, string, error) {
	rows, err := p.conn.Query(ctx, `EXPLAIN `+locateSQL, pt[0], pt[1])
	if err != nil {
		return false, "", err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, "", err
	}
	for _, l := range lines {
		if strings.Contains(l, "grids_geom") {
			return true, l, nil
		}
	}
	return false, fmt.Sprint(lines), nil
}

// WKB encodes a polygon as little-endian OGC WKB.
func WKB(p geo.Polygon) []byte {
	n := 9
	for _, r := range p {
		n += 4 + 16*len(r)
	}
	b := make([]byte, 0, n)
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, 3)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
	for _, r := range p {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(r)))
		for _, pt := range r {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(pt[0]))
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(pt[1]))
		}
	}
	return b
}

// Sample times f once per point, each call on its own, and returns the
// durations in order.
func Sample(pts []geo.Point, f func(geo.Point)) []time.Duration {
	out := make([]time.Duration, len(pts))
	for i, pt := range pts {
		start := time.Now()
		f(pt)
		out[i] = time.Since(start)
	}
	return out
}

// Quantile returns the q-quantile (nearest rank) of d, sorting a copy.
func Quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// Median returns the median of xs.
func Median(xs []time.Duration) time.Duration { return Quantile(xs, 0.5) }
