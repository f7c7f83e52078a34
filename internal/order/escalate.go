package order

import (
	"context"
	"log/slog"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/notify"
	"dangjian/internal/post"
)

// Escalate moves every overdue open order one level up (point → station →
// centre → district): the post above takes it, its staff are notified,
// and its time limit starts again there. An order already at the district
// centre is marked overdue once and stays. It returns how many orders
// moved. Several servers may run it at once: each order moves only if its
// escalation count is still the one read.
func (s *Store) Escalate(ctx context.Context, now time.Time) (int, error) {
	type due struct {
		id, post   int64
		escalation int
		overdue    bool
	}
	var list []due
	err := db.Each(ctx, s.DB.Read(), `SELECT id, post_id, escalation, overdue FROM orders
		WHERE status IN ('accepted', 'dispatched', 'handling') AND deadline < ? ORDER BY id`, []any{now.UTC()},
		func(r db.Scanner) (due, error) {
			var d due
			return d, r.Scan(&d.id, &d.post, &d.escalation, &d.overdue)
		}, func(d due) error { list = append(list, d); return nil })
	if err != nil {
		return 0, apperr.Wrap(err, "escalate")
	}
	cal, err := LoadCalendar(ctx, s.DB.Read())
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, d := range list {
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			up, err := post.Parent(ctx, tx, d.post)
			if err != nil {
				return err
			}
			if up == 0 {
				if d.overdue {
					return nil
				}
				_, err := tx.ExecContext(ctx, `UPDATE orders SET overdue = TRUE, updated_at = ? WHERE id = ? AND escalation = ?`, now, d.id, d.escalation)
				if err == nil {
					err = event(ctx, tx, d.id, 0, "overdue", "", "", "", now)
				}
				return apperr.Wrap(err, "escalate")
			}
			var limit int
			if err := tx.QueryRowContext(ctx, `SELECT limit_days FROM orders WHERE id = ?`, d.id).Scan(&limit); err != nil {
				return apperr.Wrap(err, "escalate")
			}
			res, err := tx.ExecContext(ctx, `UPDATE orders SET post_id = ?, escalation = escalation + 1, overdue = TRUE, deadline = ?, updated_at = ?
				WHERE id = ? AND escalation = ?`, up, cal.Deadline(now, limit), now, d.id, d.escalation)
			if err != nil {
				return apperr.Wrap(err, "escalate")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another server moved it
			}
			moved++
			var name string
			if err := tx.QueryRowContext(ctx, `SELECT name FROM posts WHERE id = ?`, up).Scan(&name); err != nil {
				return apperr.Wrap(err, "escalate")
			}
			if err := event(ctx, tx, d.id, 0, "escalate", "", "", name, now); err != nil {
				return err
			}
			return notifyPost(ctx, tx, up, "order_escalated", d.id)
		})
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}

// RunEscalator escalates overdue orders every interval until ctx ends.
func (s *Store) RunEscalator(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.Escalate(ctx, s.now()); err != nil {
			slog.Error("escalate", "err", err)
		} else if n > 0 {
			slog.Info("escalated overdue orders", "orders", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// notifyUp tells the staff of the post above the order's post (or of its
// own post at the district centre).
func (s *Store) notifyUp(ctx context.Context, tx *db.Tx, o *Order, kind string) error {
	up, err := post.Parent(ctx, tx, o.PostID)
	if err != nil {
		return err
	}
	if up == 0 {
		up = o.PostID
	}
	return notifyPost(ctx, tx, up, kind, o.ID)
}

func notifyPost(ctx context.Context, tx *db.Tx, postID int64, kind string, orderID int64) error {
	users, err := post.StaffUsers(ctx, tx, postID)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := notify.Send(ctx, tx, u, kind, "order", orderID, 0); err != nil {
			return err
		}
	}
	return nil
}
