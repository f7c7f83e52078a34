package web_test

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/alliance"
	"dangjian/internal/audit"
)

// allianceWorld is the alliance fixture of the web tests: a 吉阳区-led
// alliance with 吉阳 members only, a joint meeting with a task and a
// memorandum with a commitment.
type allianceWorld struct {
	jy            alliance.Alliance
	m0, m1        alliance.Member
	task, commitm int64
}

var allianceWorlds sync.Map // *env → *allianceWorld

func (e *env) alliance(t *testing.T) *allianceWorld {
	t.Helper()
	if w, ok := allianceWorlds.Load(e); ok {
		return w.(*allianceWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &alliance.Store{DB: e.s.DB}
	jy := e.w.Jiyang
	w := &allianceWorld{}
	var err error
	if w.jy, err = st.Create(ctx, jy.Scope, alliance.Draft{Kind: alliance.Industry, Name: "JY旅游产业链联盟", LeadOrgID: jy.Branches[1].ID, Note: "JY秘密备注"}); err != nil {
		t.Fatal(err)
	}
	if w.m0, err = st.AddMember(ctx, jy.Scope, w.jy.ID, alliance.MemberDraft{OrgID: jy.Branches[0].ID}); err != nil {
		t.Fatal(err)
	}
	if w.m1, err = st.AddMember(ctx, jy.Scope, w.jy.ID, alliance.MemberDraft{UnitID: jy.Unit.ID}); err != nil {
		t.Fatal(err)
	}
	mid, err := st.AddMeeting(ctx, jy.Scope, w.jy.ID, alliance.MeetingDraft{HeldOn: "2026-10-01", Agenda: "JY联席会议程", Present: []int64{w.m0.ID, w.m1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if w.task, err = st.AddTask(ctx, jy.Scope, w.jy.ID, alliance.TaskDraft{MeetingID: mid, Decision: "JY决定事项", OwnerID: w.m1.ID, Deadline: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	if _, err = st.AddMemo(ctx, jy.Scope, w.jy.ID, alliance.MemoDraft{Title: "JY合作备忘录", SignedOn: "2026-10-02", Parties: []int64{w.m0.ID, w.m1.ID},
		Commitments: []alliance.CommitmentDraft{{Content: "JY承诺事项", OwnerID: w.m0.ID, DueOn: "2026-12-31"}}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(ctx, jy.Scope, w.jy.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.commitm = got.Memoranda[0].Commitments[0].ID
	allianceWorlds.Store(e, w)
	t.Cleanup(func() { allianceWorlds.Delete(e) })
	return w
}

// allianceWrites counts the audit entries of alliance writes.
func allianceWrites(t *testing.T, e *env) int {
	var n int
	if err := e.s.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'alliance.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
