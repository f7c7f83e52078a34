package coveragebench

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"

	"github.com/jackc/pgx/v5"

	"dangjian/internal/walk"
)

// PgRouting is one connection to a database with the postgis and pgrouting
// extensions.
type PgRouting struct {
	conn  *pgx.Conn
	table string // the edge table Load filled
}

// ErrNoPgRouting means the server lacks the pgrouting (or postgis) extension.
var ErrNoPgRouting = errors.New("coveragebench: the pgrouting extension is not available")

// DrivingSQL is the per-post query on edge table %s: every node within
// cutoff metres ($2) of the post's node ($1) on the undirected network,
// with its distance.
const DrivingSQL = `SELECT node, agg_cost FROM pgr_drivingDistance(` +
	`'SELECT id, source, target, cost, reverse_cost FROM %s', $1::bigint, $2::float8, directed => false)`

// OpenPgRouting connects and creates the postgis and pgrouting extensions.
func OpenPgRouting(ctx context.Context, url string) (*PgRouting, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_available_extensions WHERE name IN ('postgis', 'pgrouting')`).Scan(&n)
	if err == nil && n < 2 {
		err = ErrNoPgRouting
	}
	for _, q := range []string{`CREATE EXTENSION IF NOT EXISTS postgis`, `CREATE EXTENSION IF NOT EXISTS pgrouting`} {
		if err == nil {
			_, err = conn.Exec(ctx, q)
		}
	}
	if err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return &PgRouting{conn: conn}, nil
}

// Close closes the connection.
func (p *PgRouting) Close() error { return p.conn.Close(context.Background()) }

// Version returns the PostgreSQL and pgRouting versions.
func (p *PgRouting) Version(ctx context.Context) (string, error) {
	var pg, pgr string
	err := p.conn.QueryRow(ctx, `SELECT current_setting('server_version'), pgr_version()`).Scan(&pg, &pgr)
	return "PostgreSQL " + pg + ", pgRouting " + pgr, err
}

// NetKey names a network, to tell whether the loaded table holds it: the
// generator's inputs, the size and a hash of the arcs and their lengths.
func NetKey(c Config, g *walk.Graph) string {
	h := fnv.New64a()
	binary.Write(h, binary.LittleEndian, g.To)
	binary.Write(h, binary.LittleEndian, g.W)
	return fmt.Sprintf("seed=%d box=%v edges=%d n=%d m=%d arcs=%x", NetSeed, c.Box, c.Edges, g.N(), g.M(), h.Sum64())
}

// Load puts the network into table (id, source, target, cost,
// reverse_cost), one row per undirected edge with cost = reverse_cost =
// its length in metres and node ids = our node index + 1, unless the table
// already holds it (key). It reports whether it loaded. Driving then
// searches that table.
func (p *PgRouting) Load(ctx context.Context, table string, g *walk.Graph, key string) (bool, error) {
	p.table = pgx.Identifier{table}.Sanitize()
	if _, err := p.conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS coveragebench_meta (name text PRIMARY KEY, key text NOT NULL)`); err != nil {
		return false, err
	}
	var have string
	err := p.conn.QueryRow(ctx, `SELECT key FROM coveragebench_meta WHERE name = $1`, table).Scan(&have)
	if err == nil && have == key {
		return false, nil
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
		`DROP TABLE IF EXISTS ` + p.table,
		`CREATE TABLE ` + p.table + ` (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, cost float8 NOT NULL, reverse_cost float8 NOT NULL)`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return false, err
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "source", "target", "cost", "reverse_cost"}, &edgeRows{g: g}); err != nil {
		return false, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO coveragebench_meta VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET key = excluded.key`, table, key)
	if err != nil {
		return false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return false, err
	}
	_, err = p.conn.Exec(ctx, `VACUUM ANALYZE `+p.table)
	return true, err
}

// edgeRows streams each undirected edge (v < u) of g to COPY.
type edgeRows struct {
	g      *walk.Graph
	v, k   int32
	id     int64
	row    []any
	inited bool
}

func (r *edgeRows) Next() bool {
	g := r.g
	if !r.inited {
		r.inited, r.k = true, -1
	}
	for {
		r.k++
		for int(r.v) < g.N() && r.k >= g.Off[r.v+1] {
			r.v++
		}
		if int(r.v) >= g.N() {
			return false
		}
		if u := g.To[r.k]; u > r.v {
			r.id++
			w := float64(g.W[r.k])
			r.row = []any{r.id, int64(r.v) + 1, int64(u) + 1, w, w}
			return true
		}
	}
}

func (r *edgeRows) Values() ([]any, error) { return r.row, nil }
func (r *edgeRows) Err() error             { return nil }

// Driving runs pgr_drivingDistance from node (our index) within cutoff and
// calls visit with each node reached (our index) and its distance.
func (p *PgRouting) Driving(ctx context.Context, node int32, cutoff float64, visit func(node int32, d float64)) error {
	rows, err := p.conn.Query(ctx, fmt.Sprintf(DrivingSQL, p.table), int64(node)+1, cutoff)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	var d float64
	for rows.Next() {
		if err := rows.Scan(&id, &d); err != nil {
			return err
		}
		visit(int32(id-1), d)
	}
	return rows.Err()
}

// PerNode keeps, for every node, the least of start + distance over several
// searches (+Inf where none reaches within the cutoff), and which source
// gave it.
type PerNode struct {
	Dist []float64
	From []int32
}

// NewPerNode returns an empty PerNode for n nodes.
func NewPerNode(n int) *PerNode {
	p := &PerNode{Dist: make([]float64, n), From: make([]int32, n)}
	for i := range p.Dist {
		p.Dist[i], p.From[i] = math.Inf(1), -1
	}
	return p
}

// Add merges one search from source id that started start metres before
// its node; a node whose total exceeds cutoff is not reached.
func (p *PerNode) Add(id int32, start, cutoff float64) func(node int32, d float64) {
	return func(v int32, d float64) {
		if t := start + d; t <= cutoff && t < p.Dist[v] {
			p.Dist[v], p.From[v] = t, id
		}
	}
}

// DrivingManySQL is pgRouting's own multi-start form: one call from every
// node of $1 with equicost, so each node appears once, under its nearest
// start (every start begins at 0 m: it knows nothing of snap distances).
const DrivingManySQL = `SELECT node, agg_cost FROM pgr_drivingDistance(` +
	`'SELECT id, source, target, cost, reverse_cost FROM %s', $1::bigint[], $2::float8, directed => false, equicost => true)`

// DrivingMany runs DrivingManySQL from nodes (our indexes) and calls visit
// with each node reached and its distance from the nearest of them.
func (p *PgRouting) DrivingMany(ctx context.Context, nodes []int32, cutoff float64, visit func(node int32, d float64)) error {
	ids := make([]int64, len(nodes))
	for i, v := range nodes {
		ids[i] = int64(v) + 1
	}
	rows, err := p.conn.Query(ctx, fmt.Sprintf(DrivingManySQL, p.table), ids, cutoff)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	var d float64
	for rows.Next() {
		if err := rows.Scan(&id, &d); err != nil {
			return err
		}
		visit(int32(id-1), d)
	}
	return rows.Err()
}
