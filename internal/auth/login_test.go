package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

func TestLoginAndLockout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newStore(t, d)
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

		_, err = s.Login(ctx, "nobody", goodPW, "", "")
		wantErr(t, "unknown user", err, apperr.Unauthorized, "err.login.failed")

		for i := 1; i <= 4; i++ {
			_, err := s.Login(ctx, "lockme", "Wrong-password-1", "", "")
			wantErr(t, "wrong password", err, apperr.Unauthorized, "err.login.failed")
			if got, _ := s.GetUser(ctx, u.ID); got.FailedLogins != i {
				t.Errorf("after %d failures failed_logins = %d", i, got.FailedLogins)
			}
		}
		_, err = s.Login(ctx, "lockme", "Wrong-password-1", "", "")
		ae := wantErr(t, "5th wrong password", err, apperr.Unauthorized, "err.login.locked")
		if ae.Args["minutes"] != 30 {
			t.Errorf("minutes = %v, want 30", ae.Args["minutes"])
		}
		got, _ := s.GetUser(ctx, u.ID)
		if got.FailedLogins != 0 || got.LockedUntil == nil || !got.LockedUntil.Equal(clk.t.Add(30*time.Minute)) {
			t.Errorf("after lock: failed=%d locked_until=%v", got.FailedLogins, got.LockedUntil)
		}

		clk.Advance(90 * time.Second)
		_, err = s.Login(ctx, "lockme", goodPW, "", "")
		ae = wantErr(t, "right password while locked", err, apperr.Unauthorized, "err.login.locked")
		if ae.Args["minutes"] != 29 { // 28.5 minutes left, rounded up
			t.Errorf("minutes = %v, want 29", ae.Args["minutes"])
		}

		clk.Advance(30 * time.Minute)
		if _, err := s.Login(ctx, "lockme", goodPW, "", ""); err != nil {
			t.Fatalf("login after lockout: %v", err)
		}
		if got, _ := s.GetUser(ctx, u.ID); got.LockedUntil != nil || got.FailedLogins != 0 {
			t.Errorf("after login: %+v", got)
		}

		// A success resets the count: 4 failures, a success, 4 failures do not lock.
		for round := 0; round < 2; round++ {
			for i := 0; i < 4; i++ {
				s.Login(ctx, "lockme", "Wrong-password-1", "", "")
			}
			if _, err := s.Login(ctx, "lockme", goodPW, "", ""); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}

		// An administrator can unlock early.
		for i := 0; i < 5; i++ {
			s.Login(ctx, "lockme", "Wrong-password-1", "", "")
		}
		if _, err := s.Login(ctx, "lockme", goodPW, "", ""); apperr.As(err).Key != "err.login.locked" {
			t.Fatalf("not locked: %v", err)
		}
		if err := s.Unlock(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, "lockme", goodPW, "", ""); err != nil {
			t.Fatalf("login after unlock: %v", err)
		}

		// Disabled: refused with the right password only.
		if err := s.UpdateUser(ctx, u.ID, "张三", u.Roles, 0, 0, true); err != nil {
			t.Fatal(err)
		}
		_, err = s.Login(ctx, "lockme", "Wrong-password-1", "", "")
		wantErr(t, "disabled, wrong password", err, apperr.Unauthorized, "err.login.failed")
		_, err = s.Login(ctx, "lockme", goodPW, "", "")
		wantErr(t, "disabled", err, apperr.Unauthorized, "err.login.disabled")

		// The audit log has the failures, the lock and the logins, by username.
		for action, want := range map[string]int{"login": 5, "login.locked": 2} {
			var n int
			if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = ? AND username = 'lockme' AND entity = 'user' AND entity_id = ?`, action, u.ID).Scan(&n); err != nil || n != want {
				t.Errorf("audit %s rows = %d, %v; want %d", action, n, err, want)
			}
		}
		var ip string
		var uid int64
		d.Read().QueryRowContext(ctx, `SELECT ip, user_id FROM audit_log WHERE action = 'login' ORDER BY id LIMIT 1`).Scan(&ip, &uid)
		if ip != "10.0.0.1" || uid != u.ID {
			t.Errorf("login audit ip=%q user_id=%d", ip, uid)
		}
		var failed, unknown int
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'login.failed' AND username = 'lockme'`).Scan(&failed)
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'login.failed' AND username = 'nobody' AND entity_id IS NULL`).Scan(&unknown)
		// 5+8+5 wrong passwords, 2 refused while locked, 2 while disabled
		if failed != 22 || unknown != 1 {
			t.Errorf("login.failed rows: lockme %d (want 22), nobody %d (want 1)", failed, unknown)
		}
	})
}

func TestSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newStore(t, d)
		u := mkUser(t, s, "sess")
		login := func() auth.Session {
			t.Helper()
			sess, err := s.Login(ctx, "sess", goodPW, "", "")
			if err != nil {
				t.Fatal(err)
			}
			return sess
		}
		lastSeen := func(sess auth.Session) time.Time {
			t.Helper()
			_, got, err := s.Authenticate(ctx, sess.Token)
			if err != nil {
				t.Fatalf("authenticate: %v", err)
			}
			return got.LastSeen
		}
		sess := login()
		t0 := clk.t

		gu, gs, err := s.Authenticate(ctx, sess.Token)
		if err != nil || gu.ID != u.ID || gs.UserID != u.ID || gs.CSRF != sess.CSRF || gs.Token != "" || !gs.CreatedAt.Equal(t0) {
			t.Fatalf("authenticate = %+v %+v %v", gu, gs, err)
		}
		for _, tok := range []string{"", "bogus", sess.CSRF, strings.Repeat("x", 1000)} {
			_, _, err := s.Authenticate(ctx, tok)
			wantErr(t, "bad token", err, apperr.Unauthorized, "err.session.invalid")
		}

		// last_seen moves only when more than a minute old.
		clk.Advance(59 * time.Second)
		if got := lastSeen(sess); !got.Equal(t0) {
			t.Errorf("after 59s last_seen = %v, want unchanged %v", got, t0)
		}
		clk.Advance(2 * time.Second)
		if got := lastSeen(sess); !got.Equal(clk.t) {
			t.Errorf("after 61s last_seen = %v, want %v", got, clk.t)
		}
		// Activity keeps it alive past the idle limit counted from login.
		for i := 0; i < 3; i++ {
			clk.Advance(20 * time.Minute)
			lastSeen(sess)
		}
		// Idle for exactly the limit is still fine; past it, expired and gone.
		clk.Advance(30 * time.Minute)
		lastSeen(sess)
		clk.Advance(30*time.Minute + time.Second)
		_, _, err = s.Authenticate(ctx, sess.Token)
		wantErr(t, "idle", err, apperr.Unauthorized, "err.session.expired")
		_, _, err = s.Authenticate(ctx, sess.Token)
		wantErr(t, "idle, again", err, apperr.Unauthorized, "err.session.invalid")

		// CSRF.
		sess = login()
		_, gs, _ = s.Authenticate(ctx, sess.Token)
		for tok, want := range map[string]bool{sess.CSRF: true, "": false, sess.Token: false, sess.CSRF[:42]: false, sess.CSRF + "x": false} {
			if got := auth.CheckCSRF(gs, tok); got != want {
				t.Errorf("CheckCSRF(%q) = %v, want %v", tok, got, want)
			}
		}
		if auth.CheckCSRF(auth.Session{}, "") {
			t.Error("CheckCSRF of an empty session and token = true")
		}

		// Logout ends only that session, and is audited.
		other := login()
		if err := s.Logout(ctx, sess.Token); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Authenticate(ctx, sess.Token)
		wantErr(t, "after logout", err, apperr.Unauthorized, "err.session.invalid")
		if _, _, err := s.Authenticate(ctx, other.Token); err != nil {
			t.Errorf("other session after logout: %v", err)
		}
		if err := s.Logout(ctx, sess.Token); err != nil {
			t.Errorf("second logout: %v", err)
		}
		var n int
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'logout' AND username = 'sess' AND user_id = ?`, u.ID).Scan(&n)
		if n != 1 {
			t.Errorf("logout audit rows = %d, want 1", n)
		}

		// A new password ends every session; disabling does too.
		if err := s.SetPassword(ctx, u.ID, "short"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("weak SetPassword: %v", err)
		}
		if err := s.SetPassword(ctx, u.ID, "Another-Secret-7"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, other.Token); err == nil {
			t.Error("session survived a password change")
		}
		if _, err := s.Login(ctx, "sess", goodPW, "", ""); err == nil {
			t.Error("old password still works")
		}
		third, err := s.Login(ctx, "sess", "Another-Secret-7", "", "")
		if err != nil {
			t.Fatal(err)
		}
		d.Read().ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID)
		if _, _, err := s.Authenticate(ctx, third.Token); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("session of a disabled account: %v", err)
		}
	})
}
