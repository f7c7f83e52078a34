package coverage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/walk"
)

// NetworkInfo describes a stored walking network.
type NetworkInfo struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Source       string    `json:"source"`
	Nodes        int       `json:"nodes"`
	Edges        int       `json:"edges"`
	Components   int       `json:"components"`
	LargestShare float64   `json:"largest_share"`
	Active       bool      `json:"active"`
	CreatedAt    time.Time `json:"created_at"`
}

// netCache keeps the decoded active network of this server.
type netCache struct {
	mu sync.Mutex
	id int64
	g  *walk.Graph
}

// SaveNetwork stores a graph as the active network (the previous one is
// kept, inactive).
func (s *Store) SaveNetwork(ctx context.Context, name, source string, g *walk.Graph) (NetworkInfo, error) {
	if g == nil || g.N() == 0 || g.M() == 0 {
		return NetworkInfo{}, apperr.InvalidField("file", "err.coverage.network_empty")
	}
	var buf bytes.Buffer
	if _, err := g.WriteTo(&buf); err != nil {
		return NetworkInfo{}, apperr.Wrap(err, "network encode")
	}
	_, sizes := g.Components()
	_, big := walk.Largest(sizes)
	info := NetworkInfo{Name: name, Source: source, Nodes: g.N(), Edges: g.M(), Components: len(sizes), LargestShare: float64(big) / float64(g.N()), Active: true, CreatedAt: s.Clock.Stamp()}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE walk_networks SET active = FALSE WHERE active`); err != nil {
			return apperr.Wrap(err, "network")
		}
		stats, _ := json.Marshal(info)
		id, err := db.InsertID(ctx, tx, `INSERT INTO walk_networks (name, source, nodes, edges, components, largest_share, stats, data, active, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, info.Name, info.Source, info.Nodes, info.Edges, info.Components, info.LargestShare, string(stats), buf.Bytes(), true, info.CreatedAt)
		if err != nil {
			return apperr.Wrap(err, "network insert")
		}
		info.ID = id
		return audit.Record(ctx, tx, "network.save", "walk_network", id, map[string]any{"name": name, "nodes": info.Nodes, "edges": info.Edges})
	})
	return info, err
}

// ImportOSM reads an .osm (XML) or .osm.pbf file and stores its walkable
// ways as the active network.
func (s *Store) ImportOSM(ctx context.Context, name string, raw []byte, format string) (NetworkInfo, walk.Stats, error) {
	if format != "xml" && format != "pbf" {
		return NetworkInfo{}, walk.Stats{}, apperr.InvalidField("format", "err.coverage.osm_format")
	}
	g, st, err := walk.ReadOSM(bytes.NewReader(raw), format)
	if errors.Is(err, walk.ErrNoWays) {
		return NetworkInfo{}, st, apperr.InvalidField("file", "err.coverage.osm_no_ways")
	} else if fe := (*walk.FormatError)(nil); errors.As(err, &fe) {
		// The parser's own words stay in the log; the user is told the
		// format and about where the file went wrong.
		e := apperr.InvalidField("file", "err.coverage.osm_malformed").With("format", strings.ToUpper(fe.Format)).With("offset", fe.Offset)
		e.Err = err
		return NetworkInfo{}, st, e
	} else if err != nil {
		return NetworkInfo{}, st, apperr.Wrap(err, "osm import")
	}
	info, err := s.SaveNetwork(ctx, name, "osm-"+format, g)
	return info, st, err
}

// Networks lists the stored networks, newest first.
func (s *Store) Networks(ctx context.Context) ([]NetworkInfo, error) {
	var out []NetworkInfo
	err := db.Each(ctx, s.DB.Read(), `SELECT id, name, source, nodes, edges, components, largest_share, active, created_at FROM walk_networks ORDER BY id DESC`, nil,
		func(r db.Scanner) (NetworkInfo, error) {
			var n NetworkInfo
			return n, r.Scan(&n.ID, &n.Name, &n.Source, &n.Nodes, &n.Edges, &n.Components, &n.LargestShare, &n.Active, &n.CreatedAt)
		}, func(n NetworkInfo) error { out = append(out, n); return nil })
	return out, apperr.Wrap(err, "networks")
}

// Activate makes a stored network the one used (id 0: none, straight
// lines).
func (s *Store) Activate(ctx context.Context, id int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE walk_networks SET active = (id = ?)`, id); err != nil {
			return apperr.Wrap(err, "network activate")
		}
		return audit.Record(ctx, tx, "network.activate", "walk_network", id, nil)
	})
}

// ActiveNetwork returns the active network, decoded once per server (nil
// when none is active).
func (s *Store) ActiveNetwork(ctx context.Context) (*walk.Graph, int64, error) {
	var id int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT id FROM walk_networks WHERE active ORDER BY id DESC LIMIT 1`).Scan(&id)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return nil, 0, nil
	} else if err != nil {
		return nil, 0, apperr.Wrap(err, "network")
	}
	s.nets.mu.Lock()
	defer s.nets.mu.Unlock()
	if s.nets.id == id && s.nets.g != nil {
		return s.nets.g, id, nil
	}
	var data []byte
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT data FROM walk_networks WHERE id = ?`, id).Scan(&data); err != nil {
		return nil, 0, apperr.Wrap(err, "network load")
	}
	g, err := walk.ReadGraph(bytes.NewReader(data))
	if err != nil {
		return nil, 0, apperr.Wrap(err, "network decode")
	}
	s.nets.id, s.nets.g = id, g
	return g, id, nil
}
