// Package testfix builds a small, known registry for tests: the shipped
// Sanya areas, and in 海棠区 and 吉阳区 one committee with two branches each,
// members, a unit per district, and the scopes of their accounts.
package testfix

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/area"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/unit"
)

// Secret is the vault secret used by tests.
const Secret = "test-secret-key-0123456789"

// District is one district's share of the fixture.
type District struct {
	Area      area.Area
	Village   area.Area
	Committee org.Org
	Branches  [2]org.Org
	Members   []person.Person // 3 per branch
	Unit      unit.Unit
	Scope     scope.Scope // a district official's scope
	Branch0   scope.Scope // the first branch secretary's scope
}

// World is the whole fixture.
type World struct {
	DB      *db.DB
	Vault   *pii.Vault
	Areas   *area.Store
	Orgs    *org.Store
	Units   *unit.Store
	People  *person.Store
	Haitang District
	Jiyang  District
}

// IDNumber makes a valid ID number from a sequence number.
func IDNumber(n int) string {
	first := fmt.Sprintf("460202198%01d%02d%02d%03d", n%10, 1+n%12, 1+n%28, n%1000)
	return first + string(pii.IDCheckChar(first))
}

// Build seeds d and returns the world.
func Build(t testing.TB, d *db.DB) *World {
	t.Helper()
	ctx := context.Background()
	v, err := pii.NewVault(Secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := area.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	w := &World{DB: d, Vault: v, Areas: &area.Store{DB: d}, Orgs: &org.Store{DB: d}, Units: &unit.Store{DB: d}, People: &person.Store{DB: d, Vault: v}}
	seq := 0
	build := func(dcode, vcode, prefix string) District {
		var x District
		var err error
		if x.Area, err = w.Areas.ByCode(ctx, scope.Everything, dcode); err != nil {
			t.Fatal(err)
		}
		if x.Village, err = w.Areas.ByCode(ctx, scope.Everything, vcode); err != nil {
			t.Fatal(err)
		}
		x.Scope = scope.Scope{AreaPaths: []string{x.Area.Path}}
		if x.Committee, err = w.Orgs.Create(ctx, scope.Everything, org.Org{Code: prefix + "-C", Name: prefix + "区委", Kind: org.Committee, Sector: "organ", AreaID: x.Area.ID}); err != nil {
			t.Fatal(err)
		}
		for i := range x.Branches {
			o := org.Org{ParentID: x.Committee.ID, Code: fmt.Sprintf("%s-B%d", prefix, i), Name: fmt.Sprintf("%s第%d党支部", x.Village.Name, i+1), Kind: org.Branch, Sector: "village", AreaID: x.Village.ID}
			if x.Branches[i], err = w.Orgs.Create(ctx, scope.Everything, o); err != nil {
				t.Fatal(err)
			}
			for j := 0; j < 3; j++ {
				seq++
				p := person.Person{Name: fmt.Sprintf("%s党员%d%d", prefix, i, j), Status: person.Member, OrgID: x.Branches[i].ID, AreaID: x.Village.ID,
					IDNumber: IDNumber(seq), Phone: fmt.Sprintf("138%08d", seq), JoinedOn: "2010-07-01"}
				if j == 1 {
					p.Mobile = true
				}
				if j == 2 {
					p.SeasonalMonths = []int{11, 12, 1, 2, 3}
				}
				if p, err = w.People.Create(ctx, scope.Everything, p); err != nil {
					t.Fatal(err)
				}
				x.Members = append(x.Members, p)
			}
		}
		x.Branch0 = scope.Scope{OrgPath: x.Branches[0].Path, OrgAreaPath: x.Village.Path}
		if x.Unit, err = w.Units.Create(ctx, scope.Everything, unit.Unit{Name: prefix + "旅游发展有限公司", Kind: "enterprise", Industry: "旅游", ChainTags: []string{"旅游产业链"}, Employees: 120, AreaID: x.Village.ID, OrgID: x.Branches[0].ID}); err != nil {
			t.Fatal(err)
		}
		return x
	}
	w.Haitang = build("460202000000", "460202198001", "HT")
	w.Jiyang = build("460203000000", "460203198001", "JY")
	return w
}
