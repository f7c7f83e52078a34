// Package notify is the platform's in-app messages, which every feature
// sends: a talent hears of an invitation, the staff who posted a demand of
// an answer, the staff on duty at a post of an order escalated to it. It
// owns the notifications table. Each (user, kind, reference) is sent once;
// a disabled account gets nothing.
package notify

import (
	"context"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
)

// Notification is one message.
type Notification struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`     // invited, engagement_accepted, demand_match, order_escalated, …
	RefKind   string    `json:"ref_kind"` // demand, talent, engagement, order
	RefID     int64     `json:"ref_id"`
	Score     float64   `json:"score"`
	Read      bool      `json:"read"`
	CreatedAt time.Time `json:"created_at"`
}

// Send writes a message to user userID (0: nobody) about the reference,
// in the caller's transaction or not.
func Send(ctx context.Context, q db.Querier, userID int64, kind, refKind string, refID int64, score float64) error {
	if userID == 0 {
		return nil
	}
	_, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, ref_kind, ref_id, score, created_at)
		SELECT id, ?, ?, ?, ?, ? FROM users WHERE id = ? AND NOT disabled ON CONFLICT DO NOTHING`,
		kind, refKind, refID, score, clock.From(ctx).Stamp(), userID)
	return apperr.Wrap(err, "notify")
}

// List is a user's messages, newest first (at most limit), and the unread
// count.
func List(ctx context.Context, q db.Querier, userID int64, limit int) ([]Notification, int, error) {
	var out []Notification
	err := db.Each(ctx, q, `SELECT id, kind, ref_kind, ref_id, score, read_at IS NOT NULL, created_at FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?`,
		[]any{userID, limit}, func(r db.Scanner) (Notification, error) {
			var n Notification
			return n, r.Scan(&n.ID, &n.Kind, &n.RefKind, &n.RefID, &n.Score, &n.Read, &n.CreatedAt)
		}, func(n Notification) error { out = append(out, n); return nil })
	if err != nil {
		return nil, 0, apperr.Wrap(err, "notifications")
	}
	unread, err := Unread(ctx, q, userID)
	return out, unread, err
}

// Unread counts a user's unread messages.
func Unread(ctx context.Context, q db.Querier, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, apperr.Wrap(err, "unread")
}

// MarkRead marks all of a user's messages read, audited.
func MarkRead(ctx context.Context, d *db.DB, userID int64) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, clock.From(ctx).Stamp(), userID)
		if err != nil {
			return apperr.Wrap(err, "mark read")
		}
		n, _ := res.RowsAffected()
		return audit.Record(ctx, tx, "notifications.read", "user", userID, map[string]any{"count": n})
	})
}
