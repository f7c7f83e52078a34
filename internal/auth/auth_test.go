package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
)

const goodPW = "Correct-Horse-9"

// clock is an injectable, settable time source.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func newStore(t *testing.T, d *db.DB) (*auth.Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)}
	return &auth.Store{DB: d, LockoutAfter: 5, LockoutFor: 30 * time.Minute, SessionIdle: 30 * time.Minute, Now: c.Now}, c
}

func mkUser(t *testing.T, s *auth.Store, name string) auth.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), auth.User{Username: name, DisplayName: "张三", Roles: []string{auth.RoleViewer}}, goodPW)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return u
}

// wantErr fails unless err is an *apperr.Error with the code and key.
func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) *apperr.Error {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != code || ae.Key != key {
		t.Fatalf("%s: err = %v, want %s %s", what, err, code, key)
	}
	return ae
}

func TestRoles(t *testing.T) {
	all := auth.AllPerms
	cases := []struct {
		roles []string
		perms []string
	}{
		{[]string{auth.RoleAdmin}, []string{"registry.read", "registry.write", "pii.reveal", "import", "transfer.request", "transfer.approve", "audit.read", "users.admin", "talent.read", "talent.write", "talent.match", "talent.verify", "fund.approve", "service.read", "service.write", "order.handle", "order.place", "coverage.run"}},
		{[]string{auth.RoleCityOfficial}, []string{"registry.read", "registry.write", "pii.reveal", "import", "transfer.request", "transfer.approve", "audit.read", "talent.read", "talent.write", "talent.match", "talent.verify", "fund.approve", "service.read", "service.write", "order.handle", "order.place", "coverage.run"}},
		{[]string{auth.RoleDistrictOfficial}, []string{"registry.read", "registry.write", "pii.reveal", "import", "transfer.request", "transfer.approve", "talent.read", "talent.write", "talent.match", "talent.verify", "service.read", "service.write", "order.handle", "order.place", "coverage.run"}},
		{[]string{auth.RoleBranchSecretary}, []string{"registry.read", "registry.write", "transfer.request", "transfer.approve", "talent.read", "talent.write", "talent.match", "service.read", "order.place"}},
		{[]string{auth.RoleGridWorker}, []string{"registry.read", "talent.read", "service.read", "order.handle", "order.place"}},
		{[]string{auth.RoleViewer}, []string{"registry.read", "talent.read", "service.read"}},
		{[]string{auth.RoleResident}, []string{"order.place"}},
		{[]string{auth.RoleEnterprise}, []string{"order.place"}},
		{[]string{auth.RoleTalent}, []string{"talent.self"}},
		{[]string{auth.RoleViewer, auth.RoleBranchSecretary}, []string{"registry.read", "registry.write", "transfer.request", "transfer.approve", "talent.read", "talent.write", "talent.match", "service.read", "order.place"}},
		{[]string{"root"}, nil},
		{nil, nil},
	}
	for _, c := range cases {
		want := map[string]bool{}
		for _, p := range c.perms {
			want[p] = true
		}
		for _, p := range all {
			if got := auth.Can(c.roles, p); got != want[p] {
				t.Errorf("Can(%v, %s) = %v, want %v", c.roles, p, got, want[p])
			}
		}
	}
	if len(auth.AllRoles) != 9 || len(all) != 19 {
		t.Errorf("AllRoles = %v, AllPerms = %v", auth.AllRoles, all)
	}
	for _, r := range auth.AllRoles {
		if !auth.ValidRole(r) {
			t.Errorf("ValidRole(%s) = false", r)
		}
	}
	for _, r := range []string{"", "root", "Admin", "admin "} {
		if auth.ValidRole(r) {
			t.Errorf("ValidRole(%q) = true", r)
		}
	}
}

