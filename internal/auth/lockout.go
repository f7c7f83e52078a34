package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
)

// Failed logins are counted twice, in login_failures:
//   - per (name, source address) pair: LockoutAfter failures lock that pair
//     for LockoutFor, so one address cannot lock the account out for
//     everybody else;
//   - per name, over all addresses: past DelayAfter failures every further
//     failure makes the whole account wait, 1 s, 2 s, 4 s … up to DelayMax,
//     which slows a guesser with many addresses without locking anyone out
//     for long.
//
// Both counts forgive one failure per quiet LockoutFor/LockoutAfter (6 min
// by default), and a right password clears them. Unknown names are counted
// the same way, so a lockout says nothing about which names exist.
//
// An attempt is counted before its password is checked: a burst of
// concurrent guesses cannot all pass the lock check first.

// Defaults of the account-wide delay.
const (
	DefaultDelayAfter = 10
	DefaultDelayMax   = 2 * time.Minute
)

type failureKeys struct {
	account, pair string
	pairPrefix    string
}

func keysOf(name, ip string) failureKeys {
	hn := sha256.Sum256([]byte(name))
	hi := sha256.Sum256([]byte(ip))
	n := hex.EncodeToString(hn[:16])
	return failureKeys{account: "a:" + n, pair: "p:" + n + ":" + hex.EncodeToString(hi[:16]), pairPrefix: "p:" + n + ":"}
}

// forgiveEvery is the quiet time that forgives one failure.
func (s *Store) forgiveEvery() int64 {
	sec := int64(s.lockoutFor()/time.Second) / int64(s.lockoutAfter())
	if sec < 1 {
		return 1
	}
	return sec
}

// gate refuses an attempt while its pair is locked or its account is made
// to wait, with an audit entry; it counts nothing.
func (s *Store) gate(ctx context.Context, k failureKeys, userID int64, now time.Time) error {
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT key, locked_until FROM login_failures WHERE key IN (?, ?)`, k.account, k.pair)
	if err != nil {
		return apperr.Wrap(err, "login gate")
	}
	defer rows.Close()
	var wait time.Duration
	pair := false
	for rows.Next() {
		var key string
		var until int64
		if err := rows.Scan(&key, &until); err != nil {
			return apperr.Wrap(err, "login gate")
		}
		if d := time.Unix(until, 0).Sub(now); d > wait {
			wait, pair = d, key == k.pair
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "login gate")
	}
	if wait <= 0 {
		return nil
	}
	if err := s.record(ctx, "login.failed", userID, map[string]any{"reason": "locked"}); err != nil {
		return err
	}
	if pair {
		return lockedErr(wait)
	}
	return waitErr(wait)
}

// countAttempt counts one attempt against the pair and the account, with
// the decay, and returns both counts including this attempt.
func (s *Store) countAttempt(ctx context.Context, k failureKeys, now time.Time) (pair, account int, err error) {
	step := s.forgiveEvery()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, c := range []struct {
			key string
			n   *int
		}{{k.pair, &pair}, {k.account, &account}} {
			err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, failures, last_unix) VALUES (?, 1, ?)
				ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN login_failures.failures - (excluded.last_unix - login_failures.last_unix) / ? > 0
					THEN login_failures.failures - (excluded.last_unix - login_failures.last_unix) / ? ELSE 0 END + 1,
				last_unix = excluded.last_unix
				RETURNING failures`, c.key, now.Unix(), step, step).Scan(c.n)
			if err != nil {
				return apperr.Wrap(err, "login count")
			}
		}
		return nil
	})
	return pair, account, err
}

// clearFailures forgets the counts of a name that signed in.
func (s *Store) clearFailures(ctx context.Context, tx *db.Tx, k failureKeys) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ? OR key = ?`, k.account, k.pair); err != nil {
		return apperr.Wrap(err, "login clear")
	}
	return nil
}

// failed answers a wrong password (or an unknown name) whose attempt was
// counted as the pair's nth and the account's mth failure: it locks the
// pair at LockoutAfter, delays the account past DelayAfter, audits either,
// and returns the error for the caller.
func (s *Store) failed(ctx context.Context, k failureKeys, userID int64, n, m int, now time.Time) error {
	var out error = apperr.New(apperr.Unauthorized, "err.login.failed")
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := audit.Record(ctx, tx, "login.failed", "user", userID, map[string]any{"reason": "password", "failed_logins": m}); err != nil {
			return err
		}
		var acctUntil *time.Time
		if m > s.delayAfter() {
			d := s.delayOf(m)
			until := now.Add(d)
			acctUntil = &until
			if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET locked_until = ? WHERE key = ?`, until.Unix(), k.account); err != nil {
				return apperr.Wrap(err, "login delay")
			}
			if err := audit.Record(ctx, tx, "login.locked", "user", userID, map[string]any{"scope": "account", "failed_logins": m, "until": until}); err != nil {
				return err
			}
			out = waitErr(d)
		}
		if n >= s.lockoutAfter() {
			until := now.Add(s.lockoutFor())
			if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET locked_until = ? WHERE key = ?`, until.Unix(), k.pair); err != nil {
				return apperr.Wrap(err, "login lock")
			}
			if err := audit.Record(ctx, tx, "login.locked", "user", userID, map[string]any{"scope": "address", "failed_logins": n, "until": until}); err != nil {
				return err
			}
			out = lockedErr(s.lockoutFor())
		}
		if userID == 0 {
			return nil
		}
		// The account's row shows the account-wide count to administrators.
		_, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`, m, acctUntil, userID)
		return apperr.Wrap(err, "login mirror")
	})
	if err != nil {
		return err
	}
	return out
}

// delayOf is the account's wait after its mth failure: doubling from 1 s
// past DelayAfter, at most DelayMax.
func (s *Store) delayOf(m int) time.Duration {
	k := m - s.delayAfter() - 1
	if k > 30 {
		return s.delayMax()
	}
	d := time.Second << k
	if d > s.delayMax() {
		return s.delayMax()
	}
	return d
}

// unlockName clears every count of an account name (Unlock).
func (s *Store) unlockName(ctx context.Context, tx *db.Tx, name string) error {
	k := keysOf(name, "")
	_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ? OR key LIKE ?`, k.account, k.pairPrefix+"%")
	return apperr.Wrap(err, "unlock counts")
}

// lockedErr says this address is locked out of the account for d more, in
// whole minutes rounded up; 429 with Retry-After.
func lockedErr(d time.Duration) error {
	mins := int((d + time.Minute - 1) / time.Minute)
	return apperr.New(apperr.TooMany, "err.login.locked").With("minutes", mins).With("retry_after", retrySeconds(d))
}

// waitErr says the account takes no attempt for d more.
func waitErr(d time.Duration) error {
	return apperr.New(apperr.TooMany, "err.login.wait").With("seconds", retrySeconds(d)).With("retry_after", retrySeconds(d))
}

func retrySeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}
