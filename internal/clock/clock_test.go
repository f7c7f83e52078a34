package clock

import (
	"testing"
	"time"
)

// TestToday: Sanya's date of a fixed instant (16:30 UTC is past midnight
// in Sanya), and the zero Func as the wall clock.
func TestToday(t *testing.T) {
	f := Func(func() time.Time { return time.Date(2026, 11, 27, 16, 30, 0, 0, time.UTC) })
	if got := f.Today(); got != "2026-11-28" {
		t.Errorf("Today = %s, want 2026-11-28", got)
	}
	var wall Func
	if d := time.Since(wall.Now()); d < 0 || d > time.Minute {
		t.Errorf("zero Func is %v away from the wall clock", d)
	}
}
