package demo_test

import (
	"context"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/demo"
)

// TestAlliancesTiny checks the demo alliances: the 海棠 湾区大党委 with
// members, a joint meeting with tasks and a memorandum, and two pairings
// in 崖州区.
func TestAlliancesTiny(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		generate(t, d, demo.Tiny)
		ctx := context.Background()
		count := func(q string) int {
			var n int
			if err := d.Read().QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT count(*) FROM alliances WHERE kind = 'regional_committee' AND name = '海棠湾区大党委'`); n != 1 {
			t.Errorf("regional committees = %d", n)
		}
		if n := count(`SELECT count(*) FROM alliances WHERE kind = 'pairing' AND pairing IN ('strong_weak_village', 'village_enterprise')`); n != 2 {
			t.Errorf("pairings = %d, want 2", n)
		}
		if n := count(`SELECT count(*) FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id WHERE a.kind = 'regional_committee' AND m.unit_id IS NOT NULL`); n < 2 {
			t.Errorf("member units = %d", n)
		}
		for q, want := range map[string]int{`SELECT count(*) FROM alliance_meetings`: 1, `SELECT count(*) FROM alliance_tasks`: 2,
			`SELECT count(*) FROM alliance_memoranda`: 1, `SELECT count(*) FROM alliance_progress`: 1} {
			if n := count(q); n != want {
				t.Errorf("%s = %d, want %d", q, n, want)
			}
		}
	})
}
