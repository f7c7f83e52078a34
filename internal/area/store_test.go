package area_test

import (
	"context"
	"errors"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
)

func TestSeedScopeAndSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := area.Seed(ctx, d); err != nil {
			t.Fatal(err)
		}
		s := &area.Store{DB: d}
		all, total, err := s.List(ctx, scope.Everything, area.Filter{Page: db.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		// city + 4 districts + 150 villages/communities + 4 zones
		if total != 159 || len(all) != 159 {
			t.Fatalf("areas = %d/%d, want 159", total, len(all))
		}
		// Chinese search: 马亮 finds 马亮村.
		got, _, err := s.List(ctx, scope.Everything, area.Filter{Q: "马亮"})
		if err != nil || len(got) != 1 || got[0].Name != "马亮村" {
			t.Fatalf("search 马亮 = %+v, %v", got, err)
		}
		mal := got[0]
		haitang, err := s.ByCode(ctx, scope.Everything, "460202000000")
		if err != nil || haitang.Name != "海棠区" || !haitang.HasGeometry {
			t.Fatalf("haitang = %+v %v", haitang, err)
		}
		jiyang, _ := s.ByCode(ctx, scope.Everything, "460203000000")
		ht := scope.Scope{AreaPaths: []string{haitang.Path}}
		list, n, _ := s.List(ctx, ht, area.Filter{})
		if n != 24 { // the district and its 23 communities/villages
			t.Errorf("海棠区 sees %d areas, want 24", n)
		}
		for _, a := range list {
			if a.ID == jiyang.ID {
				t.Error("海棠区 sees 吉阳区")
			}
		}
		if _, err := s.Get(ctx, ht, jiyang.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("海棠区 get 吉阳区: %v", err)
		}
		// The 育才生态区 zone administers 马亮村 through its overlay.
		yc, _, _ := s.List(ctx, scope.Everything, area.Filter{Q: "育才生态区"})
		paths, err := s.ScopePaths(ctx, yc[0].ID)
		if err != nil || len(paths) != 4 {
			t.Fatalf("zone paths = %v %v", paths, err)
		}
		zs := scope.Scope{AreaPaths: paths}
		if ov, err := s.Overlays(ctx, zs, yc[0].ID); err != nil || len(ov) != 3 {
			t.Errorf("zone overlays = %d, %v", len(ov), err)
		}
		if ov, _ := s.Overlays(ctx, scope.Scope{AreaPaths: []string{haitang.Path}}, yc[0].ID); len(ov) != 0 {
			t.Errorf("haitang sees the zone's overlays: %d", len(ov))
		}
		if _, err := s.Get(ctx, zs, mal.ID); err != nil {
			t.Errorf("zone cannot see 马亮村: %v", err)
		}
		// Writes: a grid under a village, in scope; not in another district.
		tianya, _ := s.ByCode(ctx, scope.Everything, "460204000000")
		g, err := s.Create(ctx, scope.Scope{AreaPaths: []string{tianya.Path}}, area.Area{ParentID: mal.ID, Code: "G-1", Name: "第一网格", Kind: area.Grid}, "")
		if err != nil || g.Kind != area.Grid || g.Depth != 3 {
			t.Fatalf("create grid: %+v %v", g, err)
		}
		if _, err := s.Create(ctx, ht, area.Area{ParentID: mal.ID, Code: "G-2", Name: "越权网格", Kind: area.Grid}, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("cross-district create: %v", err)
		}
		if _, err := s.Create(ctx, scope.Everything, area.Area{ParentID: haitang.ID, Code: "G-3", Name: "错层", Kind: area.Grid}, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("grid under district: %v", err)
		}
		if _, err := s.Create(ctx, scope.Everything, area.Area{ParentID: mal.ID, Code: "G-1", Name: "重复", Kind: area.Grid}, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("duplicate code: %v", err)
		}
	})
}
