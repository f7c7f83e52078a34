package assess_test

import (
	"context"
	"math"
	"testing"
	"time"

	"dangjian/internal/assess"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/orglife"
	"dangjian/internal/testfix"
)

// TestLiveScores: a meeting recorded through orglife with the assessment's
// hook updates its org's score in the run of the open quarter (and so the
// ranking read from it), while the run of a closed quarter stays as it was.
func TestLiveScores(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := testfix.Build(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "tester"})
		clock := func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, assess.Sanya) }
		st := &assess.Store{DB: d, Clock: clock}
		life := &orglife.Store{DB: d, Clock: clock, Changed: st.MeetingRecorded}
		ht := w.Haitang
		sid, err := st.CreateScheme(ctx, "组织生活")
		if err != nil {
			t.Fatal(err)
		}
		sch, _ := st.GetScheme(ctx, ht.Scope, sid)
		v := sch.Versions[0].ID
		if _, _, err := st.SetIndicators(ctx, v, []assess.Indicator{
			{Name: "三会一课", Weight: 50, Measure: assess.MeetingCompliance, Target: 100, Index: "organization"},
			{Name: "参会率", Weight: 50, Measure: assess.MeetingAttendance, Target: 100, Index: "organization"},
		}); err != nil {
			t.Fatal(err)
		}
		open, err := st.Apply(ctx, ht.Scope, v, "2026-Q4")
		if err != nil {
			t.Fatal(err)
		}
		closed, err := st.Apply(ctx, ht.Scope, v, "2026-Q3")
		if err != nil {
			t.Fatal(err)
		}
		before, _ := st.GetRun(ctx, ht.Scope, closed)
		r, _ := st.GetRun(ctx, ht.Scope, open)
		if !r.Open || before.Open {
			t.Errorf("open: Q4 %v, Q3 %v", r.Open, before.Open)
		}
		if len(r.Scores) != 2 || r.Scores[0].Score != 100 || r.Scores[1].Rank != 1 {
			t.Fatalf("open run before = %+v", r.Scores)
		}

		b0 := ht.Branches[0].ID
		roster, err := life.Members(ctx, ht.Scope, b0)
		if err != nil || len(roster) < 2 {
			t.Fatalf("roster = %v, %v", roster, err)
		}
		for _, day := range []string{"2026-10-12", "2026-09-10"} {
			if _, err := life.Create(ctx, ht.Scope, orglife.Draft{OrgID: b0, Kind: orglife.CommitteeMeet, HeldOn: day, Title: "支委会",
				Attendance: []orglife.Attendee{{PersonID: roster[0].ID, Status: orglife.Present}}}); err != nil {
				t.Fatal(err)
			}
		}
		// Q4: the committee meeting is held (compliance 1/1 = 100); one of
		// the roster present → attendance 100/n %.
		att := math.Round(10000/float64(len(roster))) / 100
		want := math.Round((50+50*att/100)*100) / 100
		r, _ = st.GetRun(ctx, ht.Scope, open)
		var got assess.Score
		for _, s := range r.Scores {
			if s.OrgID == b0 {
				got = s
			}
		}
		if got.Score != want || got.Raw[1] != att || got.Raw[0] != 100 || got.Rank != 2 || r.Scores[0].Rank != 1 || r.Scores[0].OrgID == b0 {
			t.Errorf("open run after: branch %+v (want score %v, attendance %v, rank 2); all %+v", got, want, att, r.Scores)
		}
		after, _ := st.GetRun(ctx, ht.Scope, closed)
		for i := range before.Scores {
			if before.Scores[i].Score != after.Scores[i].Score {
				t.Errorf("closed Q3 run changed: %+v → %+v", before.Scores[i], after.Scores[i])
			}
		}
	})
}
