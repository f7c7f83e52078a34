package gap

import (
	"context"
	"sort"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/unit"
)

// Row is one line of a coverage table: the units of a district, park or
// industry chain by state.
type Row struct {
	Key      string        `json:"key"`
	Name     string        `json:"name"`
	Units    int           `json:"units"`
	ByState  map[State]int `json:"by_state"`
	Fallback int           `json:"fallback"` // members needing a fallback attachment
}

// Rate is the covered share of the units (0 when there are none).
func (r Row) Rate() float64 {
	if r.Units == 0 {
		return 0
	}
	return float64(r.ByState[Covered]) / float64(r.Units)
}

func (r *Row) add(st State, fallback int) {
	if r.ByState == nil {
		r.ByState = map[State]int{}
	}
	r.Units++
	r.ByState[st]++
	r.Fallback += fallback
}

// Coverage is the coverage of the units in a scope.
type Coverage struct {
	Total      Row   `json:"total"`
	ByDistrict []Row `json:"by_district"` // districts and zones (top-level areas)
	ByPark     []Row `json:"by_park"`     // functional zones, with the villages they administer elsewhere
	ByChain    []Row `json:"by_chain"`    // industry-chain tags
}

type place struct {
	name  string
	paths []string // the area's path, and for a zone the overlaid areas' paths
}

// places returns the top-level areas (districts and zones) and the zones
// with their overlays, by path order.
func places(ctx context.Context, q db.Querier) (tops, parks []place, err error) {
	byZone := map[string]int{} // zone id → index in parks
	err = db.Each(ctx, q, `SELECT a.id, a.name, a.kind, a.path FROM areas a WHERE a.kind IN ('district', 'zone') ORDER BY a.path`, nil,
		func(r db.Scanner) ([4]string, error) {
			var id int64
			var v [4]string
			err := r.Scan(&id, &v[1], &v[2], &v[3])
			v[0] = itoa(id)
			return v, err
		}, func(v [4]string) error {
			tops = append(tops, place{name: v[1], paths: []string{v[3]}})
			if v[2] == "zone" {
				parks = append(parks, place{name: v[1], paths: []string{v[3]}})
				byZone[v[0]] = len(parks) - 1
			}
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	err = db.Each(ctx, q, `SELECT o.zone_id, x.path FROM area_overlays o JOIN areas x ON x.id = o.area_id ORDER BY x.path`, nil,
		func(r db.Scanner) ([2]string, error) {
			var id int64
			var p string
			err := r.Scan(&id, &p)
			return [2]string{itoa(id), p}, err
		}, func(v [2]string) error {
			if i, ok := byZone[v[0]]; ok {
				parks[i].paths = append(parks[i].paths, v[1])
			}
			return nil
		})
	return tops, parks, err
}

func (p place) has(areaPath string) bool {
	for _, x := range p.paths {
		if strings.HasPrefix(areaPath, x) {
			return true
		}
	}
	return false
}

// Report computes the coverage of the units in scope from the registry:
// every unit's state by the rules of this package, grouped by district
// (or zone), by park and by chain tag. Only places holding units in scope
// appear.
func (s *Store) Report(ctx context.Context, sc scope.Scope) (Coverage, error) {
	q := s.DB.Read()
	tops, parks, err := places(ctx, q)
	if err != nil {
		return Coverage{}, apperr.Wrap(err, "gap places")
	}
	c := Coverage{Total: Row{Key: "total", ByState: map[State]int{}}}
	topRows, parkRows := make([]Row, len(tops)), make([]Row, len(parks))
	chains := map[string]*Row{}
	w, args := sc.Filter("u.area_path", "u.org_path")
	err = db.Each(ctx, q, `SELECT u.area_path, u.chain_tags, u.org_id IS NOT NULL,
		(SELECT count(*) FROM people m WHERE m.unit_id = u.id AND m.status IN ('member', 'probationary')),
		(SELECT count(*) FROM people m WHERE m.unit_id = u.id AND m.status IN ('member', 'probationary') AND m.org_id IS NULL)
		FROM units u WHERE `+w, args,
		func(r db.Scanner) (unitLine, error) {
			var x unitLine
			var tags string
			err := r.Scan(&x.areaPath, &tags, &x.covered, &x.members, &x.orgless)
			x.tags = unit.ParseTags(tags)
			return x, err
		}, func(x unitLine) error {
			st, fb := UnitState(x.covered, x.members), 0
			if !x.covered {
				fb = x.orgless
			}
			c.Total.add(st, fb)
			for i, t := range tops {
				if t.has(x.areaPath) {
					topRows[i].add(st, fb)
					break
				}
			}
			for i, p := range parks {
				if p.has(x.areaPath) {
					parkRows[i].add(st, fb)
				}
			}
			for _, tag := range x.tags {
				if chains[tag] == nil {
					chains[tag] = &Row{Key: tag, Name: tag}
				}
				chains[tag].add(st, fb)
			}
			return nil
		})
	if err != nil {
		return Coverage{}, apperr.Wrap(err, "gap coverage")
	}
	c.ByDistrict = named(tops, topRows)
	c.ByPark = named(parks, parkRows)
	for _, r := range chains {
		c.ByChain = append(c.ByChain, *r)
	}
	sort.Slice(c.ByChain, func(i, j int) bool {
		a, b := c.ByChain[i], c.ByChain[j]
		return a.Units > b.Units || (a.Units == b.Units && a.Name < b.Name)
	})
	return c, nil
}

type unitLine struct {
	areaPath         string
	tags             []string
	covered          bool
	members, orgless int
}

// named keeps the places that hold units, with their names.
func named(ps []place, rows []Row) []Row {
	var out []Row
	for i, r := range rows {
		if r.Units > 0 {
			r.Key, r.Name = ps[i].name, ps[i].name
			out = append(out, r)
		}
	}
	return out
}
