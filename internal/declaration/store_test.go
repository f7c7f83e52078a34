package declaration_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

type fix struct {
	*testfix.World
	st  *declaration.Store
	ctx context.Context
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	w := testfix.Build(t, d)
	now := time.Date(2026, 10, 8, 10, 0, 0, 0, declaration.Sanya)
	return &fix{World: w, st: withClock(app.Declarations(d, w.Vault), func() time.Time { return now }),
		ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "official"})}
}

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checked is a confirmation after a phone call to the member.
var checked = declaration.Decision{Method: declaration.VerifyPhone, Note: "支部书记电话核实本人"}

// pocket is a 吉阳 pocket member's declaration claiming 吉阳's first branch.
func (f *fix) pocket(n int) declaration.Draft {
	return declaration.Draft{Kind: declaration.Pocket, Name: fmt.Sprintf("口袋党员%d", n), IDNumber: testfix.IDNumber(500 + n),
		Phone: fmt.Sprintf("139%08d", 500+n), Org: f.Jiyang.Branches[0].Code, UnitName: f.Jiyang.Unit.Name, JoinedOn: "2015-07-01", Note: "外企工作"}
}

func TestDeclarePocket(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		pub := context.Background()
		bad := f.pocket(1)
		bad.IDNumber = bad.IDNumber[:17] + map[bool]string{true: "1", false: "2"}[bad.IDNumber[17] != '1']
		_, _, err := f.st.Declare(pub, bad)
		wantErr(t, "bad checksum", err, apperr.Invalid, "err.person.id_checksum")
		noOrg := f.pocket(1)
		noOrg.Org = "没有这个党组织"
		_, _, err = f.st.Declare(pub, noOrg)
		wantErr(t, "unknown org", err, apperr.Invalid, "err.declaration.org_unknown")
		if n := count(t, d, `SELECT count(*) FROM declarations`); n != 0 {
			t.Fatalf("refused declarations wrote %d rows", n)
		}

		dr := f.pocket(1)
		dr.IDNumber = strings.ToLower(dr.IDNumber) // a trailing x is normalized
		first, created, err := f.st.Declare(pub, dr)
		if err != nil || !created {
			t.Fatalf("declare: %v %v", created, err)
		}
		if first.Status != declaration.Pending || first.OrgID != f.Jiyang.Branches[0].ID || first.UnitID != f.Jiyang.Unit.ID ||
			first.IDMask != "46**************"+strings.ToUpper(dr.IDNumber[16:]) || first.PhoneMask != "139****0501" {
			t.Errorf("declared %+v", first)
		}
		var raw string
		if err := d.Read().QueryRowContext(context.Background(), `SELECT id_mask || phone_mask || home_org || note FROM declarations`).Scan(&raw); err != nil || strings.Contains(raw, testfix.IDNumber(501)) {
			t.Errorf("stored unmasked: %q %v", raw, err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'declaration.create'`); n != 1 {
			t.Errorf("%d create audits", n)
		}

		// Scope: 海棠 and 吉阳's other branch see nothing; 吉阳 sees it.
		for name, sc := range map[string]scope.Scope{"haitang": f.Haitang.Scope, "ht branch": f.Haitang.Branch0} {
			if _, err := f.st.Get(f.ctx, sc, first.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s get: %v", name, err)
			}
			if items, _, err := f.st.List(f.ctx, sc, declaration.Filter{}); err != nil || len(items) != 0 {
				t.Errorf("%s list: %d %v", name, len(items), err)
			}
			_, err := f.st.Confirm(f.ctx, sc, first.ID, declaration.Decision{})
			wantErr(t, name+" confirm", err, apperr.NotFound, "")
			_, err = f.st.Reject(f.ctx, sc, first.ID, "不认识")
			wantErr(t, name+" reject", err, apperr.NotFound, "")
		}
		if items, total, err := f.st.List(f.ctx, f.Jiyang.Scope, declaration.Filter{Status: declaration.Pending}); err != nil || total != 1 || items[0].ID != first.ID {
			t.Errorf("jiyang list: %d %v", total, err)
		}

		// Confirm creates the member, not pocket, in the claimed org and unit.
		got, err := f.st.Confirm(f.ctx, f.Jiyang.Scope, first.ID, checked)
		if err != nil || got.Status != declaration.Confirmed || got.PersonID == 0 {
			t.Fatalf("confirm: %+v %v", got, err)
		}
		p, err := f.People.Get(f.ctx, f.Jiyang.Scope, got.PersonID)
		if err != nil || p.Pocket || p.OrgID != f.Jiyang.Branches[0].ID || p.UnitID != f.Jiyang.Unit.ID || p.Status != person.Member || p.JoinedOn != "2015-07-01" {
			t.Errorf("attached person %+v %v", p, err)
		}
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Scope, first.ID, checked)
		wantErr(t, "confirm twice", err, apperr.Conflict, "err.declaration.decided")

		// A later declaration of the ID number is its own case, flagged
		// beside the confirmed one, and cannot be confirmed too.
		next, created, err := f.st.Declare(pub, f.pocket(1))
		if err != nil || !created || next.ID == first.ID || !next.Conflict {
			t.Errorf("after decision: %+v %v %v", next, created, err)
		}
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Scope, next.ID, checked)
		wantErr(t, "confirm a second case", err, apperr.Conflict, "err.declaration.id_confirmed")
	})
}

func TestConfirmExistingPocketAndReject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		// A registered 吉阳 member still flagged pocket declares.
		m := f.Jiyang.Members[3] // the second branch
		if _, err := d.W.ExecContext(context.Background(), d.Rebind(`UPDATE people SET pocket = ? WHERE id = ?`), true, m.ID); err != nil {
			t.Fatal(err)
		}
		dr := f.pocket(2)
		dr.IDNumber, dr.Name, dr.UnitName = testfix.IDNumber(10), m.Name, "某外资企业（未登记）"
		decl, _, err := f.st.Declare(context.Background(), dr)
		if err != nil || decl.UnitID != 0 || decl.UnitName != "某外资企业（未登记）" {
			t.Fatalf("declare: %+v %v", decl, err)
		}
		// The branch the declaration claims sees it, but the member is in
		// the other branch: the branch secretary cannot attach them.
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Branch0, decl.ID, checked)
		wantErr(t, "person outside the branch", err, apperr.Conflict, "err.declaration.person_elsewhere")
		if got, err := f.st.Confirm(f.ctx, f.Jiyang.Scope, decl.ID, checked); err != nil || got.PersonID != m.ID {
			t.Fatalf("confirm existing: %+v %v", got, err)
		}
		p, _ := f.People.Get(f.ctx, f.Jiyang.Scope, m.ID)
		if p.Pocket || p.OrgID != f.Jiyang.Branches[1].ID {
			t.Errorf("existing member: pocket %v org %d (home org kept)", p.Pocket, p.OrgID)
		}

		// Rejection attaches nothing.
		people := count(t, d, `SELECT count(*) FROM people`)
		r, _, err := f.st.Declare(context.Background(), f.pocket(3))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.st.Reject(f.ctx, f.Jiyang.Scope, r.ID, "  ")
		wantErr(t, "no reason", err, apperr.Invalid, "err.declaration.reason")
		got, err := f.st.Reject(f.ctx, f.Jiyang.Scope, r.ID, "经核实不是本支部党员")
		if err != nil || got.Status != declaration.Rejected || got.PersonID != 0 || got.Reason != "经核实不是本支部党员" {
			t.Errorf("reject: %+v %v", got, err)
		}
		if n := count(t, d, `SELECT count(*) FROM people`); n != people {
			t.Errorf("reject wrote %d people", n-people)
		}
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Scope, r.ID, checked)
		wantErr(t, "confirm rejected", err, apperr.Conflict, "err.declaration.decided")
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action IN ('declaration.confirm', 'declaration.reject')`); n != 2 {
			t.Errorf("%d decision audits", n)
		}
	})
}

func TestMobileMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		dr := declaration.Draft{Kind: declaration.Mobile, Name: "流动党员甲", IDNumber: testfix.IDNumber(700), Phone: "13700000700",
			HomeOrg: "湖南省长沙市某村党支部", AreaID: f.Jiyang.Area.ID}
		_, _, err := f.st.Declare(f.ctx, dr)
		wantErr(t, "a district is not where one lives", err, apperr.Invalid, "err.declaration.area")
		dr.AreaID = f.Jiyang.Village.ID
		decl, _, err := f.st.Declare(f.ctx, dr)
		if err != nil || decl.OrgID != 0 || decl.HomeOrg != dr.HomeOrg {
			t.Fatalf("declare: %+v %v", decl, err)
		}
		if _, err := f.st.Get(f.ctx, f.Haitang.Scope, decl.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("haitang sees a 吉阳 mobile member: %v", err)
		}
		items, _, err := f.st.List(f.ctx, f.Jiyang.Scope, declaration.Filter{Kind: declaration.Mobile, AreaID: f.Jiyang.Village.ID})
		if err != nil || len(items) != 1 {
			t.Errorf("mobile members here: %d %v", len(items), err)
		}
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Scope, decl.ID, checked)
		wantErr(t, "no local org", err, apperr.Invalid, "err.declaration.local_org")
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Scope, decl.ID, declaration.Decision{OrgID: f.Haitang.Branches[0].ID, Method: checked.Method, Note: checked.Note})
		wantErr(t, "a foreign local org", err, apperr.Invalid, "err.declaration.local_org")
		got, err := f.st.Confirm(f.ctx, f.Jiyang.Scope, decl.ID, declaration.Decision{OrgID: f.Jiyang.Branches[0].ID, Method: checked.Method, Note: checked.Note})
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.People.Get(f.ctx, f.Jiyang.Scope, got.PersonID)
		if err != nil || !p.Mobile || p.AreaID != f.Jiyang.Village.ID || p.OrgID != f.Jiyang.Branches[0].ID {
			t.Errorf("mobile person %+v %v", p, err)
		}
	})
}

// withClock sets the store's clock (the fixture's fixed day).
func withClock(st *declaration.Store, c func() time.Time) *declaration.Store {
	st.Clock = c
	return st
}
