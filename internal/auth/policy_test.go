package auth_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

func TestPasswordPolicy(t *testing.T) {
	for _, c := range []struct {
		pw, user, key string
	}{
		{"Sanya@2026demo", "alice", "err.password.common"},
		{"P@ssw0rd123", "alice", "err.password.common"},
		{"QWERTY@123", "alice", "err.password.common"},
		{"Qwerty123456!", "alice", "err.password.common"},
		{"2026!Password#", "alice", "err.password.common"},
		{"Xalice#2026y", "alice", "err.password.username"},
		{"xALICE#2026y", "Alice", "err.password.username"},
		{"short1A!", "alice", "err.password.weak"},
		{"Hx7#kp2Lm9qz", "alice", ""},
	} {
		err := auth.CheckPasswordPolicy(c.pw, c.user)
		if got := apperr.As(err).Key; err != nil && got != c.key || err == nil && c.key != "" {
			t.Errorf("CheckPasswordPolicy(%q, %q) = %v, want %q", c.pw, c.user, err, c.key)
		}
	}
}

// TestPasswordPolicyStore: CreateUser and SetPassword refuse a deny-listed
// password and one with the username; the seeding store skips only the
// deny list.
func TestPasswordPolicyStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := &auth.Store{DB: d}
		u := auth.User{Username: "wanglei", DisplayName: "王磊", Roles: []string{auth.RoleViewer}}
		if _, err := st.CreateUser(ctx, u, "Sanya@2026demo"); apperr.As(err).Key != "err.password.common" {
			t.Errorf("demo password: %v", err)
		}
		if _, err := st.CreateUser(ctx, u, "Wanglei@2026x"); apperr.As(err).Key != "err.password.username" {
			t.Errorf("username in password: %v", err)
		}
		made, err := st.CreateUser(ctx, u, "Hx7#kp2Lm9qz")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, made.ID, "P@ssw0rd123"); apperr.As(err).Key != "err.password.common" {
			t.Errorf("SetPassword common: %v", err)
		}
		if err := st.SetPassword(ctx, made.ID, "x-WANGLEI-9z"); apperr.As(err).Key != "err.password.username" {
			t.Errorf("SetPassword username: %v", err)
		}
		seed := &auth.Store{DB: d, Seeding: true}
		if _, err := seed.CreateUser(ctx, auth.User{Username: "demo1", DisplayName: "演示", Roles: []string{auth.RoleViewer}}, "Sanya@2026demo"); err != nil {
			t.Errorf("seeding with the demo password: %v", err)
		}
		if _, err := seed.CreateUser(ctx, auth.User{Username: "sanya", DisplayName: "演示", Roles: []string{auth.RoleViewer}}, "Sanya@2026demo"); apperr.As(err).Key != "err.password.username" {
			t.Errorf("seeding skips the username rule: %v", err)
		}
	})
}

// TestSessionMax: a session kept active is still refused once older than
// SessionMax.
func TestSessionMax(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
		st := &auth.Store{DB: d, SessionMax: 2 * time.Hour, Now: func() time.Time { return now }}
		if _, err := st.CreateUser(ctx, auth.User{Username: "liuyang", DisplayName: "刘洋", Roles: []string{auth.RoleViewer}}, "Hx7#kp2Lm9qz"); err != nil {
			t.Fatal(err)
		}
		sess, err := st.Login(ctx, "liuyang", "Hx7#kp2Lm9qz", "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 6; i++ { // active every 20 minutes: never idle
			now = now.Add(20 * time.Minute)
			if _, _, err := st.Authenticate(ctx, sess.Token); err != nil {
				t.Fatalf("after %v: %v", time.Duration(i+1)*20*time.Minute, err)
			}
		}
		now = now.Add(10 * time.Minute) // 2h10m after login
		if _, _, err := st.Authenticate(ctx, sess.Token); apperr.As(err).Key != "err.session.expired" {
			t.Errorf("session past SessionMax: %v, want expired", err)
		}
	})
}
