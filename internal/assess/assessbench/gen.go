// Package assessbench generates a province-scale organization network —
// orgs, members and a year of activity records (meetings, orders, gap
// actions, talent engagements, recruitment steps, supervision findings,
// projects) — into an empty, migrated database, and measures the
// assessment's recomputation and incremental update against a plain SQL
// GROUP BY recomputation (bench_test.go, scripts/bench-assess.sh).
package assessbench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/orglife"
)

// Config sizes a generated world.
type Config struct {
	Orgs          int // basic orgs (branches and joint branches)
	MembersPerOrg int // members of each basic org
	OrgsPerArea   int // basic orgs per village (orders are counted by area)
	Districts     int // districts, each with its committee
	Year          int // the year of the activity records
	Seed          uint64
}

// Province is the scale of the goal: 100k orgs, 1M members and
// about 5M activity records.
func Province() Config {
	return Config{Orgs: 100000, MembersPerOrg: 10, OrgsPerArea: 5, Districts: 20, Year: 2026, Seed: 1}
}

// World describes what was generated.
type World struct {
	Config
	Members  int
	Activity map[string]int // records per table
	// DistrictPath is the area path of the first district (a scoped caller).
	DistrictPath string
	// RebuildMonths is the time orglife.RebuildMonths took after the load.
	RebuildMonths time.Duration
}

// Total is the number of activity records.
func (w World) Total() int {
	n := 0
	for _, c := range w.Activity {
		n += c
	}
	return n
}

// Generate writes a world into d, which must be migrated and empty.
func Generate(ctx context.Context, d *db.DB, c Config) (World, error) {
	w := World{Config: c, Activity: map[string]int{}}
	l, err := newLoader(ctx, d)
	if err != nil {
		return w, err
	}
	g := &gen{c: c, now: time.Date(c.Year, 1, 1, 8, 0, 0, 0, time.UTC)}
	g.layout()
	w.DistrictPath = fmt.Sprintf("/1/%d/", 2)
	steps := []struct {
		table string
		cols  []string
		rows  rows
		count bool
	}{
		{"areas", []string{"id", "parent_id", "code", "name", "kind", "path", "depth", "created_at"}, g.areas, false},
		{"orgs", []string{"id", "parent_id", "code", "name", "kind", "sector", "area_id", "area_path", "path", "created_at", "updated_at"}, g.orgs, false},
		{"people", []string{"id", "name", "status", "org_id", "org_path", "area_id", "area_path", "created_at", "updated_at"}, g.people, false},
		{"posts", []string{"id", "code", "name", "level", "district_id", "area_id", "area_path", "lat", "lng", "build_status", "created_at", "updated_at"}, g.posts, false},
		{"meetings", []string{"org_id", "kind", "held_on", "title", "expected", "present", "created_at", "updated_at"}, g.meetings, true},
		{"orders", []string{"token", "channel", "orderer_kind", "category", "description", "lat", "lng", "area_id", "area_path", "district_id",
			"post_id", "origin_post_id", "overdue", "status", "limit_days", "deadline", "rating", "created_at", "updated_at"}, g.orders, true},
		{"gap_actions", []string{"kind", "area_id", "area_path", "owner_org_id", "deadline", "status", "created_at", "updated_at"}, g.gaps, true},
		{"talents", []string{"id", "name", "area_id", "area_path", "lat", "lng", "travel_km", "mode", "status", "created_at", "updated_at"}, g.talents, false},
		{"demands", []string{"id", "org_id", "org_path", "area_id", "area_path", "title", "channel", "lat", "lng", "mode", "start_on", "end_on",
			"slots", "headcount", "status", "created_at", "updated_at"}, g.demands, true},
		{"engagements", []string{"demand_id", "talent_id", "status", "source", "created_at", "updated_at"}, g.engagements, true},
		{"recruit_steps", []string{"person_id", "stage", "on_date", "org_id", "created_at"}, g.steps, true},
		{"supervision_visits", []string{"id", "org_id", "visited_on", "inspectors", "created_at"}, g.visits, true},
		{"supervision_findings", []string{"visit_id", "body", "severity"}, g.findings, true},
		{"projects", []string{"org_id", "name", "status", "own_progress", "progress", "created_at", "updated_at"}, g.projects, true},
	}
	for _, s := range steps {
		n, err := l.load(ctx, s.table, s.cols, s.rows)
		if err != nil {
			l.abort()
			return w, err
		}
		if s.count {
			w.Activity[s.table] = n
		}
		if s.table == "people" {
			w.Members = n
		}
	}
	if err := l.finish(ctx); err != nil {
		return w, err
	}
	// The meetings were written in bulk, not through orglife's store: its
	// summaries are rebuilt once, as after an import.
	start := time.Now()
	if err := d.InTx(ctx, func(tx *db.Tx) error { return orglife.RebuildMonths(ctx, tx) }); err != nil {
		return w, err
	}
	w.RebuildMonths = time.Since(start)
	_, err = d.W.ExecContext(ctx, `ANALYZE meeting_months`)
	return w, err
}

