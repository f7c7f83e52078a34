package transfer_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/transfer"
)

// as returns ctx acting as user id.
func as(ctx context.Context, id int64, name string) context.Context {
	return audit.WithActor(ctx, audit.Actor{UserID: id, Username: name})
}

// branchScope is the scope of a branch secretary of w's branch i.
func branchScope(x testfix.District, i int) scope.Scope {
	return scope.Scope{OrgPath: x.Branches[i].Path, OrgAreaPath: x.Village.Path}
}

// listed reports whether person id is among ps.
func listed(ps []person.Person, id int64) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// wantErr fails unless err has the code (and, when given, the field and key).
func wantErr(t *testing.T, what string, err error, code apperr.Code, field, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (field != "" && ae.Field != field) || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s %s", what, err, code, field, key)
	}
}

// hidden fails unless transfer id is invisible to sc: not found by Get or a
// step, not listed.
func hidden(t *testing.T, s *transfer.Store, sc scope.Scope, id int64) {
	t.Helper()
	ctx := as(context.Background(), 99, "outsider")
	if _, _, err := s.Get(ctx, sc, id); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("get in %+v: %v", sc, err)
	}
	if _, err := s.Revoke(ctx, sc, id, ""); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("revoke in %+v: %v", sc, err)
	}
	if l, n, err := s.List(ctx, sc, transfer.Filter{}); err != nil || n != 0 || len(l) != 0 {
		t.Errorf("list in %+v: %d, %v", sc, n, err)
	}
}

func TestWithinDistrict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		ht := w.Haitang
		s := &transfer.Store{DB: d}
		m := ht.Members[0] // in branch 0
		b1 := branchScope(ht, 1)

		tr, err := s.Request(as(ctx, 11, "ht-office"), ht.Scope, m.ID, ht.Branches[1].ID, " 工作调动 ")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status != transfer.Pending || tr.Reason != "工作调动" || tr.PersonName != m.Name || tr.RequestedBy != 11 ||
			tr.FromOrgName != ht.Branches[0].Name || tr.ToOrgName != ht.Branches[1].Name {
			t.Errorf("request = %+v", tr)
		}
		// The receiving branch cannot approve out, the sending one cannot
		// approve in, and approving in before out is a bad state.
		if _, err := s.ApproveOut(as(ctx, 13, "b1"), b1, tr.ID, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("approve out by receiver: %v", err)
		}
		_, err = s.ApproveIn(as(ctx, 11, "ht-office"), ht.Scope, tr.ID, "")
		wantErr(t, "approve in before out", err, apperr.Conflict, "", "err.transfer.bad_state")
		if ae := apperr.As(err); ae.Args["status"] != transfer.Pending {
			t.Errorf("bad state args = %v", ae.Args)
		}
		// The branch secretary sees the transfer out but not the receiving
		// branch's name.
		got, _, err := s.Get(ctx, ht.Branch0, tr.ID)
		if err != nil || got.FromOrgName == "" || got.ToOrgName != "" {
			t.Errorf("branch 0 get = %+v, %v", got, err)
		}

		if tr, err = s.ApproveOut(as(ctx, 12, "b0"), ht.Branch0, tr.ID, "同意"); err != nil || tr.Status != transfer.OutApproved {
			t.Fatalf("approve out = %+v, %v", tr, err)
		}
		if _, err := s.ApproveIn(as(ctx, 12, "b0"), ht.Branch0, tr.ID, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("approve in by sender: %v", err)
		}
		if tr, err = s.ApproveIn(as(ctx, 13, "b1"), b1, tr.ID, "欢迎"); err != nil || tr.Status != transfer.Completed {
			t.Fatalf("approve in = %+v, %v", tr, err)
		}

		// The member now belongs to branch 1.
		p, err := w.People.Get(ctx, scope.Everything, m.ID)
		if err != nil || p.OrgID != ht.Branches[1].ID || p.OrgPath != ht.Branches[1].Path || p.AreaID != m.AreaID || p.Mobile != m.Mobile {
			t.Errorf("moved person = %+v, %v", p, err)
		}
		for _, c := range []struct {
			sc   scope.Scope
			want int
		}{{b1, 4}, {ht.Branch0, 2}} {
			ps, total, err := w.People.List(ctx, c.sc, person.Filter{})
			if err != nil || total != c.want || listed(ps, m.ID) != (c.want == 4) {
				t.Errorf("people in %s: %d, %v; want %d", c.sc.OrgPath, total, err, c.want)
			}
		}

		// The history is in order with actors and notes; the audit log has
		// one entry per step.
		_, evs, err := s.Get(ctx, ht.Scope, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, e := range evs {
			steps = append(steps, e.Action+"/"+e.Username+"/"+e.Note)
		}
		if want := "requested/ht-office/工作调动 approved_out/b0/同意 approved_in/b1/欢迎"; strings.Join(steps, " ") != want {
			t.Errorf("events = %q, want %q", steps, want)
		}
		entries, _, _ := audit.List(ctx, d.Read(), audit.Filter{Action: "transfer.", Entity: "transfer", EntityID: tr.ID})
		if len(entries) != 3 || entries[0].Action != "transfer.approve_in" || entries[2].Action != "transfer.request" {
			t.Errorf("audit = %+v", entries)
		}

		// 吉阳 sees nothing of a 海棠-internal transfer.
		hidden(t, s, w.Jiyang.Scope, tr.ID)
		hidden(t, s, scope.Scope{}, tr.ID)
		// A finished transfer admits no further step.
		_, err = s.Revoke(as(ctx, 11, "ht-office"), ht.Scope, tr.ID, "")
		wantErr(t, "revoke completed", err, apperr.Conflict, "", "err.transfer.bad_state")
	})
}

