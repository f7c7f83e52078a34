package auth_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

const badPW = "Wrong-password-1"

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		u := mkUser(t, s, "lockme")

		sess, err := s.Login(ctx, "LockMe", goodPW, "10.0.0.1", "test-agent")
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		if sess.UserID != u.ID || len(sess.Token) != 43 || len(sess.CSRF) != 43 || sess.Token == sess.CSRF {
			t.Errorf("session %+v", sess)
		}
		var stored string
		d.Read().QueryRowContext(ctx, `SELECT token_hash FROM sessions WHERE user_id = ?`, u.ID).Scan(&stored)
		if len(stored) != 64 || stored == sess.Token {
			t.Errorf("stored token %q: want a sha256 hex, not the token", stored)
		}
		_, err = s.Login(ctx, "nobody", goodPW, "10.0.0.1", "")
		wantErr(t, "unknown user", err, apperr.Unauthorized, "err.login.failed")

		// Disabled: refused with the right password only.
		if err := s.UpdateUser(ctx, u.ID, "张三", u.Roles, 0, 0, true); err != nil {
			t.Fatal(err)
		}
		_, err = s.Login(ctx, "lockme", badPW, "10.0.0.1", "")
		wantErr(t, "disabled, wrong password", err, apperr.Unauthorized, "err.login.failed")
		_, err = s.Login(ctx, "lockme", goodPW, "10.0.0.1", "")
		wantErr(t, "disabled", err, apperr.Unauthorized, "err.login.disabled")

		var ip string
		var uid int64
		d.Read().QueryRowContext(ctx, `SELECT ip, user_id FROM audit_log WHERE action = 'login' ORDER BY id LIMIT 1`).Scan(&ip, &uid)
		if ip != "10.0.0.1" || uid != u.ID {
			t.Errorf("login audit ip=%q user_id=%d", ip, uid)
		}
		if unknown := auditRows(t, d, `action = 'login.failed' AND username = 'nobody' AND entity_id IS NULL`); unknown != 1 {
			t.Errorf("login.failed rows of nobody = %d, want 1", unknown)
		}
	})
}

// TestLockoutPerAddress: five bad passwords lock out their address, not
// the account: the administrator still signs in from another address, and
// an unknown name is answered exactly like a real one.
func TestLockoutPerAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newStore(t, d)
		u := mkUser(t, s, "admin2")
		const attacker, office = "203.0.113.9", "10.1.1.1"

		for _, name := range []string{"admin2", "nosuchuser"} {
			for i := 1; i <= 4; i++ {
				_, err := s.Login(ctx, name, badPW, attacker, "")
				wantErr(t, fmt.Sprintf("%s: bad password %d", name, i), err, apperr.Unauthorized, "err.login.failed")
			}
			_, err := s.Login(ctx, name, badPW, attacker, "")
			ae := wantErr(t, name+": 5th bad password", err, apperr.TooMany, "err.login.locked")
			if ae.Args["minutes"] != 30 || ae.Args["retry_after"] != 1800 {
				t.Errorf("%s: args %v, want 30 minutes, retry after 1800 s", name, ae.Args)
			}
			_, err = s.Login(ctx, name, goodPW, attacker, "")
			wantErr(t, name+": right password from the locked address", err, apperr.TooMany, "err.login.locked")
		}
		if got, _ := s.GetUser(ctx, u.ID); got.FailedLogins != 5 || got.LockedUntil != nil {
			t.Errorf("account after an address lock: failed=%d locked_until=%v; the account itself is not locked", got.FailedLogins, got.LockedUntil)
		}
		// Another address is not locked out.
		if _, err := s.Login(ctx, "admin2", goodPW, office, ""); err != nil {
			t.Fatalf("login from another address: %v", err)
		}
		if got, _ := s.GetUser(ctx, u.ID); got.FailedLogins != 0 {
			t.Errorf("failed_logins after a success = %d", got.FailedLogins)
		}
		// The lock ends on its own; 90 s in, 28.5 minutes are left.
		clk.Advance(90 * time.Second)
		_, err := s.Login(ctx, "admin2", goodPW, attacker, "")
		if ae := wantErr(t, "still locked", err, apperr.TooMany, "err.login.locked"); ae.Args["minutes"] != 29 {
			t.Errorf("minutes = %v, want 29", ae.Args["minutes"])
		}
		clk.Advance(29 * time.Minute)
		if _, err := s.Login(ctx, "admin2", goodPW, attacker, ""); err != nil {
			t.Fatalf("login after the lock ended: %v", err)
		}
		// An administrator can unlock early, from every address.
		for i := 0; i < 5; i++ {
			s.Login(ctx, "admin2", badPW, attacker, "")
		}
		if err := s.Unlock(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, "admin2", goodPW, attacker, ""); err != nil {
			t.Fatalf("login after unlock: %v", err)
		}
		// Every lock is in the audit log, for unknown names too.
		for name, want := range map[string]int{"admin2": 2, "nosuchuser": 1} {
			if n := auditRows(t, d, `action = 'login.locked' AND username = ? AND detail LIKE '%"scope":"address"%'`, name); n != want {
				t.Errorf("login.locked rows of %s = %d, want %d", name, n, want)
			}
		}
	})
}

