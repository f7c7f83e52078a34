// Package geo holds the geometry the registry needs: GeoJSON polygons,
// bounding boxes, point-in-polygon tests and Index, which resolves a point to
// the polygons containing it. Coordinates are [lng, lat].
package geo

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Point is [lng, lat].
type Point [2]float64

// Ring is a closed ring of points.
type Ring []Point

// Polygon is an outer ring followed by holes.
type Polygon []Ring

// BBox is a bounding box.
type BBox struct{ MinX, MinY, MaxX, MaxY float64 }

// Bounds returns the bounding box of the outer ring.
func (p Polygon) Bounds() BBox {
	b := BBox{MinX: 1e9, MinY: 1e9, MaxX: -1e9, MaxY: -1e9}
	if len(p) == 0 {
		return b
	}
	for _, pt := range p[0] {
		b.MinX, b.MaxX = min(b.MinX, pt[0]), max(b.MaxX, pt[0])
		b.MinY, b.MaxY = min(b.MinY, pt[1]), max(b.MaxY, pt[1])
	}
	return b
}

// Contains reports whether pt is inside the polygon (even-odd rule: inside
// the outer ring and outside every hole).
func (p Polygon) Contains(pt Point) bool {
	if len(p) == 0 || !inRing(p[0], pt) {
		return false
	}
	for _, h := range p[1:] {
		if inRing(h, pt) {
			return false
		}
	}
	return true
}

func inRing(r Ring, pt Point) bool {
	in := false
	x, y := pt[0], pt[1]
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		xi, yi, xj, yj := r[i][0], r[i][1], r[j][0], r[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// Geometry is a GeoJSON geometry (Polygon or MultiPolygon).
type Geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// Polygons decodes a Polygon or MultiPolygon geometry.
func (g Geometry) Polygons() ([]Polygon, error) {
	switch g.Type {
	case "Polygon":
		var p Polygon
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("geo: polygon: %w", err)
		}
		if len(p) == 0 || len(p[0]) < 4 {
			return nil, errors.New("geo: polygon needs a ring of at least 4 points")
		}
		return []Polygon{p}, nil
	case "MultiPolygon":
		var mp []Polygon
		if err := json.Unmarshal(g.Coordinates, &mp); err != nil {
			return nil, fmt.Errorf("geo: multipolygon: %w", err)
		}
		return mp, nil
	}
	return nil, fmt.Errorf("geo: unsupported geometry type %q", g.Type)
}

// Feature is a GeoJSON feature.
type Feature struct {
	Type       string         `json:"type"`
	ID         any            `json:"id,omitempty"`
	Properties map[string]any `json:"properties"`
	Geometry   Geometry       `json:"geometry"`
}

// FeatureCollection is a GeoJSON feature collection.
type FeatureCollection struct {
	Type     string    `json:"type"`
	Features []Feature `json:"features"`
}

// ParseFeatureCollection decodes and checks a GeoJSON FeatureCollection.
func ParseFeatureCollection(b []byte) (*FeatureCollection, error) {
	var fc FeatureCollection
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("geo: type %q is not FeatureCollection", fc.Type)
	}
	return &fc, nil
}

// PolygonFromBBox returns a rectangle polygon.
func PolygonFromBBox(b BBox) Polygon {
	return Polygon{Ring{{b.MinX, b.MinY}, {b.MaxX, b.MinY}, {b.MaxX, b.MaxY}, {b.MinX, b.MaxY}, {b.MinX, b.MinY}}}
}
