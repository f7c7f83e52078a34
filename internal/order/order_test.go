package order_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/order"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

type fix struct {
	*testfix.World
	*testfix.Service
	ctx   context.Context
	clock time.Time
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	w := testfix.Build(t, d)
	f := &fix{World: w, Service: testfix.BuildService(t, w), ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "staff"})}
	// Tuesday 2026-09-29 10:00 in Sanya, the week before 国庆.
	f.clock = time.Date(2026, 9, 29, 10, 0, 0, 0, order.Sanya)
	f.Orders.Clock = func() time.Time { return f.clock }
	return f
}

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

func count(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSubmitRoutesAndRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		o, err := f.Orders.Submit(f.ctx, f.Draft("k1"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != order.Accepted || o.PostID != f.Chain[3].ID || o.GridID != f.Grid.ID || len(o.Handlers) != 2 || o.ContactMask != "139****5678" {
			t.Errorf("submitted %+v", o)
		}
		// 3 working days from Tue 29 Sep: 30 Sep, then 国庆 1–7 Oct off, 8 and 9 Oct → end of Fri 9 Oct.
		if want := time.Date(2026, 10, 10, 0, 0, 0, 0, order.Sanya); !o.Deadline.Equal(want) {
			t.Errorf("deadline %v, want %v", o.Deadline, want)
		}
		again, err := f.Orders.Submit(f.ctx, f.Draft("k1"))
		if err != nil || again.ID != o.ID || !again.Duplicate {
			t.Errorf("repeated key: %+v %v", again.ID, err)
		}
		// A free-text legal need climbs from the point to the station, which offers it.
		free := f.Draft("")
		free.ItemCode, free.Category, free.Attributes = "", "legal", nil
		lg, err := f.Orders.Submit(f.ctx, free)
		if err != nil || lg.PostID != f.Chain[2].ID || len(lg.Handlers) != 1 || lg.Handlers[0].UnitID != f.Service.Units[2].ID {
			t.Errorf("free-text legal: %+v %v", lg, err)
		}
		// An address instead of a pin resolves by the village's name.
		addr := f.Draft("")
		addr.HasPlace, addr.Lat, addr.Lng, addr.Address = false, 0, 0, "三亚市吉阳区"+f.Jiyang.Village.Name+"12号"
		if a, err := f.Orders.Submit(f.ctx, addr); err != nil || a.DistrictID != f.Jiyang.Area.ID {
			t.Errorf("by address: %+v %v", a.DistrictID, err)
		}
		n := count(t, d)
		cases := []struct {
			name string
			edit func(*order.Draft)
			code apperr.Code
			key  string
		}{
			{"outside Sanya", func(x *order.Draft) { x.Lat, x.Lng = 39.9, 116.4 }, apperr.Invalid, "err.location_outside_city"},
			{"unknown service", func(x *order.Draft) { x.ItemCode = "NOPE" }, apperr.Invalid, "err.order.service_unknown"},
			{"missing attribute", func(x *order.Draft) { delete(x.Attributes, "people") }, apperr.Invalid, "err.order.attr_required"},
			{"bad list value", func(x *order.Draft) { x.Attributes["when"] = []string{"night"} }, apperr.Invalid, "err.order.attr_invalid"},
			{"long description", func(x *order.Draft) { x.Description = strings.Repeat("长", 4001) }, apperr.Invalid, "err.order.description_long"},
			{"empty description", func(x *order.Draft) { x.Description = "  " }, apperr.Invalid, "err.order.description_needed"},
			{"unknown address", func(x *order.Draft) { x.HasPlace, x.Address = false, "火星基地" }, apperr.Invalid, "err.order.address_unknown"},
			{"bad orderer", func(x *order.Draft) { x.OrdererKind = "alien" }, apperr.Invalid, "err.order.orderer_kind"},
			{"bad phone", func(x *order.Draft) { x.Phone = "12345" }, apperr.Invalid, "err.order.phone"},
			{"phone with letters", func(x *order.Draft) { x.Phone = "1390000abcd" }, apperr.Invalid, "err.order.phone"},
		}
		for _, c := range cases {
			dr := f.Draft("")
			c.edit(&dr)
			_, err := f.Orders.Submit(f.ctx, dr)
			wantErr(t, c.name, err, c.code, c.key)
		}
		if got := count(t, d); got != n {
			t.Errorf("bad input placed %d orders", got-n)
		}
		// Scope: 海棠区 staff do not see a 吉阳区 order.
		if _, err := f.Orders.Get(f.ctx, f.Haitang.Scope, o.ID); err != apperr.ErrNotFound {
			t.Errorf("other district read: %v", err)
		}
		if list, _, err := f.Orders.List(f.ctx, f.Haitang.Scope, order.Filter{}); err != nil || len(list) != 0 {
			t.Errorf("other district list: %d %v", len(list), err)
		}
		if list, n, err := f.Orders.List(f.ctx, f.Jiyang.Scope, order.Filter{Category: "health", Sort: "-deadline"}); err != nil || len(list) != 2 || n != 2 {
			t.Errorf("own district list: %d of %d, %v", len(list), n, err)
		}
	})
}

