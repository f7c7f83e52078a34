package area

import (
	"context"
	"encoding/json"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/geo"
)

// polygonsOf decodes a stored GeoJSON geometry.
func polygonsOf(raw string) ([]geo.Polygon, error) {
	var g geo.Geometry
	if err := json.Unmarshal([]byte(raw), &g); err != nil {
		return nil, err
	}
	return g.Polygons()
}

// InCity reports whether a point (WGS-84 degrees as stored) lies inside
// one of the districts' boundaries, that is, in Sanya.
func InCity(ctx context.Context, q db.Querier, lat, lng float64) (bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT geometry FROM areas WHERE kind = 'district' AND geometry IS NOT NULL`)
	if err != nil {
		return false, apperr.Wrap(err, "districts geometry")
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return false, apperr.Wrap(err, "districts geometry")
		}
		polys, err := polygonsOf(raw)
		if err != nil {
			continue
		}
		for _, p := range polys {
			if p.Contains(geo.Point{lng, lat}) {
				return true, nil
			}
		}
	}
	return false, apperr.Wrap(rows.Err(), "districts geometry")
}

// Centre returns a point that stands for an area: the middle of the
// bounding box of the nearest geometry on its path (its own, else its
// parent's, and so on up to the city).
func Centre(ctx context.Context, q db.Querier, id int64) (lat, lng float64, err error) {
	for id != 0 {
		var parent *int64
		var raw *string
		if err := q.QueryRowContext(ctx, `SELECT parent_id, geometry FROM areas WHERE id = ?`, id).Scan(&parent, &raw); err != nil {
			return 0, 0, apperr.Wrap(err, "area centre")
		}
		if raw != nil {
			if polys, err := polygonsOf(*raw); err == nil && len(polys) > 0 {
				big, area := polys[0], 0.0
				for _, p := range polys {
					b := p.Bounds()
					if a := (b.MaxX - b.MinX) * (b.MaxY - b.MinY); a > area {
						big, area = p, a
					}
				}
				pt := interior(big)
				return pt[1], pt[0], nil
			}
		}
		if parent == nil {
			break
		}
		id = *parent
	}
	return 18.25, 109.51, nil // 三亚市 centre, when no geometry is stored at all
}

// interior returns a point inside a polygon near its middle: the middle of
// its bounding box when that is inside, else the inside point of a 15×15
// lattice over the box nearest that middle.
func interior(p geo.Polygon) geo.Point {
	b := p.Bounds()
	mid := geo.Point{(b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2}
	if p.Contains(mid) {
		return mid
	}
	best, bestD := mid, -1.0
	for i := 1; i < 15; i++ {
		for j := 1; j < 15; j++ {
			pt := geo.Point{b.MinX + (b.MaxX-b.MinX)*float64(i)/15, b.MinY + (b.MaxY-b.MinY)*float64(j)/15}
			d := (pt[0]-mid[0])*(pt[0]-mid[0]) + (pt[1]-mid[1])*(pt[1]-mid[1])
			if p.Contains(pt) && (bestD < 0 || d < bestD) {
				best, bestD = pt, d
			}
		}
	}
	return best
}
