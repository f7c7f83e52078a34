package gap_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/gap"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/unit"
)

func TestUnitState(t *testing.T) {
	cases := []struct {
		name    string
		covered bool
		members int
		want    gap.State
		kind    gap.Kind
	}{
		{"covered with members", true, 5, gap.Covered, ""},
		{"covered without members", true, 0, gap.Covered, ""},
		{"many members", false, 12, gap.OwnBranch, gap.KindOwnBranch},
		{"exactly three", false, 3, gap.OwnBranch, gap.KindOwnBranch},
		{"two", false, 2, gap.JointBranch, gap.KindJointBranch},
		{"one", false, 1, gap.JointBranch, gap.KindJointBranch},
		{"none", false, 0, gap.Instructor, gap.KindInstructor},
	}
	for _, c := range cases {
		got := gap.UnitState(c.covered, c.members)
		if got != c.want || gap.KindOf(got) != c.kind {
			t.Errorf("%s: UnitState = %s (%s), want %s (%s)", c.name, got, gap.KindOf(got), c.want, c.kind)
		}
	}
}

func TestNeedsFallback(t *testing.T) {
	cases := []struct {
		name        string
		status      person.Status
		hasOrg      bool
		unitID      int64
		unitCovered bool
		want        bool
	}{
		{"member of an uncovered unit, no org", person.Member, false, 7, false, true},
		{"probationary, uncovered unit, no org", person.Probationary, false, 7, false, true},
		{"has an org", person.Member, true, 7, false, false},
		{"unit covered", person.Member, false, 7, true, false},
		{"no unit", person.Member, false, 0, false, false},
		{"activist", person.Activist, false, 7, false, false},
		{"masses", person.Masses, false, 7, false, false},
	}
	for _, c := range cases {
		if got := gap.NeedsFallback(c.status, c.hasOrg, c.unitID, c.unitCovered); got != c.want {
			t.Errorf("%s: NeedsFallback = %v, want %v", c.name, got, c.want)
		}
	}
}

