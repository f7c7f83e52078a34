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
		d.Write().ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID)
		if _, _, err := s.Authenticate(ctx, third.Token); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("session of a disabled account: %v", err)
		}
	})
}
