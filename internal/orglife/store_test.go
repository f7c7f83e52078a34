package orglife_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/orglife"
	"dangjian/internal/person"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

type fix struct {
	*testfix.World
	st  *orglife.Store
	ctx context.Context
	now time.Time
}

func setup(t *testing.T, d *db.DB) *fix {
	t.Helper()
	f := &fix{World: testfix.Build(t, d), ctx: audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "secretary"})}
	f.now = time.Date(2026, 9, 29, 10, 0, 0, 0, orglife.Sanya)
	f.st = &orglife.Store{DB: d, Clock: func() time.Time { return f.now }}
	return f
}

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	ae := apperr.As(err)
	if err == nil || ae.Code != code || (key != "" && ae.Key != key) {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

// counts returns the rows of the meeting tables and meeting audit entries.
func counts(t *testing.T, d *db.DB) string {
	t.Helper()
	out := ""
	for _, q := range []string{`SELECT count(*) FROM meetings`, `SELECT count(*) FROM meeting_attendance`, `SELECT count(*) FROM meeting_photos`,
		`SELECT count(*) FROM audit_log WHERE action = 'meeting.create'`} {
		var n int
		if err := d.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%d/", n)
	}
	return out
}

func pngBytes(t *testing.T, pad int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return append(b.Bytes(), make([]byte, pad)...)
}

func TestRecordMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		m0, m1, m2 := ht.Members[0], ht.Members[1], ht.Members[2]
		dr := orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.Lecture, HeldOn: "2026-09-29", Title: "酸豆树下党课", Place: "村委会",
			Topic: "学习自贸港建设", Lecturer: "王书记", Minutes: "会议纪要……",
			Attendance: []orglife.Attendee{{PersonID: m0.ID, Status: orglife.Present}, {PersonID: m1.ID, Status: orglife.Leave, Reason: "出海捕鱼"}},
			Photos:     []orglife.Upload{{Name: "a.png", Caption: "党课现场", Data: pngBytes(t, 0)}}}
		m, err := f.st.Create(f.ctx, ht.Branch0, dr)
		if err != nil {
			t.Fatal(err)
		}
		if m.Expected != 3 || m.Present != 1 || len(m.Attendees) != 3 || len(m.Photos) != 1 || m.Photos[0].ContentType != "image/png" {
			t.Errorf("recorded %+v", m)
		}
		for _, a := range m.Attendees {
			want := map[int64]string{m0.ID: "present", m1.ID: "leave", m2.ID: "absent"}[a.PersonID]
			if a.Status != want {
				t.Errorf("%s: %s, want %s", a.Name, a.Status, want)
			}
		}
		if ct, data, err := f.st.PhotoData(f.ctx, ht.Scope, m.ID, m.Photos[0].ID); err != nil || ct != "image/png" || !bytes.Equal(data, pngBytes(t, 0)) {
			t.Errorf("photo: %s %d %v", ct, len(data), err)
		}
		if _, n, err := audit.List(f.ctx, d.Read(), audit.Filter{Action: "meeting.create", EntityID: m.ID}); err != nil || n != 1 {
			t.Errorf("audit entries %d %v", n, err)
		}

		before := counts(t, d)
		other := f.Haitang.Members[3] // a member of the second branch
		activist, err := f.People.Create(f.ctx, scope.Everything, person.Person{Name: "HT积极分子", Status: person.Activist, OrgID: ht.Branches[0].ID,
			AreaID: ht.Village.ID, IDNumber: testfix.IDNumber(90), Phone: "13800009090"})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			sc   scope.Scope
			edit func(*orglife.Draft)
			key  string
		}{
			{"tomorrow", ht.Branch0, func(x *orglife.Draft) { x.HeldOn = "2026-09-30" }, "err.orglife.future_date"},
			{"another branch's member", ht.Branch0, func(x *orglife.Draft) {
				x.Attendance = append(x.Attendance, orglife.Attendee{PersonID: other.ID, Status: orglife.Present})
			}, "err.orglife.not_member"},
			{"another district's member", ht.Scope, func(x *orglife.Draft) {
				x.Attendance = []orglife.Attendee{{PersonID: f.Jiyang.Members[0].ID, Status: orglife.Present}}
			}, "err.orglife.not_member"},
			{"an activist", ht.Branch0, func(x *orglife.Draft) {
				x.Attendance = []orglife.Attendee{{PersonID: activist.ID, Status: orglife.Present}}
			}, "err.orglife.not_member"},
			{"another district's branch", ht.Scope, func(x *orglife.Draft) { x.OrgID = f.Jiyang.Branches[0].ID; x.Attendance = nil }, "err.orglife.org_unknown"},
			{"the other branch for a branch secretary", ht.Branch0, func(x *orglife.Draft) { x.OrgID = ht.Branches[1].ID; x.Attendance = nil }, "err.orglife.org_unknown"},
			{"bad kind", ht.Branch0, func(x *orglife.Draft) { x.Kind = "party" }, "err.orglife.kind"},
			{"bad date", ht.Branch0, func(x *orglife.Draft) { x.HeldOn = "2026-02-30" }, "err.date.invalid"},
			{"early date", ht.Branch0, func(x *orglife.Draft) { x.HeldOn = "1800-01-01" }, "err.date.too_early"},
			{"no title", ht.Branch0, func(x *orglife.Draft) { x.Title = " " }, "err.orglife.title"},
			{"bad status", ht.Branch0, func(x *orglife.Draft) { x.Attendance[0].Status = "late" }, "err.orglife.attendance_status"},
			{"big photo", ht.Branch0, func(x *orglife.Draft) { x.Photos[0].Data = pngBytes(t, 2<<20) }, "err.orglife.photo_size"},
			{"not an image", ht.Branch0, func(x *orglife.Draft) { x.Photos[0].Data = []byte("%PDF-1.4 not a photo") }, "err.orglife.photo_type"},
		}
		for _, c := range cases {
			x := dr
			x.Attendance = append([]orglife.Attendee(nil), dr.Attendance...)
			x.Photos = append([]orglife.Upload(nil), dr.Photos...)
			c.edit(&x)
			_, err := f.st.Create(f.ctx, c.sc, x)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		if after := counts(t, d); after != before {
			t.Errorf("refused records wrote rows: %s → %s", before, after)
		}
		if _, err := f.st.Create(f.ctx, ht.Branch0, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.CommitteeMeet, HeldOn: "2026-09-28", Title: "九月支委会"}); err != nil {
			t.Fatal(err)
		}

		// Scope: 吉阳区 sees nothing of 海棠's; the other 海棠 branch's
		// secretary neither.
		if _, err := f.st.Get(f.ctx, f.Jiyang.Scope, m.ID); err != apperr.ErrNotFound {
			t.Errorf("other district read: %v", err)
		}
		if _, _, err := f.st.PhotoData(f.ctx, f.Jiyang.Scope, m.ID, m.Photos[0].ID); err != apperr.ErrNotFound {
			t.Errorf("other district photo: %v", err)
		}
		other1 := scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}
		for name, sc := range map[string]scope.Scope{"jiyang": f.Jiyang.Scope, "other branch": other1} {
			if list, n, err := f.st.List(f.ctx, sc, orglife.Filter{}); err != nil || len(list) != 0 || n != 0 {
				t.Errorf("%s list: %d %v", name, len(list), err)
			}
			if _, err := f.st.Members(f.ctx, sc, ht.Branches[0].ID); err != apperr.ErrNotFound {
				t.Errorf("%s roster: %v", name, err)
			}
		}
		for _, c := range []struct {
			f    orglife.Filter
			want int
		}{
			{orglife.Filter{}, 2}, {orglife.Filter{Kind: orglife.Lecture}, 1}, {orglife.Filter{From: "2026-09-29"}, 1},
			{orglife.Filter{To: "2026-09-28", Sort: "-held_on"}, 1}, {orglife.Filter{OrgID: ht.Committee.ID}, 2}, {orglife.Filter{OrgID: ht.Branches[1].ID}, 0},
			{orglife.Filter{Q: "酸豆"}, 1},
		} {
			if list, n, err := f.st.List(f.ctx, ht.Scope, c.f); err != nil || len(list) != c.want || n != c.want {
				t.Errorf("list %+v: %d of %d, %v; want %d", c.f, len(list), n, err, c.want)
			}
		}
		if list, _, _ := f.st.List(f.ctx, ht.Scope, orglife.Filter{}); len(list) == 2 && list[0].HeldOn != "2026-09-29" {
			t.Errorf("default order is not newest first: %s", list[0].HeldOn)
		}
	})
}