// gen holds the layout: ids are assigned in order so that references need
// no lookups. Areas: 1 the city, 2… the districts, then the villages.
// Orgs: 1 the city committee, 2… the district committees, then the basic
// orgs, OrgsPerArea per village, villages spread over the districts.
type gen struct {
	c        Config
	now      time.Time
	villages int
	firstV   int64 // first village area id
	firstOrg int64 // first basic org id
	nTalents int
}

func (g *gen) layout() {
	g.villages = (g.c.Orgs + g.c.OrgsPerArea - 1) / g.c.OrgsPerArea
	g.firstV = int64(2 + g.c.Districts)
	g.firstOrg = int64(2 + g.c.Districts)
	g.nTalents = max(10, g.c.Orgs/10)
}

func (g *gen) rng(salt uint64) *rand.Rand { return rand.New(rand.NewPCG(g.c.Seed, salt)) }

// district of village v (0-based) and the village of basic org k.
func (g *gen) district(v int) int64 { return int64(2 + v%g.c.Districts) }
func (g *gen) village(k int) int    { return k / g.c.OrgsPerArea }

func (g *gen) villagePath(v int) string {
	return fmt.Sprintf("/1/%d/%d/", g.district(v), g.firstV+int64(v))
}
func (g *gen) orgPath(k int) string {
	return fmt.Sprintf("/1/%d/%d/", g.district(g.village(k)), g.firstOrg+int64(k))
}