// fix is the testfix world plus, in 海棠区, three uncovered units (3
// members, 1 member who belongs to no org, none) and in 吉阳区 one
// uncovered unit without members.
type fix struct {
	*testfix.World
	ctx              context.Context
	gaps             *gap.Store
	clock            time.Time
	own, joint, none unit.Unit
	jy               unit.Unit
	orphan           person.Person
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	w := testfix.Build(t, d)
	f := &fix{World: w, ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 0, Username: "staff"}),
		clock: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)}
	f.gaps = &gap.Store{DB: d, Clock: func() time.Time { return f.clock }}
	ht := w.Haitang
	mk := func(name string, area int64) unit.Unit {
		u, err := w.Units.Create(f.ctx, scope.Everything, unit.Unit{Name: name, Kind: "platform", ChainTags: []string{"新就业群体"}, AreaID: area})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.own, f.joint, f.none = mk("海棠湾快递站", ht.Village.ID), mk("海棠网约车服务部", ht.Village.ID), mk("海棠直播工作室", ht.Village.ID)
	f.jy = mk("JY快递驿站", w.Jiyang.Village.ID)
	for i := 0; i < 3; i++ {
		f.member(t, fmt.Sprintf("快递党员%d", i), f.own.ID)
	}
	f.orphan = f.member(t, "网约车党员", f.joint.ID)
	if _, err := d.W.ExecContext(f.ctx, d.Rebind(`UPDATE people SET org_id = NULL, org_path = NULL WHERE id = ?`), f.orphan.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

var seq = 500

func (f *fix) member(t *testing.T, name string, unitID int64) person.Person {
	t.Helper()
	seq++
	p, err := f.People.Create(f.ctx, scope.Everything, person.Person{Name: name, Status: person.Member, OrgID: f.Haitang.Branches[1].ID,
		AreaID: f.Haitang.Village.ID, UnitID: unitID, IDNumber: testfix.IDNumber(seq)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func open(t *testing.T, f *fix, sc scope.Scope) map[string]gap.Action {
	t.Helper()
	items, _, err := f.gaps.List(f.ctx, sc, gap.Filter{Status: gap.Open, Page: db.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]gap.Action{}
	for _, x := range items {
		out[x.Subject+"/"+string(x.Kind)] = x
	}
	return out
}

func scan(t *testing.T, f *fix, sc scope.Scope, want gap.ScanResult) {
	t.Helper()
	got, err := f.gaps.Scan(f.ctx, sc)
	if err != nil || got != want {
		t.Fatalf("scan = %+v, %v; want %+v", got, err, want)
	}
}

func TestScanOpensOnceAndCloses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		scan(t, f, ht.Scope, gap.ScanResult{Gaps: 4, Opened: 4})
		got := open(t, f, ht.Scope)
		for _, k := range []string{"海棠湾快递站/own_branch", "海棠网约车服务部/joint_branch", "海棠直播工作室/instructor", "网约车党员/fallback"} {
			x, ok := got[k]
			if !ok {
				t.Errorf("no open action %s in %v", k, got)
				continue
			}
			if x.OwnerOrgID != ht.Branches[0].ID || !x.Deadline.Equal(f.clock.AddDate(0, 0, 30)) || x.Overdue {
				t.Errorf("%s: owner %d deadline %v overdue %v", k, x.OwnerOrgID, x.Deadline, x.Overdue)
			}
		}
		if len(got) != 4 || got["网约车党员/fallback"].UnitName != "海棠网约车服务部" || got["海棠湾快递站/own_branch"].Members != 3 {
			t.Errorf("open actions: %+v", got)
		}
		// Idempotent: a second scan opens nothing; the city scan adds 吉阳's.
		scan(t, f, ht.Scope, gap.ScanResult{Gaps: 4, Kept: 4})
		scan(t, f, scope.Everything, gap.ScanResult{Gaps: 5, Opened: 1, Kept: 4})

		// The unit gets a covering org; the member joins one; the unit
		// without members gains two and now needs a joint branch.
		own := f.own
		own.OrgID = ht.Branches[1].ID
		if _, err := f.Units.Update(f.ctx, scope.Everything, own); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(f.ctx, d.Rebind(`UPDATE people SET org_id = ?, org_path = ? WHERE id = ?`), ht.Branches[1].ID, ht.Branches[1].Path, f.orphan.ID); err != nil {
			t.Fatal(err)
		}
		f.member(t, "主播党员1", f.none.ID)
		f.member(t, "主播党员2", f.none.ID)
		scan(t, f, ht.Scope, gap.ScanResult{Gaps: 2, Opened: 1, Kept: 1, Closed: 3})
		got = open(t, f, ht.Scope)
		if _, ok := got["海棠直播工作室/joint_branch"]; !ok || len(got) != 2 {
			t.Errorf("after changes: %v", got)
		}
		closed, _, err := f.gaps.List(f.ctx, ht.Scope, gap.Filter{Status: gap.Closed, Sort: "id"})
		if err != nil || len(closed) != 3 {
			t.Fatalf("closed = %d, %v", len(closed), err)
		}
		reasons := map[string]string{}
		for _, x := range closed {
			reasons[string(x.Kind)] = x.CloseReason + ":" + x.CloseNote
			if x.ClosedAt == nil || len(x.Events) != 0 {
				t.Errorf("closed %d: %+v", x.ID, x)
			}
		}
		want := map[string]string{"own_branch": "covered:" + ht.Branches[1].Name, "fallback": "attached:" + ht.Branches[1].Name, "instructor": "state_changed:joint_branch_needed"}
		for k, v := range want {
			if reasons[k] != v {
				t.Errorf("%s closed with %q, want %q", k, reasons[k], v)
			}
		}
		x, err := f.gaps.Get(f.ctx, ht.Scope, closed[0].ID)
		if err != nil || len(x.Events) != 1 || x.Events[0].Action != "auto_close" {
			t.Errorf("history of an auto-closed action: %+v %v", x.Events, err)
		}
	})
}

func TestManualWorkAndScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht, jy := f.Haitang, f.Jiyang
		users := &auth.Store{DB: d}
		for _, u := range []auth.User{{Username: "htstaff", DisplayName: "海棠干事", Roles: []string{auth.RoleDistrictOfficial}, ScopeAreaID: ht.Area.ID},
			{Username: "jystaff", DisplayName: "吉阳干事", Roles: []string{auth.RoleDistrictOfficial}, ScopeAreaID: jy.Area.ID}} {
			if _, err := users.CreateUser(f.ctx, u, "Test@2026pass"); err != nil {
				t.Fatal(err)
			}
		}
		scan(t, f, scope.Everything, gap.ScanResult{Gaps: 5, Opened: 5})
		mine, theirs := open(t, f, ht.Scope), open(t, f, jy.Scope)
		if len(mine) != 4 || len(theirs) != 1 {
			t.Fatalf("haitang %d, jiyang %d", len(mine), len(theirs))
		}
		a, j := mine["海棠直播工作室/instructor"], theirs["JY快递驿站/instructor"]
		// 海棠 cannot read or change 吉阳's action.
		if _, err := f.gaps.Get(f.ctx, ht.Scope, j.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("foreign get: %v", err)
		}
		for name, err := range map[string]error{
			"assign": second(f.gaps.Assign(f.ctx, ht.Scope, j.ID, gap.Assignment{OwnerOrgID: ht.Branches[0].ID})),
			"note":   second(f.gaps.Note(f.ctx, ht.Scope, j.ID, "越权")),
			"close":  second(f.gaps.Close(f.ctx, ht.Scope, j.ID, "越权")),
		} {
			if apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("foreign %s: %v", name, err)
			}
		}
		// A branch secretary sees no uncovered unit, so no gap.
		if n := len(open(t, f, ht.Branch0)); n != 0 {
			t.Errorf("branch secretary sees %d gaps", n)
		}
		// Owners: an org and an account inside the scope only.
		if _, err := f.gaps.Assign(f.ctx, ht.Scope, a.ID, gap.Assignment{OwnerOrgID: jy.Branches[0].ID}); apperr.As(err).Field != "owner_org_id" {
			t.Errorf("foreign owner org: %v", err)
		}
		if _, err := f.gaps.Assign(f.ctx, ht.Scope, a.ID, gap.Assignment{OwnerUser: "jystaff"}); apperr.As(err).Field != "owner_user" {
			t.Errorf("foreign owner user: %v", err)
		}
		dl := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
		x, err := f.gaps.Assign(f.ctx, ht.Scope, a.ID, gap.Assignment{OwnerOrgID: ht.Committee.ID, OwnerUser: "HTstaff", Deadline: dl})
		if err != nil || x.OwnerOrg != ht.Committee.Name || x.OwnerUser != "海棠干事" || !x.Deadline.Equal(dl) {
			t.Fatalf("assign: %+v %v", x, err)
		}
		if _, err := f.gaps.Note(f.ctx, ht.Scope, a.ID, "  "); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("blank note: %v", err)
		}
		if x, err = f.gaps.Note(f.ctx, ht.Scope, a.ID, "已联系企业负责人"); err != nil || len(x.Events) != 2 {
			t.Fatalf("note: %+v %v", x.Events, err)
		}
		// Overdue once the deadline passes.
		f.clock = dl.Add(time.Hour)
		od, n, err := f.gaps.List(f.ctx, ht.Scope, gap.Filter{Overdue: true})
		if err != nil || n != 1 || od[0].ID != a.ID || !od[0].Overdue {
			t.Errorf("overdue: %d %v", n, err)
		}
		c, err := f.gaps.OpenCounts(f.ctx, ht.Scope)
		if err != nil || c.Open != 4 || c.Overdue != 1 || c.ByKind[gap.KindInstructor] != 1 {
			t.Errorf("counts %+v %v", c, err)
		}
		// A manual close needs a reason, settles the gap, and cannot repeat.
		if _, err := f.gaps.Close(f.ctx, ht.Scope, a.ID, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("close without reason: %v", err)
		}
		if x, err = f.gaps.Close(f.ctx, ht.Scope, a.ID, "已选派党建指导员"); err != nil || x.Status != gap.Closed || !x.Settled || x.CloseReason != gap.ReasonManual {
			t.Fatalf("close: %+v %v", x, err)
		}
		if _, err := f.gaps.Close(f.ctx, ht.Scope, a.ID, "again"); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("second close: %v", err)
		}
		if _, err := f.gaps.Assign(f.ctx, ht.Scope, a.ID, gap.Assignment{}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("assign closed: %v", err)
		}
		scan(t, f, ht.Scope, gap.ScanResult{Gaps: 4, Kept: 3, Settled: 1})
		var entries int
		d.Read().QueryRowContext(f.ctx, `SELECT count(*) FROM audit_log WHERE action LIKE 'gap.%'`).Scan(&entries)
		if entries != 5 { // scan, assign, note, close, scan
			t.Errorf("audit entries = %d", entries)
		}
	})
}

