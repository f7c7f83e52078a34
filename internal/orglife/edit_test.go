package orglife_test

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
)

func auditCount(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEditMeeting corrects a meeting (date, text, attendance), refuses the
// same things Create refuses without changing anything, refuses another
// district and another branch, and deletes a meeting with its attendance
// and photos in one audited step.
func TestEditMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		m0, m1, m2 := ht.Members[0], ht.Members[1], ht.Members[2]
		m, err := f.st.Create(f.ctx, ht.Branch0, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.Lecture, HeldOn: "2026-09-20", Title: "党课",
			Attendance: []orglife.Attendee{{PersonID: m0.ID, Status: orglife.Present}},
			Photos:     []orglife.Upload{{Name: "a.png", Data: pngBytes(t, 0)}}})
		if err != nil {
			t.Fatal(err)
		}
		var hooked []string
		f.st.Changed = func(_ context.Context, _ *db.Tx, orgID int64, day string) error {
			hooked = append(hooked, day)
			return nil
		}
		edit := orglife.Draft{Kind: orglife.Lecture, HeldOn: "2026-09-21", Title: "改正后的党课", Place: "文化室", Topic: "新主题", Minutes: "补记的纪要",
			Attendance: []orglife.Attendee{{PersonID: m0.ID, Status: orglife.Present}, {PersonID: m1.ID, Status: orglife.Present},
				{PersonID: m2.ID, Status: orglife.Leave, Reason: "出差"}}}
		got, err := f.st.Update(f.ctx, ht.Branch0, m.ID, edit)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "改正后的党课" || got.HeldOn != "2026-09-21" || got.Place != "文化室" || got.Minutes != "补记的纪要" || got.Present != 2 ||
			got.Expected != 3 || len(got.Photos) != 1 || got.OrgID != ht.Branches[0].ID {
			t.Errorf("updated: %+v", got)
		}
		if n := auditCount(t, d, "meeting.update"); n != 1 {
			t.Errorf("update audited %d times", n)
		}
		if len(hooked) != 2 || hooked[0] != "2026-09-20" || hooked[1] != "2026-09-21" {
			t.Errorf("the change hook saw %v, want the old and the new date", hooked)
		}
		hooked = nil

		snapshot := func() string {
			x, err := f.st.Get(f.ctx, ht.Scope, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			s := x.Title + x.HeldOn
			for _, a := range x.Attendees {
				s += a.Status
			}
			return s
		}
		before := snapshot()
		for _, c := range []struct {
			name string
			edit func(*orglife.Draft)
			key  string
		}{
			{"tomorrow", func(x *orglife.Draft) { x.HeldOn = "2026-09-30" }, "err.orglife.future_date"},
			{"a member of another branch", func(x *orglife.Draft) {
				x.Attendance = append(x.Attendance, orglife.Attendee{PersonID: ht.Members[3].ID, Status: orglife.Present})
			}, "err.orglife.not_member"},
			{"no title", func(x *orglife.Draft) { x.Title = "" }, "err.orglife.title"},
			{"bad status", func(x *orglife.Draft) { x.Attendance[0].Status = "late" }, "err.orglife.attendance_status"},
		} {
			x := edit
			x.Attendance = append([]orglife.Attendee(nil), edit.Attendance...)
			c.edit(&x)
			_, err := f.st.Update(f.ctx, ht.Branch0, m.ID, x)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		other1 := scope.Scope{OrgPath: ht.Branches[1].Path, OrgAreaPath: ht.Village.Path}
		if _, err := f.st.Update(f.ctx, f.Jiyang.Scope, m.ID, edit); err != apperr.ErrNotFound {
			t.Errorf("吉阳 update: %v", err)
		}
		if _, err := f.st.Update(f.ctx, other1, m.ID, edit); err != apperr.ErrNotFound {
			t.Errorf("other branch update: %v", err)
		}
		if err := f.st.Delete(f.ctx, f.Jiyang.Scope, m.ID); err != apperr.ErrNotFound {
			t.Errorf("吉阳 delete: %v", err)
		}
		if after := snapshot(); after != before {
			t.Errorf("refused edits changed the meeting: %s → %s", before, after)
		}
		if n := auditCount(t, d, "meeting.update"); n != 1 || auditCount(t, d, "meeting.delete") != 0 {
			t.Errorf("refused edits were audited")
		}

		if len(hooked) != 0 {
			t.Errorf("refused edits called the change hook: %v", hooked)
		}
		if err := f.st.Delete(f.ctx, ht.Branch0, m.ID); err != nil {
			t.Fatal(err)
		}
		if len(hooked) != 1 || hooked[0] != "2026-09-21" {
			t.Errorf("delete: the change hook saw %v", hooked)
		}
		if _, err := f.st.Get(f.ctx, ht.Scope, m.ID); err != apperr.ErrNotFound {
			t.Errorf("deleted meeting still read: %v", err)
		}
		if c := counts(t, d); c != "0/0/0/1/" {
			t.Errorf("after delete meetings/attendance/photos/creates = %s", c)
		}
		if n := auditCount(t, d, "meeting.delete"); n != 1 {
			t.Errorf("delete audited %d times", n)
		}
		if err := f.st.Delete(f.ctx, ht.Branch0, m.ID); err != apperr.ErrNotFound {
			t.Errorf("second delete: %v", err)
		}
	})
}