// TestComplianceStore records a 2026 of meetings for the first 海棠 branch
// (every requirement but July's committee meeting and the third quarter's
// lecture) and none for the second, and reads the report on 15 Jan 2027.
func TestComplianceStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.now = time.Date(2027, 1, 15, 9, 0, 0, 0, orglife.Sanya)
		ht := f.Haitang
		rec := func(kind orglife.Kind, day string) {
			if _, err := f.st.Create(f.ctx, ht.Scope, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: kind, HeldOn: day, Title: string(kind) + day}); err != nil {
				t.Fatal(err)
			}
		}
		for m := 1; m <= 12; m++ {
			for _, k := range []orglife.Kind{orglife.CommitteeMeet, orglife.GroupMeeting, orglife.ThemeDay} {
				if !(k == orglife.CommitteeMeet && m == 7) {
					rec(k, fmt.Sprintf("2026-%02d-10", m))
				}
			}
		}
		rec(orglife.ThemeDay, "2026-03-20") // a second in one month counts once
		for q := 1; q <= 4; q++ {
			rec(orglife.GeneralMeeting, fmt.Sprintf("2026-%02d-15", 3*q-1))
			if q != 3 {
				rec(orglife.Lecture, fmt.Sprintf("2026-%02d-15", 3*q))
			}
		}
		rep, err := f.st.Compliance(f.ctx, ht.Scope, orglife.Period{Year: 2026}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Branches) != 2 || len(rep.Groups) != 1 || len(rep.Top) != 1 || rep.Top[0].OrgID != ht.Committee.ID {
			t.Fatalf("report rows: %d branches, %d groups, top %+v", len(rep.Branches), len(rep.Groups), rep.Top)
		}
		b0, b1 := rep.Branches[0], rep.Branches[1]
		if b0.OrgID != ht.Branches[0].ID || b0.Total != (orglife.Score{Required: 44, Held: 42}) ||
			b0.ByKind[orglife.CommitteeMeet] != (orglife.Score{Required: 12, Held: 11}) || b0.ByKind[orglife.Lecture] != (orglife.Score{Required: 4, Held: 3}) {
			t.Errorf("first branch: %+v", b0)
		}
		if len(b0.Missing) != 2 || b0.Missing[0] != (orglife.Gap{Kind: orglife.CommitteeMeet, Period: "2026-07"}) || b0.Missing[1] != (orglife.Gap{Kind: orglife.Lecture, Period: "2026-Q3"}) {
			t.Errorf("first branch missing %v", b0.Missing)
		}
		if b1.Total != (orglife.Score{Required: 44}) || len(b1.Missing) != 44 {
			t.Errorf("second branch: %+v", b1.Total)
		}
		if g := rep.Groups[0]; g.Total != (orglife.Score{Required: 88, Held: 42}) || g.Branches != 2 || rep.Total.Total != g.Total {
			t.Errorf("committee %+v, total %+v", g.Total, rep.Total.Total)
		}
		if jul := rep.Months[6]; jul.Month != 7 || jul.Score != (orglife.Score{Required: 6, Held: 2}) {
			t.Errorf("July: %+v", jul)
		}
		q3, err := f.st.Compliance(f.ctx, ht.Branch0, orglife.Period{Year: 2026, Quarter: 3}, 0)
		if err != nil || len(q3.Branches) != 1 || q3.Total.Total != (orglife.Score{Required: 11, Held: 9}) {
			t.Errorf("branch secretary's Q3: %+v %v", q3.Total.Total, err)
		}
		jy, err := f.st.Compliance(f.ctx, f.Jiyang.Scope, orglife.Period{Year: 2026}, 0)
		if err != nil || jy.Total.Total.Held != 0 || len(jy.Branches) != 2 {
			t.Errorf("吉阳区 sees 海棠's meetings: %+v %v", jy.Total.Total, err)
		}
		if _, err := f.st.Compliance(f.ctx, f.Jiyang.Scope, orglife.Period{Year: 2026}, ht.Committee.ID); err != apperr.ErrNotFound {
			t.Errorf("吉阳区 reads 海棠's committee: %v", err)
		}
		sub, err := f.st.Compliance(f.ctx, ht.Scope, orglife.Period{Year: 2026}, ht.Committee.ID)
		if err != nil || len(sub.Top) != 2 {
			t.Errorf("the committee's subordinate orgs: %d %v", len(sub.Top), err)
		}
	})
}
