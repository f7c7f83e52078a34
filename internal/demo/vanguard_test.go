package demo_test

import (
	"context"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/demo"
)

// TestVanguardTiny checks the demo's vanguard team of 梅西村党委 with its
// members and activities, the 送学上门 plan of a 梅西村 branch and the
// 白衣书记 training plan of a hospital branch, each with sessions.
func TestVanguardTiny(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		generate(t, d, demo.Tiny)
		ctx := context.Background()
		q := d.Read()
		var members, acts, doorstep, training int
		if err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM vanguard_members m WHERE m.team_id = t.id), (SELECT count(*) FROM vanguard_activities a WHERE a.team_id = t.id)
			FROM vanguard_teams t JOIN orgs o ON o.id = t.org_id WHERE o.name = '梅西村党委'`).Scan(&members, &acts); err != nil {
			t.Fatalf("梅西村党委's team: %v", err)
		}
		q.QueryRowContext(ctx, `SELECT count(*) FROM study_sessions s JOIN study_plans p ON p.id = s.plan_id JOIN orgs o ON o.id = p.org_id
			JOIN orgs top ON top.id = o.parent_id WHERE p.kind = 'doorstep' AND top.name = '梅西村党委'`).Scan(&doorstep)
		q.QueryRowContext(ctx, `SELECT count(*) FROM study_sessions s JOIN study_plans p ON p.id = s.plan_id JOIN orgs o ON o.id = p.org_id
			WHERE p.kind = 'training' AND o.sector = 'hospital'`).Scan(&training)
		if members < 2 || acts != 4 || doorstep != 4 || training != 4 {
			t.Errorf("team of %d members with %d activities; %d 送学上门 sessions; %d 白衣书记 sessions", members, acts, doorstep, training)
		}
	})
}
