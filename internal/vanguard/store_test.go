package vanguard_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/vanguard"
)

type fix struct {
	*testfix.World
	st  *vanguard.Store
	ctx context.Context
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	f := &fix{World: testfix.Build(t, d), ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "secretary"})}
	now := time.Date(2026, 9, 29, 10, 0, 0, 0, vanguard.Sanya)
	f.st = &vanguard.Store{DB: d, Clock: func() time.Time { return now }, Invited: declaration.InvitedTo}
	return f
}

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

func counts(t *testing.T, d *db.DB, tables ...string) string {
	t.Helper()
	out := ""
	for _, tb := range tables {
		var n int
		if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM `+tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", tb, n)
	}
	return out
}

var teamTables = []string{"vanguard_teams", "vanguard_members", "vanguard_activities", "audit_log"}

func TestVanguardTeams(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		// A team of the 海棠 committee: members of either branch may join.
		team, err := f.st.CreateTeam(f.ctx, ht.Scope, vanguard.TeamDraft{OrgID: ht.Committee.ID, Name: "防风防汛先锋队", Focus: vanguard.Flood,
			LeaderID: ht.Members[0].ID, FoundedOn: "2026-06-01", Note: "台风季巡查"})
		if err != nil {
			t.Fatal(err)
		}
		if team.MemberN != 1 || team.LeaderName != ht.Members[0].Name || len(team.Members) != 1 {
			t.Errorf("created %+v", team)
		}
		if err := f.st.AddMember(f.ctx, ht.Scope, team.ID, ht.Members[4].ID); err != nil {
			t.Fatalf("a member of a subordinate branch: %v", err)
		}
		if _, err := f.st.AddActivity(f.ctx, ht.Scope, team.ID, vanguard.ActivityDraft{HeldOn: "2026-09-15", Title: "台风前巡查堤坝", Hours: 3.5}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.AddActivity(f.ctx, ht.Scope, team.ID, vanguard.ActivityDraft{HeldOn: "2026-09-29", Title: "转移群众", Hours: 2}); err != nil {
			t.Fatal(err)
		}
		got, err := f.st.GetTeam(f.ctx, ht.Scope, team.ID)
		if err != nil || got.MemberN != 2 || got.ActivityN != 2 || got.Hours != 5.5 || got.Activities[0].Title != "转移群众" {
			t.Errorf("team %+v %v", got, err)
		}
		if _, n, err := audit.List(f.ctx, d.Read(), audit.Filter{Action: "vanguard.activity", EntityID: team.ID}); err != nil || n != 2 {
			t.Errorf("activity audit entries %d %v", n, err)
		}

		// A branch's team: only that branch's members.
		b0, err := f.st.CreateTeam(f.ctx, ht.Branch0, vanguard.TeamDraft{OrgID: ht.Branches[0].ID, Name: "环境整治先锋队", Focus: vanguard.Environment,
			LeaderID: ht.Members[1].ID, FoundedOn: "2026-09-29"})
		if err != nil {
			t.Fatal(err)
		}
		activist, err := f.People.Create(f.ctx, scope.Everything, person.Person{Name: "HT积极分子", Status: person.Activist, OrgID: ht.Branches[0].ID,
			AreaID: ht.Village.ID, IDNumber: testfix.IDNumber(90), Phone: "13800009090"})
		if err != nil {
			t.Fatal(err)
		}
		before := counts(t, d, teamTables...)
		for _, c := range []struct {
			name string
			err  error
			code apperr.Code
			key  string
		}{
			{"the other branch's member", f.st.AddMember(f.ctx, ht.Scope, b0.ID, ht.Members[3].ID), apperr.Invalid, "err.vanguard.not_member"},
			{"another district's member", f.st.AddMember(f.ctx, ht.Scope, b0.ID, f.Jiyang.Members[0].ID), apperr.Invalid, "err.vanguard.not_member"},
			{"an activist", f.st.AddMember(f.ctx, ht.Branch0, b0.ID, activist.ID), apperr.Invalid, "err.vanguard.not_member"},
			{"the leader again", f.st.AddMember(f.ctx, ht.Branch0, b0.ID, ht.Members[1].ID), apperr.Conflict, "err.vanguard.already_member"},
			{"no one", f.st.AddMember(f.ctx, ht.Branch0, b0.ID, 0), apperr.Invalid, "err.vanguard.member_required"},
			{"吉阳 adds to a 海棠 team", f.st.AddMember(f.ctx, f.Jiyang.Scope, b0.ID, f.Jiyang.Members[0].ID), apperr.NotFound, ""},
			{"the other branch's secretary", f.st.AddMember(f.ctx, scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}, b0.ID, ht.Members[2].ID), apperr.NotFound, ""},
		} {
			wantErr(t, c.name, c.err, c.code, c.key)
		}
		draft := vanguard.TeamDraft{OrgID: ht.Branches[0].ID, Name: "X", Focus: vanguard.Rural, LeaderID: ht.Members[0].ID, FoundedOn: "2026-01-01"}
		for _, c := range []struct {
			name string
			sc   scope.Scope
			edit func(*vanguard.TeamDraft)
			key  string
		}{
			{"founded tomorrow", ht.Branch0, func(x *vanguard.TeamDraft) { x.FoundedOn = "2026-09-30" }, "err.vanguard.future_date"},
			{"bad date", ht.Branch0, func(x *vanguard.TeamDraft) { x.FoundedOn = "2026-02-30" }, "err.date.invalid"},
			{"a leader from the other branch", ht.Scope, func(x *vanguard.TeamDraft) { x.LeaderID = ht.Members[3].ID }, "err.vanguard.not_member"},
			{"an activist leader", ht.Branch0, func(x *vanguard.TeamDraft) { x.LeaderID = activist.ID }, "err.vanguard.not_member"},
			{"吉阳's branch", ht.Scope, func(x *vanguard.TeamDraft) { x.OrgID = f.Jiyang.Branches[0].ID; x.LeaderID = f.Jiyang.Members[0].ID }, "err.vanguard.org_unknown"},
			{"the other branch for a secretary", ht.Branch0, func(x *vanguard.TeamDraft) { x.OrgID = ht.Branches[1].ID; x.LeaderID = ht.Members[3].ID }, "err.vanguard.org_unknown"},
			{"no name", ht.Branch0, func(x *vanguard.TeamDraft) { x.Name = " " }, "err.vanguard.name"},
			{"note not UTF-8", ht.Branch0, func(x *vanguard.TeamDraft) { x.Note = "说明\xff\xfe" }, "err.text_too_long"},
			{"bad focus", ht.Branch0, func(x *vanguard.TeamDraft) { x.Focus = "party" }, "err.vanguard.focus"},
		} {
			x := draft
			c.edit(&x)
			_, err := f.st.CreateTeam(f.ctx, c.sc, x)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		for _, c := range []struct {
			name string
			d    vanguard.ActivityDraft
			key  string
		}{
			{"tomorrow", vanguard.ActivityDraft{HeldOn: "2026-09-30", Title: "x", Hours: 1}, "err.vanguard.future_date"},
			{"before founding", vanguard.ActivityDraft{HeldOn: "2026-09-28", Title: "x", Hours: 1}, "err.vanguard.before_founded"},
			{"no hours", vanguard.ActivityDraft{HeldOn: "2026-09-29", Title: "x", Hours: 0}, "err.vanguard.hours"},
			{"a day and more", vanguard.ActivityDraft{HeldOn: "2026-09-29", Title: "x", Hours: 25}, "err.vanguard.hours"},
			{"no title", vanguard.ActivityDraft{HeldOn: "2026-09-29", Hours: 1}, "err.vanguard.title"},
		} {
			_, err := f.st.AddActivity(f.ctx, ht.Branch0, b0.ID, c.d)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		_, err = f.st.AddActivity(f.ctx, f.Jiyang.Scope, b0.ID, vanguard.ActivityDraft{HeldOn: "2026-09-29", Title: "越权", Hours: 1})
		wantErr(t, "吉阳 records a 海棠 activity", err, apperr.NotFound, "")
		if after := counts(t, d, teamTables...); after != before {
			t.Errorf("refused writes wrote rows: %s → %s", before, after)
		}

		// Reads: 吉阳区 and the other branch see nothing; lists filter.
		other := scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}
		for name, sc := range map[string]scope.Scope{"jiyang": f.Jiyang.Scope, "other branch": other} {
			if _, err := f.st.GetTeam(f.ctx, sc, b0.ID); err != apperr.ErrNotFound {
				t.Errorf("%s reads the branch team: %v", name, err)
			}
			if _, err := f.st.Eligible(f.ctx, sc, ht.Branches[0].ID); err != apperr.ErrNotFound {
				t.Errorf("%s reads the branch's members: %v", name, err)
			}
		}
		if list, n, err := f.st.ListTeams(f.ctx, f.Jiyang.Scope, vanguard.TeamFilter{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("吉阳 list: %d %v", n, err)
		}
		for _, c := range []struct {
			sc   scope.Scope
			f    vanguard.TeamFilter
			want int
		}{
			{ht.Scope, vanguard.TeamFilter{}, 2}, {ht.Branch0, vanguard.TeamFilter{}, 1}, {other, vanguard.TeamFilter{}, 0},
			{ht.Scope, vanguard.TeamFilter{OrgID: ht.Branches[0].ID}, 1}, {ht.Scope, vanguard.TeamFilter{OrgID: f.Jiyang.Committee.ID}, 0},
			{ht.Scope, vanguard.TeamFilter{Focus: vanguard.Flood}, 1}, {ht.Scope, vanguard.TeamFilter{Q: "环境"}, 1},
			{ht.Scope, vanguard.TeamFilter{Q: ht.Members[0].Name}, 1}, {ht.Scope, vanguard.TeamFilter{Sort: "-founded_on"}, 2},
		} {
			if list, n, err := f.st.ListTeams(f.ctx, c.sc, c.f); err != nil || n != c.want || len(list) != c.want {
				t.Errorf("list %+v: %d/%d %v, want %d", c.f, len(list), n, err, c.want)
			}
		}
		if list, _, _ := f.st.ListTeams(f.ctx, ht.Scope, vanguard.TeamFilter{Sort: "-founded_on"}); len(list) == 2 && list[0].ID != b0.ID {
			t.Errorf("sort by founding date descending: %s first", list[0].Name)
		}
		el, err := f.st.Eligible(f.ctx, ht.Scope, ht.Committee.ID)
		if err != nil || len(el) != 6 {
			t.Errorf("the committee's eligible members: %d %v", len(el), err)
		}
	})
}

var planTables = []string{"study_plans", "study_sessions", "study_attendance", "audit_log"}

func TestTrainingPlans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		ms := ht.Members
		plan, err := f.st.CreatePlan(f.ctx, ht.Branch0, vanguard.PlanDraft{OrgID: ht.Branches[0].ID, Title: "老党员送学上门", Kind: vanguard.DoorStep,
			StartsOn: "2026-07-01", EndsOn: "2026-12-31", TargetHours: 4})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.AddSession(f.ctx, ht.Branch0, plan.ID, vanguard.SessionDraft{HeldOn: "2026-08-10", Hours: 2.5, Topic: "学习党章",
			Attendees: []int64{ms[0].ID, ms[1].ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.AddSession(f.ctx, ht.Branch0, plan.ID, vanguard.SessionDraft{HeldOn: "2026-09-29", Hours: 1.5, Topic: "自贸港政策",
			Attendees: []int64{ms[0].ID}}); err != nil {
			t.Fatal(err)
		}
		got, err := f.st.GetPlan(f.ctx, ht.Scope, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.SessionN != 2 || got.Hours != 4 || len(got.Sessions) != 2 || len(got.Sessions[0].Attendees) != 1 || len(got.Progress) != 3 {
			t.Fatalf("plan %+v", got)
		}
		want := map[int64]vanguard.Progress{ms[0].ID: {Sessions: 2, Hours: 4, Done: true}, ms[1].ID: {Sessions: 1, Hours: 2.5}, ms[2].ID: {}}
		for _, p := range got.Progress {
			w := want[p.PersonID]
			if p.Sessions != w.Sessions || p.Hours != w.Hours || p.Done != w.Done || p.Target != 4 {
				t.Errorf("%s: %+v, want %+v", p.Name, p, w)
			}
		}
		if got.Progress[1].Percent() != 62 {
			t.Errorf("percent of 2.5/4 = %d", got.Progress[1].Percent())
		}

		before := counts(t, d, planTables...)
		ok := vanguard.SessionDraft{HeldOn: "2026-09-01", Hours: 1, Topic: "x", Attendees: []int64{ms[0].ID}}
		for _, c := range []struct {
			name string
			sc   scope.Scope
			edit func(*vanguard.SessionDraft)
			code apperr.Code
			key  string
		}{
			{"tomorrow", ht.Branch0, func(x *vanguard.SessionDraft) { x.HeldOn = "2026-09-30" }, apperr.Invalid, "err.vanguard.future_date"},
			{"before the period", ht.Branch0, func(x *vanguard.SessionDraft) { x.HeldOn = "2026-06-30" }, apperr.Invalid, "err.training.outside_period"},
			{"the other branch's member", ht.Scope, func(x *vanguard.SessionDraft) { x.Attendees = append(x.Attendees, ms[3].ID) }, apperr.Invalid, "err.training.not_member"},
			{"吉阳's member", ht.Scope, func(x *vanguard.SessionDraft) { x.Attendees = []int64{f.Jiyang.Members[0].ID} }, apperr.Invalid, "err.training.not_member"},
			{"twice the same", ht.Branch0, func(x *vanguard.SessionDraft) { x.Attendees = []int64{ms[0].ID, ms[0].ID} }, apperr.Invalid, "err.training.attendees"},
			{"no hours", ht.Branch0, func(x *vanguard.SessionDraft) { x.Hours = -1 }, apperr.Invalid, "err.vanguard.hours"},
			{"no topic", ht.Branch0, func(x *vanguard.SessionDraft) { x.Topic = "" }, apperr.Invalid, "err.training.topic"},
			{"吉阳", f.Jiyang.Scope, func(x *vanguard.SessionDraft) { x.Attendees = nil }, apperr.NotFound, ""},
			{"the other branch's secretary", scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}, func(x *vanguard.SessionDraft) {}, apperr.NotFound, ""},
		} {
			x := ok
			x.Attendees = append([]int64(nil), ok.Attendees...)
			c.edit(&x)
			_, err := f.st.AddSession(f.ctx, c.sc, plan.ID, x)
			wantErr(t, c.name, err, c.code, c.key)
		}
		pd := vanguard.PlanDraft{OrgID: ht.Branches[0].ID, Title: "x", Kind: vanguard.Study, StartsOn: "2026-01-01", EndsOn: "2026-12-31", TargetHours: 10}
		for _, c := range []struct {
			name string
			sc   scope.Scope
			edit func(*vanguard.PlanDraft)
			key  string
		}{
			{"end before start", ht.Branch0, func(x *vanguard.PlanDraft) { x.EndsOn = "2025-12-31" }, "err.training.period"},
			{"bad kind", ht.Branch0, func(x *vanguard.PlanDraft) { x.Kind = "party" }, "err.training.kind"},
			{"no target", ht.Branch0, func(x *vanguard.PlanDraft) { x.TargetHours = 0 }, "err.vanguard.hours"},
			{"bad start", ht.Branch0, func(x *vanguard.PlanDraft) { x.StartsOn = "2026-1-1" }, "err.date.invalid"},
			{"吉阳's branch", ht.Scope, func(x *vanguard.PlanDraft) { x.OrgID = f.Jiyang.Branches[0].ID }, "err.vanguard.org_unknown"},
			{"the other branch", ht.Branch0, func(x *vanguard.PlanDraft) { x.OrgID = ht.Branches[1].ID }, "err.vanguard.org_unknown"},
		} {
			x := pd
			c.edit(&x)
			_, err := f.st.CreatePlan(f.ctx, c.sc, x)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		if after := counts(t, d, planTables...); after != before {
			t.Errorf("refused writes wrote rows: %s → %s", before, after)
		}

		if _, err := f.st.CreatePlan(f.ctx, ht.Scope, vanguard.PlanDraft{OrgID: ht.Branches[1].ID, Title: "白衣书记培训", Kind: vanguard.Training,
			StartsOn: "2026-03-01", EndsOn: "2026-03-31", TargetHours: 16}); err != nil {
			t.Fatal(err)
		}
		other := scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}
		for _, c := range []struct {
			sc   scope.Scope
			f    vanguard.PlanFilter
			want int
		}{
			{ht.Scope, vanguard.PlanFilter{}, 2}, {ht.Branch0, vanguard.PlanFilter{}, 1}, {other, vanguard.PlanFilter{}, 1}, {f.Jiyang.Scope, vanguard.PlanFilter{}, 0},
			{ht.Scope, vanguard.PlanFilter{Kind: vanguard.Training}, 1}, {ht.Scope, vanguard.PlanFilter{Q: "送学"}, 1},
			{ht.Scope, vanguard.PlanFilter{OrgID: ht.Committee.ID, Sort: "title"}, 2}, {ht.Scope, vanguard.PlanFilter{OrgID: f.Jiyang.Branches[0].ID}, 0},
		} {
			if list, n, err := f.st.ListPlans(f.ctx, c.sc, c.f); err != nil || n != c.want || len(list) != c.want {
				t.Errorf("list %+v: %d/%d %v, want %d", c.f, len(list), n, err, c.want)
			}
		}
		for name, sc := range map[string]scope.Scope{"jiyang": f.Jiyang.Scope, "other branch": other} {
			if _, err := f.st.GetPlan(f.ctx, sc, plan.ID); err != apperr.ErrNotFound {
				t.Errorf("%s reads the plan: %v", name, err)
			}
			if _, err := f.st.Roster(f.ctx, sc, plan.ID); err != apperr.ErrNotFound {
				t.Errorf("%s reads the roster: %v", name, err)
			}
		}
	})
}
