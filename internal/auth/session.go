package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
)

// Session is a signed-in browser. Only the SHA-256 of Token is stored, so
// Token is known only to the Login caller (who puts it in a cookie); it is
// empty in sessions returned by Authenticate. CSRF is the token forms and
// XHR requests must echo back.
type Session struct {
	Token     string    `json:"-"`
	CSRF      string    `json:"csrf"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
}

// touchEvery is how stale last_seen must be before a request refreshes it,
// so that not every request writes.
const touchEvery = 60 * time.Second

// maxToken bounds the length of a presented session token.
const maxToken = 128

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", apperr.Wrap(err, "session token")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Login checks a username and password and opens a session. An unknown
// username and a wrong password give the same error, and both count
// towards the lockout (lockout.go), so that a lockout answers alike for
// names that exist and names that do not. A locked pair or a waiting
// account is refused without looking at the password; a disabled account
// is reported only once the password is right. ip and ua are recorded in
// the session and the audit log.
func (s *Store) Login(ctx context.Context, username, password, ip, ua string) (Session, error) {
	name := NormUsername(username)
	ctx = audit.WithActor(ctx, audit.Actor{Username: clip(name, 64), IP: ip, UA: ua})
	keys := keysOf(name, ip)
	now := s.now()

	var hash string
	u, err := scanUser(s.DB.Read().QueryRowContext(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE username = ?`, name), &hash)
	known := err == nil
	if err != nil && !errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Session{}, apperr.Wrap(err, "login user")
	}
	if err := s.gate(ctx, keys, u.ID, now); err != nil {
		return Session{}, err
	}
	n, m, err := s.countAttempt(ctx, keys, now)
	if err != nil {
		return Session{}, err
	}
	if n > s.lockoutAfter() { // concurrent guesses past the limit
		if err := s.record(ctx, "login.failed", u.ID, map[string]any{"reason": "locked"}); err != nil {
			return Session{}, err
		}
		return Session{}, lockedErr(s.lockoutFor())
	}
	if !known {
		CheckPassword(dummyHash(), password) // take as long as for a real account
		return Session{}, s.failed(ctx, keys, 0, n, m, now)
	}
	if !CheckPassword(hash, password) {
		return Session{}, s.failed(ctx, keys, u.ID, n, m, now)
	}

	if u.Disabled {
		if err := s.record(ctx, "login.failed", u.ID, map[string]any{"reason": "disabled"}); err != nil {
			return Session{}, err
		}
		return Session{}, apperr.New(apperr.Unauthorized, "err.login.disabled")
	}

	sess := Session{UserID: u.ID, CreatedAt: now, LastSeen: now}
	if sess.Token, err = randomToken(); err != nil {
		return Session{}, err
	}
	if sess.CSRF, err = randomToken(); err != nil {
		return Session{}, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{UserID: u.ID, Username: u.Username, IP: ip, UA: ua})
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.clearFailures(ctx, tx, keys); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, u.ID); err != nil {
			return apperr.Wrap(err, "login reset")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen, ip, user_agent) VALUES (?,?,?,?,?,?,?)`,
			hashToken(sess.Token), u.ID, sess.CSRF, now, now, clip(ip, 64), clip(ua, 300)); err != nil {
			return apperr.Wrap(err, "session insert")
		}
		return audit.Record(ctx, tx, "login", "user", u.ID, nil)
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// record writes one audit entry about account id in its own transaction.
func (s *Store) record(ctx context.Context, action string, id int64, detail any) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, action, "user", id, detail)
	})
}

// Authenticate returns the account and session of a session token. A
// session idle for longer than SessionIdle, or older than SessionMax, is
// deleted and refused, as is the session of a disabled or deleted account.
// last_seen is refreshed at most once a minute.
func (s *Store) Authenticate(ctx context.Context, token string) (User, Session, error) {
	invalid := apperr.New(apperr.Unauthorized, "err.session.invalid")
	if token == "" || len(token) > maxToken {
		return User{}, Session{}, invalid
	}
	h := hashToken(token)
	sess := Session{}
	err := s.DB.Read().QueryRowContext(ctx, `SELECT user_id, csrf, created_at, last_seen FROM sessions WHERE token_hash = ?`, h).
		Scan(&sess.UserID, &sess.CSRF, &sess.CreatedAt, &sess.LastSeen)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return User{}, Session{}, invalid
	} else if err != nil {
		return User{}, Session{}, apperr.Wrap(err, "session get")
	}
	now := s.now()
	if now.Sub(sess.LastSeen) > s.sessionIdle() || now.Sub(sess.CreatedAt) > s.sessionMax() {
		if err := s.deleteSession(ctx, h); err != nil {
			return User{}, Session{}, err
		}
		return User{}, Session{}, apperr.New(apperr.Unauthorized, "err.session.expired")
	}
	u, err := s.GetUser(ctx, sess.UserID)
	if errors.Is(err, apperr.ErrNotFound) || (err == nil && u.Disabled) {
		if err := s.deleteSession(ctx, h); err != nil {
			return User{}, Session{}, err
		}
		return User{}, Session{}, invalid
	} else if err != nil {
		return User{}, Session{}, err
	}
	if now.Sub(sess.LastSeen) > touchEvery {
		if _, err := s.DB.Write().ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, now, h); err != nil {
			return User{}, Session{}, apperr.Wrap(err, "session touch")
		}
		sess.LastSeen = now
	}
	return u, sess, nil
}

func (s *Store) deleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.DB.Write().ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return apperr.Wrap(err, "session delete")
}

// Logout ends the session of token. An unknown token is not an error. The
// audit entry names the session's account when ctx carries no actor.
func (s *Store) Logout(ctx context.Context, token string) error {
	if token == "" || len(token) > maxToken {
		return nil
	}
	h := hashToken(token)
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var uid int64
		var name string
		err := tx.QueryRowContext(ctx, `SELECT s.user_id, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, h).Scan(&uid, &name)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return nil
		} else if err != nil {
			return apperr.Wrap(err, "logout")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, h); err != nil {
			return apperr.Wrap(err, "logout")
		}
		if a := audit.ActorFrom(ctx); a.UserID == 0 {
			a.UserID, a.Username = uid, name
			ctx = audit.WithActor(ctx, a)
		}
		return audit.Record(ctx, tx, "logout", "user", uid, nil)
	})
}

// CheckCSRF reports, in constant time, whether token is the session's CSRF
// token.
func CheckCSRF(sess Session, token string) bool {
	if sess.CSRF == "" || token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sess.CSRF), []byte(token)) == 1
}