// TestEditMeetingPhotos adds and removes photos while editing, refuses a
// photo of another meeting, more than MaxPhotos in all and a file that is
// not an image, without changing anything.
func TestEditMeetingPhotos(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		img := func(n int) orglife.Upload {
			return orglife.Upload{Name: fmt.Sprintf("p%d.png", n), Data: pngBytes(t, n)}
		}
		m, err := f.st.Create(f.ctx, ht.Branch0, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.Lecture, HeldOn: "2026-09-20", Title: "党课",
			Photos: []orglife.Upload{img(1), img(2)}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := f.st.Create(f.ctx, ht.Branch0, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.Study, HeldOn: "2026-09-21", Title: "学习",
			Photos: []orglife.Upload{img(3)}})
		if err != nil {
			t.Fatal(err)
		}
		base := orglife.Draft{Kind: orglife.Lecture, HeldOn: "2026-09-20", Title: "党课"}
		for _, c := range []struct {
			name   string
			add    []orglife.Upload
			remove []int64
			key    string
		}{
			{"another meeting's photo", nil, []int64{other.Photos[0].ID}, "err.orglife.photo_unknown"},
			{"ten photos in all", []orglife.Upload{img(4), img(5), img(6), img(7), img(8), img(9), img(10), img(11)}, nil, "err.orglife.photo_count"},
			{"not an image", []orglife.Upload{{Name: "a.pdf", Data: []byte("%PDF-1.4")}}, []int64{m.Photos[0].ID}, "err.orglife.photo_type"},
		} {
			x := base
			x.Photos, x.RemovePhotos = c.add, c.remove
			_, err := f.st.Update(f.ctx, ht.Branch0, m.ID, x)
			wantErr(t, c.name, err, apperr.Invalid, c.key)
		}
		if g, _ := f.st.Get(f.ctx, ht.Scope, m.ID); len(g.Photos) != 2 {
			t.Errorf("refused edits changed the photos: %d", len(g.Photos))
		}
		x := base
		x.Photos, x.RemovePhotos = []orglife.Upload{img(12)}, []int64{m.Photos[0].ID}
		g, err := f.st.Update(f.ctx, ht.Branch0, m.ID, x)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Photos) != 2 || g.Photos[0].ID != m.Photos[1].ID || g.Photos[1].Name != "p12.png" {
			t.Errorf("photos after the edit: %+v", g.Photos)
		}
		if g, _ := f.st.Get(f.ctx, ht.Scope, other.ID); len(g.Photos) != 1 {
			t.Errorf("the other meeting lost its photo")
		}
	})
}
