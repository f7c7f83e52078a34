package area_test

import (
	"context"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
)

// TestOrgScopeAddsNoArea: a branch secretary's scope (an org subtree with
// its area) may not add a grid to its own village;
// the district's scope may.
func TestOrgScopeAddsNoArea(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := area.Seed(ctx, d); err != nil {
			t.Fatal(err)
		}
		s := &area.Store{DB: d}
		got, _, err := s.List(ctx, scope.Everything, area.Filter{Q: "马亮"})
		if err != nil || len(got) != 1 {
			t.Fatalf("马亮村: %v", err)
		}
		mal := got[0]
		district, _ := s.Get(ctx, scope.Everything, mal.ParentID)
		branch := scope.Scope{OrgPath: "/1/", OrgAreaPath: mal.Path}
		grid := area.Area{ParentID: mal.ID, Code: mal.Code + "G1", Name: "支部网格", Kind: area.Grid}
		if _, err := s.Create(ctx, branch, grid, ""); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("branch scope grid: %v", err)
		}
		var n int
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'area.create'`).Scan(&n)
		if _, err := s.ByCode(ctx, scope.Everything, grid.Code); err == nil || n != 0 {
			t.Errorf("refused grid written (audit %d)", n)
		}
		if _, err := s.Create(ctx, scope.Scope{AreaPaths: []string{district.Path}}, grid, ""); err != nil {
			t.Errorf("district grid: %v", err)
		}
	})
}
