package webtest

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/declaration"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/vanguard"
)

// vanguardWorld is the fixture of the vanguard, training and invitation
// pages: in each district a team and a plan of the first branch with an
// activity and a session, a confirmed mobile member living in the fixture
// village, a meeting of the first branch and an invitation to it; in 海棠
// also a team and a plan of the second branch.
type VanguardWorld struct {
	JyTeam, HtTeam, HtTeam1 vanguard.Team
	JyAct, HtAct            vanguard.Activity
	JyPlan, HtPlan, HtPlan1 vanguard.Plan
	JySession, HtSession    vanguard.Session
	JyMobile, HtMobile      declaration.Declaration
	JyMeeting, HtMeeting    orglife.Meeting
	JyInv, htInv            declaration.Invitation
}

// vanguardSecrets are the 吉阳 fixture's texts: no 海棠 page may show them.
var VanguardSecrets = []string{"JY先锋队秘", "JY活动秘", "JY送学秘", "JY学习内容秘", "JY流动秘", "JY会议秘"}

var vanguardWorlds sync.Map // *Env → *VanguardWorld

func (e *Env) Vanguard(t *testing.T) *VanguardWorld {
	t.Helper()
	if w, ok := vanguardWorlds.Load(e); ok {
		return w.(*VanguardWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	vg := &vanguard.Store{DB: e.S.DB}
	ol := &orglife.Store{DB: e.S.DB}
	ds := e.DeclarationStore()
	jy, ht := e.W.Jiyang, e.W.Haitang
	w := &VanguardWorld{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	type side struct {
		d                                   testfix.District
		team, act, plan, topic, mobile, mtg string
		n                                   int
		team0                               *vanguard.Team
		act0                                *vanguard.Activity
		plan0                               *vanguard.Plan
		session                             *vanguard.Session
		mob                                 *declaration.Declaration
		meeting                             *orglife.Meeting
		inv                                 *declaration.Invitation
	}
	for _, x := range []side{
		{jy, "JY先锋队秘", "JY活动秘", "JY送学秘", "JY学习内容秘", "JY流动秘", "JY会议秘", 960, &w.JyTeam, &w.JyAct, &w.JyPlan, &w.JySession, &w.JyMobile, &w.JyMeeting, &w.JyInv},
		{ht, "HT一支部先锋队", "HT清理沙滩", "HT一支部送学上门", "HT学习党章", "HT流动党员甲", "HT一支部会议", 961, &w.HtTeam, &w.HtAct, &w.HtPlan, &w.HtSession, &w.HtMobile, &w.HtMeeting, &w.htInv},
	} {
		var err error
		*x.team0, err = vg.CreateTeam(ctx, x.d.Scope, vanguard.TeamDraft{OrgID: x.d.Branches[0].ID, Name: x.team, Focus: vanguard.Environment,
			LeaderID: x.d.Members[0].ID, FoundedOn: "2026-05-01"})
		must(err)
		*x.act0, err = vg.AddActivity(ctx, x.d.Scope, x.team0.ID, vanguard.ActivityDraft{HeldOn: "2026-10-05", Title: x.act, Hours: 2})
		must(err)
		*x.plan0, err = vg.CreatePlan(ctx, x.d.Scope, vanguard.PlanDraft{OrgID: x.d.Branches[0].ID, Title: x.plan, Kind: vanguard.DoorStep,
			StartsOn: "2026-01-01", EndsOn: "2026-12-31", TargetHours: 6})
		must(err)
		*x.session, err = vg.AddSession(ctx, x.d.Scope, x.plan0.ID, vanguard.SessionDraft{HeldOn: "2026-10-06", Hours: 2, Topic: x.topic, Attendees: []int64{x.d.Members[0].ID}})
		must(err)
		*x.meeting, err = ol.Create(ctx, x.d.Scope, orglife.Draft{OrgID: x.d.Branches[0].ID, Kind: orglife.ThemeDay, HeldOn: "2026-10-07", Title: x.mtg})
		must(err)
		decl, _, err := ds.Declare(context.Background(), declaration.Draft{Kind: declaration.Mobile, Name: x.mobile, IDNumber: testfix.IDNumber(x.n),
			Phone: "139000009" + itoa2(x.n%100), AreaID: x.d.Village.ID, HomeOrg: "外省老家支部"})
		must(err)
		*x.mob, err = ds.Confirm(ctx, x.d.Scope, decl.ID, declaration.Decision{OrgID: x.d.Branches[1].ID,
			Method: declaration.VerifyInPerson, Note: "村书记当面核验身份证"})
		must(err)
		*x.inv, err = ds.Invite(ctx, x.d.Scope, decl.ID, declaration.MeetingEvent, x.meeting.ID)
		must(err)
	}
	var err error
	w.HtTeam1, err = vg.CreateTeam(ctx, ht.Scope, vanguard.TeamDraft{OrgID: ht.Branches[1].ID, Name: "HT二支部先锋队", Focus: vanguard.Flood,
		LeaderID: ht.Members[3].ID, FoundedOn: "2026-05-01"})
	must(err)
	w.HtPlan1, err = vg.CreatePlan(ctx, scope.Everything, vanguard.PlanDraft{OrgID: ht.Branches[1].ID, Title: "HT二支部白衣书记培训", Kind: vanguard.Training,
		StartsOn: "2026-01-01", EndsOn: "2026-12-31", TargetHours: 8})
	must(err)
	vanguardWorlds.Store(e, w)
	return w
}

func itoa2(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// vgCount counts a table's rows.
func VgCount(t *testing.T, e *Env, table string) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