func (g *gen) areas(emit func(...any) error) error {
	if err := emit(int64(1), nil, "C1", "三亚市", "city", "/1/", 0, g.now); err != nil {
		return err
	}
	for i := 0; i < g.c.Districts; i++ {
		id := int64(2 + i)
		if err := emit(id, int64(1), fmt.Sprintf("D%d", id), fmt.Sprintf("区%d", i+1), "district", fmt.Sprintf("/1/%d/", id), 1, g.now); err != nil {
			return err
		}
	}
	for v := 0; v < g.villages; v++ {
		id := g.firstV + int64(v)
		if err := emit(id, g.district(v), fmt.Sprintf("V%d", id), fmt.Sprintf("村%d", v+1), "village", g.villagePath(v), 2, g.now); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) orgs(emit func(...any) error) error {
	if err := emit(int64(1), nil, "O1", "市委", "committee", "city", int64(1), "/1/", "/1/", g.now, g.now); err != nil {
		return err
	}
	for i := 0; i < g.c.Districts; i++ {
		id := int64(2 + i)
		if err := emit(id, int64(1), fmt.Sprintf("O%d", id), fmt.Sprintf("区委%d", i+1), "committee", "district", id, fmt.Sprintf("/1/%d/", id),
			fmt.Sprintf("/1/%d/", id), g.now, g.now); err != nil {
			return err
		}
	}
	for k := 0; k < g.c.Orgs; k++ {
		v := g.village(k)
		kind := "branch"
		if k%10 == 9 {
			kind = "joint_branch"
		}
		id := g.firstOrg + int64(k)
		if err := emit(id, g.district(v), fmt.Sprintf("O%d", id), fmt.Sprintf("支部%d", k+1), kind, "village", g.firstV+int64(v), g.villagePath(v),
			g.orgPath(k), g.now, g.now); err != nil {
			return err
		}
	}
	return nil
}

// person is the id of member j of basic org k.
func (g *gen) person(k, j int) int64 { return int64(k*g.c.MembersPerOrg + j + 1) }

func (g *gen) people(emit func(...any) error) error {
	for k := 0; k < g.c.Orgs; k++ {
		v := g.village(k)
		for j := 0; j < g.c.MembersPerOrg; j++ {
			if err := emit(g.person(k, j), fmt.Sprintf("党员%d", g.person(k, j)), "member", g.firstOrg+int64(k), g.orgPath(k),
				g.firstV+int64(v), g.villagePath(v), g.now, g.now); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *gen) posts(emit func(...any) error) error {
	for i := 0; i < g.c.Districts; i++ {
		id := int64(2 + i)
		if err := emit(id, fmt.Sprintf("P%d", id), fmt.Sprintf("服务中心%d", i+1), 1, id, id, fmt.Sprintf("/1/%d/", id), 18.25, 109.5, "built", g.now, g.now); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) day(r *rand.Rand, month int) string {
	return fmt.Sprintf("%04d-%02d-%02d", g.c.Year, month, 1+r.IntN(28))
}

// meetings: each month a committee meeting, a group meeting and a theme
// day (each held with probability 0.92), each quarter a general meeting
// and a lecture (0.85, in one month of the quarter), and now and then a
// study session — about 41 records per org and year.
func (g *gen) meetings(emit func(...any) error) error {
	r := g.rng(11)
	for k := 0; k < g.c.Orgs; k++ {
		org := g.firstOrg + int64(k)
		members := int64(g.c.MembersPerOrg)
		held := func(kind orglife.Kind, month int) error {
			present := members - int64(r.IntN(int(members/3)+1))
			return emit(org, string(kind), g.day(r, month), "会议", members, present, g.now, g.now)
		}
		for m := 1; m <= 12; m++ {
			for _, kind := range []orglife.Kind{orglife.CommitteeMeet, orglife.GroupMeeting, orglife.ThemeDay} {
				if r.Float64() < 0.92 {
					if err := held(kind, m); err != nil {
						return err
					}
				}
			}
			if r.Float64() < 0.1 {
				if err := held(orglife.Study, m); err != nil {
					return err
				}
			}
		}
		for q := 0; q < 4; q++ {
			for _, kind := range []orglife.Kind{orglife.GeneralMeeting, orglife.Lecture} {
				if r.Float64() < 0.85 {
					if err := held(kind, 3*q+1+r.IntN(3)); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// orders: six per basic org's worth, placed in the villages.
func (g *gen) orders(emit func(...any) error) error {
	r := g.rng(12)
	ratings := []any{nil, "satisfied", "satisfied", "satisfied", "basic", "unsatisfied"}
	n := 6 * g.c.Orgs
	for i := 0; i < n; i++ {
		v := r.IntN(g.villages)
		at := time.Date(g.c.Year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 9, 0, 0, 0, time.UTC)
		post := g.district(v)
		if err := emit(fmt.Sprintf("T%d", i+1), "web", "resident", "environment", "诉求", 18.25, 109.5, g.firstV+int64(v), g.villagePath(v),
			post, post, post, r.Float64() < 0.08, "closed", 5, at.AddDate(0, 0, 7), ratings[r.IntN(len(ratings))], at, at); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) gaps(emit func(...any) error) error {
	r := g.rng(13)
	for k := 0; k < g.c.Orgs; k += 2 {
		v := g.village(k)
		status := "open"
		if r.Float64() < 0.6 {
			status = "closed"
		}
		if err := emit("joint_branch", g.firstV+int64(v), g.villagePath(v), g.firstOrg+int64(k), g.now.AddDate(0, 1, 0), status, g.now, g.now); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) talents(emit func(...any) error) error {
	for i := 1; i <= g.nTalents; i++ {
		if err := emit(int64(i), fmt.Sprintf("人才%d", i), int64(1), "/1/", 18.25, 109.5, 30, "onsite", "verified", g.now, g.now); err != nil {
			return err
		}
	}
	return nil
}

// demands: one per two orgs; engagements: two per demand.
func (g *gen) demands(emit func(...any) error) error {
	r := g.rng(14)
	for k, id := 0, int64(1); k < g.c.Orgs; k, id = k+2, id+1 {
		v := g.village(k)
		start := g.day(r, 1+r.IntN(12))
		if err := emit(id, g.firstOrg+int64(k), g.orgPath(k), g.firstV+int64(v), g.villagePath(v), "需求", "station", 18.25, 109.5, "onsite",
			start, start, 2, 2, "open", g.now, g.now); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) engagements(emit func(...any) error) error {
	r := g.rng(15)
	statuses := []string{"completed", "completed", "completed", "serving", "declined"}
	for id := int64(1); id <= int64((g.c.Orgs+1)/2); id++ {
		t := 1 + r.IntN(g.nTalents-1)
		for j := 0; j < 2; j++ {
			if err := emit(id, int64(t+j), statuses[r.IntN(len(statuses))], "invite", g.now, g.now); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *gen) steps(emit func(...any) error) error {
	r := g.rng(16)
	for k := 0; k < g.c.Orgs; k++ {
		for j := 0; j < 1+r.IntN(2); j++ {
			if err := emit(g.person(k, r.IntN(g.c.MembersPerOrg)), "activist", g.day(r, 1+r.IntN(12)), g.firstOrg+int64(k), g.now); err != nil {
				return err
			}
		}
	}
	return nil
}

// visits: one per five orgs; findings: 0–4 per visit.
func (g *gen) visits(emit func(...any) error) error {
	r := g.rng(17)
	for k, id := 0, int64(1); k < g.c.Orgs; k, id = k+5, id+1 {
		if err := emit(id, g.firstOrg+int64(k), g.day(r, 1+r.IntN(12)), "督查组", g.now); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) findings(emit func(...any) error) error {
	r := g.rng(18)
	for id := int64(1); id <= int64((g.c.Orgs+4)/5); id++ {
		for j := r.IntN(5); j > 0; j-- {
			if err := emit(id, "台账不全", "medium"); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *gen) projects(emit func(...any) error) error {
	r := g.rng(19)
	for k := 0; k < g.c.Orgs; k += 2 {
		p := r.IntN(101)
		if err := emit(g.firstOrg+int64(k), "项目", "active", p, p, g.now, g.now); err != nil {
			return err
		}
	}
	return nil
}