func TestCrossDistrict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		ht, jy := w.Haitang, w.Jiyang
		s := &transfer.Store{DB: d}
		m := ht.Members[3] // in branch 1

		tr, err := s.Request(as(ctx, 21, "ht"), ht.Scope, m.ID, jy.Branches[0].ID, "随迁")
		if err != nil {
			t.Fatal(err)
		}
		if tr.FromOrgName != ht.Branches[1].Name || tr.ToOrgName != "" || tr.ToOrgID != jy.Branches[0].ID {
			t.Errorf("requester sees %+v", tr)
		}
		if tr, err = s.ApproveOut(as(ctx, 21, "ht"), ht.Scope, tr.ID, ""); err != nil || tr.ToOrgName != "" {
			t.Fatalf("approve out = %+v, %v", tr, err)
		}
		if _, err := s.ApproveIn(as(ctx, 21, "ht"), ht.Scope, tr.ID, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("haitang approve in: %v", err)
		}
		// 吉阳 sees it coming in, with its own branch named and 海棠's hidden.
		got, _, err := s.Get(ctx, jy.Scope, tr.ID)
		if err != nil || got.FromOrgName != "" || got.ToOrgName != jy.Branches[0].Name || got.PersonName != m.Name {
			t.Errorf("jiyang get = %+v, %v", got, err)
		}
		for _, c := range []struct {
			name string
			sc   scope.Scope
			f    transfer.Filter
			want int
		}{
			{"jiyang in", jy.Scope, transfer.Filter{Direction: "in"}, 1},
			{"jiyang out", jy.Scope, transfer.Filter{Direction: "out"}, 0},
			{"haitang out", ht.Scope, transfer.Filter{Direction: "out"}, 1},
			{"haitang in", ht.Scope, transfer.Filter{Direction: "in"}, 0},
			{"haitang by status", ht.Scope, transfer.Filter{Status: transfer.OutApproved}, 1},
			{"haitang other status", ht.Scope, transfer.Filter{Status: transfer.Pending}, 0},
			{"by person", scope.Everything, transfer.Filter{PersonID: m.ID}, 1},
			{"other person", scope.Everything, transfer.Filter{PersonID: ht.Members[0].ID}, 0},
			{"other branch", branchScope(jy, 1), transfer.Filter{}, 0},
		} {
			l, n, err := s.List(ctx, c.sc, c.f)
			if err != nil || n != c.want || len(l) != c.want {
				t.Errorf("%s: %d (%d), %v; want %d", c.name, n, len(l), err, c.want)
			}
			for _, x := range l {
				if (x.FromOrgName == "") == x.FromInScope(c.sc) || (x.ToOrgName == "") == x.ToInScope(c.sc) {
					t.Errorf("%s: not redacted: %+v", c.name, x)
				}
			}
		}
		_, _, err = s.List(ctx, jy.Scope, transfer.Filter{Direction: "sideways"})
		wantErr(t, "bad direction", err, apperr.Invalid, "direction", "")

		if tr, err = s.ApproveIn(as(ctx, 31, "jy"), jy.Scope, tr.ID, ""); err != nil || tr.Status != transfer.Completed || tr.FromOrgName != "" {
			t.Fatalf("jiyang approve in = %+v, %v", tr, err)
		}
		ps, total, err := w.People.List(ctx, jy.Branch0, person.Filter{})
		if err != nil || total != 4 || !listed(ps, m.ID) {
			t.Errorf("jiyang branch 0 has %d, %v; moved member listed: %v", total, err, listed(ps, m.ID))
		}
		// The member's area followed the org: 吉阳's district office now
		// sees them and 海棠's no longer does.
		if _, err := w.People.Get(ctx, jy.Scope, m.ID); err != nil {
			t.Errorf("jiyang office cannot see the moved member: %v", err)
		}
		if _, err := w.People.Get(ctx, ht.Scope, m.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("haitang office still sees the moved member: %v", err)
		}
	})
}

func TestRequestRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := as(context.Background(), 41, "ht")
		w := testfix.Build(t, d)
		ht, jy := w.Haitang, w.Jiyang
		s := &transfer.Store{DB: d}
		masses, err := w.People.Create(ctx, scope.Everything, person.Person{Name: "群众甲", Status: person.Masses, AreaID: ht.Village.ID})
		if err != nil {
			t.Fatal(err)
		}
		activist, err := w.People.Create(ctx, scope.Everything, person.Person{Name: "积极分子乙", Status: person.Activist, OrgID: ht.Branches[0].ID, AreaID: ht.Village.ID})
		if err != nil {
			t.Fatal(err)
		}
		m := ht.Members[0]
		cases := []struct {
			name       string
			sc         scope.Scope
			person, to int64
			reason     string
			code       apperr.Code
			field, key string
		}{
			{"masses", ht.Scope, masses.ID, ht.Branches[1].ID, "", apperr.Invalid, "person_id", "err.transfer.not_member"},
			{"activist", ht.Scope, activist.ID, ht.Branches[1].ID, "", apperr.Invalid, "person_id", "err.transfer.not_member"},
			{"other district's member", ht.Scope, jy.Members[0].ID, ht.Branches[1].ID, "", apperr.NotFound, "", ""},
			{"other branch's member", ht.Branch0, ht.Members[3].ID, ht.Branches[0].ID, "", apperr.NotFound, "", ""},
			{"no such person", ht.Scope, 999999, ht.Branches[1].ID, "", apperr.NotFound, "", ""},
			{"no such org", ht.Scope, m.ID, 999999, "", apperr.Invalid, "to_org_id", "err.transfer.to_missing"},
			{"same org", ht.Scope, m.ID, ht.Branches[0].ID, "", apperr.Invalid, "to_org_id", "err.transfer.same_org"},
			{"to a committee", ht.Scope, m.ID, jy.Committee.ID, "", apperr.Invalid, "to_org_id", "err.transfer.to_not_branch"},
			{"long reason", ht.Scope, m.ID, ht.Branches[1].ID, strings.Repeat("因", transfer.MaxText+1), apperr.Invalid, "reason", ""},
		}
		for _, c := range cases {
			_, err := s.Request(ctx, c.sc, c.person, c.to, c.reason)
			wantErr(t, c.name, err, c.code, c.field, c.key)
		}
		if n, _, _ := s.List(ctx, scope.Everything, transfer.Filter{}); len(n) != 0 {
			t.Errorf("refused requests left %d transfers", len(n))
		}

		// One open transfer per person, to any org; a closed one frees the
		// person again.
		tr, err := s.Request(ctx, ht.Scope, m.ID, ht.Branches[1].ID, strings.Repeat("因", transfer.MaxText))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Request(ctx, ht.Scope, m.ID, jy.Branches[1].ID, "")
		wantErr(t, "double request", err, apperr.Conflict, "", "err.transfer.already_open")
		if _, err := s.ApproveOut(ctx, ht.Scope, tr.ID, ""); err != nil {
			t.Fatal(err)
		}
		_, err = s.Request(ctx, ht.Scope, m.ID, jy.Branches[1].ID, "")
		wantErr(t, "request while out approved", err, apperr.Conflict, "", "err.transfer.already_open")
		if _, err := s.Revoke(ctx, ht.Scope, tr.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Request(ctx, ht.Scope, m.ID, jy.Branches[1].ID, ""); err != nil {
			t.Errorf("request after revoke: %v", err)
		}
	})
}

