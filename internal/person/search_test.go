package person_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// The name index must give exactly what the SQL search gives: the same
// rows, order and total, for every scope.
func TestNameIndexMatchesSQL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		for i, n := range []string{"马亮", "马亮明", "张伟", "王张伟", "Ｌｉ Wei"} {
			if _, err := w.People.Create(ctx, scope.Everything, person.Person{Name: n, Status: person.Masses, AreaID: w.Haitang.Village.ID, Tags: []string{"resident"}}); err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
		}
		indexed := &person.Store{DB: d, Vault: w.Vault, Names: person.NewNameIndex(d)}
		scopes := map[string]scope.Scope{"city": scope.Everything, "haitang": w.Haitang.Scope, "jiyang": w.Jiyang.Scope, "branch": w.Haitang.Branch0}
		queries := []person.Filter{
			{Q: "马亮"}, {Q: "张伟"}, {Q: "伟"}, {Q: "党员"}, {Q: "HT党员1"}, {Q: "不存在"},
			{Q: "党员", Status: person.Member}, {Q: "党员", Page: db.Page{Limit: 2, Offset: 2}},
		}
		for name, sc := range scopes {
			for _, f := range queries {
				want, wantN, err := w.People.List(ctx, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				got, gotN, err := indexed.List(ctx, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				if gotN != wantN || !reflect.DeepEqual(ids(got), ids(want)) {
					t.Errorf("%s %+v: index %v (%d), SQL %v (%d)", name, f, ids(got), gotN, ids(want), wantN)
				}
			}
		}
		// Full-width and case are folded: "li wei" finds "Ｌｉ Wei".
		if got, n, _ := indexed.List(ctx, scope.Everything, person.Filter{Q: "li wei"}); n != 1 || len(got) != 1 {
			t.Errorf("folded search = %d", n)
		}
	})
}

func ids(ps []person.Person) []int64 {
	out := []int64{}
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// Two app servers share one database: a person written or renamed through
// one is found through the other's index at its next search.
func TestNameIndexAcrossServers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		// A second handle on the same database plays the other server.
		other, err := db.Open(ctx, d.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		a := &person.Store{DB: d, Vault: w.Vault, Names: person.NewNameIndex(d)}
		b := &person.Store{DB: other, Vault: w.Vault, Names: person.NewNameIndex(other)}
		find := func(s *person.Store, q string) int {
			_, n, err := s.List(ctx, w.Haitang.Scope, person.Filter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := find(b, "候鸟专家"); n != 0 {
			t.Fatalf("before: %d", n)
		}
		p, err := a.Create(ctx, w.Haitang.Scope, person.Person{Name: "候鸟专家甲", Status: person.Masses, AreaID: w.Haitang.Village.ID})
		if err != nil {
			t.Fatal(err)
		}
		if n := find(b, "候鸟专家"); n != 1 {
			t.Errorf("server b after create: %d", n)
		}
		p.Name = "退休医生乙"
		if _, err := a.Update(ctx, w.Haitang.Scope, p); err != nil {
			t.Fatal(err)
		}
		if n := find(b, "候鸟专家"); n != 0 {
			t.Errorf("server b still finds the old name: %d", n)
		}
		if n := find(b, "退休医生"); n != 1 {
			t.Errorf("server b after rename: %d", n)
		}
		// A bulk write (one revision for many rows) is seen too.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			var ps []*person.Person
			for i := 0; i < 50; i++ {
				x := &person.Person{Name: fmt.Sprintf("批量居民%02d", i), Status: person.Masses, AreaID: w.Haitang.Village.ID}
				if err := x.Seal(w.Vault); err != nil {
					return err
				}
				if err := person.Resolve(ctx, tx, scope.Everything, x); err != nil {
					return err
				}
				ps = append(ps, x)
			}
			return person.InsertBatch(ctx, tx, ps)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := find(b, "批量居民"); n != 50 {
			t.Errorf("server b after bulk insert: %d", n)
		}
	})
}
