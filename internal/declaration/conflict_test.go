package declaration_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

// conflictIDs are the ids Conflicts lists for a declaration.
func conflictIDs(t *testing.T, f *fix, sc scope.Scope, id int64) []int64 {
	t.Helper()
	cs, err := f.st.Conflicts(f.ctx, sc, id)
	if err != nil {
		t.Fatalf("conflicts of %d: %v", id, err)
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func same(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestDeclareSameIDNumber: a squatter declares a member's ID number first;
// the member's own declaration is a second case with its own reference,
// both flagged and listed side by side (one claiming another district's
// org is listed masked, not openable); only the same account's replay of
// its pending case is answered with that case.
func TestDeclareSameIDNumber(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		pub := context.Background()
		squat := f.pocket(1)
		squat.Name, squat.Phone = "冒名者", "13811112222"
		first, created, err := f.st.Declare(pub, squat)
		if err != nil || !created || first.Conflict {
			t.Fatalf("first: %+v %v %v", first, created, err)
		}
		real, created, err := f.st.Declare(pub, f.pocket(1))
		if err != nil || !created || real.ID == first.ID || !real.Conflict || real.Name != "口袋党员1" {
			t.Fatalf("second declaration merged or not flagged: %+v %v %v (first #%d)", real, created, err, first.ID)
		}
		if got, _ := f.st.Get(f.ctx, f.Jiyang.Scope, first.ID); !got.Conflict {
			t.Errorf("the earlier case is not flagged")
		}
		// A third, claiming a 海棠 branch.
		far := f.pocket(1)
		far.Org, far.UnitName = f.Haitang.Branches[0].Code, f.Haitang.Unit.Name
		third, _, err := f.st.Declare(pub, far)
		if err != nil {
			t.Fatal(err)
		}
		if ids := conflictIDs(t, f, f.Jiyang.Scope, real.ID); !same(ids, []int64{first.ID, 0}) {
			t.Errorf("conflicts of the member's case: %v, want %d and one out of scope", ids, first.ID)
		}
		if ids := conflictIDs(t, f, f.Haitang.Scope, third.ID); !same(ids, []int64{0, 0}) {
			t.Errorf("海棠 sees the references of 吉阳's cases: %v", ids)
		}
		cs, _ := f.st.Conflicts(f.ctx, f.Jiyang.Scope, first.ID)
		if len(cs) != 2 || cs[0].ID != real.ID || !cs[0].InScope || cs[0].PhoneMask != "139****0501" || cs[0].Name != "口袋党员1" ||
			cs[0].IDMask != first.IDMask || cs[0].Status != declaration.Pending || !cs[0].Conflict {
			t.Errorf("side by side: %+v", cs)
		}
		if len(cs) == 2 && (cs[1].InScope || cs[1].Name != "" || cs[1].PhoneMask != "" || cs[1].Status != declaration.Pending) {
			t.Errorf("a case out of scope: %+v", cs[1])
		}
		if _, err := f.st.Conflicts(f.ctx, f.Haitang.Branch0, real.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("conflicts of a case out of scope: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'declaration.create'`); n != 3 {
			t.Errorf("%d create audits, want 3", n)
		}

		// The same account replaying its pending registration gets it back;
		// another account's registration of that ID number is its own case.
		mob := declaration.Draft{Kind: declaration.Mobile, Name: "流动党员乙", IDNumber: testfix.IDNumber(720), Phone: "13700000720",
			HomeOrg: "老家支部", AreaID: f.Jiyang.Village.ID}
		a, _, err := f.st.Declare(f.ctx, mob)
		if err != nil {
			t.Fatal(err)
		}
		again, created, err := f.st.Declare(f.ctx, mob)
		if err != nil || created || again.ID != a.ID {
			t.Errorf("replay: #%d %v %v, want #%d", again.ID, created, err, a.ID)
		}
		other := audit.WithActor(pub, audit.Actor{UserID: 2, Username: "other"})
		b, created, err := f.st.Declare(other, mob)
		if err != nil || !created || b.ID == a.ID || !b.Conflict {
			t.Errorf("another account merged: %+v %v %v", b, created, err)
		}
	})
}

// TestConfirmChecksThePerson: confirming needs how the person was checked
// and by whom, stored and audited; once one case of an ID number is
// confirmed, a second of the same kind is refused and stays flagged until
// rejected.
func TestConfirmChecksThePerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		a, _, err := f.st.Declare(context.Background(), f.pocket(4))
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := f.st.Declare(context.Background(), f.pocket(4))
		if err != nil {
			t.Fatal(err)
		}
		people := count(t, d, `SELECT count(*) FROM people`)
		for _, c := range []struct {
			name string
			dec  declaration.Decision
			key  string
		}{
			{"no method", declaration.Decision{Note: "张三核实"}, "err.declaration.verify_method"},
			{"unknown method", declaration.Decision{Method: "email", Note: "张三核实"}, "err.declaration.verify_method"},
			{"no note", declaration.Decision{Method: declaration.VerifyPhone, Note: "  "}, "err.text.required"},
			{"bad UTF-8", declaration.Decision{Method: declaration.VerifyPhone, Note: "张\xff三"}, "err.text.utf8"},
			{"too long", declaration.Decision{Method: declaration.VerifyInPerson, Note: strings.Repeat("核", declaration.MaxVerifyNote+1)}, "err.text.length"},
		} {
			_, err := f.st.Confirm(f.ctx, f.Jiyang.Scope, a.ID, c.dec)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		if n := count(t, d, `SELECT count(*) FROM people`); n != people {
			t.Errorf("refused confirmations wrote %d people", n-people)
		}
		if got, _ := f.st.Get(f.ctx, f.Jiyang.Scope, a.ID); got.Status != declaration.Pending {
			t.Errorf("refused confirmation changed the status: %s", got.Status)
		}

		got, err := f.st.Confirm(f.ctx, f.Jiyang.Scope, a.ID, declaration.Decision{Method: declaration.VerifyInPerson, Note: " 支部书记李四当面核验身份证 "})
		if err != nil || got.Status != declaration.Confirmed || got.VerifyMethod != declaration.VerifyInPerson || got.VerifyNote != "支部书记李四当面核验身份证" {
			t.Fatalf("confirm: %+v %v", got, err)
		}
		var detail string
		if err := d.Read().QueryRowContext(context.Background(), d.Rebind(`SELECT detail FROM audit_log WHERE action = 'declaration.confirm' AND entity_id = ?`), a.ID).Scan(&detail); err != nil ||
			!strings.Contains(detail, `"verify_method":"in_person"`) || !strings.Contains(detail, "支部书记李四当面核验身份证") {
			t.Errorf("confirm audit: %s %v", detail, err)
		}

		// The other case stays pending and flagged; it cannot be confirmed.
		_, err = f.st.Confirm(f.ctx, f.Jiyang.Scope, b.ID, checked)
		wantErr(t, "second confirmation", err, apperr.Conflict, "err.declaration.id_confirmed")
		if got, _ := f.st.Get(f.ctx, f.Jiyang.Scope, b.ID); got.Status != declaration.Pending || !got.Conflict {
			t.Errorf("the other case: %+v", got)
		}
		if got, _ := f.st.Get(f.ctx, f.Jiyang.Scope, a.ID); !got.Conflict {
			t.Errorf("the confirmed case is not flagged while another is pending")
		}
		if _, err := f.st.Reject(f.ctx, f.Jiyang.Scope, b.ID, "经电话核实为冒名申报"); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.st.Get(f.ctx, f.Jiyang.Scope, a.ID); got.Conflict {
			t.Errorf("the conflict did not clear once the other case was rejected")
		}
	})
}

