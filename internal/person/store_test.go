package person_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

func TestScopeAndPII(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		ht, jy := w.Haitang, w.Jiyang

		// Scoped lists: each district sees its own 6 members only; a branch
		// secretary sees their 3.
		cases := []struct {
			name string
			sc   scope.Scope
			f    person.Filter
			want int
		}{
			{"city", scope.Everything, person.Filter{}, 12},
			{"haitang", ht.Scope, person.Filter{}, 6},
			{"haitang searching jiyang names", ht.Scope, person.Filter{Q: "JY"}, 0},
			{"haitang filtering by a jiyang org", ht.Scope, person.Filter{OrgID: jy.Branches[0].ID}, 0},
			{"branch secretary", ht.Branch0, person.Filter{}, 3},
			{"mobile", scope.Everything, person.Filter{Mobile: true}, 4},
			{"seasonal in January", ht.Scope, person.Filter{Month: 1}, 2},
			{"seasonal in July", ht.Scope, person.Filter{Month: 7}, 0},
			{"search by name", scope.Everything, person.Filter{Q: "HT党员0"}, 3},
			{"search by exact phone", scope.Everything, person.Filter{Q: "13800000001"}, 1},
			{"search by exact ID", scope.Everything, person.Filter{Q: testfix.IDNumber(2)}, 1},
			{"zero scope", scope.Scope{}, person.Filter{}, 0},
		}
		for _, c := range cases {
			got, total, err := w.People.List(ctx, c.sc, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if total != c.want || len(got) != c.want {
				t.Errorf("%s: got %d (total %d), want %d", c.name, len(got), total, c.want)
			}
			for _, p := range got {
				if p.IDNumber != "" || p.Phone != "" || !strings.Contains(p.PhoneMask, "****") || !strings.Contains(p.IDMask, "**********") {
					t.Errorf("%s: %s is not masked: %+v", c.name, p.Name, p)
				}
			}
		}

		// Detail and reveal across districts are not found.
		victim := jy.Members[0]
		if _, err := w.People.Get(ctx, ht.Scope, victim.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("cross-district get: %v", err)
		}
		if _, err := w.People.Reveal(ctx, ht.Scope, victim.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("cross-district reveal: %v", err)
		}
		// Reveal in scope decrypts and is audited.
		actx := audit.WithActor(ctx, audit.Actor{UserID: 0, Username: "auditor", IP: "10.0.0.1"})
		p, err := w.People.Reveal(actx, jy.Scope, victim.ID)
		if err != nil || p.IDNumber != testfix.IDNumber(7) || p.Phone != "13800000007" {
			t.Fatalf("reveal = %+v, %v", p, err)
		}
		entries, _, _ := audit.List(ctx, d.Read(), audit.Filter{Action: "person.reveal"})
		if len(entries) != 1 || entries[0].Username != "auditor" || entries[0].EntityID != victim.ID || entries[0].IP != "10.0.0.1" {
			t.Errorf("reveal audit = %+v", entries)
		}
		// Stored at rest encrypted: the raw column holds no digits of the number.
		var raw []byte
		d.Read().QueryRowContext(ctx, `SELECT id_enc FROM people WHERE id = ?`, victim.ID).Scan(&raw)
		if len(raw) == 0 || strings.Contains(string(raw), testfix.IDNumber(7)[:10]) {
			t.Errorf("id not encrypted at rest: %q", raw)
		}

		// Writes across scope are refused; bad input is refused with a field.
		// Another district's area, org or unit is "missing" to a writer, so
		// a write can neither land there nor learn that it exists.
		crossBad := []struct {
			p     person.Person
			field string
		}{
			{person.Person{Name: "越权", Status: person.Member, OrgID: jy.Branches[0].ID, AreaID: jy.Village.ID}, "area_id"},
			{person.Person{Name: "越权", Status: person.Member, OrgID: jy.Branches[0].ID, AreaID: ht.Village.ID}, "org_id"},
			{person.Person{Name: "越权", Status: person.Masses, UnitID: jy.Unit.ID, AreaID: ht.Village.ID}, "unit_id"},
		}
		for i, c := range crossBad {
			_, err := w.People.Create(ctx, ht.Scope, c.p)
			if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.Field != c.field {
				t.Errorf("cross-district create %d: %v, want invalid %s", i, err, c.field)
			}
		}
		bad := []struct {
			p     person.Person
			field string
		}{
			{person.Person{Name: "", Status: person.Masses, AreaID: ht.Village.ID}, "name"},
			{person.Person{Name: "甲", Status: "boss", AreaID: ht.Village.ID}, "status"},
			{person.Person{Name: "甲", Status: person.Masses, AreaID: ht.Village.ID, IDNumber: "460202198001010011"}, "id_number"},
			{person.Person{Name: "甲", Status: person.Masses, AreaID: ht.Village.ID, Phone: "12345"}, "phone"},
			{person.Person{Name: "甲", Status: person.Member, AreaID: ht.Village.ID}, "org_id"},
			{person.Person{Name: "甲", Status: person.Masses, AreaID: ht.Village.ID, Pocket: true}, "status"},
			{person.Person{Name: "甲", Status: person.Masses, AreaID: ht.Village.ID, SeasonalMonths: []int{13}}, "seasonal_months"},
			{person.Person{Name: "甲", Status: person.Member, OrgID: ht.Branches[0].ID, AreaID: ht.Village.ID, IDNumber: testfix.IDNumber(1)}, "id_number"}, // duplicate
		}
		for i, b := range bad {
			_, err := w.People.Create(ctx, scope.Everything, b.p)
			ae := apperr.As(err)
			if ae.Code != apperr.Invalid || ae.Field != b.field {
				t.Errorf("bad %d: err = %v, want invalid %s", i, err, b.field)
			}
		}
		// Update keeps the stored ID when none is given, and cannot move org.
		m := ht.Members[0]
		m.Name = "改名"
		up, err := w.People.Update(ctx, ht.Scope, m)
		if err != nil || up.Name != "改名" || up.IDMask != m.IDMask {
			t.Fatalf("update = %+v %v", up, err)
		}
		m.OrgID = ht.Branches[1].ID
		if _, err := w.People.Update(ctx, ht.Scope, m); apperr.As(err).Field != "org_id" {
			t.Errorf("org change by update: %v", err)
		}
		if _, err := w.People.Update(ctx, jy.Scope, m); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("cross-district update: %v", err)
		}
	})
}
