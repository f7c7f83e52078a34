package order

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/notify"
	"dangjian/internal/post"
	"dangjian/internal/scope"
)

// Staff move an order through the loop; each step checks the order is in
// the caller's scope and in the state the step starts from, writes the new
// state only if no one moved it meanwhile, and appends to the history.

// step runs fn on the order inside a transaction.
func (s *Store) step(ctx context.Context, sc scope.Scope, id int64, fn func(tx *db.Tx, o *Order, now time.Time) error) (Order, error) {
	o, err := s.Get(ctx, sc, id)
	if err != nil {
		return Order{}, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error { return fn(tx, &o, s.now()) })
	if err != nil {
		return Order{}, err
	}
	return s.get(ctx, id)
}

// illegal is the error of a step that does not start from the order's
// state.
func illegal(action string, from Status) error {
	return apperr.New(apperr.Conflict, "err.order.transition").With("action", action).With("status", string(from))
}

// setStatus moves the order from one state to another, or fails with a
// conflict when someone else moved it first.
func setStatus(ctx context.Context, tx *db.Tx, o *Order, to Status, now time.Time, extra string, args ...any) error {
	q := `UPDATE orders SET status = ?, updated_at = ?` + extra + ` WHERE id = ? AND status = ?`
	res, err := tx.ExecContext(ctx, q, append(append([]any{to, now}, args...), o.ID, o.Status)...)
	if err != nil {
		return apperr.Wrap(err, "order status")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return illegal(string(to), o.Status)
	}
	return nil
}

func reasonOK(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 1000 {
		return "", apperr.InvalidField("reason", "err.text_too_long")
	}
	return reason, nil
}

// Dispatch sends an accepted order to its units (the routed ones, or the
// units staff choose); each unit's part starts at attempt 1.
func (s *Store) Dispatch(ctx context.Context, sc scope.Scope, id int64, units []int64, reason string) (Order, error) {
	reason, err := reasonOK(reason)
	if err != nil {
		return Order{}, err
	}
	return s.step(ctx, sc, id, func(tx *db.Tx, o *Order, now time.Time) error {
		if o.Status != Accepted {
			return illegal("dispatch", o.Status)
		}
		if len(units) > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM order_handlers WHERE order_id = ?`, o.ID); err != nil {
				return apperr.Wrap(err, "order handlers")
			}
			if err := addHandlers(ctx, tx, sc, o, units, now); err != nil {
				return err
			}
		} else if len(o.Handlers) == 0 {
			return apperr.InvalidField("units", "err.post.units_needed")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_handlers SET status = ?, attempts = 1, updated_at = ? WHERE order_id = ?`, HDispatched, now, o.ID); err != nil {
			return apperr.Wrap(err, "order dispatch")
		}
		if err := setStatus(ctx, tx, o, Dispatched, now, ""); err != nil {
			return err
		}
		return record(ctx, tx, o, 0, "dispatch", Dispatched, reason, now)
	})
}