func TestClosedLoopJointHandling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		sc := f.Jiyang.Scope
		o, err := f.Orders.Submit(f.ctx, f.Draft(""))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.Orders.Close(f.ctx, sc, o.ID, "")
		wantErr(t, "close before verify", err, apperr.Conflict, "err.order.transition")
		if o, err = f.Orders.Dispatch(f.ctx, sc, o.ID, nil, ""); err != nil || o.Status != order.Dispatched {
			t.Fatalf("dispatch: %v %v", o.Status, err)
		}
		u0, u1 := f.Service.Units[0].ID, f.Service.Units[1].ID
		steps := []struct {
			unit   int64
			step   order.UnitStep
			status order.Status
			h      order.HandlerStatus
		}{
			{u0, order.UnitStart, order.Handling, order.HHandling},
			{u0, order.UnitDone, order.Handling, order.HDone},
			{u1, order.UnitFail, order.Handling, order.HDispatched}, // retried: attempt 2
			{u1, order.UnitFail, order.Handling, order.HEscalated},  // escalated alone
			{u1, order.UnitDone, order.Feedback, order.HDone},       // the level above finished it
		}
		for i, s := range steps {
			if o, err = f.Orders.Unit(f.ctx, sc, o.ID, s.unit, s.step, "第"+string(rune('1'+i))+"步"); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			var h order.Handler
			for _, x := range o.Handlers {
				if x.UnitID == s.unit {
					h = x
				}
			}
			if o.Status != s.status || h.Status != s.h {
				t.Errorf("step %d: order %s unit %s, want %s %s", i, o.Status, h.Status, s.status, s.h)
			}
		}
		if n := notes(t, d, f.StationUser.ID, "order_unit_escalated"); n != 1 {
			t.Errorf("the station heard of the escalated unit %d times", n)
		}
		_, err = f.Orders.Unit(f.ctx, sc, o.ID, u0, order.UnitStart, "")
		wantErr(t, "start a finished order", err, apperr.Conflict, "")
		if o, err = f.Orders.Verify(f.ctx, sc, o.ID, true, "电话回访属实"); err != nil {
			t.Fatal(err)
		}
		if o, err = f.Orders.Close(f.ctx, sc, o.ID, ""); err != nil || o.Status != order.Closed {
			t.Fatalf("close: %v", err)
		}
		_, err = f.Orders.Rate(f.ctx, f.Other.ID, o.ID, order.Satisfied, "")
		wantErr(t, "rating by someone else", err, apperr.Forbidden, "err.order.not_orderer")
		// 不满意 reopens for a second follow-up; every part goes out again.
		if o, err = f.Orders.Rate(f.ctx, f.Resident.ID, o.ID, order.Unsatisfied, "没有上门"); err != nil || o.Status != order.Dispatched || o.FollowUp != 2 {
			t.Fatalf("reopen: %v %v", o.Status, err)
		}
		for _, h := range o.Handlers {
			if h.Status != order.HDispatched {
				t.Errorf("reopened unit %d is %s", h.UnitID, h.Status)
			}
		}
		for _, u := range []int64{u0, u1} {
			if o, err = f.Orders.Unit(f.ctx, sc, o.ID, u, order.UnitDone, "已上门"); err != nil {
				t.Fatal(err)
			}
		}
		o, _ = f.Orders.Verify(f.ctx, sc, o.ID, true, "")
		o, _ = f.Orders.Close(f.ctx, sc, o.ID, "")
		if o, err = f.Orders.Rate(f.ctx, f.Resident.ID, o.ID, order.Unsatisfied, "还是不满意"); err != nil || o.Status != order.Rated {
			t.Fatalf("second rating: %v %v", o.Status, err)
		}
		_, err = f.Orders.Rate(f.ctx, f.Resident.ID, o.ID, order.Satisfied, "")
		wantErr(t, "double rating", err, apperr.Conflict, "err.order.transition")
		var actions []string
		for _, e := range o.Events {
			actions = append(actions, e.Action)
		}
		want := "accept dispatch unit_start unit_done retry unit_escalate unit_done verify close reopen unit_done unit_done verify close rate"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("history:\n got %s\nwant %s", got, want)
		}
	})
}

