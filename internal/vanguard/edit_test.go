package vanguard_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/vanguard"
)

func auditN(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEditTeam corrects a team, refuses what create refuses and a founding
// date after the first activity, removes a member but not the leader,
// refuses to delete an activity a mobile member was invited to or a team
// with activities, and deletes them otherwise; 吉阳 and the other branch
// reach nothing, and refused writes leave every count as it was.
func TestEditTeam(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		ms := ht.Members
		team, err := f.st.CreateTeam(f.ctx, ht.Branch0, vanguard.TeamDraft{OrgID: ht.Branches[0].ID, Name: "环境整治先锋队", Focus: vanguard.Environment,
			LeaderID: ms[0].ID, FoundedOn: "2026-06-01"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.AddMember(f.ctx, ht.Branch0, team.ID, ms[1].ID); err != nil {
			t.Fatal(err)
		}
		act, err := f.st.AddActivity(f.ctx, ht.Branch0, team.ID, vanguard.ActivityDraft{HeldOn: "2026-08-01", Title: "清理河道", Hours: 2})
		if err != nil {
			t.Fatal(err)
		}
		// A new leader who was not on the team is put on it.
		got, err := f.st.UpdateTeam(f.ctx, ht.Branch0, team.ID, vanguard.TeamDraft{Name: "河道整治先锋队", Focus: vanguard.Rural, LeaderID: ms[2].ID,
			FoundedOn: "2026-08-01", Note: "改正", OrgID: f.Jiyang.Branches[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "河道整治先锋队" || got.Focus != vanguard.Rural || got.LeaderID != ms[2].ID || got.FoundedOn != "2026-08-01" || got.Note != "改正" ||
			got.OrgID != ht.Branches[0].ID || got.MemberN != 3 {
			t.Errorf("updated %+v", got)
		}
		if n := auditN(t, d, "vanguard.update"); n != 1 {
			t.Errorf("update audited %d times", n)
		}

		other := scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}
		ok := vanguard.TeamDraft{Name: "X", Focus: vanguard.Rural, LeaderID: ms[0].ID, FoundedOn: "2026-07-01"}
		before := dbtest.Contents(t, d, teamTables...)
		for _, c := range []struct {
			name string
			sc   scope.Scope
			edit func(*vanguard.TeamDraft)
			code apperr.Code
			key  string
		}{
			{"founded after the first activity", ht.Branch0, func(x *vanguard.TeamDraft) { x.FoundedOn = "2026-08-02" }, apperr.Invalid, "err.vanguard.after_first_activity"},
			{"founded tomorrow", ht.Branch0, func(x *vanguard.TeamDraft) { x.FoundedOn = "2026-09-30" }, apperr.Invalid, "err.vanguard.future_date"},
			{"a leader from the other branch", ht.Scope, func(x *vanguard.TeamDraft) { x.LeaderID = ms[3].ID }, apperr.Invalid, "err.vanguard.not_member"},
			{"a 吉阳 leader", ht.Scope, func(x *vanguard.TeamDraft) { x.LeaderID = f.Jiyang.Members[0].ID }, apperr.Invalid, "err.vanguard.not_member"},
			{"no name", ht.Branch0, func(x *vanguard.TeamDraft) { x.Name = "" }, apperr.Invalid, "err.vanguard.name"},
			{"bad focus", ht.Branch0, func(x *vanguard.TeamDraft) { x.Focus = "x" }, apperr.Invalid, "err.vanguard.focus"},
			{"吉阳", f.Jiyang.Scope, func(x *vanguard.TeamDraft) {}, apperr.NotFound, ""},
			{"the other branch", other, func(x *vanguard.TeamDraft) {}, apperr.NotFound, ""},
		} {
			x := ok
			c.edit(&x)
			_, err := f.st.UpdateTeam(f.ctx, c.sc, team.ID, x)
			wantErr(t, c.name, err, c.code, c.key)
		}
		wantErr(t, "remove the leader", f.st.RemoveMember(f.ctx, ht.Branch0, team.ID, ms[2].ID), apperr.Conflict, "err.vanguard.remove_leader")
		wantErr(t, "remove someone not on the team", f.st.RemoveMember(f.ctx, ht.Branch0, team.ID, ms[3].ID), apperr.NotFound, "")
		wantErr(t, "吉阳 removes a member", f.st.RemoveMember(f.ctx, f.Jiyang.Scope, team.ID, ms[1].ID), apperr.NotFound, "")
		wantErr(t, "the other branch removes a member", f.st.RemoveMember(f.ctx, other, team.ID, ms[1].ID), apperr.NotFound, "")
		err = f.st.DeleteTeam(f.ctx, ht.Branch0, team.ID)
		wantErr(t, "delete a team with an activity", err, apperr.Conflict, "err.vanguard.team_has_activities")
		if ae := apperr.As(err); ae == nil || ae.Args["count"] != 1 {
			t.Errorf("the conflict names the count: %+v", ae)
		}
		wantErr(t, "吉阳 deletes the team", f.st.DeleteTeam(f.ctx, f.Jiyang.Scope, team.ID), apperr.NotFound, "")
		wantErr(t, "吉阳 deletes the activity", f.st.DeleteActivity(f.ctx, f.Jiyang.Scope, team.ID, act.ID), apperr.NotFound, "")
		wantErr(t, "the other branch deletes the activity", f.st.DeleteActivity(f.ctx, other, team.ID, act.ID), apperr.NotFound, "")
		if after := dbtest.Contents(t, d, teamTables...); after != before {
			t.Errorf("refused edits changed rows:\n%s→\n%s", before, after)
		}

		// A mobile member invited to the activity keeps it.
		decls := app.Declarations(d, f.Vault)
		decls.Clock = func() time.Time { return time.Date(2026, 9, 29, 10, 0, 0, 0, vanguard.Sanya) }
		self := audit.WithActor(context.Background(), audit.Actor{UserID: 77, Username: "mobile1"})
		decl, _, err := decls.Declare(self, declaration.Draft{Kind: declaration.Mobile, Name: "流动党员甲", IDNumber: testfix.IDNumber(701),
			Phone: "13900000701", AreaID: ht.Village.ID, HomeOrg: "老家支部"})
		if err != nil {
			t.Fatal(err)
		}
		if decl, err = decls.Confirm(f.ctx, ht.Scope, decl.ID, declaration.Decision{OrgID: ht.Branches[0].ID,
			Method: declaration.VerifyPhone, Note: "村书记电话核实本人"}); err != nil {
			t.Fatal(err)
		}
		if _, err := decls.Invite(f.ctx, ht.Branch0, decl.ID, declaration.ActivityEvent, act.ID); err != nil {
			t.Fatal(err)
		}
		before = dbtest.Contents(t, d, append(teamTables, "invitations")...)
		wantErr(t, "delete an activity with an invitation", f.st.DeleteActivity(f.ctx, ht.Branch0, team.ID, act.ID), apperr.Conflict, "err.vanguard.activity_invited")
		wantErr(t, "吉阳 deletes the activity", f.st.DeleteActivity(f.ctx, f.Jiyang.Scope, team.ID, act.ID), apperr.NotFound, "")
		wantErr(t, "the activity under another team", f.st.DeleteActivity(f.ctx, ht.Branch0, team.ID+1000, act.ID), apperr.NotFound, "")
		if after := dbtest.Contents(t, d, append(teamTables, "invitations")...); after != before {
			t.Errorf("refused writes changed rows:\n%s→\n%s", before, after)
		}

		// An activity nobody was invited to goes; then the members and the team.
		act2, err := f.st.AddActivity(f.ctx, ht.Branch0, team.ID, vanguard.ActivityDraft{HeldOn: "2026-09-01", Title: "义务植树", Hours: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.DeleteActivity(f.ctx, ht.Branch0, team.ID, act2.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.st.RemoveMember(f.ctx, ht.Branch0, team.ID, ms[1].ID); err != nil {
			t.Fatal(err)
		}
		if got, err := f.st.GetTeam(f.ctx, ht.Branch0, team.ID); err != nil || got.ActivityN != 1 || got.MemberN != 2 {
			t.Errorf("after removals %+v %v", got, err)
		}
		if auditN(t, d, "vanguard.activity_delete") != 1 || auditN(t, d, "vanguard.member_remove") != 1 {
			t.Error("removals not audited")
		}
		empty, err := f.st.CreateTeam(f.ctx, ht.Branch0, vanguard.TeamDraft{OrgID: ht.Branches[0].ID, Name: "空队", Focus: vanguard.Service,
			LeaderID: ms[0].ID, FoundedOn: "2026-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		wantErr(t, "the other branch deletes the team", f.st.DeleteTeam(f.ctx, other, empty.ID), apperr.NotFound, "")
		if err := f.st.DeleteTeam(f.ctx, ht.Branch0, empty.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.GetTeam(f.ctx, ht.Scope, empty.ID); err != apperr.ErrNotFound {
			t.Errorf("deleted team still read: %v", err)
		}
		if auditN(t, d, "vanguard.delete") != 1 {
			t.Error("team delete not audited")
		}
	})
}

// TestEditPlan corrects a plan, refuses a period that leaves a session
// outside (naming it) and what create refuses, refuses to delete a plan
// with sessions, deletes a session with its attendance, then the plan.
func TestEditPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		ms := ht.Members
		plan, err := f.st.CreatePlan(f.ctx, ht.Branch0, vanguard.PlanDraft{OrgID: ht.Branches[0].ID, Title: "学习计划", Kind: vanguard.Study,
			StartsOn: "2026-07-01", EndsOn: "2026-12-31", TargetHours: 4})
		if err != nil {
			t.Fatal(err)
		}
		x, err := f.st.AddSession(f.ctx, ht.Branch0, plan.ID, vanguard.SessionDraft{HeldOn: "2026-08-10", Hours: 2, Topic: "学习党章",
			Attendees: []int64{ms[0].ID, ms[1].ID}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.st.UpdatePlan(f.ctx, ht.Branch0, plan.ID, vanguard.PlanDraft{Title: "送学上门", Kind: vanguard.DoorStep, StartsOn: "2026-08-10",
			EndsOn: "2026-08-31", TargetHours: 6, Note: "改正", OrgID: f.Jiyang.Branches[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "送学上门" || got.Kind != vanguard.DoorStep || got.StartsOn != "2026-08-10" || got.EndsOn != "2026-08-31" || got.TargetHours != 6 ||
			got.Note != "改正" || got.OrgID != ht.Branches[0].ID {
			t.Errorf("updated %+v", got)
		}
		other := scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}
		ok := vanguard.PlanDraft{Title: "x", Kind: vanguard.Study, StartsOn: "2026-01-01", EndsOn: "2026-12-31", TargetHours: 1}
		before := dbtest.Contents(t, d, planTables...)
		for _, c := range []struct {
			name string
			sc   scope.Scope
			edit func(*vanguard.PlanDraft)
			code apperr.Code
			key  string
		}{
			{"a start after the session", ht.Branch0, func(x *vanguard.PlanDraft) { x.StartsOn = "2026-08-11" }, apperr.Invalid, "err.training.session_outside"},
			{"an end before the session", ht.Branch0, func(x *vanguard.PlanDraft) { x.EndsOn = "2026-08-09" }, apperr.Invalid, "err.training.session_outside"},
			{"end before start", ht.Branch0, func(x *vanguard.PlanDraft) { x.EndsOn = "2025-12-31" }, apperr.Invalid, "err.training.period"},
			{"bad kind", ht.Branch0, func(x *vanguard.PlanDraft) { x.Kind = "x" }, apperr.Invalid, "err.training.kind"},
			{"no target", ht.Branch0, func(x *vanguard.PlanDraft) { x.TargetHours = 0 }, apperr.Invalid, "err.vanguard.hours"},
			{"吉阳", f.Jiyang.Scope, func(x *vanguard.PlanDraft) {}, apperr.NotFound, ""},
			{"the other branch", other, func(x *vanguard.PlanDraft) {}, apperr.NotFound, ""},
		} {
			y := ok
			c.edit(&y)
			_, err := f.st.UpdatePlan(f.ctx, c.sc, plan.ID, y)
			wantErr(t, c.name, err, c.code, c.key)
			if c.key == "err.training.session_outside" {
				if ae := apperr.As(err); ae == nil || ae.Args["held_on"] != "2026-08-10" || ae.Args["topic"] != "学习党章" {
					t.Errorf("%s: the refusal names the session: %+v", c.name, ae)
				}
			}
		}
		wantErr(t, "delete a plan with a session", f.st.DeletePlan(f.ctx, ht.Branch0, plan.ID), apperr.Conflict, "err.training.plan_has_sessions")
		wantErr(t, "吉阳 deletes the plan", f.st.DeletePlan(f.ctx, f.Jiyang.Scope, plan.ID), apperr.NotFound, "")
		wantErr(t, "吉阳 deletes the session", f.st.DeleteSession(f.ctx, f.Jiyang.Scope, plan.ID, x.ID), apperr.NotFound, "")
		wantErr(t, "the other branch deletes the session", f.st.DeleteSession(f.ctx, other, plan.ID, x.ID), apperr.NotFound, "")
		wantErr(t, "the session under another plan", f.st.DeleteSession(f.ctx, ht.Branch0, plan.ID+1000, x.ID), apperr.NotFound, "")
		if after := dbtest.Contents(t, d, planTables...); after != before {
			t.Errorf("refused writes changed rows:\n%s→\n%s", before, after)
		}
		if n := auditN(t, d, "training.update"); n != 1 {
			t.Errorf("update audited %d times", n)
		}

		if err := f.st.DeleteSession(f.ctx, ht.Branch0, plan.ID, x.ID); err != nil {
			t.Fatal(err)
		}
		if after := counts(t, d, "study_sessions", "study_attendance"); after != "study_sessions=0 study_attendance=0 " {
			t.Errorf("after the session's deletion: %s", after)
		}
		if err := f.st.DeletePlan(f.ctx, ht.Branch0, plan.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.GetPlan(f.ctx, ht.Scope, plan.ID); err != apperr.ErrNotFound {
			t.Errorf("deleted plan still read: %v", err)
		}
		if auditN(t, d, "training.session_delete") != 1 || auditN(t, d, "training.delete") != 1 {
			t.Error("deletions not audited")
		}
	})
}
