package alliance_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
)

func auditCount(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEditAlliance edits an alliance's name, kind and description (the
// lead stays), refuses a bad kind and another district, and deletes an
// alliance with members and resources but refuses one with a meeting or a
// memorandum.
func TestEditAlliance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		st := &alliance.Store{DB: d, Clock: func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, alliance.Sanya) }}
		jy, ht := w.Jiyang, w.Haitang
		a, err := st.Create(ctx, jy.Scope, alliance.Draft{Kind: alliance.Regional, Name: "JY湾区大党委", LeadOrgID: jy.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		m, err := st.AddMember(ctx, jy.Scope, a.ID, alliance.MemberDraft{UnitID: ht.Unit.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddResource(ctx, jy.Scope, a.ID, alliance.ResourceDraft{Name: "会议室", OwnerID: m.ID}); err != nil {
			t.Fatal(err)
		}
		got, err := st.Update(ctx, jy.Scope, a.ID, alliance.Draft{Kind: alliance.Pairing, Pairing: alliance.VillageEnterprise, Name: " 村企联手 ", Note: "新说明",
			LeadOrgID: ht.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "村企联手" || got.Kind != alliance.Pairing || got.Pairing != alliance.VillageEnterprise || got.Note != "新说明" || got.LeadOrgID != jy.Committee.ID {
			t.Errorf("updated: %+v", got)
		}
		_, err = st.Update(ctx, jy.Scope, a.ID, alliance.Draft{Kind: alliance.Pairing, Name: "无类型"})
		wantErr(t, "pairing without type", err, apperr.Invalid, "err.alliance.pairing")
		_, err = st.Update(ctx, jy.Scope, a.ID, alliance.Draft{Kind: alliance.Regional, Name: ""})
		wantErr(t, "no name", err, apperr.Invalid, "err.alliance.name")
		_, err = st.Update(ctx, jy.Scope, a.ID, alliance.Draft{Kind: alliance.Regional, Name: "联盟\xff\xfe", LeadOrgID: jy.Committee.ID})
		wantErr(t, "name not UTF-8", err, apperr.Invalid, "err.alliance.name")
		// 海棠 sees the alliance through its member unit but does not lead it.
		_, err = st.Update(ctx, ht.Scope, a.ID, alliance.Draft{Kind: alliance.Regional, Name: "越权"})
		wantErr(t, "member's district edits", err, apperr.Forbidden, "err.alliance.not_lead")
		wantErr(t, "member's district deletes", st.Delete(ctx, ht.Scope, a.ID), apperr.Forbidden, "err.alliance.not_lead")
		if x, _ := st.Get(ctx, jy.Scope, a.ID); x.Name != "村企联手" {
			t.Errorf("refused edits changed the name to %q", x.Name)
		}
		if n := auditCount(t, d, "alliance.update"); n != 1 {
			t.Errorf("update audited %d times", n)
		}

		// With a joint meeting it cannot go; without, it goes with its
		// members and resources.
		b, err := st.Create(ctx, jy.Scope, alliance.Draft{Kind: alliance.Medical, Name: "JY党建医联", LeadOrgID: jy.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		bm, err := st.AddMember(ctx, jy.Scope, b.ID, alliance.MemberDraft{UnitID: ht.Unit.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMeeting(ctx, jy.Scope, b.ID, alliance.MeetingDraft{HeldOn: "2026-10-01", Agenda: "联席会", Present: []int64{bm.ID}}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "alliance with a meeting", st.Delete(ctx, jy.Scope, b.ID), apperr.Conflict, "err.alliance.has_records")
		if x, err := st.Get(ctx, jy.Scope, b.ID); err != nil || len(x.Members) != 1 || len(x.Meetings) != 1 {
			t.Errorf("refused delete touched the alliance: %+v %v", x, err)
		}
		if err := st.Delete(ctx, jy.Scope, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Get(ctx, jy.Scope, a.ID); err != apperr.ErrNotFound {
			t.Errorf("deleted alliance still read: %v", err)
		}
		var left int
		if err := d.Read().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM alliance_members WHERE alliance_id = ?) + (SELECT count(*) FROM alliance_resources WHERE alliance_id = ?)`,
			a.ID, a.ID).Scan(&left); err != nil || left != 0 {
			t.Errorf("members and resources left: %d %v", left, err)
		}
		if n := auditCount(t, d, "alliance.delete"); n != 1 {
			t.Errorf("delete audited %d times", n)
		}
		wantErr(t, "unknown alliance", st.Delete(ctx, jy.Scope, a.ID), apperr.NotFound, "")
	})
}
