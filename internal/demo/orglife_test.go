package demo_test

import (
	"context"
	"testing"

	"dangjian/internal/assess"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
)

// checkOrglife checks the organizational-life demo data: 马亮村's
// "酸豆树下党课", and 梅西村党委's branches meeting every requirement of
// 2025.
func checkOrglife(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	var title, place string
	err := d.Read().QueryRowContext(ctx, `SELECT m.title, m.place FROM meetings m JOIN orgs o ON o.id = m.org_id
		WHERE o.name = '马亮村党支部' AND m.kind = 'lecture' AND m.title = '酸豆树下党课'`).Scan(&title, &place)
	if err != nil || place != "村口酸豆树下" {
		t.Errorf("马亮村's lecture: %q %q %v", title, place, err)
	}
	var meixi int64
	if err := d.Read().QueryRowContext(ctx, `SELECT id FROM orgs WHERE name = '梅西村党委'`).Scan(&meixi); err != nil {
		t.Fatal(err)
	}
	st := &orglife.Store{DB: d}
	rep, err := st.Compliance(ctx, scope.Everything, orglife.Period{Year: 2025}, meixi)
	if err != nil || len(rep.Branches) == 0 || rep.Total.Total.Required != 44*len(rep.Branches) || rep.Total.Total.Held != rep.Total.Total.Required {
		t.Errorf("梅西村 compliance: %d branches, %+v, %v", len(rep.Branches), rep.Total.Total, err)
	}
	city, err := st.Compliance(ctx, scope.Everything, orglife.Period{Year: 2025}, 0)
	if err != nil || city.Total.Total.Held == 0 || city.Total.Total.Held >= city.Total.Total.Required {
		t.Errorf("city compliance: %+v %v", city.Total.Total, err)
	}
}

// checkAssess checks the demo's assessment: a 2025 run in which 梅西村's
// branches meet every 三会一课 requirement (the first indicator, 100) and
// the city's branches do not all score alike.
func checkAssess(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	st := &assess.Store{DB: d}
	var run int64
	if err := d.Read().QueryRowContext(ctx, `SELECT id FROM assess_runs WHERE period = '2025'`).Scan(&run); err != nil {
		t.Fatal(err)
	}
	r, err := st.GetRun(ctx, scope.Everything, run)
	if err != nil || len(r.Indicators) != 9 || len(r.Scores) == 0 {
		t.Fatalf("2025 run: %d indicators, %d scores, %v", len(r.Indicators), len(r.Scores), err)
	}
	meixi, scores := 0, map[float64]bool{}
	for _, s := range r.Scores {
		scores[s.Score] = true
		if s.ParentName == "梅西村党委" {
			meixi++
			if s.Raw[0] != 100 {
				t.Errorf("梅西村 branch %s: meeting compliance %v", s.OrgName, s.Raw[0])
			}
		}
	}
	if meixi == 0 || len(scores) < 3 {
		t.Errorf("梅西村 branches scored: %d; distinct scores %d", meixi, len(scores))
	}
}
