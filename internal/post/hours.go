package post

import (
	"fmt"
	"strings"
	"time"

	"dangjian/internal/apperr"
)

// Hours are a post's opening hours as rules like "Mo-Fr 08:30-17:30;
// Sa 09:00-12:00" (the OpenStreetMap opening_hours subset: day ranges and
// one time range per rule; "24:00" ends a day).
type Hours []HoursRule

// HoursRule opens the days in Days (bit 0 = Monday) from From to To,
// in minutes after midnight.
type HoursRule struct {
	Days     uint8
	From, To int
}

// DefaultHours are office hours on working days.
const DefaultHours = "Mo-Fr 08:30-17:30"

var dayNames = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

func dayIndex(s string) int {
	for i, d := range dayNames {
		if d == s {
			return i
		}
	}
	return -1
}

// ParseHours reads opening hours; an empty text gives DefaultHours.
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultHours
	}
	bad := apperr.InvalidField("hours", "err.post.hours").With("hours", s)
	var h Hours
	for _, part := range strings.Split(s, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, bad
		}
		var r HoursRule
		for _, dr := range strings.Split(f[0], ",") {
			a, b, rng := strings.Cut(dr, "-")
			i, j := dayIndex(a), dayIndex(b)
			if !rng {
				j = i
			}
			if i < 0 || j < i {
				return nil, bad
			}
			for d := i; d <= j; d++ {
				r.Days |= 1 << d
			}
		}
		var fh, fm, th, tm int
		if n, err := fmt.Sscanf(f[1], "%d:%d-%d:%d", &fh, &fm, &th, &tm); n != 4 || err != nil {
			return nil, bad
		}
		r.From, r.To = fh*60+fm, th*60+tm
		if fm > 59 || tm > 59 || r.From < 0 || r.To > 24*60 || r.From >= r.To {
			return nil, bad
		}
		h = append(h, r)
	}
	return h, nil
}

// String writes the hours back in their canonical form.
func (h Hours) String() string {
	var parts []string
	for _, r := range h {
		var days []string
		for i := 0; i < 7; {
			if r.Days&(1<<i) == 0 {
				i++
				continue
			}
			j := i
			for j+1 < 7 && r.Days&(1<<(j+1)) != 0 {
				j++
			}
			if j == i {
				days = append(days, dayNames[i])
			} else {
				days = append(days, dayNames[i]+"-"+dayNames[j])
			}
			i = j + 1
		}
		parts = append(parts, fmt.Sprintf("%s %02d:%02d-%02d:%02d", strings.Join(days, ","), r.From/60, r.From%60, r.To/60, r.To%60))
	}
	return strings.Join(parts, "; ")
}

// OpenAt reports whether the hours cover the local time t.
func (h Hours) OpenAt(t time.Time) bool {
	d := (int(t.Weekday()) + 6) % 7 // Monday = 0
	m := t.Hour()*60 + t.Minute()
	for _, r := range h {
		if r.Days&(1<<d) != 0 && m >= r.From && m < r.To {
			return true
		}
	}
	return false
}