func notes(t *testing.T, d *db.DB, user int64, kind string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?`, user, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEscalateOverdue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		o, err := f.Orders.Submit(f.ctx, f.Draft(""))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.Orders.Escalate(f.ctx, o.Deadline.Add(-time.Minute)); err != nil || n != 0 {
			t.Fatalf("escalated before the deadline: %d %v", n, err)
		}
		// Point → station → big community → district centre, then it stays.
		at := o.Deadline
		for lvl := 2; lvl >= 0; lvl-- {
			at = at.Add(time.Minute)
			if n, err := f.Orders.Escalate(f.ctx, at); err != nil || n != 1 {
				t.Fatalf("escalate to level %d: %d %v", lvl+1, n, err)
			}
			if o, err = f.Orders.Get(f.ctx, scope.Everything, o.ID); err != nil || o.PostID != f.Chain[lvl].ID || !o.Overdue {
				t.Fatalf("after escalation: post %d overdue %v, want %d", o.PostID, o.Overdue, f.Chain[lvl].ID)
			}
			at = o.Deadline
		}
		if n, _ := f.Orders.Escalate(f.ctx, at.Add(time.Hour)); n != 0 {
			t.Errorf("escalated past the district centre: %d", n)
		}
		if notes(t, d, f.StationUser.ID, "order_escalated") != 1 || notes(t, d, f.CentreUser.ID, "order_escalated") != 1 {
			t.Errorf("escalation notifications missing")
		}
	})
}

func TestMergeAndNear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		a, _ := f.Orders.Submit(f.ctx, f.Draft(""))
		bd := f.Draft("")
		bd.Lat += 0.0002 // about 22 m north
		b, err := f.Orders.Submit(f.ctx, bd)
		if err != nil {
			t.Fatal(err)
		}
		near, err := f.Orders.Near(f.ctx, "health", bd.Lat, bd.Lng, b.ID)
		if err != nil || len(near) != 1 || near[0].ID != a.ID || near[0].Metres < 15 || near[0].Metres > 30 {
			t.Errorf("near: %+v %v", near, err)
		}
		if far, _ := f.Orders.Near(f.ctx, "health", bd.Lat+0.001, bd.Lng, 0); len(far) != 0 {
			t.Errorf("110 m away counted as near: %+v", far)
		}
		m, err := f.Orders.Merge(f.ctx, f.Jiyang.Scope, b.ID, a.ID, "同一户")
		if err != nil || m.Status != order.Merged || m.MergedInto != a.ID {
			t.Fatalf("merge: %+v %v", m.Status, err)
		}
		_, err = f.Orders.Merge(f.ctx, f.Jiyang.Scope, a.ID, b.ID, "")
		wantErr(t, "merge into a merged order", err, apperr.Invalid, "err.order.merge_target")
		_, err = f.Orders.Merge(f.ctx, f.Haitang.Scope, a.ID, b.ID, "")
		if err == nil {
			t.Errorf("merge from another district succeeded")
		}
	})
}

func TestDeadlineCalendar(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	if err := order.SeedHolidays(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	cal, err := order.LoadCalendar(context.Background(), d.Read())
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, order.Sanya) }
	cases := []struct {
		name  string
		start time.Time
		days  int
		want  time.Time // the end of this day
	}{
		{"ordinary Monday, 1 day", at(2026, 11, 23, 9), 1, at(2026, 11, 24, 0)},
		{"Friday, 1 day → Monday", at(2026, 11, 27, 16), 1, at(2026, 11, 30, 0)},
		{"before 国庆, 3 days, make-up Saturday counts", at(2026, 9, 30, 9), 3, at(2026, 10, 10, 0)},
		{"on a holiday, 1 day", at(2026, 10, 3, 9), 1, at(2026, 10, 8, 0)},
		{"春节 2026, make-up Saturday 14 Feb", at(2026, 2, 13, 9), 2, at(2026, 2, 24, 0)},
		{"Sunday make-up day 4 Jan 2026 counts", at(2026, 1, 3, 9), 1, at(2026, 1, 4, 0)},
	}
	for _, c := range cases {
		got := cal.Deadline(c.start, c.days)
		if want := c.want.AddDate(0, 0, 1); !got.Equal(want) {
			t.Errorf("%s: %v, want end of %v", c.name, got.In(order.Sanya), c.want.Format("2006-01-02"))
		}
	}
}

func TestStatsHandComputed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		sc := f.Jiyang.Scope
		start := time.Date(2026, 11, 23, 10, 0, 0, 0, order.Sanya) // Monday
		finish := func(created time.Time, hours int, rating string) {
			f.clock = created
			o, err := f.Orders.Submit(f.ctx, f.Draft(""))
			if err != nil {
				t.Fatal(err)
			}
			o, _ = f.Orders.Dispatch(f.ctx, sc, o.ID, nil, "")
			for _, h := range o.Handlers {
				f.Orders.Unit(f.ctx, sc, o.ID, h.UnitID, order.UnitDone, "")
			}
			f.Orders.Verify(f.ctx, sc, o.ID, true, "")
			f.clock = created.Add(time.Duration(hours) * time.Hour)
			if _, err := f.Orders.Close(f.ctx, sc, o.ID, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Orders.Rate(f.ctx, f.Resident.ID, o.ID, rating, ""); err != nil {
				t.Fatal(err)
			}
		}
		finish(start, 24, order.Satisfied)
		finish(start.Add(2*time.Hour), 48, order.Basic)
		f.clock = start.Add(3 * time.Hour)
		free := f.Draft("")
		free.ItemCode, free.Category, free.Attributes = "", "legal", nil
		if _, err := f.Orders.Submit(f.ctx, free); err != nil {
			t.Fatal(err)
		}
		if n, err := f.Orders.Escalate(f.ctx, start.AddDate(0, 0, 30)); err != nil || n != 1 {
			t.Fatalf("escalate: %d %v", n, err)
		}
		rep, err := f.Orders.Stats(f.ctx, sc, time.Date(2026, 11, 1, 0, 0, 0, 0, order.Sanya), time.Date(2026, 12, 1, 0, 0, 0, 0, order.Sanya))
		if err != nil {
			t.Fatal(err)
		}
		tot := rep.Total
		if tot.Orders != 3 || tot.Closed != 2 || tot.MedianHours != 36 || tot.Overdue != 1 || tot.Rated != 2 || tot.Satisfaction != 1 {
			t.Errorf("total %+v", tot)
		}
		got := map[string]int{}
		for _, x := range rep.ByCategory {
			got[x.Key] = x.Orders
		}
		for _, x := range rep.ByUnit {
			got[x.Name] = x.Orders
		}
		want := map[string]int{"health": 2, "legal": 1, f.Service.Units[0].Name: 2, f.Service.Units[1].Name: 2, f.Service.Units[2].Name: 1}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %d orders, want %d", k, got[k], v)
			}
		}
		if len(rep.ByMonth) != 1 || rep.ByMonth[0].Key != "2026-11" || len(rep.ByPost) != 2 || rep.ByPost[0].Orders != 2 {
			t.Errorf("by month %+v, by post %+v", rep.ByMonth, rep.ByPost)
		}
		if other, _ := f.Orders.Stats(f.ctx, f.Haitang.Scope, rep.From, rep.To); other.Total.Orders != 0 {
			t.Errorf("another district's report counts %d orders", other.Total.Orders)
		}
	})
}
