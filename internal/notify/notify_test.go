package notify_test

import (
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/notify"
)

// TestNotify: a message goes once per user, kind and reference, never to
// a disabled account, and is read once marked.
func TestNotify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		users := &auth.Store{DB: d}
		mk := func(name string) auth.User {
			u, err := users.CreateUser(ctx, auth.User{Username: name, DisplayName: name, Roles: []string{auth.RoleGridWorker}}, "Hx7#kp2Lm9qz")
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		a, off := mk("alice"), mk("bob")
		if err := users.UpdateUser(ctx, off.ID, off.DisplayName, off.Roles, 0, 0, true); err != nil {
			t.Fatal(err)
		}
		for _, n := range []struct {
			user      int64
			kind, ref string
			id        int64
		}{
			{a.ID, "order_escalated", "order", 7},
			{a.ID, "order_escalated", "order", 7}, // the same again: once
			{a.ID, "order_closed", "order", 7},
			{a.ID, "invited", "engagement", 7},
			{off.ID, "order_escalated", "order", 7}, // disabled: nothing
			{0, "order_escalated", "order", 7},      // nobody
		} {
			if err := d.InTx(ctx, func(tx *db.Tx) error { return notify.Send(ctx, tx, n.user, n.kind, n.ref, n.id, 0.5) }); err != nil {
				t.Fatal(err)
			}
		}
		list, unread, err := notify.List(ctx, d.Read(), a.ID, 10)
		if err != nil || len(list) != 3 || unread != 3 || list[0].Kind != "invited" || list[0].Score != 0.5 {
			t.Fatalf("alice's list = %+v, unread %d, %v", list, unread, err)
		}
		if l, _, _ := notify.List(ctx, d.Read(), off.ID, 10); len(l) != 0 {
			t.Errorf("a disabled account got %d messages", len(l))
		}
		if err := notify.MarkRead(ctx, d, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := notify.Unread(ctx, d.Read(), a.ID); err != nil || n != 0 {
			t.Errorf("unread after MarkRead = %d, %v", n, err)
		}
		if l, _, _ := notify.List(ctx, d.Read(), a.ID, 2); len(l) != 2 || !l[0].Read {
			t.Errorf("the limit or the read flag: %+v", l)
		}
	})
}
