package gap

import (
	"context"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/scope"
)

// Assignment is who owns an action and by when. A zero OwnerOrgID or an
// empty OwnerUser clears that owner; a zero Deadline keeps the deadline.
type Assignment struct {
	OwnerOrgID int64
	OwnerUser  string // a username
	Deadline   time.Time
}

// Assign sets an open action's owner (an org in scope and/or an account
// whose own scope lies inside the caller's) and deadline.
func (s *Store) Assign(ctx context.Context, sc scope.Scope, id int64, a Assignment) (Action, error) {
	x, err := s.Get(ctx, sc, id)
	if err != nil {
		return Action{}, err
	}
	if x.Status != Open {
		return Action{}, apperr.New(apperr.Conflict, "err.gap.closed")
	}
	now := s.now()
	if !a.Deadline.IsZero() && a.Deadline.Before(x.CreatedAt.Truncate(24*time.Hour)) {
		return Action{}, apperr.InvalidField("deadline", "err.gap.deadline")
	}
	if a.Deadline.IsZero() {
		a.Deadline = x.Deadline
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if a.OwnerOrgID != 0 {
			if _, err := org.PathIn(ctx, tx, sc, a.OwnerOrgID, "owner_org_id"); err != nil {
				return err
			}
		}
		userID, err := ownerUser(ctx, tx, sc, a.OwnerUser)
		if err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `UPDATE gap_actions SET owner_org_id = ?, owner_user_id = ?, deadline = ?, updated_at = ? WHERE id = ? AND status = ?`,
			db.NullID(a.OwnerOrgID), db.NullID(userID), a.Deadline.UTC(), now, id, Open)
		if err != nil {
			return apperr.Wrap(err, "gap assign")
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "err.gap.closed")
		}
		body := "org=" + itoa(a.OwnerOrgID) + " user=" + a.OwnerUser + " deadline=" + a.Deadline.UTC().Format("2006-01-02")
		if err := addEvent(ctx, tx, id, "assign", body, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "gap.assign", "gap", id, map[string]any{"owner_org_id": a.OwnerOrgID, "owner_user_id": userID, "deadline": a.Deadline.UTC()})
	})
	if err != nil {
		return Action{}, err
	}
	return s.Get(ctx, sc, id)
}

// ownerUser resolves a username to an enabled account that works inside
// the caller's scope (its own area or org scope lies in it).
func ownerUser(ctx context.Context, q db.Querier, sc scope.Scope, username string) (int64, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" {
		return 0, nil
	}
	var id int64
	var disabled bool
	var areaPath, orgAreaPath, orgPath string
	err := q.QueryRowContext(ctx, `SELECT u.id, u.disabled, COALESCE(a.path, ''), COALESCE(o.area_path, ''), COALESCE(o.path, '')
		FROM users u LEFT JOIN areas a ON a.id = u.scope_area_id LEFT JOIN orgs o ON o.id = u.scope_org_id WHERE u.username = ?`,
		username).Scan(&id, &disabled, &areaPath, &orgAreaPath, &orgPath)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return 0, apperr.InvalidField("owner_user", "err.gap.owner_user")
	} else if err != nil {
		return 0, apperr.Wrap(err, "gap owner user")
	}
	inside := sc.All || (areaPath != "" && orgPath == "" && sc.HasArea(areaPath)) || (orgPath != "" && sc.HasRow(orgAreaPath, orgPath))
	if disabled || !inside {
		return 0, apperr.InvalidField("owner_user", "err.gap.owner_user")
	}
	return id, nil
}

// Note adds a note to an action's history.
func (s *Store) Note(ctx context.Context, sc scope.Scope, id int64, body string) (Action, error) {
	body, err := checkNote("note", body, true)
	if err != nil {
		return Action{}, err
	}
	if _, err := s.Get(ctx, sc, id); err != nil {
		return Action{}, err
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE gap_actions SET updated_at = ? WHERE id = ?`, now, id); err != nil {
			return apperr.Wrap(err, "gap note")
		}
		if err := addEvent(ctx, tx, id, "note", body, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "gap.note", "gap", id, map[string]any{"note": body})
	})
	if err != nil {
		return Action{}, err
	}
	return s.Get(ctx, sc, id)
}

// Close closes an open action by hand with a reason. The gap is settled:
// later scans do not open it again (an instructor assigned, a unit
// deregistered — things the registry does not show).
func (s *Store) Close(ctx context.Context, sc scope.Scope, id int64, reason string) (Action, error) {
	reason, err := checkNote("reason", reason, true)
	if err != nil {
		return Action{}, err
	}
	x, err := s.Get(ctx, sc, id)
	if err != nil {
		return Action{}, err
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE gap_actions SET status = ?, open_key = NULL, settled_key = ?, close_reason = ?, close_note = ?,
			closed_at = ?, updated_at = ? WHERE id = ? AND status = ?`, Closed, key(x.Kind, x.UnitID, x.PersonID), ReasonManual, reason, now, now, id, Open)
		if err != nil {
			return apperr.Wrap(err, "gap close")
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "err.gap.closed")
		}
		if err := addEvent(ctx, tx, id, "close", reason, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "gap.close", "gap", id, map[string]any{"reason": ReasonManual, "note": reason})
	})
	if err != nil {
		return Action{}, err
	}
	return s.Get(ctx, sc, id)
}
