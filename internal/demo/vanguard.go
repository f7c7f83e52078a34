package demo

import (
	"context"
	"errors"

	"dangjian/internal/app"
	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/vanguard"
)

// Vanguard teams and study plans of the demo: 梅西村党委's 乡村振兴 vanguard
// team (its leader and members from the village's branches) with a year's
// activities, a 送学上门 plan of a 梅西村 branch for its elderly members,
// and a 白衣书记 training plan of a hospital branch, each with sessions
// that leave some members short of the target.

func (g *gen) writeVanguard(ctx context.Context) error {
	st := app.Vanguard(g.d)
	if i, ok := g.named["梅西村党委"]; ok {
		top := g.orgs[i].ID
		if err := g.meixiTeam(ctx, st, top); err != nil {
			return err
		}
		var branch int64
		err := g.d.Read().QueryRowContext(ctx, `SELECT o.id FROM orgs o WHERE o.parent_id = ? AND
			(SELECT count(*) FROM people p WHERE p.org_id = o.id AND p.status IN ('member', 'probationary')) >= 3 ORDER BY o.id LIMIT 1`, top).Scan(&branch)
		if err == nil {
			if err := g.plan(ctx, st, branch, "梅西村老党员送学上门", vanguard.DoorStep, 6, "为行动不便的老党员上门送学，每月一次",
				[]string{"学习党的二十届三中全会精神", "学习《中国共产党章程》", "海南自由贸易港政策宣讲", "重温入党誓词"}); err != nil {
				return err
			}
		} else if !errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.Wrap(err, "demo vanguard 梅西村 branch")
		}
	}
	var hospital int64
	err := g.d.Read().QueryRowContext(ctx, `SELECT o.id FROM orgs o WHERE o.sector = 'hospital' AND o.kind = 'branch' AND
		(SELECT count(*) FROM people p WHERE p.org_id = o.id AND p.status IN ('member', 'probationary')) >= 3 ORDER BY o.id LIMIT 1`).Scan(&hospital)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return nil
	} else if err != nil {
		return apperr.Wrap(err, "demo vanguard hospital")
	}
	return g.plan(ctx, st, hospital, "白衣书记培训班", vanguard.Training, 16, "医院党支部书记“白衣书记”履职能力培训",
		[]string{"党支部标准化规范化建设", "公立医院党委领导下的院长负责制", "医德医风与廉洁从业", "党建引领学科建设案例交流"})
}

// meixiTeam writes 梅西村党委's vanguard team and its activities.
func (g *gen) meixiTeam(ctx context.Context, st *vanguard.Store, orgID int64) error {
	members, err := st.Eligible(ctx, scope.Everything, orgID)
	if err != nil || len(members) == 0 {
		return err
	}
	t, err := st.CreateTeam(ctx, scope.Everything, vanguard.TeamDraft{OrgID: orgID, Name: "梅西村乡村振兴党员先锋队", Focus: vanguard.Rural,
		LeaderID: members[0].ID, FoundedOn: "2025-03-05", Note: "芒果种植技术帮扶、红色旅游讲解、防风防汛巡查"})
	if err != nil {
		return err
	}
	for _, m := range members[1:min(len(members), 8)] {
		if err := st.AddMember(ctx, scope.Everything, t.ID, m.ID); err != nil {
			return err
		}
	}
	for _, a := range []vanguard.ActivityDraft{
		{HeldOn: "2025-03-15", Title: "芒果园病虫害防治现场指导", Hours: 3, Note: "帮扶12户种植户"},
		{HeldOn: "2025-05-04", Title: "梅西红色教育基地义务讲解", Hours: 4},
		{HeldOn: "2025-07-19", Title: "台风“韦帕”来临前巡查危房、转移群众", Hours: 6, Note: "转移群众36人"},
		{HeldOn: "2025-10-11", Title: "村道环境整治", Hours: 2.5},
	} {
		if _, err := st.AddActivity(ctx, scope.Everything, t.ID, a); err != nil {
			return err
		}
	}
	return nil
}

// plan writes a plan of 2025 with a session per topic; the first members
// attend every session, the rest only some.
func (g *gen) plan(ctx context.Context, st *vanguard.Store, orgID int64, title string, kind vanguard.PlanKind, target float64, note string, topics []string) error {
	p, err := st.CreatePlan(ctx, scope.Everything, vanguard.PlanDraft{OrgID: orgID, Title: title, Kind: kind, StartsOn: "2025-03-01", EndsOn: "2025-12-31",
		TargetHours: target, Note: note})
	if err != nil {
		return err
	}
	roster, err := st.Roster(ctx, scope.Everything, p.ID)
	if err != nil {
		return err
	}
	days := []string{"2025-04-18", "2025-06-20", "2025-09-19", "2025-11-21"}
	for i, topic := range topics {
		var who []int64
		for j, m := range roster {
			if j < 2 || (i+j)%3 != 0 {
				who = append(who, m.ID)
			}
		}
		if _, err := st.AddSession(ctx, scope.Everything, p.ID, vanguard.SessionDraft{HeldOn: days[i%len(days)], Hours: target / float64(len(topics)),
			Topic: topic, Attendees: who}); err != nil {
			return err
		}
	}
	return nil
}
