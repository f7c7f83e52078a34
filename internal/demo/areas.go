package demo

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"dangjian/data"
	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/geo"
	"dangjian/internal/scope"
)

// aref is an area as the generator needs it.
type aref struct {
	id         int64
	code, name string
	path       string
}

// site is where units, branches and people can be: a village or community,
// or a functional zone's own area.
type site struct {
	area      *aref
	place     *place // nil for a zone's own area
	zone      *zone  // the administering zone, nil if none
	district  int    // index into gen.districts, -1 for a zone's own area
	container int    // org that takes child branches here, -1 if none
	branches  []int  // branches small covered units here can join
	units     []int  // units sited here
	jointN    int    // joint branches named so far
	tab       wtable // unit template weights
}

// place is an active village or community.
type place struct {
	aref
	kind  area.Kind
	grids []aref
	next  int // people spread so far (the first ones fill every grid)
	site  *site
}

// district is one of the four districts with its boundary.
type district struct {
	aref
	polys     []geo.Polygon
	places    []*place
	placeTab  wtable
	committee int
	liangxin  int // the district's "two-new" committee, -1 until needed
}

// zone is a functional zone.
type zone struct {
	aref
	site      *site
	committee int
	overlays  []*place
}

// Zone names, as area.Seed writes them.
const (
	zoneYucai = "育才生态区"
	zoneYZW   = "崖州湾科技城"
	zoneCBD   = "中央商务区"
	zoneMSP   = "现代服务业产业园"
)

// required are places every scale keeps: the accounts and tests use them.
var required = map[string]bool{"马亮村": true, "青法村": true, "雅林村": true, "梅西村": true}

type areaRow struct {
	aref
	parent int64
	kind   area.Kind
}

// loadAreas reads the area tree and picks the active places.
func (g *gen) loadAreas() error {
	rows, err := g.d.Read().QueryContext(g.ctx, `SELECT id, COALESCE(parent_id,0), code, name, kind, path FROM areas ORDER BY code`)
	if err != nil {
		return apperr.Wrap(err, "demo areas")
	}
	var all []areaRow
	for rows.Next() {
		var r areaRow
		if err := rows.Scan(&r.id, &r.parent, &r.code, &r.name, &r.kind, &r.path); err != nil {
			rows.Close()
			return apperr.Wrap(err, "demo areas")
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "demo areas")
	}
	polys, err := districtPolygons()
	if err != nil {
		return err
	}
	places := map[int64]*place{}
	dists := map[int64]*district{}
	for _, r := range all {
		switch r.kind {
		case area.City:
			g.city = r.aref
		case area.District:
			d := &district{aref: r.aref, polys: polys[r.code[:6]], committee: -1, liangxin: -1}
			dists[r.id] = d
			g.districts = append(g.districts, d)
		case area.Zone:
			g.zones = append(g.zones, &zone{aref: r.aref, committee: -1})
		}
	}
	for _, r := range all {
		if (r.kind == area.Village || r.kind == area.Community) && dists[r.parent] != nil {
			p := &place{aref: r.aref, kind: r.kind}
			places[r.id] = p
			dists[r.parent].places = append(dists[r.parent].places, p)
		}
	}
	for _, r := range all {
		if p := places[r.parent]; r.kind == area.Grid && p != nil {
			p.grids = append(p.grids, r.aref)
		}
	}
	if g.city.id == 0 || len(g.districts) != 4 || len(g.zones) != 4 {
		return apperr.New(apperr.Internal, "err.internal").With("detail", "demo: the shipped areas are incomplete")
	}
	if err := g.loadOverlays(places); err != nil {
		return err
	}
	g.activate()
	return nil
}

// loadOverlays attaches the villages each zone administers.
func (g *gen) loadOverlays(places map[int64]*place) error {
	rows, err := g.d.Read().QueryContext(g.ctx, `SELECT zone_id, area_id FROM area_overlays ORDER BY zone_id, area_id`)
	if err != nil {
		return apperr.Wrap(err, "demo overlays")
	}
	defer rows.Close()
	for rows.Next() {
		var zid, aid int64
		if err := rows.Scan(&zid, &aid); err != nil {
			return apperr.Wrap(err, "demo overlays")
		}
		for _, z := range g.zones {
			if z.id == zid && places[aid] != nil {
				z.overlays = append(z.overlays, places[aid])
			}
		}
	}
	return apperr.Wrap(rows.Err(), "demo overlays")
}

// activate keeps the places of this scale and builds their sites.
func (g *gen) activate() {
	overlay := map[*place]*zone{}
	for _, z := range g.zones {
		for _, p := range z.overlays {
			overlay[p] = z
		}
		z.site = &site{area: &z.aref, zone: z, district: -1, container: -1}
	}
	for di, d := range g.districts {
		var keep []*place
		for i, p := range d.places {
			if g.cfg.perDistrict == 0 || i < g.cfg.perDistrict || required[p.name] || overlay[p] != nil {
				p.site = &site{area: &p.aref, place: p, zone: overlay[p], district: di, container: -1}
				keep = append(keep, p)
			}
		}
		d.places = keep
		g.places = append(g.places, keep...)
	}
	weights := make([]float64, len(g.places))
	for i, p := range g.places {
		weights[i] = placeWeight(p)
	}
	g.placeTab = newWtable(weights)
	for _, d := range g.districts {
		w := make([]float64, len(d.places))
		for i, p := range d.places {
			w[i] = placeWeight(p)
		}
		d.placeTab = newWtable(w)
	}
}

