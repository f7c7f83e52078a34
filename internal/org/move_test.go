package org_test

import (
	"context"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/org"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// TestUpdateRefusesMove: an edit that names another parent, area or code
// is refused on that field and writes nothing (no change, no audit
// entry); an edit repeating them, or leaving them out, goes through.
func TestUpdateRefusesMove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		b := w.Haitang.Branches[0]
		cases := []struct {
			field string
			edit  func(o *org.Org)
		}{
			{"parent_id", func(o *org.Org) { o.ParentID = w.Haitang.Branches[1].ID }},
			{"parent_id", func(o *org.Org) { o.ParentID = w.Jiyang.Committee.ID }},
			{"area_id", func(o *org.Org) { o.AreaID = w.Haitang.Area.ID }},
			{"code", func(o *org.Org) { o.Code = "HT-MOVED" }},
		}
		for _, c := range cases {
			o := b
			o.Name = "改名"
			c.edit(&o)
			_, err := w.Orgs.Update(ctx, scope.Everything, o)
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != c.field || e.Key != "err.org.fixed_"+c.field {
				t.Errorf("move by %s: %v", c.field, err)
			}
		}
		got, err := w.Orgs.Get(ctx, scope.Everything, b.ID)
		if err != nil || got.Name != b.Name || got.ParentID != b.ParentID || got.Path != b.Path || got.Code != b.Code {
			t.Errorf("refused edits changed the org: %+v %v", got, err)
		}
		var n int
		d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'org.update'`).Scan(&n)
		if n != 0 {
			t.Errorf("refused edits audited %d times", n)
		}
		// Repeating the place, or leaving it out, is an ordinary edit.
		same := got
		same.Name = "同上级改名"
		if o, err := w.Orgs.Update(ctx, scope.Everything, same); err != nil || o.Name != "同上级改名" || o.Path != b.Path {
			t.Errorf("edit keeping the parent: %+v %v", o, err)
		}
		bare := got
		bare.ParentID, bare.AreaID, bare.Code, bare.Name = 0, 0, "", "省略上级"
		if o, err := w.Orgs.Update(ctx, scope.Everything, bare); err != nil || o.Name != "省略上级" || o.ParentID != b.ParentID {
			t.Errorf("edit leaving the parent out: %+v %v", o, err)
		}
	})
}
