package talent_test

import (
	"context"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/testfix"
)

// fix is the talent tests' world: the registry fixture, a talent store
// with its live index, and two demand-posting orgs.
type fix struct {
	*testfix.World
	S    *talent.Store
	Live *talent.Live
	ctx  context.Context
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	w := testfix.Build(t, d)
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "staff"})
	tax, err := talent.LoadTaxonomy(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	live := talent.NewLive(d, tax)
	return &fix{World: w, S: &talent.Store{DB: d, Vault: w.Vault, Tax: tax, Live: live}, Live: live, ctx: ctx}
}

// day is today plus n days, as YYYY-MM-DD.
func day(n int) string { return talent.FormatDay(talent.Today() + int32(n)) }

// cardiologist is a valid talent staying in 吉阳's village.
func (f *fix) cardiologist(name string) talent.Talent {
	return talent.Talent{Name: name, Phone: "13800138000", Title: "主任医师", PartyMember: true,
		Expertise: "三甲医院心内科，擅长高血压、冠心病诊治", AreaID: f.Jiyang.Village.ID,
		Lat: 18.30, Lng: 109.55, TravelKm: 30, Mode: talent.Both, Capacity: 1,
		Skills: []string{"心内科"}, Stays: []talent.Stay{{Start: day(1), End: day(120), Slots: talent.AllSlots}}}
}

// clinic is a valid demand of 海棠's committee for a cardiologist.
func (f *fix) clinic(title string) talent.Demand {
	return talent.Demand{OrgID: f.Haitang.Committee.ID, Title: title, Body: "为老年村民义诊，测量血压，讲解冠心病预防",
		Lat: 18.32, Lng: 109.60, Mode: talent.Onsite, Start: day(7), End: day(37), Slots: talent.Weekends,
		Headcount: 2, Required: []string{"med.internal.cardio"}}
}

// verified creates and verifies a talent.
func (f *fix) verified(t *testing.T, tl talent.Talent) talent.Talent {
	t.Helper()
	c, err := f.S.Create(f.ctx, scope.Everything, tl)
	if err != nil {
		t.Fatalf("create talent: %v", err)
	}
	v, err := f.S.SetStatus(f.ctx, scope.Everything, talent.Official, c.ID, talent.Verified, "")
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return v
}

// wantErr fails unless err has the code (and, when given, the key).
func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}
