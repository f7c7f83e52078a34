package order_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestEscalateConcurrently runs escalation as several servers would, from
// four goroutines at once over the same overdue orders, and (under the
// race detector in make check) checks the claim Escalate makes: each order
// moves up exactly once, with one escalate event and one notification
// per move, however the runs interleave.
func TestEscalateConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const orders = 6
		var last time.Time
		for i := 0; i < orders; i++ {
			o, err := f.Orders.Submit(f.ctx, f.Draft(""))
			if err != nil {
				t.Fatal(err)
			}
			last = o.Deadline
		}
		at := last.Add(time.Minute)
		var wg sync.WaitGroup
		moved := make([]int, 4)
		errs := make([]error, 4)
		for g := range moved {
			wg.Add(1)
			go func() {
				defer wg.Done()
				moved[g], errs[g] = f.Orders.Escalate(f.ctx, at)
			}()
		}
		wg.Wait()
		total := 0
		for g := range moved {
			if errs[g] != nil {
				t.Fatalf("escalator %d: %v", g, errs[g])
			}
			total += moved[g]
		}
		if total != orders {
			t.Errorf("escalators moved %v, %d in all; want %d", moved, total, orders)
		}
		count := func(q string) int {
			var n int
			if err := d.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM orders WHERE escalation <> 1`); n != 0 {
			t.Errorf("%d orders not escalated exactly once", n)
		}
		if n := count(`SELECT COUNT(*) FROM order_events WHERE action = 'escalate'`); n != orders {
			t.Errorf("%d escalate events, want %d", n, orders)
		}
		if n := notes(t, d, f.StationUser.ID, "order_escalated"); n != orders {
			t.Errorf("%d escalation notifications, want %d", n, orders)
		}
	})
}
