package talent_test

import (
	"sync"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
)

func TestTalentStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		c, err := f.S.Create(f.ctx, f.Jiyang.Scope, f.cardiologist("王心"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != talent.Pending || c.PhoneMask != "138****8000" || len(c.Skills) != 1 || c.Skills[0] != "med.internal.cardio" {
			t.Errorf("created %+v", c)
		}
		// Outside the staff member's scope: the area is "missing".
		if _, err := f.S.Create(f.ctx, f.Haitang.Scope, f.cardiologist("李心")); apperr.As(err).Key != "err.area_missing" {
			t.Errorf("create outside scope: %v", err)
		}
		bad := f.cardiologist("外地")
		bad.Lat, bad.Lng = 39.9, 116.4 // Beijing
		wantErr(t, "outside Sanya", func() error { _, err := f.S.Create(f.ctx, scope.Everything, bad); return err }(), apperr.Invalid, "err.talent.outside_city")
		unknown := f.cardiologist("占星")
		unknown.Skills = []string{"占星术"}
		wantErr(t, "unknown skill", func() error { _, err := f.S.Create(f.ctx, scope.Everything, unknown); return err }(), apperr.Invalid, "err.talent.skill_unknown")
		n, _, _ := f.S.List(f.ctx, scope.Everything, talent.Filter{})
		if len(n) != 1 {
			t.Errorf("bad input left %d talents", len(n))
		}

		// A pending talent is not ranked; once verified, it is first.
		dm, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, f.clinic("马亮村义诊"))
		if err != nil {
			t.Fatal(err)
		}
		q := talent.QueryOf(dm)
		if r, err := f.Live.RankTalents(f.ctx, q, 10); err != nil || len(r) != 0 {
			t.Errorf("pending ranked: %v %v", r, err)
		}
		if _, err := f.S.SetStatus(f.ctx, f.Haitang.Scope, talent.Official, c.ID, talent.Verified, ""); !(err != nil && apperr.CodeOf(err) == apperr.NotFound) {
			t.Errorf("verify outside scope: %v", err)
		}
		if _, err := f.S.SetStatus(f.ctx, f.Jiyang.Scope, talent.Official, c.ID, talent.Verified, "材料齐全"); err != nil {
			t.Fatal(err)
		}
		r, err := f.Live.RankTalents(f.ctx, q, 10)
		if err != nil || len(r) != 1 || r[0].TalentID != c.ID {
			t.Fatalf("rank after verify: %+v %v", r, err)
		}
		p := r[0].Parts
		if p.Skill != 1 || p.Availability != 1 || p.Text <= 0 || p.Distance <= 0.5 || p.Workload != 1 {
			t.Errorf("parts %+v", p)
		}
		rd, err := f.Live.RankDemands(f.ctx, c.ID, 10)
		if err != nil || len(rd) != 1 || rd[0].Demand.ID != dm.ID || rd[0].Score != r[0].Score {
			t.Errorf("rank demands %+v %v (want score %v)", rd, err, r[0].Score)
		}

		// An edit is ranked at once: moving the stay out of the demand's dates.
		c.Stays = []talent.Stay{{Start: day(60), End: day(90), Slots: talent.AllSlots}}
		if _, err := f.S.Update(f.ctx, f.Jiyang.Scope, talent.Official, c); err != nil {
			t.Fatal(err)
		}
		// Not in Sanya during the demand: not ranked at all.
		r, _ = f.Live.RankTalents(f.ctx, q, 10)
		if len(r) != 0 {
			t.Errorf("after moving the stay away: %+v", r)
		}
		// The skill filter finds descendants; the phone stays sealed.
		l, total, err := f.S.List(f.ctx, scope.Everything, talent.Filter{Skill: "医疗卫生"})
		if err != nil || total != 1 || len(l) != 1 {
			t.Errorf("list by field: %d %v", total, err)
		}
		if ph, err := f.S.Reveal(f.ctx, f.Jiyang.Scope, c.ID); err != nil || ph != "13800138000" {
			t.Errorf("reveal %q %v", ph, err)
		}
		if _, err := f.S.Reveal(f.ctx, f.Haitang.Scope, c.ID); !(err != nil && apperr.CodeOf(err) == apperr.NotFound) {
			t.Errorf("reveal outside scope: %v", err)
		}
	})
}

func TestDemandStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		past := f.clinic("过去的需求")
		past.Start = day(-3)
		wantErr(t, "past", func() error { _, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, past); return err }(), apperr.Invalid, "err.talent.demand_past")
		wantErr(t, "other district's org", func() error {
			_, err := f.S.CreateDemand(f.ctx, f.Jiyang.Scope, f.clinic("越权"))
			return err
		}(), apperr.Invalid, "err.org_missing")
		dm, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, f.clinic("义诊"))
		if err != nil {
			t.Fatal(err)
		}
		board, total, err := f.S.ListDemands(f.ctx, scope.Scope{}, talent.DemandFilter{})
		if err != nil || total != 1 || board[0].ID != dm.ID || board[0].Required[0] != "med.internal.cardio" {
			t.Errorf("board %+v %d %v", board, total, err)
		}
		if _, err := f.S.SetDemandStatus(f.ctx, f.Jiyang.Scope, dm.ID, talent.DemandCancelled); !(err != nil && apperr.CodeOf(err) == apperr.NotFound) {
			t.Errorf("cancel outside scope: %v", err)
		}
		if _, err := f.S.SetDemandStatus(f.ctx, f.Haitang.Scope, dm.ID, talent.DemandCancelled); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := f.S.ListDemands(f.ctx, scope.Scope{}, talent.DemandFilter{AnyStatus: true}); total != 0 {
			t.Errorf("cancelled demand on the public board")
		}
		if _, err := f.S.SetDemandStatus(f.ctx, f.Haitang.Scope, dm.ID, talent.DemandClosed); !(err != nil && apperr.CodeOf(err) == apperr.Conflict) {
			t.Errorf("close cancelled: %v", err)
		}
	})
}

// Two staff members who invite the same talent (capacity 1) at the same
// moment, to different demands, end with exactly one engagement; the same
// pair twice also ends with one.
func TestConcurrentInvites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		tl := f.verified(t, f.cardiologist("抢手"))
		var ds []talent.Demand
		for _, title := range []string{"甲", "乙", "丙", "丁"} {
			dm, err := f.S.CreateDemand(f.ctx, f.Haitang.Scope, f.clinic(title))
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, dm)
		}
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = f.S.Invite(f.ctx, f.Haitang.Scope, ds[i%4].ID, tl.ID, 0.9, "manual")
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !(err != nil && apperr.CodeOf(err) == apperr.Conflict) {
				t.Errorf("unexpected error %v", err)
			}
		}
		var rows, load int
		d.Read().QueryRowContext(f.ctx, `SELECT count(*) FROM engagements`).Scan(&rows)
		d.Read().QueryRowContext(f.ctx, `SELECT load FROM talents WHERE id = ?`, tl.ID).Scan(&load)
		if ok != 1 || rows != 1 || load != 1 {
			t.Errorf("successes %d, rows %d, load %d; want 1 each", ok, rows, load)
		}
	})
}
