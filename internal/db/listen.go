package db

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen follows a PostgreSQL notification channel until ctx ends, on its
// own connection: notify runs for every notification, and up reports
// whether the listener is connected (false while it reconnects, so callers
// fall back to checking for themselves). On SQLite there is nothing to
// listen to: Listen returns at once and up is never called.
func (d *DB) Listen(ctx context.Context, channel string, notify func(), up func(bool)) {
	if d.Dialect != Postgres {
		return
	}
	for ctx.Err() == nil {
		err := d.listenOnce(ctx, channel, notify, up)
		up(false)
		if err != nil && ctx.Err() == nil {
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}

func (d *DB) listenOnce(ctx context.Context, channel string, notify func(), up func(bool)) error {
	conn, err := pgx.Connect(ctx, d.DSN)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	up(true)
	notify() // anything written before LISTEN took effect
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		notify()
	}
}
