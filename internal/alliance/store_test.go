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

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

// TestAlliance walks a 吉阳区-led alliance with a 海棠区 unit as a member:
// visibility on both sides, writes only by the lead's side, members that
// report to the lead refused, tasks owned by non-members, future meeting
// dates and progress out of range refused, overdue tasks flagged.
func TestAlliance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		st := &alliance.Store{DB: d, Clock: func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, alliance.Sanya) }}
		jy, ht := w.Jiyang, w.Haitang

		_, err := st.Create(ctx, ht.Scope, alliance.Draft{Kind: alliance.Regional, Name: "越权联盟", LeadOrgID: jy.Committee.ID})
		wantErr(t, "lead outside scope", err, apperr.Invalid, "err.alliance.lead_unknown")
		_, err = st.Create(ctx, jy.Scope, alliance.Draft{Kind: alliance.Pairing, Name: "无类型结对", LeadOrgID: jy.Committee.ID})
		wantErr(t, "pairing without type", err, apperr.Invalid, "err.alliance.pairing")

		a, err := st.Create(ctx, jy.Scope, alliance.Draft{Kind: alliance.Regional, Name: "JY湾区大党委", LeadOrgID: jy.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Writable {
			t.Errorf("the lead's district cannot write")
		}
		// Hidden from 海棠 until it has a 海棠 member.
		if _, err := st.Get(ctx, ht.Scope, a.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("海棠 sees a foreign alliance: %v", err)
		}
		if l, _, _ := st.List(ctx, ht.Scope, alliance.Filter{}); len(l) != 0 {
			t.Errorf("海棠 lists %d foreign alliances", len(l))
		}
		_, err = st.AddMember(ctx, ht.Scope, a.ID, alliance.MemberDraft{UnitID: ht.Unit.ID})
		wantErr(t, "海棠 writes a foreign alliance", err, apperr.NotFound, "")
		_, err = st.AddMember(ctx, jy.Scope, a.ID, alliance.MemberDraft{OrgID: jy.Branches[0].ID})
		wantErr(t, "a subordinate branch", err, apperr.Invalid, "err.alliance.subordinate")

		mu, err := st.AddMember(ctx, jy.Scope, a.ID, alliance.MemberDraft{UnitID: ht.Unit.ID, Role: "成员单位"})
		if err != nil {
			t.Fatal(err)
		}
		mo, err := st.AddMember(ctx, jy.Scope, a.ID, alliance.MemberDraft{OrgID: ht.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.AddMember(ctx, jy.Scope, a.ID, alliance.MemberDraft{OrgID: ht.Committee.ID})
		wantErr(t, "a member twice", err, apperr.Conflict, "err.alliance.member_dup")

		got, err := st.Get(ctx, ht.Scope, a.ID)
		if err != nil || got.Writable || len(got.Members) != 2 {
			t.Errorf("海棠 member view: %v writable=%v members=%d", err, got.Writable, len(got.Members))
		}
		if l, _, _ := st.List(ctx, ht.Scope, alliance.Filter{Kind: alliance.Regional}); len(l) != 1 {
			t.Errorf("海棠 lists %d alliances, want 1", len(l))
		}
		_, err = st.AddResource(ctx, ht.Scope, a.ID, alliance.ResourceDraft{Name: "会议室", OwnerID: mu.ID})
		wantErr(t, "a member's write", err, apperr.Forbidden, "err.alliance.not_lead")

		if _, err := st.AddResource(ctx, jy.Scope, a.ID, alliance.ResourceDraft{Name: "党员活动室", Kind: "场地", OwnerID: mu.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = st.AddResource(ctx, jy.Scope, a.ID, alliance.ResourceDraft{Name: "x", OwnerID: 999999})
		wantErr(t, "resource owner not a member", err, apperr.Invalid, "err.alliance.not_member")

		md := alliance.MeetingDraft{HeldOn: "2026-10-21", Agenda: "联席会", Present: []int64{mu.ID, mo.ID},
			Decisions: []alliance.TaskDraft{{Decision: "共建活动室", OwnerID: mu.ID, Deadline: "2026-10-01"}}}
		_, err = st.AddMeeting(ctx, jy.Scope, a.ID, md)
		wantErr(t, "future meeting", err, apperr.Invalid, "err.alliance.future_date")
		md.HeldOn = "2026-10-15"
		md.Decisions = append(md.Decisions, alliance.TaskDraft{Decision: "外人负责", OwnerID: 999999, Deadline: "2026-12-01"})
		_, err = st.AddMeeting(ctx, jy.Scope, a.ID, md)
		wantErr(t, "task owner not a member", err, apperr.Invalid, "err.alliance.not_member")
		md.Decisions = md.Decisions[:1]
		mid, err := st.AddMeeting(ctx, jy.Scope, a.ID, md)
		if err != nil {
			t.Fatal(err)
		}
		tid, err := st.AddTask(ctx, jy.Scope, a.ID, alliance.TaskDraft{MeetingID: mid, Decision: "联合调研", OwnerID: mo.ID, Deadline: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CompleteTask(ctx, jy.Scope, a.ID, tid); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "done twice", st.CompleteTask(ctx, jy.Scope, a.ID, tid), apperr.Conflict, "")

		_, err = st.AddMemo(ctx, jy.Scope, a.ID, alliance.MemoDraft{Title: "备忘录", SignedOn: "2026-10-10", Parties: []int64{mu.ID, mo.ID},
			Commitments: []alliance.CommitmentDraft{{Content: "x", OwnerID: 424242, DueOn: "2026-12-31"}}})
		wantErr(t, "commitment owner not a member", err, apperr.Invalid, "err.alliance.not_member")
		if _, err := st.AddMemo(ctx, jy.Scope, a.ID, alliance.MemoDraft{Title: "合作备忘录", SignedOn: "2026-10-10", Parties: []int64{mu.ID, mo.ID},
			Commitments: []alliance.CommitmentDraft{{Content: "开放活动室", OwnerID: mu.ID, DueOn: "2026-12-31"}}}); err != nil {
			t.Fatal(err)
		}
		got, err = st.Get(ctx, jy.Scope, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		cid := got.Memoranda[0].Commitments[0].ID
		for _, p := range []int{-1, 101} {
			wantErr(t, "progress out of range", st.SetProgress(ctx, jy.Scope, a.ID, cid, p, ""), apperr.Invalid, "err.alliance.progress_range")
		}
		if err := st.SetProgress(ctx, jy.Scope, a.ID, cid, 60, "已开放"); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Get(ctx, jy.Scope, a.ID)
		c := got.Memoranda[0].Commitments[0]
		if c.Progress != 60 || len(c.Updates) != 1 || len(got.Memoranda[0].Parties) != 2 {
			t.Errorf("commitment = %+v", c)
		}
		if len(got.Meetings) != 1 || len(got.Meetings[0].Present) != 2 || len(got.Tasks) != 2 || len(got.Resources) != 1 {
			t.Fatalf("alliance = %+v", got)
		}
		for _, tk := range got.Tasks {
			if (tk.Decision == "共建活动室") != tk.Overdue || (tk.ID == tid && tk.Status != alliance.Done) {
				t.Errorf("task %+v", tk)
			}
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action LIKE 'alliance.%'`).Scan(&n); err != nil || n != 10 {
			t.Errorf("audit entries = %d (%v), want 10", n, err)
		}
	})
}