func second[T any](_ T, err error) error { return err }

func TestReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		// A unit in 马亮村: 天涯区 statistically, administered by 育才生态区.
		ml, err := f.Areas.ByCode(f.ctx, scope.Everything, "460204198230")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Units.Create(f.ctx, scope.Everything, unit.Unit{Name: "马亮村合作社", Kind: "social_org", ChainTags: []string{"热带农业"}, AreaID: ml.ID}); err != nil {
			t.Fatal(err)
		}
		rep, err := f.gaps.Report(f.ctx, f.Haitang.Scope)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.ByDistrict) != 1 || rep.ByDistrict[0].Name != "海棠区" || len(rep.ByPark) != 0 {
			t.Fatalf("haitang report: %+v", rep)
		}
		r := rep.ByDistrict[0]
		if r.Units != 4 || r.ByState[gap.Covered] != 1 || r.ByState[gap.OwnBranch] != 1 || r.ByState[gap.JointBranch] != 1 ||
			r.ByState[gap.Instructor] != 1 || r.Fallback != 1 || r.Rate() != 0.25 {
			t.Errorf("haitang row: %+v rate %v", r, r.Rate())
		}
		chains := map[string]int{}
		for _, c := range rep.ByChain {
			chains[c.Name] = c.Units
		}
		if chains["新就业群体"] != 3 || chains["旅游产业链"] != 1 || len(chains) != 2 {
			t.Errorf("chains: %v", chains)
		}
		all, err := f.gaps.Report(f.ctx, scope.Everything)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]int{}
		for _, r := range all.ByDistrict {
			names[r.Name] = r.Units
		}
		if all.Total.Units != 7 || names["吉阳区"] != 2 || names["天涯区"] != 1 || len(all.ByPark) != 1 || all.ByPark[0].Name != "育才生态区" || all.ByPark[0].Units != 1 {
			t.Errorf("city report: total %d, districts %v, parks %+v", all.Total.Units, names, all.ByPark)
		}
	})
}
