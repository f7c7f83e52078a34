package cultivation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/cultivation"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

type fix struct {
	*testfix.World
	st  *cultivation.Store
	ctx context.Context
	now time.Time
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	f := &fix{World: testfix.Build(t, d), ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "secretary"})}
	f.now = time.Date(2023, 3, 1, 10, 0, 0, 0, cultivation.Sanya)
	f.st = &cultivation.Store{DB: d, People: f.People, Clock: func() time.Time { return f.now }}
	return f
}

// counts returns the pipeline rows, their audit entries and the people revision.
func counts(t *testing.T, d *db.DB) string {
	t.Helper()
	out := ""
	for _, q := range []string{`SELECT count(*) FROM recruit_steps`, `SELECT count(*) FROM recruits`,
		`SELECT count(*) FROM audit_log WHERE action LIKE 'cultivation.%' OR action = 'person.update'`, `SELECT rev FROM revisions WHERE name = 'people'`} {
		var n int
		if err := d.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%d/", n)
	}
	return out
}

func TestPipeline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht, jy := f.Haitang, f.Jiyang
		p, err := f.People.Create(f.ctx, scope.Everything, person.Person{Name: "黎小海", Status: person.Masses, AreaID: ht.Village.ID, IDNumber: testfix.IDNumber(901)})
		if err != nil {
			t.Fatal(err)
		}
		adv := func(sc scope.Scope, stage cultivation.Stage, on string, orgID int64) error {
			_, err := f.st.Advance(f.ctx, sc, cultivation.Step{PersonID: p.ID, Stage: stage, On: on, OrgID: orgID, Note: "支委会讨论"})
			return err
		}
		refused := func(what string, err error, code apperr.Code, key string) {
			t.Helper()
			if ae := apperr.As(err); err == nil || ae.Code != code || (key != "" && ae.Key != key) {
				t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
			}
		}
		before := counts(t, d)
		refused("吉阳 advances a 海棠 person", adv(jy.Scope, cultivation.Applicant, "2023-03-01", jy.Branches[0].ID), apperr.NotFound, "")
		refused("a 吉阳 branch decides", adv(ht.Scope, cultivation.Applicant, "2023-03-01", jy.Branches[0].ID), apperr.Invalid, "err.org_missing")
		refused("skipping", adv(ht.Scope, cultivation.Activist, "2023-03-01", ht.Branches[0].ID), apperr.Invalid, "err.cultivation.order")
		refused("future", adv(ht.Scope, cultivation.Applicant, "2023-03-02", ht.Branches[0].ID), apperr.Invalid, "err.cultivation.future")
		if got := counts(t, d); got != before {
			t.Fatalf("refused steps wrote: %s -> %s", before, got)
		}
		if err := adv(ht.Scope, cultivation.Applicant, "2023-03-01", ht.Branches[0].ID); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.AddDate(0, 3, 0)
		refused("another branch", adv(ht.Scope, cultivation.Activist, "2023-06-01", ht.Branches[1].ID), apperr.Invalid, "err.cultivation.not_branch")
		if err := adv(ht.Scope, cultivation.Activist, "2023-06-01", 0); err != nil {
			t.Fatal(err)
		}
		got, err := f.People.Get(f.ctx, ht.Scope, p.ID)
		if err != nil || got.Status != person.Activist || got.OrgID != ht.Branches[0].ID {
			t.Fatalf("activist in the registry: %+v %v", got, err)
		}
		// The branch secretary now sees the activist; the other district does not.
		if _, err := f.st.Get(f.ctx, ht.Branch0, p.ID); err != nil {
			t.Errorf("branch secretary: %v", err)
		}
		if _, err := f.st.Get(f.ctx, jy.Scope, p.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("吉阳 reads the pipeline: %v", err)
		}
		f.now = time.Date(2024, 5, 31, 9, 0, 0, 0, cultivation.Sanya)
		before = counts(t, d)
		refused("candidate too early", adv(ht.Branch0, cultivation.Candidate, "2024-05-31", 0), apperr.Invalid, "err.cultivation.activist_year")
		if got := counts(t, d); got != before {
			t.Fatalf("refused step wrote: %s -> %s", before, got)
		}
		f.now = time.Date(2025, 2, 1, 9, 0, 0, 0, cultivation.Sanya)
		if err := adv(ht.Branch0, cultivation.Candidate, "2024-06-01", 0); err != nil {
			t.Fatal(err)
		}
		if err := adv(ht.Branch0, cultivation.Probationary, "2025-01-10", 0); err != nil {
			t.Fatal(err)
		}
		items, total, err := f.st.List(f.ctx, ht.Scope, cultivation.Filter{Stage: cultivation.Probationary})
		if err != nil || total != 1 || items[0].DueOn != "2026-01-10" || items[0].Name != "黎小海" {
			t.Fatalf("list: %+v %d %v", items, total, err)
		}
		if items, _, _ := f.st.List(f.ctx, jy.Scope, cultivation.Filter{}); len(items) != 0 {
			t.Errorf("吉阳 lists 海棠's pipeline: %+v", items)
		}
		f.now = time.Date(2026, 1, 9, 9, 0, 0, 0, cultivation.Sanya)
		refused("probation under a year", adv(ht.Branch0, cultivation.Member, "2026-01-09", 0), apperr.Invalid, "err.cultivation.probation_year")
		if _, err := f.st.Advance(f.ctx, ht.Branch0, cultivation.Step{PersonID: p.ID, Stage: cultivation.Extension, On: "2026-01-05", Months: 3, Note: "需继续考察"}); err != nil {
			t.Fatal(err)
		}
		f.now = time.Date(2026, 5, 1, 9, 0, 0, 0, cultivation.Sanya)
		if items, _, _ := f.st.List(f.ctx, ht.Scope, cultivation.Filter{Overdue: true}); len(items) != 1 || items[0].DueOn != "2026-04-10" {
			t.Errorf("overdue: %+v", items)
		}
		refused("extended probation", adv(ht.Branch0, cultivation.Member, "2026-04-09", 0), apperr.Invalid, "err.cultivation.probation_year")
		if err := adv(ht.Branch0, cultivation.Member, "2026-04-10", 0); err != nil {
			t.Fatal(err)
		}
		pl, err := f.st.Get(f.ctx, ht.Scope, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Person.Status != person.Member || pl.Person.JoinedOn != "2025-01-10" || len(pl.Steps) != 6 || pl.History.Stage != cultivation.Member {
			t.Errorf("full member: %+v steps %d", pl.Person, len(pl.Steps))
		}
		refused("past full member", adv(ht.Scope, cultivation.Member, "2026-05-01", 0), apperr.Invalid, "err.cultivation.finished")
		var n int
		d.Read().QueryRowContext(f.ctx, `SELECT count(*) FROM audit_log WHERE action = 'person.update' AND entity_id = ?`, p.ID).Scan(&n)
		if n != 4 {
			t.Errorf("person.update audit entries = %d, want 4", n)
		}
	})
}

func TestPipelineStatusMismatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		_, err := f.st.Advance(f.ctx, ht.Scope, cultivation.Step{PersonID: ht.Members[0].ID, Stage: cultivation.Applicant, On: "2023-03-01"})
		if ae := apperr.As(err); err == nil || ae.Key != "err.cultivation.status_mismatch" {
			t.Errorf("a member applies: %v", err)
		} else if msg := i18n.T("zh-CN", ae.Key, ae.Args); !strings.Contains(msg, "（党员）") {
			t.Errorf("message %q does not name the status 党员", msg)
		}
	})
}

func TestDual(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht, jy := f.Haitang, f.Jiyang
		school, err := f.Orgs.Create(f.ctx, scope.Everything, org.Org{ParentID: ht.Committee.ID, Code: "HT-S", Name: "海棠湾中学党支部", Kind: org.Branch, Sector: "school", AreaID: ht.Village.ID})
		if err != nil {
			t.Fatal(err)
		}
		teacher, err := f.People.Create(f.ctx, scope.Everything, person.Person{Name: "符老师", Status: person.Member, OrgID: school.ID, AreaID: ht.Village.ID, JoinedOn: "2015-07-01"})
		if err != nil {
			t.Fatal(err)
		}
		dual := cultivation.Dual{PersonID: teacher.ID, Direction: cultivation.MemberToBackbone, Mentor: "陈校长", StartedOn: "2023-01-01", TargetOn: "2024-12-31"}
		for _, c := range []struct {
			what string
			sc   scope.Scope
			d    cultivation.Dual
			key  string
		}{
			{"foreign", jy.Scope, dual, "err.cultivation.person_unknown"},
			{"village member", ht.Scope, cultivation.Dual{PersonID: ht.Members[0].ID, Direction: cultivation.MemberToBackbone, Mentor: "x", StartedOn: "2023-01-01"}, "err.cultivation.dual_sector"},
			{"member as backbone-to-member", ht.Scope, cultivation.Dual{PersonID: teacher.ID, Direction: cultivation.BackboneToMember, Mentor: "x", StartedOn: "2023-01-01"}, "err.cultivation.dual_status"},
			{"future", ht.Scope, cultivation.Dual{PersonID: teacher.ID, Direction: cultivation.MemberToBackbone, Mentor: "x", StartedOn: "2023-03-02"}, "err.cultivation.future"},
		} {
			if _, err := f.st.AddDual(f.ctx, c.sc, c.d); apperr.As(err).Key != c.key {
				t.Errorf("%s: %v, want %s", c.what, err, c.key)
			}
		}
		x, err := f.st.AddDual(f.ctx, ht.Scope, dual)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.Progress(f.ctx, ht.Scope, x.ID, "承担市级课题"); err != nil {
			t.Fatal(err)
		}
		if err := f.st.Progress(f.ctx, jy.Scope, x.ID, "越权"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("foreign progress: %v", err)
		}
		list, err := f.st.Duals(f.ctx, ht.Scope, "school", "")
		if err != nil || len(list) != 1 || list[0].Progress != "2023-03-01 承担市级课题" || list[0].Sector != "school" {
			t.Fatalf("school list: %+v %v", list, err)
		}
		if list, _ := f.st.Duals(f.ctx, ht.Scope, "hospital", ""); len(list) != 0 {
			t.Errorf("hospital list: %+v", list)
		}
		if list, _ := f.st.Duals(f.ctx, jy.Scope, "", ""); len(list) != 0 {
			t.Errorf("吉阳 list: %+v", list)
		}
	})
}
