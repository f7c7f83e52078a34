// Package audit records who did what, when and from where. Every write in a
// feature store calls Record inside the same transaction as the write, so a
// write and its audit entry land together or not at all.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"dangjian/internal/clock"
	"dangjian/internal/db"
)

// Actor is who is acting, carried in the request context.
type Actor struct {
	UserID   int64
	Username string
	IP       string
	UA       string
}

type ctxKey struct{}

// WithActor returns ctx carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// ActorFrom returns the actor in ctx; the zero Actor is the system.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(ctxKey{}).(Actor)
	if a.Username == "" {
		a.Username = "system"
	}
	return a
}

// Entry is one audit log row.
type Entry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	UserID   int64     `json:"user_id,omitempty"`
	Username string    `json:"username"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID int64     `json:"entity_id,omitempty"`
	Detail   string    `json:"detail"`
	IP       string    `json:"ip"`
	UA       string    `json:"user_agent"`
}

// Record writes one entry for the actor in ctx. detail is marshalled to
// JSON (a string is stored as is).
func Record(ctx context.Context, q db.Querier, action, entity string, entityID int64, detail any) error {
	a := ActorFrom(ctx)
	var d string
	switch v := detail.(type) {
	case nil:
	case string:
		d = v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		d = string(b)
	}
	var uid any
	if a.UserID != 0 {
		uid = a.UserID
	}
	var eid any
	if entityID != 0 {
		eid = entityID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail, ip, user_agent) VALUES (?,?,?,?,?,?,?,?,?)`,
		clock.From(ctx).Stamp(), uid, a.Username, action, entity, eid, d, a.IP, truncate(a.UA, 300))
	return err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Filter selects audit entries.
type Filter struct {
	Username string
	Action   string
	Entity   string
	EntityID int64
	Limit    int
	Offset   int
}

// List returns entries newest first and the total count (capped at 10001).
func List(ctx context.Context, q db.Querier, f Filter) ([]Entry, int, error) {
	where, args := "1=1", []any{}
	if f.Username != "" {
		where += " AND username = ?"
		args = append(args, f.Username)
	}
	if f.Action != "" {
		where += " AND action LIKE ?"
		args = append(args, f.Action+"%")
	}
	if f.Entity != "" {
		where += " AND entity = ?"
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where += " AND entity_id = ?"
		args = append(args, f.EntityID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE `+where+` LIMIT 10001) t`, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, at, COALESCE(user_id,0), username, action, entity, COALESCE(entity_id,0), detail, ip, user_agent FROM audit_log WHERE `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.IP, &e.UA); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
