package talent_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
)

func TestEngagementLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		users := &auth.Store{DB: d}
		acct, err := users.CreateUser(f.ctx, auth.User{Username: "wangxin", DisplayName: "王心", Roles: []string{auth.RoleTalent}}, "Sanya@2026talent")
		if err != nil {
			t.Fatal(err)
		}
		tl := f.cardiologist("王心")
		tl.UserID = acct.ID
		tl = f.verified(t, tl)
		dm, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, f.clinic("义诊"))
		if err != nil {
			t.Fatal(err)
		}
		staff := talent.Actor{Scope: f.Haitang.Scope, Staff: true}
		me := talent.Actor{UserID: acct.ID}
		other := talent.Actor{Scope: f.Jiyang.Scope, Staff: true}

		e, err := f.S.Invite(f.ctx, f.Haitang.Scope, dm.ID, tl.ID, 0.8, "manual")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.S.Invite(f.ctx, f.Haitang.Scope, dm.ID, tl.ID, 0.8, "manual"); apperr.As(err).Key != "err.talent.already_engaged" {
			t.Errorf("second invite: %v", err)
		}
		steps := []struct {
			who   talent.Actor
			step  talent.Step
			hours float64
			code  apperr.Code
			want  talent.EngagementStatus
		}{
			{staff, talent.StepAccept, 0, apperr.Forbidden, ""},  // staff cannot accept for the talent
			{other, talent.StepCancel, 0, apperr.NotFound, ""},   // another district does not see it
			{me, talent.StepAccept, 0, "", talent.Accepted},      // the talent accepts
			{me, talent.StepAccept, 0, apperr.Conflict, ""},      // a double acceptance
			{me, talent.StepComplete, 3, apperr.Forbidden, ""},   // only staff complete
			{staff, talent.StepComplete, 3, apperr.Conflict, ""}, // not serving yet
			{staff, talent.StepStart, 0, "", talent.Serving},
			{staff, talent.StepComplete, 0, apperr.Invalid, ""}, // hours required
			{staff, talent.StepComplete, 6.5, "", talent.Completed},
		}
		for i, s := range steps {
			got, err := f.S.Advance(f.ctx, s.who, e.ID, s.step, s.hours, "备注")
			if s.code != "" {
				if err == nil || apperr.CodeOf(err) != s.code {
					t.Errorf("step %d %s: err = %v, want %s", i, s.step, err, s.code)
				}
				continue
			}
			if err != nil || got.Status != s.want {
				t.Fatalf("step %d %s: %v %v", i, s.step, got.Status, err)
			}
		}
		// Capacity is free again; the demand keeps the place served.
		var load, taken int
		d.Read().QueryRowContext(f.ctx, `SELECT load FROM talents WHERE id = ?`, tl.ID).Scan(&load)
		d.Read().QueryRowContext(f.ctx, `SELECT taken FROM demands WHERE id = ?`, dm.ID).Scan(&taken)
		if load != 0 || taken != 1 {
			t.Errorf("load %d taken %d", load, taken)
		}
		// Both sides rate once.
		if _, err := f.S.Rate(f.ctx, staff, e.ID, 5, "很专业"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.S.Rate(f.ctx, staff, e.ID, 4, ""); apperr.As(err).Key != "err.talent.rate_once" {
			t.Errorf("second rating: %v", err)
		}
		if _, err := f.S.Rate(f.ctx, me, e.ID, 6, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("6 stars: %v", err)
		}
		if _, err := f.S.Rate(f.ctx, me, e.ID, 4, "组织有序"); err != nil {
			t.Fatal(err)
		}
		// Points: 6.5 h × 10 = 65, plus 5 stars × 5 = 25.
		entries, bal, err := f.S.Points(f.ctx, tl.ID)
		if err != nil || bal != 90 || len(entries) != 2 {
			t.Errorf("points %d %v %+v", bal, err, entries)
		}
		got, _ := f.S.Get(f.ctx, tl.ID)
		if got.RatingN != 1 || got.Rating != 5 {
			t.Errorf("talent rating %v/%d", got.Rating, got.RatingN)
		}
		hist, err := f.S.History(f.ctx, me, e.ID)
		if err != nil || len(hist) != 4 || hist[3].To != talent.Completed {
			t.Errorf("history %+v %v", hist, err)
		}
		notes, unread, err := f.S.Notifications(f.ctx, acct.ID, 20)
		if err != nil || unread == 0 || !hasKind(notes, "invited") {
			t.Errorf("talent notifications %+v %d %v", notes, unread, err)
		}
	})
}