// TestInvitationsOnlyToTheCheckedMember: a squatter's account registers a
// mobile member's ID number first; the member registers too. Neither
// pending case is invited; the member's, confirmed, is not invited while
// the squatter's case is open, and is once it is rejected. A squatter's
// registration confirmed before the member's case came shows its account
// nothing and is invited no more once the member's case is open.
func TestInvitationsOnlyToTheCheckedMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		ol := &orglife.Store{DB: d, Clock: func() time.Time { return time.Date(2026, 10, 8, 10, 0, 0, 0, orglife.Sanya) }}
		meeting := func(title string) int64 {
			m, err := ol.Create(f.ctx, ht.Scope, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.ThemeDay, HeldOn: "2026-10-01", Title: title})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		m1, m2 := meeting("HT主题党日一"), meeting("HT主题党日二")
		squatter := audit.WithActor(context.Background(), audit.Actor{UserID: 88, Username: "squatter"})
		member := audit.WithActor(context.Background(), audit.Actor{UserID: 77, Username: "member"})
		register := func(ctx context.Context, n int, phone string) declaration.Declaration {
			t.Helper()
			decl, _, err := f.st.Declare(ctx, declaration.Draft{Kind: declaration.Mobile, Name: "流动党员丙", IDNumber: testfix.IDNumber(730 + n),
				Phone: phone, AreaID: ht.Village.ID, HomeOrg: "老家支部"})
			if err != nil {
				t.Fatal(err)
			}
			return decl
		}
		confirm := func(id int64) {
			t.Helper()
			if _, err := f.st.Confirm(f.ctx, ht.Scope, id, declaration.Decision{OrgID: ht.Branches[0].ID, Method: declaration.VerifyPhone, Note: "村书记电话核实"}); err != nil {
				t.Fatal(err)
			}
		}
		fake, mine := register(squatter, 1, "13800000001"), register(member, 1, "13700000731")
		_, err := f.st.Invite(f.ctx, ht.Scope, fake.ID, declaration.MeetingEvent, m1)
		wantErr(t, "unconfirmed", err, apperr.Invalid, "err.invitation.mobile")
		confirm(mine.ID)
		_, err = f.st.Invite(f.ctx, ht.Scope, mine.ID, declaration.MeetingEvent, m1)
		wantErr(t, "confirmed while another case is open", err, apperr.Conflict, "err.invitation.conflict")
		if _, err := f.st.Events(f.ctx, ht.Scope, mine.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("events of a conflicting registration: %v", err)
		}
		if _, err := f.st.Reject(f.ctx, ht.Scope, fake.ID, "电话核实非本人"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.Invite(f.ctx, ht.Scope, mine.ID, declaration.MeetingEvent, m1); err != nil {
			t.Errorf("the checked member: %v", err)
		}

		// A squatter's registration confirmed earlier.
		old := register(squatter, 2, "13800000002")
		confirm(old.ID)
		if _, err := f.st.Invite(f.ctx, ht.Scope, old.ID, declaration.MeetingEvent, m1); err != nil {
			t.Fatal(err)
		}
		mine2 := register(member, 2, "13700000732")
		_, err = f.st.Invite(f.ctx, ht.Scope, old.ID, declaration.MeetingEvent, m2)
		wantErr(t, "the earlier confirmed case once the member's is open", err, apperr.Conflict, "err.invitation.conflict")
		list, _, err := f.st.Invitations(f.ctx, scope.Everything, declaration.InvitationFilter{CreatedBy: 88, Clear: true})
		if err != nil || len(list) != 0 {
			t.Errorf("the squatter's account still sees %d invitations %v", len(list), err)
		}
		if list, _, _ := f.st.Invitations(f.ctx, scope.Everything, declaration.InvitationFilter{CreatedBy: 77, Clear: true}); len(list) != 1 {
			t.Errorf("the member's account sees %d invitations, want 1", len(list))
		}
		_ = mine2
	})
}
