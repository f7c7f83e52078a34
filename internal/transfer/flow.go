package transfer

import (
	"context"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// step is one state change of a transfer.
type step struct {
	action       string // event action
	auditAction  string // audit log action
	noteRequired bool
	// next checks the current transfer and the caller and returns the new
	// status, or a Conflict (bad state) or Forbidden error.
	next func(t Transfer, sc scope.Scope, a audit.Actor) (Status, error)
	// apply, when set, makes further writes in the same transaction.
	apply func(ctx context.Context, tx *db.Tx, t Transfer) error
}

// ApproveOut approves a pending transfer on the sending side: sc must hold
// the sending org. The transfer then awaits the receiving side.
func (s *Store) ApproveOut(ctx context.Context, sc scope.Scope, id int64, note string) (Transfer, error) {
	return s.run(ctx, sc, id, note, step{action: ActApprovedOut, auditAction: "transfer.approve_out",
		next: func(t Transfer, sc scope.Scope, _ audit.Actor) (Status, error) {
			if t.Status != Pending {
				return "", badState(t.Status)
			}
			if !t.FromInScope(sc) {
				return "", apperr.ErrForbidden
			}
			return OutApproved, nil
		}})
}

// ApproveIn accepts a transfer approved out on the receiving side: sc must
// hold the receiving org. The member's org changes in the same transaction.
func (s *Store) ApproveIn(ctx context.Context, sc scope.Scope, id int64, note string) (Transfer, error) {
	return s.run(ctx, sc, id, note, step{action: ActApprovedIn, auditAction: "transfer.approve_in",
		next: func(t Transfer, sc scope.Scope, _ audit.Actor) (Status, error) {
			if t.Status != OutApproved {
				return "", badState(t.Status)
			}
			if !t.ToInScope(sc) {
				return "", apperr.ErrForbidden
			}
			return Completed, nil
		},
		apply: s.movePerson})
}

// Reject sends a transfer back, with a required note: a pending one by the
// sending side, one approved out by the receiving side.
func (s *Store) Reject(ctx context.Context, sc scope.Scope, id int64, note string) (Transfer, error) {
	return s.run(ctx, sc, id, note, step{action: ActRejected, auditAction: "transfer.reject", noteRequired: true,
		next: func(t Transfer, sc scope.Scope, _ audit.Actor) (Status, error) {
			switch {
			case !t.Status.Open():
				return "", badState(t.Status)
			case t.Status == Pending && !t.FromInScope(sc), t.Status == OutApproved && !t.ToInScope(sc):
				return "", apperr.ErrForbidden
			}
			return Rejected, nil
		}})
}

// Revoke withdraws an open transfer. The requester may revoke their own
// request; otherwise sc must hold the sending org.
func (s *Store) Revoke(ctx context.Context, sc scope.Scope, id int64, note string) (Transfer, error) {
	return s.run(ctx, sc, id, note, step{action: ActRevoked, auditAction: "transfer.revoke",
		next: func(t Transfer, sc scope.Scope, a audit.Actor) (Status, error) {
			if !t.Status.Open() {
				return "", badState(t.Status)
			}
			if !(a.UserID != 0 && a.UserID == t.RequestedBy) && !t.FromInScope(sc) {
				return "", apperr.ErrForbidden
			}
			return Revoked, nil
		}})
}

// run performs st on transfer id in one transaction: it loads the transfer
// (not found unless visible in sc), asks st for the new status, changes it
// only if nobody else has meanwhile (so of two concurrent approvals the
// second gets a Conflict), applies st's extra writes, and records the event
// and the audit entry. It returns the changed transfer, redacted for sc.
func (s *Store) run(ctx context.Context, sc scope.Scope, id int64, note string, st step) (Transfer, error) {
	note = strings.TrimSpace(note)
	if err := checkText("note", note); err != nil {
		return Transfer{}, err
	}
	if st.noteRequired && note == "" {
		return Transfer{}, apperr.InvalidField("note", "err.transfer.note_required")
	}
	a := audit.ActorFrom(ctx)
	var t Transfer
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if t, err = s.load(ctx, tx, sc, id); err != nil {
			return err
		}
		next, err := st.next(t, sc, a)
		if err != nil {
			return err
		}
		now := s.Clock.Stamp()
		res, err := tx.ExecContext(ctx, `UPDATE transfers SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, next, now, id, t.Status)
		if err != nil {
			return apperr.Wrap(err, "transfer update")
		}
		if n, err := res.RowsAffected(); err != nil {
			return apperr.Wrap(err, "transfer update count")
		} else if n == 0 {
			return stale(ctx, tx, id)
		}
		if st.apply != nil {
			if err := st.apply(ctx, tx, t); err != nil {
				return err
			}
		}
		if err := s.addEvent(ctx, tx, id, st.action, note); err != nil {
			return err
		}
		prev := t.Status
		t.Status, t.UpdatedAt = next, now
		return audit.Record(ctx, tx, st.auditAction, "transfer", id, map[string]any{"person_id": t.PersonID, "from": prev, "to": next, "note": note})
	})
	if err != nil {
		return Transfer{}, err
	}
	return t.Redact(sc), nil
}

// stale is the error when a transfer's status changed under a step: a bad
// state naming the status it has now.
func stale(ctx context.Context, q db.Querier, id int64) error {
	var cur Status
	if err := q.QueryRowContext(ctx, `SELECT status FROM transfers WHERE id = ?`, id).Scan(&cur); err != nil {
		return apperr.Wrap(err, "transfer status")
	}
	return badState(cur)
}

// movePerson moves a completed transfer's member to the receiving org. Only
// the org changes; the person's area and flags stay. If the member was the
// sending org's secretary, that org's secretary is cleared (a secretary must
// be a member of the org). A member no longer in the sending org is a
// Conflict.
func (s *Store) movePerson(ctx context.Context, tx *db.Tx, t Transfer) error {
	now := s.Clock.Stamp()
	// The member's registered area follows the receiving org, so the
	// receiving district's officials see the member and the sending
	// district's no longer do.
	moved, err := person.Move(ctx, tx, t.PersonID, t.FromOrgID, t.ToOrgID, t.ToPath, t.ToAreaPath, now)
	if err != nil {
		return err
	}
	if !moved {
		return apperr.New(apperr.Conflict, "err.transfer.person_moved")
	}
	return org.ClearSecretary(ctx, tx, t.FromOrgID, t.PersonID, now)
}
