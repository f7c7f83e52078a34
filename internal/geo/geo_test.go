package geo

import (
	"testing"

	"dangjian/data"
)

func TestContains(t *testing.T) {
	sq := PolygonFromBBox(BBox{0, 0, 10, 10})
	hole := Polygon{sq[0], PolygonFromBBox(BBox{4, 4, 6, 6})[0]}
	cases := []struct {
		p    Polygon
		pt   Point
		want bool
	}{
		{sq, Point{5, 5}, true},
		{sq, Point{11, 5}, false},
		{sq, Point{-1, -1}, false},
		{hole, Point{5, 5}, false},
		{hole, Point{2, 2}, true},
	}
	for i, c := range cases {
		if got := c.p.Contains(c.pt); got != c.want {
			t.Errorf("case %d: Contains(%v) = %v", i, c.pt, got)
		}
	}
}

func TestShippedDistricts(t *testing.T) {
	fc, err := ParseFeatureCollection(data.DistrictsGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 4 {
		t.Fatalf("features = %d, want 4", len(fc.Features))
	}
	// Each district contains its own label point ("cp").
	for _, f := range fc.Features {
		ps, err := f.Geometry.Polygons()
		if err != nil {
			t.Fatal(err)
		}
		cp := f.Properties["cp"].([]any)
		pt := Point{cp[0].(float64), cp[1].(float64)}
		if !ps[0].Contains(pt) {
			t.Errorf("%v does not contain its label point %v", f.Properties["name"], pt)
		}
	}
	if _, err := ParseFeatureCollection([]byte(`{"type":"Feature"}`)); err == nil {
		t.Error("accepted a non-collection")
	}
}
