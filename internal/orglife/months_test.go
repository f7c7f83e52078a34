package orglife_test

import (
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/orglife"
)

// TestMonthsFollowWrites: meeting_months, kept by the store in every
// write's transaction, equals a rebuild from the records after creates,
// an edit that moves a meeting into another year and a delete; and holds
// the hand-computed mask and per-quarter attendance.
func TestMonthsFollowWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ht := f.Haitang
		org := ht.Branches[0].ID
		present := []orglife.Attendee{{PersonID: ht.Members[0].ID, Status: orglife.Present}}
		var ids []int64
		for _, x := range []struct {
			kind orglife.Kind
			day  string
		}{{orglife.CommitteeMeet, "2026-01-10"}, {orglife.CommitteeMeet, "2026-01-20"}, {orglife.Lecture, "2026-05-02"},
			{orglife.Study, "2026-07-01"}, {orglife.ThemeDay, "2025-12-01"}, {orglife.GroupMeeting, "2026-03-03"}} {
			m, err := f.st.Create(f.ctx, ht.Branch0, orglife.Draft{OrgID: org, Kind: x.kind, HeldOn: x.day, Title: "会", Attendance: present})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID, int64(m.Expected))
		}
		// The group meeting moves to 2025-11; the second committee meeting is deleted.
		if _, err := f.st.Update(f.ctx, ht.Branch0, ids[10], orglife.Draft{Kind: orglife.GroupMeeting, HeldOn: "2025-11-05", Title: "会", Attendance: present}); err != nil {
			t.Fatal(err)
		}
		if err := f.st.Delete(f.ctx, ht.Branch0, ids[2]); err != nil {
			t.Fatal(err)
		}
		read := func() map[int]orglife.Months {
			out := map[int]orglife.Months{}
			if err := orglife.YearMonths(f.ctx, d.Read(), 2026, "", nil, func(m orglife.Months) {
				if m.OrgID == org {
					out[2026] = m
				}
			}); err != nil {
				t.Fatal(err)
			}
			if err := orglife.YearMonths(f.ctx, d.Read(), 2025, "", nil, func(m orglife.Months) {
				if m.OrgID == org {
					out[2025] = m
				}
			}); err != nil {
				t.Fatal(err)
			}
			return out
		}
		kept := read()
		// Rules order: general 0, committee 1, group 2, lecture 3, theme 4.
		expected := ids[1]
		m26 := kept[2026]
		if m26.Meetings != 3 || m26.Held(1) != 1 || m26.Held(3) != 1<<4 || m26.Held(2) != 0 ||
			m26.Expected != [4]int64{expected, expected, expected, 0} || m26.Present != [4]int64{1, 1, 1, 0} {
			t.Errorf("2026 = %+v", m26)
		}
		if m25 := kept[2025]; m25.Meetings != 2 || m25.Held(4) != 1<<11 || m25.Held(2) != 1<<10 {
			t.Errorf("2025 = %+v", m25)
		}
		if err := d.InTx(f.ctx, func(tx *db.Tx) error { return orglife.RebuildMonths(f.ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		if rebuilt := read(); rebuilt[2026] != kept[2026] || rebuilt[2025] != kept[2025] {
			t.Errorf("kept %+v, rebuilt %+v", kept, rebuilt)
		}
	})
}
