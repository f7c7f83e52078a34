package unit_test

import (
	"context"
	"errors"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/unit"
)

func TestCreditCode(t *testing.T) {
	valid := "91460200MA5T" + "00001"
	valid += string(unit.CreditCheckChar(valid))
	cases := []struct {
		code string
		want bool
	}{
		{valid, true},
		{"91350100M000100Y43", true}, // a published example
		{valid[:17] + "0", valid[17] == '0'},
		{"91460200MA5T0000", false},
		{"91460200MA5T0000IO", false}, // I and O are not used
	}
	for _, c := range cases {
		if got := unit.CheckCreditCode(c.code); got != c.want {
			t.Errorf("CheckCreditCode(%s) = %v", c.code, got)
		}
	}
	if got := unit.ParseTags("旅游产业链，免税零售、旅游产业链; "); len(got) != 2 || got[0] != "旅游产业链" || got[1] != "免税零售" {
		t.Errorf("ParseTags = %q", got)
	}
}

func TestUnitsScoped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		ht, jy := w.Haitang, w.Jiyang
		s := w.Units
		uncovered, err := s.Create(ctx, ht.Scope, unit.Unit{Name: "海棠湾快递站", Kind: "platform", ChainTags: []string{"新就业群体"}, AreaID: ht.Village.ID})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			sc   scope.Scope
			f    unit.Filter
			want int
		}{
			{"city", scope.Everything, unit.Filter{}, 3},
			{"haitang", ht.Scope, unit.Filter{}, 2},
			{"haitang uncovered", ht.Scope, unit.Filter{Covered: "no"}, 1},
			{"haitang by tag", ht.Scope, unit.Filter{Tag: "旅游"}, 1},
			{"haitang searching jiyang", ht.Scope, unit.Filter{Q: "JY"}, 0},
			{"branch secretary sees covered units", ht.Branch0, unit.Filter{}, 1},
		}
		for _, c := range cases {
			got, total, err := s.List(ctx, c.sc, c.f)
			if err != nil || total != c.want || len(got) != c.want {
				t.Errorf("%s: %d/%d, %v; want %d", c.name, len(got), total, err, c.want)
			}
		}
		if _, err := s.Get(ctx, ht.Scope, jy.Unit.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("cross-district get: %v", err)
		}
		// Covering with another district's org reads as a missing org.
		uncovered.OrgID = jy.Branches[0].ID
		if _, err := s.Update(ctx, ht.Scope, uncovered); apperr.As(err).Field != "org_id" {
			t.Errorf("cover with foreign org: %v", err)
		}
		uncovered.OrgID = ht.Branches[1].ID
		u, err := s.Update(ctx, ht.Scope, uncovered)
		if err != nil || !u.Covered() || u.OrgName != ht.Branches[1].Name {
			t.Fatalf("cover: %+v %v", u, err)
		}
		bad := []unit.Unit{
			{Name: "", Kind: "enterprise", AreaID: ht.Village.ID},
			{Name: "x", Kind: "bank", AreaID: ht.Village.ID},
			{Name: "x", Kind: "enterprise", AreaID: ht.Village.ID, Employees: -1},
			{Name: "x", Kind: "enterprise", AreaID: ht.Village.ID, CreditCode: "123"},
			{Name: "x", Kind: "enterprise", AreaID: jy.Village.ID},
		}
		for i, b := range bad {
			if _, err := s.Create(ctx, ht.Scope, b); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("bad unit %d: %v", i, err)
			}
		}
	})
}
