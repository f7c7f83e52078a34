package audit_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestRecordTakesTheContextClock: an entry is dated by the clock its
// context carries (a demo's or a test's), and by the wall clock without
// one.
func TestRecordTakesTheContextClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		at := time.Date(2025, 12, 7, 9, 30, 0, 0, clock.Sanya)
		ctx := audit.WithActor(context.Background(), audit.Actor{Username: "test"})
		if err := audit.Record(clock.With(ctx, func() time.Time { return at }), d.Write(), "test.pinned", "test", 1, nil); err != nil {
			t.Fatal(err)
		}
		if err := audit.Record(ctx, d.Write(), "test.wall", "test", 2, nil); err != nil {
			t.Fatal(err)
		}
		items, _, err := audit.List(ctx, d.Read(), audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]time.Time{}
		for _, e := range items {
			got[e.Action] = e.At
		}
		if !got["test.pinned"].Equal(at) {
			t.Errorf("pinned entry at %v, want %v", got["test.pinned"], at)
		}
		if d := time.Since(got["test.wall"]); d < 0 || d > time.Minute {
			t.Errorf("wall entry is %v from now", d)
		}
	})
}
