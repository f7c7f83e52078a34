package webtest

import (
	"context"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
)

// talentWorld is the talent pool's share of the web fixture: a verified
// talent in each district, an open demand of each district's committee, a
// cancelled 吉阳 demand, and in 吉阳 an engagement, a matching run, a fund
// request, a points entry and a saved interest.
type TalentWorld struct {
	HtTalent, JyTalent         talent.Talent
	HtDemand, JyDemand, JyGone talent.Demand
	JyEng, JyRun, jyFundReq    int64
	JyPoints, JyInterest       int64
	selfUser                   int64
}

func Day(n int) string { return talent.FormatDay(talent.Today() + int32(n)) }

func (e *Env) Talents(t *testing.T) *TalentWorld {
	t.Helper()
	if e.tw != nil {
		return e.tw
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := e.S.Talents
	mk := func(name string, areaID int64, lat, lng float64) talent.Talent {
		tl, err := st.Create(ctx, scope.Everything, talent.Talent{Name: name, Phone: "13900139000", Title: "主任医师", Expertise: "心内科 高血压 冠心病",
			AreaID: areaID, Lat: lat, Lng: lng, TravelKm: 50, Mode: talent.Both, Capacity: 3, Skills: []string{"心内科"},
			Stays: []talent.Stay{{Start: Day(1), End: Day(150), Slots: talent.AllSlots}}})
		if err != nil {
			t.Fatalf("talent %s: %v", name, err)
		}
		if tl, err = st.SetStatus(ctx, scope.Everything, talent.Official, tl.ID, talent.Verified, ""); err != nil {
			t.Fatal(err)
		}
		return tl
	}
	demand := func(title string, orgID int64) talent.Demand {
		d, err := st.CreateDemand(ctx, scope.Everything, talent.Demand{OrgID: orgID, Title: title, Body: "义诊 高血压", Mode: talent.Onsite,
			Start: Day(5), End: Day(40), Slots: talent.Weekends, Headcount: 2, Required: []string{"med.internal.cardio"}})
		if err != nil {
			t.Fatalf("demand %s: %v", title, err)
		}
		return d
	}
	w := &TalentWorld{}
	w.HtTalent = mk("HT人才", e.W.Haitang.Village.ID, 18.32, 109.62)
	w.JyTalent = mk("JY人才", e.W.Jiyang.Village.ID, 18.30, 109.55)
	w.HtDemand = demand("HT需求义诊", e.W.Haitang.Committee.ID)
	w.JyDemand = demand("JY需求义诊", e.W.Jiyang.Committee.ID)
	w.JyGone = demand("JY撤回需求", e.W.Jiyang.Committee.ID)
	if _, err := st.SetDemandStatus(ctx, scope.Everything, w.JyGone.ID, talent.DemandCancelled); err != nil {
		t.Fatal(err)
	}
	jyScope := e.W.Jiyang.Scope
	run, err := st.PlanBatch(ctx, jyScope)
	if err != nil {
		t.Fatal(err)
	}
	w.JyRun = run.ID
	eng, err := st.Invite(ctx, jyScope, w.JyDemand.ID, w.JyTalent.ID, 0.9, "manual")
	if err != nil {
		t.Fatal(err)
	}
	w.JyEng = eng.ID
	req, err := st.RequestFunds(ctx, jyScope, talent.FundRequest{OrgID: e.W.Jiyang.Committee.ID, Purpose: "JY交通补贴", AmountCents: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.jyFundReq = req.ID
	if _, err := st.Award(ctx, jyScope, w.JyTalent.ID, "JY优秀人才", Day(0)); err != nil {
		t.Fatal(err)
	}
	entries, _, _ := st.Points(ctx, w.JyTalent.ID)
	w.JyPoints = entries[0].ID
	var jyUser int64
	if err := e.S.DB.Read().QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'jiyang'`).Scan(&jyUser); err != nil {
		t.Fatal(err)
	}
	in, err := st.SaveInterest(ctx, jyUser, "talents", "心内科")
	if err != nil {
		t.Fatal(err)
	}
	w.JyInterest = in.ID
	u, err := e.S.Auth.CreateUser(ctx, auth.User{Username: "selfie", DisplayName: "自助人才", Roles: []string{auth.RoleTalent}}, TestPassword)
	if err != nil {
		t.Fatal(err)
	}
	w.selfUser = u.ID
	e.tw = w
	return w
}
