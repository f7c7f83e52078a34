// Package validation holds the input rules shared by the feature
// validators: one date rule (a real calendar day within sane bounds) and
// one text rule (valid UTF-8 within a length). Each returns an apperr
// naming the field, with arguments that fill the message.
package validation

import (
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
)

// The dates the platform accepts: nothing before 1900 (no living member
// joined earlier) and nothing after 2100 (no deadline lies that far).
const (
	MinDate = "1900-01-01"
	MaxDate = "2100-12-31"
)

// Date parses s as YYYY-MM-DD with a calendar check (2026-02-30 is
// refused) and refuses dates before MinDate or after MaxDate. With
// notFuture it also refuses a date after Sanya's today by now (nil: the
// wall clock). Errors name field and carry the value and the bound.
func Date(s, field string, notFuture bool, now clock.Func) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, clock.Sanya)
	if err != nil || len(s) != len(time.DateOnly) {
		return time.Time{}, apperr.InvalidField(field, "err.date.invalid").With("value", s)
	}
	if s < MinDate {
		return time.Time{}, apperr.InvalidField(field, "err.date.too_early").With("value", s).With("min", MinDate)
	}
	if s > MaxDate {
		return time.Time{}, apperr.InvalidField(field, "err.date.too_late").With("value", s).With("max", MaxDate)
	}
	if today := now.Today(); notFuture && s > today {
		return time.Time{}, apperr.InvalidField(field, "err.date.future").With("value", s).With("today", today)
	}
	return t, nil
}

// Text checks that s is valid UTF-8 and between min and max runes long.
func Text(s, field string, min, max int) error {
	if !utf8.ValidString(s) {
		return apperr.InvalidField(field, "err.text.utf8")
	}
	if n := utf8.RuneCountInString(s); n < min || n > max {
		if min > 0 && n == 0 {
			return apperr.InvalidField(field, "err.text.required")
		}
		return apperr.InvalidField(field, "err.text.length").With("min", min).With("max", max).With("len", n)
	}
	return nil
}

// PastDate is Date, and not after today (Sanya's date, YYYY-MM-DD): the
// rule of a date that records what happened (joined, held, signed,
// visited). futureKey names the feature's own message for a date after
// today, with {today} (empty: err.date.future).
func PastDate(s, field, today, futureKey string) (time.Time, error) {
	t, err := Date(s, field, false, nil)
	if err != nil {
		return t, err
	}
	if s > today {
		if futureKey == "" {
			return time.Time{}, apperr.InvalidField(field, "err.date.future").With("value", s).With("today", today)
		}
		return time.Time{}, apperr.InvalidField(field, futureKey).With("today", today)
	}
	return t, nil
}