func addHandlers(ctx context.Context, tx *db.Tx, sc scope.Scope, o *Order, units []int64, now time.Time) error {
	var postPath string
	if err := tx.QueryRowContext(ctx, `SELECT area_path FROM posts WHERE id = ?`, o.PostID).Scan(&postPath); err != nil {
		return apperr.Wrap(err, "order post")
	}
	if err := post.CheckUnits(ctx, tx, sc, postPath, units); err != nil {
		return err
	}
	for _, u := range units {
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_handlers (order_id, unit_id, status, updated_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING`,
			o.ID, u, HPending, now); err != nil {
			return apperr.Wrap(err, "order handlers")
		}
	}
	return nil
}

// record writes the history line and the audit entry of a step.
func record(ctx context.Context, tx *db.Tx, o *Order, unitID int64, action string, to Status, reason string, now time.Time) error {
	if err := event(ctx, tx, o.ID, unitID, action, o.Status, to, reason, now); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "order."+action, "order", o.ID, map[string]any{"from": o.Status, "to": to, "unit_id": unitID, "reason": reason})
}

// UnitStep is what a handling unit reports about its part.
type UnitStep string

const (
	UnitStart UnitStep = "start" // the unit took it up
	UnitDone  UnitStep = "done"  // the unit finished its part (note = its feedback)
	UnitFail  UnitStep = "fail"  // the unit could not: retried, then escalated
)

// Unit records a unit's step on its part of an order. The order moves to
// handling when a unit starts, and to feedback when every part is done. A
// failed part is sent again until MaxAttempts, then escalated one post up
// for that unit alone; the other units carry on.
func (s *Store) Unit(ctx context.Context, sc scope.Scope, id, unitID int64, st UnitStep, note string) (Order, error) {
	note, err := reasonOK(note)
	if err != nil {
		return Order{}, err
	}
	return s.step(ctx, sc, id, func(tx *db.Tx, o *Order, now time.Time) error {
		if o.Status != Dispatched && o.Status != Handling {
			return illegal("unit_"+string(st), o.Status)
		}
		var h *Handler
		for i := range o.Handlers {
			if o.Handlers[i].UnitID == unitID {
				h = &o.Handlers[i]
			}
		}
		if h == nil {
			return apperr.InvalidField("unit_id", "err.unit_missing")
		}
		next, action, err := unitNext(h, st)
		if err != nil {
			return err
		}
		attempts := h.Attempts
		if action == "retry" {
			attempts++
		}
		res, err := tx.ExecContext(ctx, `UPDATE order_handlers SET status = ?, attempts = ?, note = ?, updated_at = ? WHERE order_id = ? AND unit_id = ? AND status = ?`,
			next, attempts, note, now, o.ID, unitID, h.Status)
		if err != nil {
			return apperr.Wrap(err, "order handler")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return illegal("unit_"+string(st), o.Status)
		}
		if action == "unit_escalate" {
			if err := s.notifyUp(ctx, tx, o, "order_unit_escalated"); err != nil {
				return err
			}
		}
		to, err := s.afterUnit(ctx, tx, o, now)
		if err != nil {
			return err
		}
		return record(ctx, tx, o, unitID, action, to, note, now)
	})
}

// unitNext is the handler state machine.
func unitNext(h *Handler, st UnitStep) (HandlerStatus, string, error) {
	bad := apperr.New(apperr.Conflict, "err.order.unit_transition").With("action", string(st)).With("status", string(h.Status))
	switch st {
	case UnitStart:
		if h.Status != HDispatched {
			return "", "", bad
		}
		return HHandling, "unit_start", nil
	case UnitDone:
		if h.Status != HDispatched && h.Status != HHandling && h.Status != HEscalated {
			return "", "", bad
		}
		return HDone, "unit_done", nil
	case UnitFail:
		if h.Status != HDispatched && h.Status != HHandling {
			return "", "", bad
		}
		if h.Attempts < MaxAttempts {
			return HDispatched, "retry", nil
		}
		return HEscalated, "unit_escalate", nil
	}
	return "", "", apperr.InvalidField("step", "err.order.unit_step")
}

// afterUnit moves the order to handling or feedback as its parts say.
func (s *Store) afterUnit(ctx context.Context, tx *db.Tx, o *Order, now time.Time) (Status, error) {
	var open, started int
	err := tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status IN ('pending', 'dispatched', 'handling', 'escalated') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status IN ('handling', 'done', 'escalated') THEN 1 ELSE 0 END), 0)
		FROM order_handlers WHERE order_id = ?`, o.ID).Scan(&open, &started)
	if err != nil {
		return "", apperr.Wrap(err, "order handlers")
	}
	to := o.Status
	switch {
	case open == 0:
		to = Feedback
	case started > 0:
		to = Handling
	}
	if to != o.Status {
		if err := setStatus(ctx, tx, o, to, now, ""); err != nil {
			return "", err
		}
	}
	return to, nil
}

// Verify checks the feedback: passed, the order is verified; not passed,
// it goes back to handling with every part reopened.
func (s *Store) Verify(ctx context.Context, sc scope.Scope, id int64, passed bool, reason string) (Order, error) {
	reason, err := reasonOK(reason)
	if err != nil {
		return Order{}, err
	}
	return s.step(ctx, sc, id, func(tx *db.Tx, o *Order, now time.Time) error {
		if o.Status != Feedback {
			return illegal("verify", o.Status)
		}
		if passed {
			if err := setStatus(ctx, tx, o, Verified, now, ""); err != nil {
				return err
			}
			return record(ctx, tx, o, 0, "verify", Verified, reason, now)
		}
		if reason == "" {
			return apperr.InvalidField("reason", "err.order.reason_needed")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_handlers SET status = ?, updated_at = ? WHERE order_id = ? AND status = ?`, HHandling, now, o.ID, HDone); err != nil {
			return apperr.Wrap(err, "order handlers")
		}
		if err := setStatus(ctx, tx, o, Handling, now, ""); err != nil {
			return err
		}
		return record(ctx, tx, o, 0, "verify_reject", Handling, reason, now)
	})
}

// Close closes a verified order; the orderer is asked to rate it.
func (s *Store) Close(ctx context.Context, sc scope.Scope, id int64, reason string) (Order, error) {
	reason, err := reasonOK(reason)
	if err != nil {
		return Order{}, err
	}
	return s.step(ctx, sc, id, func(tx *db.Tx, o *Order, now time.Time) error {
		if o.Status != Verified {
			return illegal("close", o.Status)
		}
		if err := setStatus(ctx, tx, o, Closed, now, ", closed_at = ?", now); err != nil {
			return err
		}
		if err := notify.Send(ctx, tx, o.UserID, "order_closed", "order", o.ID, 0); err != nil {
			return err
		}
		return record(ctx, tx, o, 0, "close", Closed, reason, now)
	})
}
