package webtest

import (
	"context"
	"sync"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/cultivation"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// cultivationWorld is the recruitment fixture of the web tests: a 吉阳区
// activist and a 吉阳 school's dual-cultivation entry; in 海棠区 a
// probationary member of the first branch, an activist of the second, and
// a school's dual-cultivation entry.
type CultivationWorld struct {
	Jy, Ht0, Ht1   person.Person
	JyDual, HtDual cultivation.Dual
}

var cultivationWorlds sync.Map // *Env → *CultivationWorld

// cultivationFix builds the fixture once per env.
func (e *Env) Cultivation(t *testing.T) *CultivationWorld {
	t.Helper()
	if w, ok := cultivationWorlds.Load(e); ok {
		return w.(*CultivationWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &cultivation.Store{DB: e.S.DB, People: e.W.People}
	jy, ht := e.W.Jiyang, e.W.Haitang
	w := &CultivationWorld{}
	recruit := func(d struct {
		area  int64
		org   int64
		name  string
		steps []cultivation.Step
	}) person.Person {
		p, err := e.W.People.Create(ctx, scope.Everything, person.Person{Name: d.name, Status: person.Masses, AreaID: d.area})
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range d.steps {
			s.PersonID = p.ID
			if i == 0 {
				s.OrgID = d.org
			}
			if _, err := st.Advance(ctx, scope.Everything, s); err != nil {
				t.Fatalf("%s %s: %v", d.name, s.Stage, err)
			}
		}
		return p
	}
	type spec = struct {
		area  int64
		org   int64
		name  string
		steps []cultivation.Step
	}
	app := cultivation.Step{Stage: cultivation.Applicant, On: "2024-01-10", Note: "递交入党申请书"}
	act := cultivation.Step{Stage: cultivation.Activist, On: "2024-03-01", Note: "JY推荐"}
	w.Jy = recruit(spec{jy.Village.ID, jy.Branches[0].ID, "JY积极分子甲", []cultivation.Step{app, act}})
	w.Ht0 = recruit(spec{ht.Village.ID, ht.Branches[0].ID, "HT预备党员乙", []cultivation.Step{app, {Stage: cultivation.Activist, On: "2024-03-01"},
		{Stage: cultivation.Candidate, On: "2025-03-05"}, {Stage: cultivation.Probationary, On: "2025-12-01"}}})
	w.Ht1 = recruit(spec{ht.Village.ID, ht.Branches[1].ID, "HT二支部积极分子", []cultivation.Step{app, {Stage: cultivation.Activist, On: "2024-03-01"}}})
	school := func(d struct {
		parent, area int64
		code, name   string
		teacher      string
	}) cultivation.Dual {
		o, err := e.W.Orgs.Create(ctx, scope.Everything, org.Org{ParentID: d.parent, Code: d.code, Name: d.name, Kind: org.Branch, Sector: "school", AreaID: d.area})
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.W.People.Create(ctx, scope.Everything, person.Person{Name: d.teacher, Status: person.Member, OrgID: o.ID, AreaID: d.area, JoinedOn: "2012-07-01"})
		if err != nil {
			t.Fatal(err)
		}
		x, err := st.AddDual(ctx, scope.Everything, cultivation.Dual{PersonID: p.ID, Direction: cultivation.MemberToBackbone, Mentor: d.teacher + "导师", StartedOn: "2025-09-01"})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	type sspec = struct {
		parent, area int64
		code, name   string
		teacher      string
	}
	w.JyDual = school(sspec{jy.Committee.ID, jy.Village.ID, "CULT-JY-S", "JY中学党支部", "JY骨干教师"})
	w.HtDual = school(sspec{ht.Committee.ID, ht.Village.ID, "CULT-HT-S", "HT中学党支部", "HT骨干教师"})
	cultivationWorlds.Store(e, w)
	e.t.Cleanup(func() { cultivationWorlds.Delete(e) })
	return w
}
