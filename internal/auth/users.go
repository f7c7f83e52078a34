package auth

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
)

// User is an account. The password hash never leaves the store.
type User struct {
	ID           int64      `json:"id"`
	Username     string     `json:"username"`
	DisplayName  string     `json:"display_name"`
	Roles        []string   `json:"roles"`
	ScopeAreaID  int64      `json:"scope_area_id"` // 0: no area scope
	ScopeOrgID   int64      `json:"scope_org_id"`  // 0: no organization scope
	Disabled     bool       `json:"disabled"`
	LockedUntil  *time.Time `json:"locked_until,omitempty"`
	FailedLogins int        `json:"failed_logins"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Can reports whether the user's roles grant perm.
func (u User) Can(perm string) bool { return Can(u.Roles, perm) }

// Defaults used when the Store's fields are zero; they match the config
// defaults.
const (
	DefaultLockoutAfter = 5
	DefaultLockoutFor   = 30 * time.Minute
	DefaultSessionIdle  = 30 * time.Minute
	DefaultSessionMax   = 12 * time.Hour
)

// Store manages accounts and sessions. Zero LockoutAfter, LockoutFor and
// SessionIdle take the defaults above; Now is the clock (the wall clock
// when nil) and is injectable for tests.
type Store struct {
	DB           *db.DB
	LockoutAfter int
	LockoutFor   time.Duration
	SessionIdle  time.Duration
	SessionMax   time.Duration // absolute session lifetime; zero: DefaultSessionMax
	DelayAfter   int           // account-wide failures before the delay; zero: DefaultDelayAfter
	DelayMax     time.Duration // longest account-wide delay; zero: DefaultDelayMax
	Now          clock.Func
	// Seeding is for the demo's seeding only: new passwords skip the deny
	// list, which holds the demo's documented password.
	Seeding bool
}

func (s *Store) now() time.Time { return s.Now.Stamp() }

// positive returns v, or def when v is zero or negative (a Store field
// left unset).
func positive[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

func (s *Store) lockoutAfter() int          { return positive(s.LockoutAfter, DefaultLockoutAfter) }
func (s *Store) lockoutFor() time.Duration  { return positive(s.LockoutFor, DefaultLockoutFor) }
func (s *Store) sessionMax() time.Duration  { return positive(s.SessionMax, DefaultSessionMax) }
func (s *Store) sessionIdle() time.Duration { return positive(s.SessionIdle, DefaultSessionIdle) }
func (s *Store) delayAfter() int            { return positive(s.DelayAfter, DefaultDelayAfter) }
func (s *Store) delayMax() time.Duration    { return positive(s.DelayMax, DefaultDelayMax) }

const userCols = `id, username, display_name, roles, COALESCE(scope_area_id,0), COALESCE(scope_org_id,0),
	disabled, locked_until, failed_logins, created_at`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (User, error) {
	var u User
	var roles string
	err := row.Scan(append([]any{&u.ID, &u.Username, &u.DisplayName, &roles, &u.ScopeAreaID, &u.ScopeOrgID,
		&u.Disabled, &u.LockedUntil, &u.FailedLogins, &u.CreatedAt}, extra...)...)
	if err != nil {
		return User{}, err
	}
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			u.Roles = append(u.Roles, r)
		}
	}
	return u, nil
}

var usernameRE = regexp.MustCompile(`^[a-z0-9_.-]{3,32}$`)

// NormUsername folds a username to the stored form: trimmed and lower case,
// so that "Admin" and "admin" cannot be two different accounts.
func NormUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkUser validates the editable fields and returns the trimmed display
// name and de-duplicated roles.
func checkUser(displayName string, roles []string) (string, []string, error) {
	displayName = strings.TrimSpace(displayName)
	if n := utf8.RuneCountInString(displayName); n < 1 || n > 40 {
		return "", nil, apperr.InvalidField("display_name", "err.user.display_name")
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range roles {
		if !ValidRole(r) {
			return "", nil, apperr.InvalidField("roles", "err.user.role")
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return "", nil, apperr.InvalidField("roles", "err.user.role")
	}
	return displayName, out, nil
}

// checkScope verifies that the scope area and organization exist.
func checkScope(ctx context.Context, q db.Querier, areaID, orgID int64) error {
	for _, c := range []struct {
		id           int64
		table, field string
	}{{areaID, "areas", "scope_area_id"}, {orgID, "orgs", "scope_org_id"}} {
		if c.id == 0 {
			continue
		}
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM `+c.table+` WHERE id = ?`, c.id).Scan(&one)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.InvalidField(c.field, "err.user.scope")
		} else if err != nil {
			return apperr.Wrap(err, "user scope")
		}
	}
	return nil
}

// CreateUser adds an account. The username is folded to lower case.
func (s *Store) CreateUser(ctx context.Context, u User, password string) (User, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.InsertUser(ctx, tx, u, password)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return s.GetUser(ctx, id)
}

