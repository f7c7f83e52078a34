package testfix_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/testfix"
	"dangjian/internal/unit"
)

// TestStoresStampFromClock: stores that stamped their rows with the wall
// clock now stamp them with their Clock. Each write runs with the store's
// Clock at a fixed instant long past (in Sanya's zone, with nanoseconds),
// and the row's timestamps read back as that instant in UTC, truncated to
// microseconds, on both backends.
func TestStoresStampFromClock(t *testing.T) {
	want := time.Date(2001, 2, 3, 4, 5, 6, 789000, time.UTC)
	fixed := clock.Func(func() time.Time { return want.Add(321 * time.Nanosecond).In(clock.Sanya) })
	type write func(t *testing.T, ctx context.Context, w *testfix.World, sv *testfix.Service) int64
	cases := []struct {
		name  string
		query string // the row's timestamps, by id
		write write
	}{
		{"org.Store.Create", `SELECT created_at, updated_at FROM orgs WHERE id = ?`, func(t *testing.T, ctx context.Context, w *testfix.World, _ *testfix.Service) int64 {
			s := &org.Store{DB: w.DB, Clock: fixed}
			o, err := s.Create(ctx, scope.Everything, org.Org{ParentID: w.Haitang.Committee.ID, Code: "CLK-B", Name: "时钟党支部", Kind: org.Branch, Sector: "village", AreaID: w.Haitang.Village.ID})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}},
		{"unit.Store.Create", `SELECT created_at, updated_at FROM units WHERE id = ?`, func(t *testing.T, ctx context.Context, w *testfix.World, _ *testfix.Service) int64 {
			s := &unit.Store{DB: w.DB, Clock: fixed}
			u, err := s.Create(ctx, scope.Everything, unit.Unit{Name: "时钟有限公司", Kind: "enterprise", Industry: "旅游", AreaID: w.Haitang.Village.ID})
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}},
		{"unit.Store.Update", `SELECT updated_at FROM units WHERE id = ?`, func(t *testing.T, ctx context.Context, w *testfix.World, _ *testfix.Service) int64 {
			s := &unit.Store{DB: w.DB, Clock: fixed}
			u := w.Jiyang.Unit
			u.Employees++
			if _, err := s.Update(ctx, scope.Everything, u); err != nil {
				t.Fatal(err)
			}
			return u.ID
		}},
		{"person.Store.Create", `SELECT created_at, updated_at FROM people WHERE id = ?`, func(t *testing.T, ctx context.Context, w *testfix.World, _ *testfix.Service) int64 {
			s := &person.Store{DB: w.DB, Vault: w.Vault, Clock: fixed}
			p, err := s.Create(ctx, scope.Everything, person.Person{Name: "时钟党员", Status: person.Member, OrgID: w.Haitang.Branches[1].ID,
				AreaID: w.Haitang.Village.ID, IDNumber: testfix.IDNumber(900), Phone: "13900000900", JoinedOn: "2010-07-01"})
			if err != nil {
				t.Fatal(err)
			}
			return p.ID
		}},
		{"post.Store.Update", `SELECT updated_at FROM posts WHERE id = ?`, func(t *testing.T, ctx context.Context, _ *testfix.World, sv *testfix.Service) int64 {
			s := *sv.Posts
			s.Clock = fixed
			p := sv.Chain[1]
			p.Address = "时钟路 1 号"
			if _, err := s.Update(ctx, scope.Everything, p); err != nil {
				t.Fatal(err)
			}
			return p.ID
		}},
		{"talent fund ledger", `SELECT created_at FROM fund_ledger WHERE id = ?`, func(t *testing.T, ctx context.Context, w *testfix.World, _ *testfix.Service) int64 {
			s := &talent.Store{DB: w.DB, Clock: fixed}
			if err := s.Allocate(ctx, scope.Everything, 100_00, "时钟拨款"); err != nil {
				t.Fatal(err)
			}
			var id int64
			if err := w.DB.Read().QueryRowContext(ctx, `SELECT max(id) FROM fund_ledger`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		sv := testfix.BuildService(t, w)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				id := c.write(t, ctx, w, sv)
				rows, err := d.Read().QueryContext(ctx, c.query, id)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				if !rows.Next() {
					t.Fatalf("no row %d: %v", id, rows.Err())
				}
				cols, _ := rows.Columns()
				got := make([]time.Time, len(cols))
				dst := make([]any, len(cols))
				for i := range got {
					dst[i] = &got[i]
				}
				if err := rows.Scan(dst...); err != nil {
					t.Fatal(err)
				}
				for i, g := range got {
					if !g.Equal(want) {
						t.Errorf("%s = %v, want %v (the store's Clock)", cols[i], g.UTC(), want)
					}
				}
			})
		}
	})
}
