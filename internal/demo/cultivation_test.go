package demo_test

import (
	"context"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/demo"
)

// TestCultivationTiny checks the demo's pipeline: people at every stage,
// the registry status following, one probation due in January.
func TestCultivationTiny(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		generate(t, d, demo.Tiny)
		ctx := context.Background()
		var stages, consistent, due, duals int
		q := d.Read()
		q.QueryRowContext(ctx, `SELECT count(DISTINCT stage) FROM recruits`).Scan(&stages)
		q.QueryRowContext(ctx, `SELECT count(*) FROM recruits r JOIN people p ON p.id = r.person_id
			WHERE p.status = CASE r.stage WHEN 'applicant' THEN 'masses' ELSE r.stage END AND (r.stage = 'applicant' OR p.org_id = r.org_id)`).Scan(&consistent)
		q.QueryRowContext(ctx, `SELECT count(*) FROM recruits WHERE stage = 'probationary' AND due_on = '2026-01-15'`).Scan(&due)
		q.QueryRowContext(ctx, `SELECT count(*) FROM dual_cultivation`).Scan(&duals)
		if stages != 5 || consistent != 5 || due != 1 {
			t.Errorf("pipeline: %d stages, %d consistent, %d due", stages, consistent, due)
		}
		t.Logf("dual cultivation entries: %d", duals)
	})
}