func hasKind(ns []talent.Notification, k string) bool {
	for _, n := range ns {
		if n.Kind == k {
			return true
		}
	}
	return false
}

func TestLedgersAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		tl := f.verified(t, f.cardiologist("积分"))
		if _, err := f.S.Award(f.ctx, f.Jiyang.Scope, tl.ID, "优秀候鸟人才", "2026-12-01"); err != nil {
			t.Fatal(err)
		}
		entries, bal, _ := f.S.Points(f.ctx, tl.ID)
		if bal != talent.HonourPoints || len(entries) != 1 {
			t.Fatalf("after honour: %d %+v", bal, entries)
		}
		// The database refuses edits and deletions of either ledger.
		for _, q := range []string{`UPDATE points_ledger SET delta = 1000`, `DELETE FROM points_ledger`, `UPDATE fund_ledger SET amount_cents = 1`, `DELETE FROM fund_ledger`} {
			if err := f.S.Allocate(f.ctx, scope.Everything, 100, "拨款"); err != nil {
				t.Fatal(err)
			}
			if _, err := d.W.ExecContext(context.Background(), q); err == nil {
				t.Errorf("%s: accepted", q)
			}
		}
		if _, bal2, _ := f.S.Points(f.ctx, tl.ID); bal2 != bal {
			t.Errorf("balance moved to %d", bal2)
		}
		// A correction is a new entry.
		if _, err := f.S.CorrectPoints(f.ctx, f.Jiyang.Scope, entries[0].ID, -20, ""); apperr.As(err).Key != "err.ledger.note" {
			t.Errorf("correction without a reason: %v", err)
		}
		c, err := f.S.CorrectPoints(f.ctx, f.Jiyang.Scope, entries[0].ID, -20, "重复发放")
		if err != nil || c.CorrectsID != entries[0].ID || c.Delta != -20 {
			t.Fatalf("correction %+v %v", c, err)
		}
		if _, bal3, _ := f.S.Points(f.ctx, tl.ID); bal3 != bal-20 {
			t.Errorf("balance after correction %d", bal3)
		}
		if _, err := f.S.CorrectPoints(f.ctx, f.Haitang.Scope, entries[0].ID, 5, "越权"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("correction outside scope: %v", err)
		}
	})
}

func TestFund(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		if err := f.S.Allocate(f.ctx, f.Haitang.Scope, 100000, "区级拨款"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("district allocation: %v", err)
		}
		if err := f.S.Allocate(f.ctx, scope.Everything, 100000, "2026年度专项基金"); err != nil {
			t.Fatal(err)
		}
		r1, err := f.S.RequestFunds(f.ctx, f.Haitang.Scope, talent.FundRequest{OrgID: f.Haitang.Committee.ID, Purpose: "候鸟人才义诊交通补贴", AmountCents: 60000})
		if err != nil {
			t.Fatal(err)
		}
		r2, _ := f.S.RequestFunds(f.ctx, f.Haitang.Scope, talent.FundRequest{OrgID: f.Haitang.Committee.ID, Purpose: "讲座场地", AmountCents: 50000})
		if _, err := f.S.RequestFunds(f.ctx, f.Haitang.Scope, talent.FundRequest{OrgID: f.Jiyang.Committee.ID, Purpose: "越权", AmountCents: 1}); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("request for another district's org: %v", err)
		}
		if _, err := f.S.Decide(f.ctx, scope.Everything, r1.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.S.Decide(f.ctx, scope.Everything, r1.ID, true, ""); apperr.As(err).Key != "err.fund.decided" {
			t.Errorf("second approval: %v", err)
		}
		// 40,000 left: the second request does not fit and stays requested.
		if _, err := f.S.Decide(f.ctx, scope.Everything, r2.ID, true, ""); apperr.As(err).Key != "err.fund.insufficient" {
			t.Errorf("overdraft: %v", err)
		}
		got, _, _ := f.S.FundRequests(f.ctx, scope.Everything, db.Page{})
		if len(got) != 2 || got[0].Status != talent.FundRequested || got[1].Status != talent.FundApproved {
			t.Errorf("requests %+v", got)
		}
		entries, bal, err := f.S.FundLedger(f.ctx, db.Page{})
		if err != nil || bal != 40000 || len(entries) != 2 || entries[0].AmountCents != -60000 {
			t.Errorf("ledger %d %+v %v", bal, entries, err)
		}
		if _, err := f.S.Decide(f.ctx, scope.Everything, r2.ID, false, ""); apperr.As(err).Key != "err.ledger.note" {
			t.Errorf("rejection without a reason: %v", err)
		}
	})
}

func TestBatchPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		// Two cardiologists, one general internist; two demands of one place:
		// one wants cardiology, the other internal medicine.
		a := f.verified(t, f.cardiologist("甲"))
		b := f.cardiologist("乙")
		b.Skills, b.Expertise = []string{"med.internal"}, "内科全科"
		f.verified(t, b)
		d1 := f.clinic("心内科义诊")
		d1.Headcount = 1
		d2 := f.clinic("内科讲座")
		d2.Headcount, d2.Required, d2.Body = 1, []string{"med.internal"}, "内科常见病讲座"
		m1, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, d1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, d2); err != nil {
			t.Fatal(err)
		}
		run, err := f.S.PlanBatch(f.ctx, f.Haitang.Scope)
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Plan) != 2 || run.Total < run.GreedyTotal || run.Demands != 2 {
			t.Fatalf("run %+v", run)
		}
		for _, p := range run.Plan {
			if p.DemandID == m1.ID && p.TalentID != a.ID {
				t.Errorf("cardiology went to %d", p.TalentID)
			}
		}
		n, err := f.S.ApplyRun(f.ctx, f.Haitang.Scope, run.ID)
		if err != nil || n != 2 {
			t.Fatalf("apply %d %v", n, err)
		}
		if _, err := f.S.ApplyRun(f.ctx, f.Haitang.Scope, run.ID); apperr.As(err).Key != "err.talent.run_applied" {
			t.Errorf("apply twice: %v", err)
		}
		if _, err := f.S.PlanBatch(f.ctx, f.Haitang.Scope); apperr.As(err).Key != "err.talent.batch_empty" {
			t.Errorf("plan with every place taken: %v", err)
		}
	})
}

func TestReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		start := time.Date(2030, 10, 1, 0, 0, 0, 0, time.UTC)
		tl := f.cardiologist("报表")
		tl.Stays = []talent.Stay{{Start: "2030-10-20", End: "2030-12-05", Slots: talent.AllSlots}}
		f.verified(t, tl)
		dm := f.clinic("报表需求")
		dm.Start, dm.End, dm.Headcount = "2030-11-10", "2030-11-20", 3
		if _, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, dm); err != nil {
			t.Fatal(err)
		}
		r, err := f.S.Report(f.ctx, start, 4)
		if err != nil {
			t.Fatal(err)
		}
		// Present in Oct, Nov and Dec; 3 places wanted in Nov only.
		if want := []int{1, 1, 1, 0}; !slices.Equal(r.Supply, want) {
			t.Errorf("supply %v, want %v", r.Supply, want)
		}
		if want := []int{0, 3, 0, 0}; !slices.Equal(r.Demand, want) {
			t.Errorf("demand %v, want %v", r.Demand, want)
		}
		for _, row := range r.Fields {
			want := [2]int{}
			if row.Key == "med" {
				want = [2]int{1, 3}
			}
			if [2]int{row.Supply, row.Demand} != want {
				t.Errorf("field %s: %d/%d, want %v", row.Key, row.Supply, row.Demand, want)
			}
		}
		var jy, ht ReportCount
		for _, row := range r.Districts {
			switch row.Name {
			case f.Jiyang.Area.Name:
				jy = ReportCount{row.Supply, row.Demand}
			case f.Haitang.Area.Name:
				ht = ReportCount{row.Supply, row.Demand}
			}
		}
		if jy != (ReportCount{1, 0}) || ht != (ReportCount{0, 3}) {
			t.Errorf("districts 吉阳 %v 海棠 %v", jy, ht)
		}
	})
}

type ReportCount struct{ Supply, Demand int }
