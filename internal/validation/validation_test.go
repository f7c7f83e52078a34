package validation

import (
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
)

// TestDate: real calendar days within the bounds pass; impossible days,
// other spellings, dates before 1900 or after 2100, and (with notFuture)
// dates after Sanya's today are refused with the key and the field.
func TestDate(t *testing.T) {
	now := clock.Func(func() time.Time { return time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC) }) // 2026-12-08 in Sanya
	for _, c := range []struct {
		in        string
		notFuture bool
		key       string
	}{
		{"2026-02-28", true, ""},
		{"2024-02-29", true, ""},
		{"1900-01-01", true, ""},
		{"2026-12-08", true, ""},
		{"2030-06-01", false, ""},
		{"2100-12-31", false, ""},
		{"2026-02-30", false, "err.date.invalid"},
		{"2025-02-29", false, "err.date.invalid"},
		{"2026-04-31", false, "err.date.invalid"},
		{"2026-13-01", false, "err.date.invalid"},
		{"2026-1-5", false, "err.date.invalid"},
		{"2026/01/05", false, "err.date.invalid"},
		{"", false, "err.date.invalid"},
		{"1800-01-01", false, "err.date.too_early"},
		{"1899-12-31", false, "err.date.too_early"},
		{"2101-01-01", false, "err.date.too_late"},
		{"2026-12-09", true, "err.date.future"},
		{"2026-12-09", false, ""},
	} {
		d, err := Date(c.in, "held_on", c.notFuture, now)
		if c.key == "" {
			if err != nil || d.Format(time.DateOnly) != c.in {
				t.Errorf("Date(%q) = %v, %v; want the date", c.in, d, err)
			}
			continue
		}
		ae := apperr.As(err)
		if ae.Code != apperr.Invalid || ae.Key != c.key || ae.Field != "held_on" || ae.Args["value"] != c.in {
			t.Errorf("Date(%q) = %v; want %s on held_on with the value", c.in, err, c.key)
		}
	}
}

// TestText: valid UTF-8 within the bounds passes; invalid bytes, empty
// text where required, and too many runes (not bytes) are refused.
func TestText(t *testing.T) {
	for _, c := range []struct {
		in       string
		min, max int
		key      string
	}{
		{"党建", 1, 2, ""},
		{"", 0, 5, ""},
		{"\xff\xfe", 0, 100, "err.text.utf8"},
		{"ok\xc3", 1, 100, "err.text.utf8"},
		{"", 1, 5, "err.text.required"},
		{"党建引领", 1, 3, "err.text.length"},
		{strings.Repeat("a", 101), 0, 100, "err.text.length"},
	} {
		err := Text(c.in, "name", c.min, c.max)
		if c.key == "" {
			if err != nil {
				t.Errorf("Text(%q) = %v", c.in, err)
			}
			continue
		}
		if ae := apperr.As(err); ae.Key != c.key || ae.Field != "name" {
			t.Errorf("Text(%q, %d, %d) = %v; want %s", c.in, c.min, c.max, err, c.key)
		}
	}
}

// TestPastDate: the date rule, then not after the given today, with the
// feature's own message when it names one.
func TestPastDate(t *testing.T) {
	for _, c := range []struct {
		in, key, want string
	}{
		{"2026-12-07", "", ""},
		{"2026-12-08", "", "err.date.future"},
		{"2026-12-08", "err.orglife.future_date", "err.orglife.future_date"},
		{"2026-02-30", "err.orglife.future_date", "err.date.invalid"},
		{"1800-01-01", "", "err.date.too_early"},
	} {
		_, err := PastDate(c.in, "held_on", "2026-12-07", c.key)
		e := apperr.As(err)
		if err == nil && c.want != "" || err != nil && (e.Key != c.want || e.Field != "held_on") {
			t.Errorf("PastDate(%q, %q) = %v, want %q", c.in, c.key, err, c.want)
		}
		if err != nil && c.want != "err.date.invalid" && c.want != "err.date.too_early" && e.Args["today"] != "2026-12-07" {
			t.Errorf("PastDate(%q): the message lacks today: %v", c.in, e.Args)
		}
	}
}
