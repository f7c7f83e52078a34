package order

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
)

// Sanya keeps China Standard Time; working days are counted there.
var Sanya = clock.Sanya

//go:embed holidays.tsv
var holidaysTSV []byte

// Calendar says which days are working days: Monday to Friday, except the
// public holidays, plus the weekend days made working days (调休). The
// holidays are data (the holidays table, seeded from holidays.tsv and
// extended by staff each year).
type Calendar struct {
	days map[string]bool // day → off
}

// Holiday is one row of the calendar data.
type Holiday struct {
	Day  string `json:"day"`
	Off  bool   `json:"off"`
	Name string `json:"name"`
}

// SeedHolidays writes the shipped holidays that are missing.
func SeedHolidays(ctx context.Context, d *db.DB) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		sc := bufio.NewScanner(bytes.NewReader(holidaysTSV))
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 3 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO holidays (day, off, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, f[0], f[1] == "1", f[2]); err != nil {
				return apperr.Wrap(err, "seed holidays")
			}
		}
		return sc.Err()
	})
}

// LoadCalendar reads the holidays table.
func LoadCalendar(ctx context.Context, q db.Querier) (*Calendar, error) {
	c := &Calendar{days: map[string]bool{}}
	err := db.Each(ctx, q, `SELECT day, off, name FROM holidays`, nil, scanHoliday, func(h Holiday) error {
		c.days[h.Day] = h.Off
		return nil
	})
	return c, apperr.Wrap(err, "calendar")
}

func scanHoliday(r db.Scanner) (Holiday, error) {
	var h Holiday
	return h, r.Scan(&h.Day, &h.Off, &h.Name)
}

// Holidays lists the calendar data of a year.
func Holidays(ctx context.Context, q db.Querier, year int) ([]Holiday, error) {
	var out []Holiday
	y := time.Date(year, 1, 1, 0, 0, 0, 0, Sanya).Format("2006")
	err := db.Each(ctx, q, `SELECT day, off, name FROM holidays WHERE day >= ? AND day < ? ORDER BY day`, []any{y + "-01-01", y + "-99"},
		scanHoliday, func(h Holiday) error { out = append(out, h); return nil })
	return out, apperr.Wrap(err, "holidays")
}

// SetHoliday adds or changes one day of the calendar (audited).
func SetHoliday(ctx context.Context, d *db.DB, h Holiday) error {
	if _, err := time.Parse("2006-01-02", h.Day); err != nil {
		return apperr.InvalidField("day", "err.date")
	}
	h.Name = strings.TrimSpace(h.Name)
	if h.Name == "" || len([]rune(h.Name)) > 30 {
		return apperr.InvalidField("name", "err.name_length")
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO holidays (day, off, name) VALUES (?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET off = excluded.off, name = excluded.name`, h.Day, h.Off, h.Name); err != nil {
			return apperr.Wrap(err, "holiday")
		}
		return audit.Record(ctx, tx, "holiday.set", "holiday", 0, h)
	})
}

// Working reports whether the day of t (in Sanya) is a working day.
func (c *Calendar) Working(t time.Time) bool {
	t = t.In(Sanya)
	if off, ok := c.days[t.Format("2006-01-02")]; ok {
		return !off
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Deadline is the end (24:00 in Sanya) of the n-th working day after the
// day of start: an order accepted on Monday with one day is due at the end
// of Tuesday, and one accepted on a holiday starts counting after it.
func (c *Calendar) Deadline(start time.Time, n int) time.Time {
	s := start.In(Sanya)
	d := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, Sanya)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.Working(d) {
			n--
		}
	}
	return d.AddDate(0, 0, 1).UTC()
}

// WorkingDaysBetween counts the working days from the day after a's to the
// day of b (0 when b is on a's day or before).
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	as, bs := a.In(Sanya), b.In(Sanya)
	d := time.Date(as.Year(), as.Month(), as.Day(), 0, 0, 0, 0, Sanya)
	end := time.Date(bs.Year(), bs.Month(), bs.Day(), 0, 0, 0, 0, Sanya)
	n := 0
	for d.Before(end) {
		d = d.AddDate(0, 0, 1)
		if c.Working(d) {
			n++
		}
	}
	return n
}
