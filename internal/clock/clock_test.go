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

// TestStamp: a fixed instant in another zone comes back in UTC without its
// nanoseconds, and the zero Func stamps the wall clock.
func TestStamp(t *testing.T) {
	at := time.Date(2026, 11, 28, 0, 30, 0, 123456789, Sanya)
	got := Func(func() time.Time { return at }).Stamp()
	want := time.Date(2026, 11, 27, 16, 30, 0, 123456000, time.UTC)
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Stamp = %v, want %v in UTC", got, want)
	}
	var wall Func
	s := wall.Stamp()
	if s.Location() != time.UTC || s.Nanosecond()%1000 != 0 {
		t.Errorf("zero Func Stamp = %v, want UTC at microseconds", s)
	}
	if d := time.Since(s); d < 0 || d > time.Minute {
		t.Errorf("zero Func Stamp is %v away from the wall clock", d)
	}
}

// TestFromContext: a context carries its time source; without one it is
// the wall clock.
func TestFromContext(t *testing.T) {
	at := time.Date(2025, 12, 7, 9, 0, 0, 0, Sanya)
	ctx := With(t.Context(), func() time.Time { return at })
	if got := From(ctx).Now(); !got.Equal(at) {
		t.Errorf("From(With(at)) = %v", got)
	}
	if d := time.Since(From(t.Context()).Now()); d < 0 || d > time.Minute {
		t.Errorf("a plain context's clock is %v from the wall", d)
	}
}
