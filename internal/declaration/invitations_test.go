package declaration_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/declaration"
	"dangjian/internal/org"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
	"dangjian/internal/vanguard"
)

// TestInvitations invites a confirmed mobile member living in the 海棠
// fixture village to a meeting of the first 海棠 branch and to an activity
// of the 海棠 committee's vanguard team, records their attendance, and
// refuses an unconfirmed registration, 吉阳's members and events, an org
// where the member does not live, a second invitation and foreign
// attendance records, writing nothing.
func TestInvitations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht, jy := f.Haitang, f.Jiyang
		self := audit.WithActor(context.Background(), audit.Actor{UserID: 77, Username: "mobile1"})
		register := func(n int, area int64, confirm scope.Scope, orgID int64) declaration.Declaration {
			t.Helper()
			decl, _, err := f.st.Declare(self, declaration.Draft{Kind: declaration.Mobile, Name: "流动党员" + string(rune('A'+n)), IDNumber: testfix.IDNumber(700 + n),
				Phone: "1390000070" + string(rune('0'+n)), AreaID: area, HomeOrg: "老家支部"})
			if err != nil {
				t.Fatal(err)
			}
			if orgID != 0 {
				if decl, err = f.st.Confirm(f.ctx, confirm, decl.ID, declaration.Decision{OrgID: orgID, Method: checked.Method, Note: checked.Note}); err != nil {
					t.Fatal(err)
				}
			}
			return decl
		}
		htM := register(1, ht.Village.ID, ht.Scope, ht.Branches[0].ID)
		pending := register(2, ht.Village.ID, ht.Scope, 0)
		jyM := register(3, jy.Village.ID, jy.Scope, jy.Branches[0].ID)

		// Events: a meeting of each district's first branch, an activity of
		// 海棠's committee team, and a meeting of a 海棠 branch in another
		// village (where the member does not live).
		clock := func() time.Time { return time.Date(2026, 10, 8, 10, 0, 0, 0, orglife.Sanya) }
		ol := &orglife.Store{DB: d, Clock: clock}
		meeting := func(sc scope.Scope, orgID int64, title string) int64 {
			m, err := ol.Create(f.ctx, sc, orglife.Draft{OrgID: orgID, Kind: orglife.ThemeDay, HeldOn: "2026-10-01", Title: title})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		htMeeting := meeting(ht.Scope, ht.Branches[0].ID, "HT主题党日")
		jyMeeting := meeting(jy.Scope, jy.Branches[0].ID, "JY主题党日")
		var village int64
		if err := d.Read().QueryRowContext(f.ctx, `SELECT id FROM areas WHERE kind = 'village' AND path > ? AND path < ? AND id <> ? ORDER BY id LIMIT 1`,
			ht.Area.Path, ht.Area.Path[:len(ht.Area.Path)-1]+"0", ht.Village.ID).Scan(&village); err != nil {
			t.Fatal(err)
		}
		far, err := f.Orgs.Create(f.ctx, scope.Everything, org.Org{ParentID: ht.Committee.ID, Code: "HT-FAR", Name: "HT远村党支部", Kind: org.Branch, Sector: "village", AreaID: village})
		if err != nil {
			t.Fatal(err)
		}
		farMeeting := meeting(ht.Scope, far.ID, "HT远村主题党日")
		vg := &vanguard.Store{DB: d, Clock: clock}
		team, err := vg.CreateTeam(f.ctx, ht.Scope, vanguard.TeamDraft{OrgID: ht.Committee.ID, Name: "HT防汛先锋队", Focus: vanguard.Flood,
			LeaderID: ht.Members[0].ID, FoundedOn: "2026-06-01"})
		if err != nil {
			t.Fatal(err)
		}
		act, err := vg.AddActivity(f.ctx, ht.Scope, team.ID, vanguard.ActivityDraft{HeldOn: "2026-10-02", Title: "清理排水沟", Hours: 2})
		if err != nil {
			t.Fatal(err)
		}

		evs, err := f.st.Events(f.ctx, ht.Scope, htM.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[declaration.EventKind]int64{}
		for _, e := range evs {
			got[e.Kind] = e.ID
		}
		if len(evs) != 2 || got[declaration.MeetingEvent] != htMeeting || got[declaration.ActivityEvent] != act.ID {
			t.Errorf("events where the member lives: %+v", evs)
		}
		if evs, err := f.st.Events(f.ctx, ht.Branch0, htM.ID); err != nil || len(evs) != 1 || evs[0].ID != htMeeting {
			t.Errorf("the branch secretary's events: %+v %v", evs, err)
		}

		inv, err := f.st.Invite(f.ctx, ht.Branch0, htM.ID, declaration.MeetingEvent, htMeeting)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Status != declaration.Invited || inv.OrgID != ht.Branches[0].ID || inv.Title != "HT主题党日" || inv.HeldOn != "2026-10-01" {
			t.Errorf("invitation %+v", inv)
		}
		actInv, err := f.st.Invite(f.ctx, ht.Scope, htM.ID, declaration.ActivityEvent, act.ID)
		if err != nil {
			t.Fatal(err)
		}
		if actInv.TeamID != team.ID || actInv.OrgID != ht.Committee.ID {
			t.Errorf("activity invitation %+v", actInv)
		}

		before := count(t, d, `SELECT count(*) FROM invitations`)
		audits := count(t, d, `SELECT count(*) FROM audit_log WHERE action LIKE 'invitation.%'`)
		for _, c := range []struct {
			name  string
			sc    scope.Scope
			decl  int64
			kind  declaration.EventKind
			event int64
			code  apperr.Code
			key   string
		}{
			{"unconfirmed", ht.Scope, pending.ID, declaration.MeetingEvent, htMeeting, apperr.Invalid, "err.invitation.mobile"},
			{"吉阳's mobile member", ht.Scope, jyM.ID, declaration.MeetingEvent, htMeeting, apperr.NotFound, ""},
			{"吉阳's meeting", ht.Scope, htM.ID, declaration.MeetingEvent, jyMeeting, apperr.Invalid, "err.invitation.event"},
			{"吉阳 invites 海棠's member", jy.Scope, htM.ID, declaration.MeetingEvent, jyMeeting, apperr.NotFound, ""},
			{"an org where they do not live", ht.Scope, htM.ID, declaration.MeetingEvent, farMeeting, apperr.Invalid, "err.invitation.not_local"},
			{"the committee's activity for a branch secretary", ht.Branch0, htM.ID, declaration.ActivityEvent, act.ID, apperr.Invalid, "err.invitation.event"},
			{"a meeting id as an activity", ht.Scope, htM.ID, declaration.ActivityEvent, htMeeting + 1000, apperr.Invalid, "err.invitation.event"},
			{"twice", ht.Scope, htM.ID, declaration.MeetingEvent, htMeeting, apperr.Conflict, "err.invitation.duplicate"},
			{"bad kind", ht.Scope, htM.ID, "party", htMeeting, apperr.Invalid, "err.invitation.kind"},
		} {
			_, err := f.st.Invite(f.ctx, c.sc, c.decl, c.kind, c.event)
			wantErr(t, c.name, err, c.code, c.key)
		}
		_, err = f.st.Record(f.ctx, jy.Scope, inv.ID, declaration.Attended, "")
		wantErr(t, "吉阳 records", err, apperr.NotFound, "")
		_, err = f.st.Record(f.ctx, ht.Branch0, actInv.ID, declaration.Attended, "")
		wantErr(t, "a branch secretary records the committee's", err, apperr.NotFound, "")
		_, err = f.st.Record(f.ctx, ht.Scope, inv.ID, declaration.Invited, "")
		wantErr(t, "back to invited", err, apperr.Invalid, "err.invitation.status")
		if n := count(t, d, `SELECT count(*) FROM invitations`); n != before {
			t.Errorf("refused invitations wrote %d rows", n-before)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action LIKE 'invitation.%'`); n != audits || audits != 2 {
			t.Errorf("audit entries %d → %d", audits, n)
		}

		rec, err := f.st.Record(f.ctx, ht.Branch0, inv.ID, declaration.Attended, "按时参加")
		if err != nil || rec.Status != declaration.Attended || rec.Note != "按时参加" || rec.RecordedAt == nil {
			t.Errorf("recorded %+v %v", rec, err)
		}
		if _, err := f.st.Record(f.ctx, ht.Scope, actInv.ID, declaration.Absent, "出海"); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			name string
			sc   scope.Scope
			f    declaration.InvitationFilter
			want int
		}{
			{"district", ht.Scope, declaration.InvitationFilter{}, 2},
			{"the member's", ht.Scope, declaration.InvitationFilter{DeclarationID: htM.ID}, 2},
			{"branch", ht.Branch0, declaration.InvitationFilter{}, 1},
			{"吉阳", jy.Scope, declaration.InvitationFilter{}, 0},
			{"attended", ht.Scope, declaration.InvitationFilter{Status: declaration.Attended}, 1},
			{"activities", ht.Scope, declaration.InvitationFilter{Kind: declaration.ActivityEvent}, 1},
			{"search", ht.Scope, declaration.InvitationFilter{Q: "排水"}, 1},
			{"their own view", scope.Everything, declaration.InvitationFilter{CreatedBy: 77}, 2},
			{"someone else's view", scope.Everything, declaration.InvitationFilter{CreatedBy: 78}, 0},
		} {
			if list, n, err := f.st.Invitations(f.ctx, c.sc, c.f); err != nil || len(list) != c.want || n != c.want {
				t.Errorf("%s: %d/%d %v, want %d", c.name, len(list), n, err, c.want)
			}
		}
		if _, err := f.st.MobileMember(f.ctx, ht.Branch0, htM.ID); err != nil {
			t.Errorf("the branch secretary does not reach a mobile member living in the branch's village: %v", err)
		}
		if _, err := f.st.MobileMember(f.ctx, ht.Scope, pending.ID); err != apperr.ErrNotFound {
			t.Errorf("a pending registration's page: %v", err)
		}
		if _, err := f.st.MobileMember(f.ctx, ht.Scope, jyM.ID); err != apperr.ErrNotFound {
			t.Errorf("海棠 reads 吉阳's mobile member: %v", err)
		}
		if _, err := f.st.Events(f.ctx, ht.Scope, jyM.ID); err != apperr.ErrNotFound {
			t.Errorf("海棠 reads 吉阳's member's events: %v", err)
		}
	})
}