// placeWeight is a place's relative population: communities are larger.
func placeWeight(p *place) float64 {
	if p.kind == area.Community {
		return 1.6
	}
	return 1
}

// districtPolygons reads the shipped district boundaries by 6-digit code.
func districtPolygons() (map[string][]geo.Polygon, error) {
	fc, err := geo.ParseFeatureCollection(data.DistrictsGeoJSON)
	if err != nil {
		return nil, apperr.Wrap(err, "demo districts")
	}
	out := map[string][]geo.Polygon{}
	for _, f := range fc.Features {
		ps, err := f.Geometry.Polygons()
		if err != nil {
			return nil, apperr.Wrap(err, "demo districts")
		}
		out[fmt.Sprint(f.ID)] = ps
	}
	return out, nil
}

// makeGrids adds 4–8 grids to every active place that has none, as
// rectangles of 300–600 m inside the place's district.
func (g *gen) makeGrids() error {
	return g.d.InTx(g.ctx, func(tx *db.Tx) error {
		for di, d := range g.districts {
			for _, p := range d.places {
				if len(p.grids) > 0 {
					continue
				}
				boxes := g.gridBoxes(g.districts[di].polys, g.between(4, 8))
				for i, b := range boxes {
					geom, _ := json.Marshal(struct {
						Type        string      `json:"type"`
						Coordinates geo.Polygon `json:"coordinates"`
					}{"Polygon", geo.PolygonFromBBox(b)})
					a := area.Area{ParentID: p.id, Code: fmt.Sprintf("%sG%02d", p.code, i+1), Name: p.name + "第" + cn(i+1) + "网格", Kind: area.Grid}
					if _, err := area.Insert(g.ctx, tx, scope.Everything, &a, string(geom)); err != nil {
						return err
					}
					p.grids = append(p.grids, aref{id: a.ID, code: a.Code, name: a.Name, path: a.Path})
					g.newGrids++
				}
			}
			g.progress("grids", di+1, len(g.districts))
		}
		return nil
	})
}

// gridBoxes lays out n adjacent cells around a random point of the
// district, retrying until every cell's centre is inside the boundary.
func (g *gen) gridBoxes(polys []geo.Polygon, n int) []geo.BBox {
	cols := 2
	if n > 4 {
		cols = 3
	}
	rows := (n + cols - 1) / cols
	wm, hm := 300+g.rng.Float64()*300, 300+g.rng.Float64()*300
	bb := geo.BBox{MinX: 1e9, MinY: 1e9, MaxX: -1e9, MaxY: -1e9}
	for _, p := range polys {
		b := p.Bounds()
		bb = geo.BBox{MinX: min(bb.MinX, b.MinX), MinY: min(bb.MinY, b.MinY), MaxX: max(bb.MaxX, b.MaxX), MaxY: max(bb.MaxY, b.MaxY)}
	}
	var boxes []geo.BBox
	for try := 0; try < 500; try++ {
		c := geo.Point{bb.MinX + g.rng.Float64()*(bb.MaxX-bb.MinX), bb.MinY + g.rng.Float64()*(bb.MaxY-bb.MinY)}
		if !inside(polys, c) && try < 499 {
			continue
		}
		dLat := hm / 111320
		dLng := wm / (111320 * math.Cos(c[1]*math.Pi/180))
		boxes = boxes[:0]
		ok := true
		for i := 0; i < n; i++ {
			r, k := i/cols, i%cols
			x := c[0] + (float64(k)-float64(cols)/2)*dLng
			y := c[1] + (float64(r)-float64(rows)/2)*dLat
			b := geo.BBox{MinX: round6(x), MinY: round6(y), MaxX: round6(x + dLng), MaxY: round6(y + dLat)}
			ok = ok && inside(polys, geo.Point{(b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2})
			boxes = append(boxes, b)
		}
		if ok {
			break
		}
	}
	return boxes
}

func inside(polys []geo.Polygon, pt geo.Point) bool {
	for _, p := range polys {
		if p.Contains(pt) {
			return true
		}
	}
	return false
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// inPlace picks where a person of a place lives: the first people fill
// every grid once, then most live in a random grid and some in the place.
func (g *gen) inPlace(p *place) *aref {
	p.next++
	if len(p.grids) == 0 {
		return &p.aref
	}
	if p.next <= len(p.grids) {
		return &p.grids[p.next-1]
	}
	if g.chance(0.7) {
		return &p.grids[g.rng.IntN(len(p.grids))]
	}
	return &p.aref
}

// anyPlace picks a place in a district (di ≥ 0) or city-wide.
func (g *gen) anyPlace(di int) *place {
	if di >= 0 && len(g.districts[di].places) > 0 {
		d := g.districts[di]
		return d.places[d.placeTab.pick(g.rng)]
	}
	return g.places[g.placeTab.pick(g.rng)]
}

// townPlace picks an urban community of a district for an institution,
// or any place when the district has none.
func (g *gen) townPlace(di int) *place {
	var towns []*place
	for _, p := range g.districts[di].places {
		if p.kind == area.Community && p.site.zone == nil {
			towns = append(towns, p)
		}
	}
	if len(towns) == 0 {
		return g.anyPlace(di)
	}
	return towns[g.rng.IntN(len(towns))]
}

// placeNamed finds an active place of a district whose name starts with
// prefix, or nil.
func (g *gen) placeNamed(di int, prefix string) *place {
	for _, p := range g.districts[di].places {
		if strings.HasPrefix(p.name, prefix) {
			return p
		}
	}
	return nil
}
