package webtest

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
type AllianceWorld struct {
	Jy            alliance.Alliance
	M0, M1        alliance.Member
	Task, Commitm int64
}

var allianceWorlds sync.Map // *Env → *AllianceWorld

func (e *Env) Alliance(t *testing.T) *AllianceWorld {
	t.Helper()
	if w, ok := allianceWorlds.Load(e); ok {
		return w.(*AllianceWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &alliance.Store{DB: e.S.DB}
	jy := e.W.Jiyang
	w := &AllianceWorld{}
	var err error
	if w.Jy, err = st.Create(ctx, jy.Scope, alliance.Draft{Kind: alliance.Industry, Name: "JY旅游产业链联盟", LeadOrgID: jy.Branches[1].ID, Note: "JY秘密备注"}); err != nil {
		t.Fatal(err)
	}
	if w.M0, err = st.AddMember(ctx, jy.Scope, w.Jy.ID, alliance.MemberDraft{OrgID: jy.Branches[0].ID}); err != nil {
		t.Fatal(err)
	}
	if w.M1, err = st.AddMember(ctx, jy.Scope, w.Jy.ID, alliance.MemberDraft{UnitID: jy.Unit.ID}); err != nil {
		t.Fatal(err)
	}
	mid, err := st.AddMeeting(ctx, jy.Scope, w.Jy.ID, alliance.MeetingDraft{HeldOn: "2026-10-01", Agenda: "JY联席会议程", Present: []int64{w.M0.ID, w.M1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if w.Task, err = st.AddTask(ctx, jy.Scope, w.Jy.ID, alliance.TaskDraft{MeetingID: mid, Decision: "JY决定事项", OwnerID: w.M1.ID, Deadline: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	if _, err = st.AddMemo(ctx, jy.Scope, w.Jy.ID, alliance.MemoDraft{Title: "JY合作备忘录", SignedOn: "2026-10-02", Parties: []int64{w.M0.ID, w.M1.ID},
		Commitments: []alliance.CommitmentDraft{{Content: "JY承诺事项", OwnerID: w.M0.ID, DueOn: "2026-12-31"}}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(ctx, jy.Scope, w.Jy.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.Commitm = got.Memoranda[0].Commitments[0].ID
	allianceWorlds.Store(e, w)
	t.Cleanup(func() { allianceWorlds.Delete(e) })
	return w
}

// allianceWrites counts the audit entries of alliance writes.
func AllianceWrites(t *testing.T, e *Env) int {
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'alliance.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
