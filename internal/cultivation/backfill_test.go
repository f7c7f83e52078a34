package cultivation_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/cultivation"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// TestBackfill enters the past of people who were on the way before the
// platform: a probationary member admitted in 2025, one still among the
// masses who had become an activist, and a full member whose probation was
// extended. Each step is checked as Advance checks it; a refused backfill
// writes nothing, and a person with a history cannot be backfilled again.
func TestBackfill(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.now = time.Date(2026, 11, 27, 10, 0, 0, 0, cultivation.Sanya)
		ht, jy := f.Haitang, f.Jiyang
		branch := ht.Branches[0]
		mk := func(n int, name string, st person.Status, orgID int64, joined string) person.Person {
			t.Helper()
			p, err := f.People.Create(f.ctx, scope.Everything, person.Person{Name: name, Status: st, OrgID: orgID, AreaID: ht.Village.ID,
				IDNumber: testfix.IDNumber(n), JoinedOn: joined})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		step := func(stage cultivation.Stage, on string) cultivation.Step {
			return cultivation.Step{Stage: stage, On: on, Note: "补录"}
		}
		past := []cultivation.Step{step(cultivation.Applicant, "2023-03-01"), step(cultivation.Activist, "2023-09-01"),
			step(cultivation.Candidate, "2024-09-10"), step(cultivation.Probationary, "2025-07-01")}
		with := func(i int, s cultivation.Step) []cultivation.Step {
			out := append([]cultivation.Step(nil), past...)
			out[i] = s
			return out
		}
		prob := mk(801, "HT预备党员补录", person.Probationary, branch.ID, "2025-07-01")
		member := mk(802, "HT正式党员", person.Member, branch.ID, "2020-07-01")
		refused := func(what string, sc scope.Scope, id int64, steps []cultivation.Step, code apperr.Code, key string) {
			t.Helper()
			before := counts(t, d)
			_, err := f.st.Backfill(f.ctx, sc, id, 0, steps)
			if ae := apperr.As(err); err == nil || ae.Code != code || (key != "" && ae.Key != key) {
				t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
			}
			if after := counts(t, d); after != before {
				t.Errorf("%s wrote: %s → %s", what, before, after)
			}
		}
		refused("less than a year as an activist", ht.Scope, prob.ID, with(2, step(cultivation.Candidate, "2024-06-01")), apperr.Invalid, "err.cultivation.activist_year")
		refused("a skipped stage", ht.Scope, prob.ID, []cultivation.Step{past[0], past[1], past[3]}, apperr.Invalid, "err.cultivation.order")
		refused("not starting with the application", ht.Scope, prob.ID, past[1:], apperr.Invalid, "err.cultivation.order")
		refused("a future date", ht.Scope, prob.ID, with(3, step(cultivation.Probationary, "2026-12-01")), apperr.Invalid, "err.cultivation.future")
		refused("dates out of order", ht.Scope, prob.ID, with(0, step(cultivation.Applicant, "2023-10-01")), apperr.Invalid, "err.cultivation.before_previous")
		refused("another admission date than the registry's", ht.Scope, prob.ID, with(3, step(cultivation.Probationary, "2025-08-01")), apperr.Invalid, "err.cultivation.backfill_joined")
		refused("a member whose steps stop at activist", ht.Scope, member.ID, past[:2], apperr.Invalid, "err.cultivation.status_mismatch")
		refused("吉阳 backfills a 海棠 person", jy.Scope, prob.ID, past, apperr.NotFound, "")
		refused("nothing to backfill", ht.Scope, prob.ID, nil, apperr.Invalid, "err.cultivation.backfill_empty")

		before := counts(t, d)
		if _, err := f.st.Backfill(f.ctx, ht.Scope, prob.ID, 0, append([]cultivation.Step(nil), past...)); err != nil {
			t.Fatal(err)
		}
		pl, err := f.st.Get(f.ctx, ht.Scope, prob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pl.Steps) != 4 || pl.History.Stage != cultivation.Probationary || pl.History.StageOn != "2025-07-01" || pl.History.Due() != "2026-07-01" ||
			pl.Person.Status != person.Probationary || pl.Steps[0].OrgID != branch.ID {
			t.Errorf("backfilled pipeline: %+v", pl)
		}
		if l, _, err := f.st.List(f.ctx, ht.Scope, cultivation.Filter{Overdue: true}); err != nil || len(l) != 1 || l[0].PersonID != prob.ID {
			t.Errorf("the backfilled probation (due 2026-07-01) is not overdue in the list: %+v %v", l, err)
		}
		var audits, updates int
		d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'cultivation.backfill' AND entity_id = ?`, prob.ID).Scan(&audits)
		d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'person.update' AND entity_id = ?`, prob.ID).Scan(&updates)
		if audits != 1 || updates != 0 {
			t.Errorf("audit: %d backfills, %d person updates (the registry already agreed)", audits, updates)
		}
		if counts(t, d) == before {
			t.Errorf("the backfill wrote nothing")
		}
		refused("a second backfill", ht.Scope, prob.ID, past, apperr.Conflict, "err.cultivation.backfill_has_steps")
		// The pipeline goes on from the backfilled history.
		if _, err := f.st.Advance(f.ctx, ht.Scope, cultivation.Step{PersonID: prob.ID, Stage: cultivation.Member, On: "2026-07-02"}); err != nil {
			t.Errorf("advance after backfill: %v", err)
		}

		// One of the masses who had become an activist: their status and
		// branch follow the history.
		masses := mk(803, "HT积极分子补录", person.Masses, 0, "")
		refused("no branch", ht.Scope, masses.ID, past[:2], apperr.Invalid, "err.org_missing")
		if _, err := f.st.Backfill(f.ctx, ht.Scope, masses.ID, jy.Branches[0].ID, past[:2]); apperr.As(err).Key != "err.org_missing" {
			t.Errorf("a 吉阳 branch: %v", err)
		}
		if _, err := f.st.Backfill(f.ctx, ht.Scope, masses.ID, branch.ID, past[:2]); err != nil {
			t.Fatal(err)
		}
		if p, err := f.People.Get(f.ctx, ht.Scope, masses.ID); err != nil || p.Status != person.Activist || p.OrgID != branch.ID {
			t.Errorf("the activist's registry: %+v %v", p, err)
		}

		// A member whose probation was extended by six months.
		full := mk(804, "HT延长预备期党员", person.Member, branch.ID, "")
		ext := cultivation.Step{Stage: cultivation.Extension, On: "2024-12-01", Months: 6, Note: "学习不够"}
		steps := []cultivation.Step{step(cultivation.Applicant, "2022-01-05"), step(cultivation.Activist, "2022-03-01"), step(cultivation.Candidate, "2023-03-02"),
			step(cultivation.Probationary, "2024-01-10"), ext, step(cultivation.Member, "2025-07-09")}
		refused("full membership before the extended probation ends", ht.Scope, full.ID, steps, apperr.Invalid, "err.cultivation.probation_year")
		steps[5].On = "2025-07-10"
		if _, err := f.st.Backfill(f.ctx, ht.Scope, full.ID, 0, steps); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.People.Get(f.ctx, ht.Scope, full.ID); p.JoinedOn != "2024-01-10" || p.Status != person.Member {
			t.Errorf("the member's joined date: %q %s", p.JoinedOn, p.Status)
		}
	})
}
