// Package ratelimit bounds how often one key (a source address, an account,
// an API key) may do one class of thing (sign in, sign up, post a service
// request). Each key has a token bucket from golang.org/x/time/rate; a
// refused call learns how long to wait, for the answer's Retry-After.
//
// The buckets live in this process's memory. Behind several servers each
// server limits on its own, so the effective limit is the per-server limit
// times the number of servers; the limits are set per server.
package ratelimit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rule allows N events per Per for each key, in a burst of up to N. The
// zero Rule allows everything.
type Rule struct {
	N   int
	Per time.Duration
}

// Off reports whether the rule limits nothing.
func (r Rule) Off() bool { return r.N <= 0 || r.Per <= 0 }

func (r Rule) String() string {
	if r.Off() {
		return "off"
	}
	return strconv.Itoa(r.N) + "/" + r.Per.String()
}

// ParseRule reads "N/duration" (for example "10/1m" or "300/1h") or "off".
func ParseRule(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "0" {
		return Rule{}, nil
	}
	n, per, ok := strings.Cut(s, "/")
	if !ok {
		return Rule{}, errors.New(`must be "N/duration" such as 10/1m, or off`)
	}
	cnt, err := strconv.Atoi(n)
	if err != nil || cnt < 1 || cnt > 1_000_000 {
		return Rule{}, errors.New("the count must be a number from 1 to 1000000")
	}
	d, err := time.ParseDuration(per)
	if err != nil || d < time.Second || d > 24*time.Hour {
		return Rule{}, fmt.Errorf("the period must be a duration from 1s to 24h, such as 1m")
	}
	return Rule{N: cnt, Per: d}, nil
}

// Limiter keeps one bucket per key for one rule. It is safe for
// concurrent use. Buckets idle for longer than the rule's period are full
// again and are dropped, so memory follows the keys seen recently.
type Limiter struct {
	rule Rule
	now  func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	last time.Time
}

// New returns a limiter for rule; now is the clock (time.Now when nil).
func New(rule Rule, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{rule: rule, now: now, buckets: map[string]*bucket{}}
}

// Allow takes one event for key. When the key's bucket is empty it takes
// nothing and returns false with the wait until one event is allowed.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	if l == nil || l.rule.Off() {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.rule.Per/time.Duration(l.rule.N)), l.rule.N)}
		l.buckets[key] = b
	}
	b.last = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep drops, at most once a period, the buckets idle for a period.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < l.rule.Per {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if now.Sub(b.last) >= l.rule.Per {
			delete(l.buckets, k)
		}
	}
}

// Len is the number of buckets held, for tests and metrics.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
