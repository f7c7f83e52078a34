package org_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/org"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

func TestOrgTreeAndScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		ht, jy := w.Haitang, w.Jiyang
		s := w.Orgs
		// Paths: a branch's path extends its committee's.
		if b, err := s.Get(ctx, ht.Scope, ht.Branches[0].ID); err != nil || !strings.HasPrefix(b.Path, ht.Committee.Path) || b.Path == ht.Committee.Path || b.Members != 3 {
			t.Errorf("branch %+v under %s", b, ht.Committee.Path)
		}
		roots, _, err := s.List(ctx, ht.Scope, org.Filter{Roots: true})
		if err != nil || len(roots) != 1 || roots[0].ID != ht.Committee.ID || roots[0].Children != 2 {
			t.Errorf("haitang roots = %+v %v", roots, err)
		}
		// A branch secretary's tree starts at their branch.
		roots, _, _ = s.List(ctx, ht.Branch0, org.Filter{Roots: true})
		if len(roots) != 1 || roots[0].ID != ht.Branches[0].ID {
			t.Errorf("branch roots = %+v", roots)
		}
		if _, err := s.Get(ctx, ht.Scope, jy.Committee.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("cross-district get: %v", err)
		}
		cases := []struct {
			name string
			o    org.Org
			sc   scope.Scope
			code apperr.Code
		}{
			{"under a branch", org.Org{ParentID: ht.Branches[0].ID, Code: "N1", Name: "x", Kind: org.Branch, Sector: "village", AreaID: ht.Village.ID}, scope.Everything, apperr.Invalid},
			{"under another district", org.Org{ParentID: jy.Committee.ID, Code: "N2", Name: "x", Kind: org.Branch, Sector: "village", AreaID: ht.Village.ID}, ht.Scope, apperr.Forbidden},
			{"bad sector", org.Org{Code: "N3", Name: "x", Kind: org.Branch, Sector: "bank", AreaID: ht.Village.ID}, scope.Everything, apperr.Invalid},
			{"duplicate code", org.Org{Code: "HT-C", Name: "x", Kind: org.Committee, Sector: "organ", AreaID: ht.Area.ID}, scope.Everything, apperr.Invalid},
			{"branch secretary making a root", org.Org{Code: "N4", Name: "x", Kind: org.Branch, Sector: "village", AreaID: ht.Village.ID}, ht.Branch0, apperr.Forbidden},
		}
		for _, c := range cases {
			if _, err := s.Create(ctx, c.sc, c.o); apperr.CodeOf(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		// The secretary must be a member of the org.
		b := ht.Branches[0]
		b.SecretaryID = jy.Members[0].ID
		if _, err := s.Update(ctx, scope.Everything, b); apperr.As(err).Field != "secretary_id" {
			t.Errorf("foreign secretary: %v", err)
		}
		b.SecretaryID = ht.Members[0].ID
		if got, err := s.Update(ctx, ht.Scope, b); err != nil || got.SecretaryName != ht.Members[0].Name {
			t.Errorf("secretary: %+v %v", got, err)
		}
		// An org in use cannot be deleted; an empty one can.
		if err := s.Delete(ctx, ht.Scope, b.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("delete in use: %v", err)
		}
		empty, err := s.Create(ctx, ht.Scope, org.Org{ParentID: ht.Committee.ID, Code: "N5", Name: "空支部", Kind: org.Branch, Sector: "village", AreaID: ht.Village.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, ht.Scope, empty.ID); err != nil {
			t.Errorf("delete empty: %v", err)
		}
	})
}