func TestRejectRevokeAndRaces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		ht := w.Haitang
		s := &transfer.Store{DB: d}
		b1 := branchScope(ht, 1)
		office := as(ctx, 51, "ht-office")

		// Reject needs a note and the right side.
		tr, err := s.Request(office, ht.Scope, ht.Members[0].ID, ht.Branches[1].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Reject(office, ht.Scope, tr.ID, "  ")
		wantErr(t, "reject without note", err, apperr.Invalid, "note", "err.transfer.note_required")
		if _, err := s.Reject(office, b1, tr.ID, "不收"); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("receiver rejects pending: %v", err)
		}
		if tr, err = s.Reject(office, ht.Branch0, tr.ID, "材料不全"); err != nil || tr.Status != transfer.Rejected {
			t.Fatalf("reject = %+v, %v", tr, err)
		}
		_, err = s.ApproveOut(office, ht.Scope, tr.ID, "")
		wantErr(t, "approve rejected", err, apperr.Conflict, "", "err.transfer.bad_state")
		_, evs, _ := s.Get(ctx, ht.Scope, tr.ID)
		if len(evs) != 2 || evs[1].Action != transfer.ActRejected || evs[1].Note != "材料不全" || evs[1].UserID != 51 {
			t.Errorf("reject events = %+v", evs)
		}

		// The requester may revoke even from a scope that holds only the
		// receiving side; someone else there may not.
		tr, err = s.Request(office, ht.Scope, ht.Members[1].ID, ht.Branches[1].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Revoke(as(ctx, 52, "other"), b1, tr.ID, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("revoke by a stranger: %v", err)
		}
		if tr, err = s.Revoke(office, b1, tr.ID, "撤回"); err != nil || tr.Status != transfer.Revoked {
			t.Fatalf("revoke by requester = %+v, %v", tr, err)
		}

		// Of two concurrent approvals exactly one wins; the other is a
		// Conflict.
		tr, err = s.Request(office, ht.Scope, ht.Members[2].ID, ht.Branches[1].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { _, errs[i] = s.ApproveOut(office, ht.Scope, tr.ID, "") })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantErr(t, "losing approval", err, apperr.Conflict, "", "err.transfer.bad_state")
			}
		}
		if ok != 1 {
			t.Errorf("%d approvals succeeded", ok)
		}
		// After approval out, the receiving side rejects.
		if tr, err = s.Reject(office, b1, tr.ID, "编制已满"); err != nil || tr.Status != transfer.Rejected {
			t.Errorf("receiver reject = %+v, %v", tr, err)
		}
	})
}
