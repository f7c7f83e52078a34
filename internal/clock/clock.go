// Package clock is the platform's time: Sanya's zone, and a replaceable
// time source whose zero value is the wall clock, so a store's "today" can
// be fixed in tests.
package clock

import (
	"context"
	"time"
)

// Sanya is the platform's time zone (UTC+8, no daylight saving).
var Sanya = time.FixedZone("CST", 8*3600)

// Func is a time source; nil is time.Now.
type Func func() time.Time

// Now is the current time.
func (f Func) Now() time.Time {
	if f == nil {
		return time.Now()
	}
	return f()
}

// Today is Sanya's date, YYYY-MM-DD.
func (f Func) Today() string { return f.Now().In(Sanya).Format("2006-01-02") }

// Stamp is Now as a database timestamp: UTC, truncated to microseconds, the
// precision both backends round-trip exactly. Stores stamp created_at and
// updated_at with it.
func (f Func) Stamp() time.Time { return f.Now().UTC().Truncate(time.Microsecond) }

type ctxKey struct{}

// With is ctx carrying f as the time source of the platform writers that
// have no store of their own (the audit log, notifications): a store, a
// demo loader or a test pins their time by passing ctx down.
func With(ctx context.Context, f Func) context.Context { return context.WithValue(ctx, ctxKey{}, f) }

// From is the time source ctx carries, or the wall clock.
func From(ctx context.Context) Func {
	f, _ := ctx.Value(ctxKey{}).(Func)
	return f
}
