package ratelimit

import (
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestParseRule(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Rule
		bad  bool
	}{
		{"10/1m", Rule{10, time.Minute}, false},
		{"300/1h", Rule{300, time.Hour}, false},
		{"off", Rule{}, false},
		{"0", Rule{}, false},
		{"10", Rule{}, true},
		{"x/1m", Rule{}, true},
		{"-1/1m", Rule{}, true},
		{"10/1ms", Rule{}, true},
		{"10/48h", Rule{}, true},
		{"10/soon", Rule{}, true},
	} {
		got, err := ParseRule(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseRule(%q) = %v, %v", tc.in, got, err)
		}
	}
	if s := (Rule{10, time.Minute}).String(); s != "10/1m0s" {
		t.Errorf("String = %q", s)
	}
}

func TestAllow(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
	l := New(Rule{N: 3, Per: time.Minute}, c.now)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("event %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 20*time.Second {
		t.Fatalf("4th event: ok=%v wait=%v, want refused for 20s", ok, wait)
	}
	// Another key has its own bucket.
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("another key refused")
	}
	// A refused event takes nothing: after the wait exactly one more passes.
	c.t = c.t.Add(20 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("refused after the wait")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("two events after one refill")
	}
	// Idle buckets are dropped after a period.
	c.t = c.t.Add(2 * time.Minute)
	l.Allow("c")
	if n := l.Len(); n != 1 {
		t.Errorf("buckets after sweep = %d, want 1", n)
	}
	// The zero rule and a nil limiter allow everything.
	var nilL *Limiter
	off := New(Rule{}, c.now)
	for i := 0; i < 100; i++ {
		if ok, _ := off.Allow("a"); !ok {
			t.Fatal("off rule refused")
		}
		if ok, _ := nilL.Allow("a"); !ok {
			t.Fatal("nil limiter refused")
		}
	}
}