// TestLockoutDecay: a quiet LockoutFor/LockoutAfter (6 min) forgives one
// failure.
func TestLockoutDecay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newStore(t, d)
		mkUser(t, s, "slow")
		for i := 0; i < 4; i++ {
			s.Login(ctx, "slow", badPW, "10.0.0.2", "")
		}
		clk.Advance(12 * time.Minute) // forgives two: 2 counted
		for i := 3; i <= 4; i++ {
			_, err := s.Login(ctx, "slow", badPW, "10.0.0.2", "")
			wantErr(t, fmt.Sprintf("failure %d after the quiet", i), err, apperr.Unauthorized, "err.login.failed")
		}
		_, err := s.Login(ctx, "slow", badPW, "10.0.0.2", "")
		wantErr(t, "5th counted failure", err, apperr.TooMany, "err.login.locked")
	})
}

// TestAccountDelay: failures from many addresses make the account wait,
// doubling from 1 s, whoever signs in; the right password after the wait
// clears it.
func TestAccountDelay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newStore(t, d)
		s.DelayAfter, s.DelayMax = 10, 4*time.Second
		u := mkUser(t, s, "target")
		addr := func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }
		for i := 1; i <= 10; i++ {
			_, err := s.Login(ctx, "target", badPW, addr(i), "")
			wantErr(t, fmt.Sprintf("failure %d", i), err, apperr.Unauthorized, "err.login.failed")
		}
		for i, wait := range []int{1, 2, 4, 4} { // capped at DelayMax
			_, err := s.Login(ctx, "target", badPW, addr(20+i), "")
			ae := wantErr(t, fmt.Sprintf("failure %d", 11+i), err, apperr.TooMany, "err.login.wait")
			if ae.Args["seconds"] != wait {
				t.Errorf("failure %d: wait %v s, want %d", 11+i, ae.Args["seconds"], wait)
			}
			// While it waits, no attempt is taken, from anywhere.
			_, err = s.Login(ctx, "target", goodPW, "10.9.9.9", "")
			wantErr(t, "attempt during the wait", err, apperr.TooMany, "err.login.wait")
			clk.Advance(time.Duration(wait) * time.Second)
		}
		if got, _ := s.GetUser(ctx, u.ID); got.FailedLogins != 14 || got.LockedUntil == nil {
			t.Errorf("account during the delay: failed=%d locked_until=%v", got.FailedLogins, got.LockedUntil)
		}
		if _, err := s.Login(ctx, "target", goodPW, "10.9.9.9", ""); err != nil {
			t.Fatalf("login after the wait: %v", err)
		}
		if _, err := s.Login(ctx, "target", badPW, addr(99), ""); apperr.As(err).Key != "err.login.failed" {
			t.Errorf("after a success the delay is gone: %v", err)
		}
		if n := auditRows(t, d, `action = 'login.locked' AND detail LIKE '%"scope":"account"%'`); n != 4 {
			t.Errorf("account delays audited = %d, want 4", n)
		}
	})
}

// TestLockoutRace: a burst of concurrent guesses from one address gets at
// most LockoutAfter password checks.
func TestLockoutRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		mkUser(t, s, "burst")
		var wg sync.WaitGroup
		for i := 0; i < 24; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.Login(ctx, "burst", badPW, "192.0.2.50", "")
			}()
		}
		wg.Wait()
		if checked := auditRows(t, d, `action = 'login.failed' AND username = 'burst' AND detail LIKE '%"reason":"password"%'`); checked < 1 || checked > 5 {
			t.Errorf("passwords checked in a burst of 24 = %d, want 1..5", checked)
		}
	})
}

// auditRows counts the audit entries matching a condition.
func auditRows(t *testing.T, d *db.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