// TestI18nKeys checks that every role, permission and message key the
// package uses has a translation.
func TestI18nKeys(t *testing.T) {
	keys := []string{"err.password.weak", "err.user.username", "err.user.display_name", "err.user.role",
		"err.user.username_taken", "err.user.scope", "err.login.failed", "err.login.disabled", "err.login.locked",
		"err.session.invalid", "err.session.expired"}
	for _, r := range auth.AllRoles {
		keys = append(keys, "role."+r)
	}
	for _, p := range auth.AllPerms {
		keys = append(keys, "perm."+p)
	}
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("no translation for %s", k)
		}
	}
}

func TestCheckComplexity(t *testing.T) {
	cases := []struct {
		pw string
		ok bool
	}{
		{"", false},
		{"Ab1!", false},       // too short
		{"Abcdefgh1", false},  // 9 characters
		{"Abcdefgh12", true},  // lower, upper, digit
		{"abcdefgh1!", true},  // lower, digit, other
		{"ABCDEFGH1!", true},  // upper, digit, other
		{"abcdefghij", false}, // one class
		{"abcdefghI1", true},
		{"abcdefGHIJ", false}, // two classes
		{"abcdefgh12", false}, // two classes
		{"党建工作abcd12", true},  // lower, digit, other (CJK)
		{"Aa1" + strings.Repeat("x", 125), true},
		{"Aa1" + strings.Repeat("x", 126), false}, // 129 characters
	}
	for _, c := range cases {
		err := auth.CheckComplexity(c.pw)
		if c.ok {
			if err != nil {
				t.Errorf("CheckComplexity(%q) = %v, want ok", c.pw, err)
			}
			continue
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != "password" || ae.Key != "err.password.weak" {
			t.Errorf("CheckComplexity(%q) = %v, want err.password.weak", c.pw, err)
		}
	}
}

func TestHashPassword(t *testing.T) {
	h1, err := auth.HashPassword(goodPW)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := auth.HashPassword(goodPW)
	if !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") || len(strings.Split(h1, "$")) != 6 {
		t.Errorf("hash format: %s", h1)
	}
	if h1 == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
	cases := []struct {
		hash, pw string
		want     bool
	}{
		{h1, goodPW, true},
		{h2, goodPW, true},
		{h1, "correct-horse-9", false},
		{h1, "", false},
		{h1, goodPW + " ", false},
		{"", goodPW, false},
		{"plaintext", goodPW, false},
		{strings.Replace(h1, "argon2id", "argon2i", 1), goodPW, false},
		{strings.Replace(h1, "t=2", "t=3", 1), goodPW, false},           // other parameters, other key
		{strings.Replace(h1, "m=19456", "m=9999999", 1), goodPW, false}, // unreasonable memory
		{h1[:len(h1)-4], goodPW, false},                                 // truncated key
	}
	for i, c := range cases {
		if got := auth.CheckPassword(c.hash, c.pw); got != c.want {
			t.Errorf("case %d: CheckPassword(%q, %q) = %v, want %v", i, c.hash, c.pw, got, c.want)
		}
	}
}

func TestCreateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		u, err := s.CreateUser(ctx, auth.User{Username: "Zhang.San", DisplayName: " 张三 ", Roles: []string{auth.RoleBranchSecretary, auth.RoleViewer, auth.RoleViewer}}, goodPW)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Username != "zhang.san" || u.DisplayName != "张三" || strings.Join(u.Roles, ",") != "branch_secretary,viewer" ||
			u.ScopeAreaID != 0 || u.ScopeOrgID != 0 || u.Disabled || u.LockedUntil != nil || u.CreatedAt.IsZero() {
			t.Errorf("created %+v", u)
		}
		if !u.Can(auth.PermTransferApprove) || u.Can(auth.PermUsersAdmin) {
			t.Errorf("permissions of %v", u.Roles)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'user.create' AND entity_id = ?`, u.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("user.create audit rows = %d, %v", n, err)
		}

		cases := []struct {
			name  string
			u     auth.User
			pw    string
			field string
			key   string
		}{
			{"short username", auth.User{Username: "ab", DisplayName: "x", Roles: []string{"viewer"}}, goodPW, "username", "err.user.username"},
			{"long username", auth.User{Username: strings.Repeat("a", 33), DisplayName: "x", Roles: []string{"viewer"}}, goodPW, "username", "err.user.username"},
			{"bad username char", auth.User{Username: "张三abc", DisplayName: "x", Roles: []string{"viewer"}}, goodPW, "username", "err.user.username"},
			{"username space", auth.User{Username: "li si", DisplayName: "x", Roles: []string{"viewer"}}, goodPW, "username", "err.user.username"},
			{"empty display name", auth.User{Username: "lisi", DisplayName: "  ", Roles: []string{"viewer"}}, goodPW, "display_name", "err.user.display_name"},
			{"long display name", auth.User{Username: "lisi", DisplayName: strings.Repeat("李", 41), Roles: []string{"viewer"}}, goodPW, "display_name", "err.user.display_name"},
			{"no role", auth.User{Username: "lisi", DisplayName: "李四"}, goodPW, "roles", "err.user.role"},
			{"bad role", auth.User{Username: "lisi", DisplayName: "李四", Roles: []string{"viewer", "root"}}, goodPW, "roles", "err.user.role"},
			{"weak password", auth.User{Username: "lisi", DisplayName: "李四", Roles: []string{"viewer"}}, "password12", "password", "err.password.weak"},
			{"duplicate username", auth.User{Username: "ZHANG.SAN", DisplayName: "李四", Roles: []string{"viewer"}}, goodPW, "username", "err.user.username_taken"},
			{"missing scope area", auth.User{Username: "lisi", DisplayName: "李四", Roles: []string{"viewer"}, ScopeAreaID: 999}, goodPW, "scope_area_id", "err.user.scope"},
		}
		for _, c := range cases {
			_, err := s.CreateUser(ctx, c.u, c.pw)
			ae := wantErr(t, c.name, err, apperr.Invalid, c.key)
			if ae.Field != c.field {
				t.Errorf("%s: field = %q, want %q", c.name, ae.Field, c.field)
			}
		}
		if list, total, err := s.ListUsers(ctx, "", db.Page{}); err != nil || total != 1 || len(list) != 1 {
			t.Errorf("after rejected creates: %d users, %v", total, err)
		}
	})
}

func TestUpdateListUnlock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d)
		a := mkUser(t, s, "wangwu")
		mkUser(t, s, "zhaoliu")
		if err := s.UpdateUser(ctx, a.ID, "王五", []string{auth.RoleGridWorker}, 0, 0, false); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetUser(ctx, a.ID)
		if got.DisplayName != "王五" || len(got.Roles) != 1 || got.Roles[0] != auth.RoleGridWorker {
			t.Errorf("updated %+v", got)
		}
		if err := s.UpdateUser(ctx, a.ID, "王五", []string{"nope"}, 0, 0, false); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("update bad role: %v", err)
		}
		if err := s.UpdateUser(ctx, 9999, "x", []string{auth.RoleViewer}, 0, 0, false); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("update missing: %v", err)
		}
		if _, err := s.GetUser(ctx, 9999); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("get missing: %v", err)
		}
		for q, want := range map[string]int{"": 2, "王五": 1, "WANG": 1, "zhao": 1, "%": 0, "nobody": 0} {
			list, total, err := s.ListUsers(ctx, q, db.Page{})
			if err != nil || total != want || len(list) != want {
				t.Errorf("ListUsers(%q) = %d/%d, %v; want %d", q, len(list), total, err, want)
			}
		}
		if list, total, _ := s.ListUsers(ctx, "", db.Page{Limit: 1, Offset: 1}); total != 2 || len(list) != 1 || list[0].Username != "zhaoliu" {
			t.Errorf("page 2 = %+v (total %d)", list, total)
		}
		if err := s.Unlock(ctx, 9999); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unlock missing: %v", err)
		}
	})
}
