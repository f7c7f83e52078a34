package talent_test

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
)

// Two app servers share a database: a talent written through one is seen
// by the other's ranking at its next request (the revision check), and on
// PostgreSQL the other's listener loads it in the background as soon as
// the write commits, before any request asks.
func TestLiveAcrossHandles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		other, err := db.Open(context.Background(), d.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		live := talent.NewLive(other, f.S.Tax)
		if err := live.Refresh(f.ctx); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(f.ctx)
		defer cancel()
		go live.Listen(ctx)

		tl := f.verified(t, f.cardiologist("远端"))
		if d.Dialect == db.Postgres {
			// Without asking: the notification brings it in.
			deadline := time.Now().Add(10 * time.Second)
			for live.Cached().Len() == 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if live.Cached().Len() != 1 {
				t.Fatalf("the listener never loaded the new talent")
			}
		}
		dm := f.clinic("远端需求")
		r, err := live.RankTalents(f.ctx, talent.QueryOf(talent.Demand{Title: dm.Title, Body: dm.Body, Start: dm.Start, End: dm.End,
			Slots: dm.Slots, Mode: dm.Mode, Lat: 18.32, Lng: 109.6, Required: dm.Required}), 5)
		if err != nil || len(r) != 1 || r[0].TalentID != tl.ID || r[0].Parts.Skill != 1 {
			t.Fatalf("other server's ranking: %+v %v", r, err)
		}
		// An edit on the first handle is ranked on the second at once.
		tl.Skills = []string{"edu.sports"}
		tl.Expertise = "游泳教练"
		if _, err := f.S.Update(f.ctx, scope.Everything, talent.Official, tl); err != nil {
			t.Fatal(err)
		}
		r, err = live.RankTalents(f.ctx, talent.QueryOf(talent.Demand{Title: dm.Title, Body: dm.Body, Start: dm.Start, End: dm.End,
			Slots: dm.Slots, Mode: dm.Mode, Lat: 18.32, Lng: 109.6, Required: dm.Required}), 5)
		if err != nil || len(r) != 0 {
			t.Errorf("after the edit the swimming coach still ranks for cardiology: %+v %v", r, err)
		}
	})
}