// InsertUser adds an account inside a caller's transaction (so another
// record can be written with it, all or nothing) and returns its id.
func (s *Store) InsertUser(ctx context.Context, tx *db.Tx, u User, password string) (int64, error) {
	u.Username = NormUsername(u.Username)
	if !usernameRE.MatchString(u.Username) {
		return 0, apperr.InvalidField("username", "err.user.username")
	}
	name, roles, err := checkUser(u.DisplayName, u.Roles)
	if err != nil {
		return 0, err
	}
	if err := checkPolicy(password, u.Username, s.Seeding); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return 0, err
	}
	if err := checkScope(ctx, tx, u.ScopeAreaID, u.ScopeOrgID); err != nil {
		return 0, err
	}
	now := s.now()
	id, err := db.InsertID(ctx, tx, `INSERT INTO users (username, display_name, password_hash, roles, scope_area_id, scope_org_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)`,
		u.Username, name, hash, strings.Join(roles, ","), db.NullID(u.ScopeAreaID), db.NullID(u.ScopeOrgID), now, now)
	if errors.Is(err, db.ErrUnique) {
		return 0, apperr.InvalidField("username", "err.user.username_taken").With("username", u.Username)
	} else if err != nil {
		return 0, apperr.Wrap(err, "user insert")
	}
	return id, audit.Record(ctx, tx, "user.create", "user", id, map[string]any{
		"username": u.Username, "roles": roles, "scope_area_id": u.ScopeAreaID, "scope_org_id": u.ScopeOrgID})
}

// UpdateUser changes an account's display name, roles, scope and disabled
// flag. Disabling an account also ends its sessions.
func (s *Store) UpdateUser(ctx context.Context, id int64, displayName string, roles []string, scopeAreaID, scopeOrgID int64, disabled bool) error {
	name, roles, err := checkUser(displayName, roles)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := checkScope(ctx, tx, scopeAreaID, scopeOrgID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = ?, roles = ?, scope_area_id = ?, scope_org_id = ?, disabled = ?, updated_at = ? WHERE id = ?`,
			name, strings.Join(roles, ","), db.NullID(scopeAreaID), db.NullID(scopeOrgID), disabled, s.now(), id)
		if err := mustAffect(res, err, "user update"); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return apperr.Wrap(err, "user sessions")
			}
		}
		return audit.Record(ctx, tx, "user.update", "user", id, map[string]any{
			"display_name": name, "roles": roles, "scope_area_id": scopeAreaID, "scope_org_id": scopeOrgID, "disabled": disabled})
	})
}

// SetPassword replaces an account's password and ends all its sessions.
func (s *Store) SetPassword(ctx context.Context, id int64, pw string) error {
	u, err := s.GetUser(ctx, id)
	if err != nil {
		return err
	}
	if err := checkPolicy(pw, u.Username, s.Seeding); err != nil {
		return err
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, s.now(), id)
		if err := mustAffect(res, err, "user password"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return apperr.Wrap(err, "user sessions")
		}
		return audit.Record(ctx, tx, "user.password", "user", id, nil)
	})
}

// Unlock clears an account's lockout and failed-login counts, from every
// address.
func (s *Store) Unlock(ctx context.Context, id int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?`, s.now(), id)
		if err := mustAffect(res, err, "user unlock"); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, id).Scan(&name); err != nil {
			return apperr.Wrap(err, "user unlock")
		}
		if err := s.unlockName(ctx, tx, name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "user.unlock", "user", id, nil)
	})
}

// mustAffect turns an exec error into an internal error, and an update of
// no rows into apperr.ErrNotFound.
func mustAffect(res interface{ RowsAffected() (int64, error) }, err error, what string) error {
	if err != nil {
		return apperr.Wrap(err, what)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return apperr.Wrap(err, what)
	}
	if n == 0 {
		return apperr.ErrNotFound
	}
	return nil
}

// GetUser returns one account, or apperr.ErrNotFound.
func (s *Store) GetUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.DB.Read().QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return User{}, apperr.ErrNotFound
	}
	return u, apperr.Wrap(err, "user get")
}

// GetUserByName returns the account with a username, or apperr.ErrNotFound.
func (s *Store) GetUserByName(ctx context.Context, username string) (User, error) {
	u, err := scanUser(s.DB.Read().QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, NormUsername(username)))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return User{}, apperr.ErrNotFound
	}
	return u, apperr.Wrap(err, "user get")
}

// ListUsers returns a page of accounts whose username or display name
// contains q, ordered by username, and the capped total.
func (s *Store) ListUsers(ctx context.Context, q string, page db.Page) ([]User, int, error) {
	where, args := "1=1", []any{}
	if q = strings.TrimSpace(q); q != "" {
		c1, a1 := db.Contains("username", strings.ToLower(q))
		c2, a2 := db.Contains("display_name", q)
		where += " AND (" + c1 + " OR " + c2 + ")"
		args = append(args, a1, a2)
	}
	total, err := db.CountCapped(ctx, s.DB.Read(), "FROM users WHERE "+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "user count")
	}
	p := page.Norm()
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where+` ORDER BY username, id LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "user list")
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "user scan")
		}
		out = append(out, u)
	}
	return out, total, apperr.Wrap(rows.Err(), "user rows")
}
