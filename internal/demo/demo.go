// Package demo generates a deterministic, realistic demonstration registry
// for Sanya: grids inside the shipped villages and communities; a party
// organization tree modelled on the seed text (city organs, the education,
// health, police and state-asset systems, the "two-new" work committee,
// districts with a party organization for every village and community, and
// the functional zones); units with industry-chain tags, about 40% of them
// covered by a branch; people with valid ID and mobile numbers, statuses,
// flags (mobile, pocket, seasonal) and cadre roles; and demo accounts.
//
// The same scale always gives the same data (math/rand/v2 PCG with a fixed
// seed, no map-order dependence), on both backends. Generate refuses to run
// on a database that already holds orgs, units or people.
package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/gap"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Scale is how much data to generate.
type Scale string

// Scales.
const (
	Tiny     Scale = "tiny"     // for tests: ~300 people, ~45 orgs, ~100 units, 8 villages
	City     Scale = "city"     // a realistic city: ~60k people, 3k orgs, 20k units
	Province Scale = "province" // for benchmarks: ~1M people, 100k orgs, 1M units
)

// Password is the password of every demo account. It passes the complexity
// rule (at least 10 characters of three classes).
const Password = "Sanya@2026demo"

// Account is one demo account created by Generate.
type Account struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Role     string `json:"role"`
	Scope    string `json:"scope"` // Chinese description of the account's scope
}

// Summary is what Generate wrote. Areas counts every area in the database
// after generation (the shipped areas plus the new grids).
type Summary struct {
	Areas    int       `json:"areas"`
	Grids    int       `json:"grids"`
	Orgs     int       `json:"orgs"`
	Units    int       `json:"units"`
	People   int       `json:"people"`
	Talents  int       `json:"talents"`
	Demands  int       `json:"demands"`
	Posts    int       `json:"posts"`
	Orders   int       `json:"orders"`
	Homes    int       `json:"homes"`
	Accounts []Account `json:"accounts"`
}

// config holds the targets of one scale.
type config struct {
	people, orgs, units int
	seed                uint64
	perDistrict         int // villages and communities per district (0: all)
	listCap             int // cap on each named list of institutions (0: all)
}

var configs = map[Scale]config{
	Tiny:     {people: 300, orgs: 40, units: 100, seed: 1, perDistrict: 1, listCap: 1},
	City:     {people: 60_000, orgs: 3_000, units: 20_000, seed: 2},
	Province: {people: 1_000_000, orgs: 100_000, units: 1_000_000, seed: 3},
}

// ParseScale checks a scale name.
func ParseScale(s string) (Scale, error) {
	if _, ok := configs[Scale(s)]; !ok {
		return "", apperr.InvalidField("scale", "err.demo.scale").With("scale", s)
	}
	return Scale(s), nil
}

// asOf is the fixed "today" of the generated data, so ages and dates do not
// depend on when the generator runs.
var asOf = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

// Generate fills an empty database with demo data of the given scale and
// returns what it wrote. It seeds the shipped areas first when needed.
// progress, if not nil, is called as stages advance. The people are
// committed in chunks, so a failure part-way leaves a partial registry that
// must be discarded (a second run refuses a non-empty database).
func Generate(ctx context.Context, d *db.DB, v *pii.Vault, scale Scale, progress func(stage string, done, total int)) (Summary, error) {
	cfg, ok := configs[scale]
	if !ok {
		return Summary{}, apperr.InvalidField("scale", "err.demo.scale").With("scale", string(scale))
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if err := checkEmpty(ctx, d); err != nil {
		return Summary{}, err
	}
	seeded, err := area.Seeded(ctx, d.Read())
	if err != nil {
		return Summary{}, apperr.Wrap(err, "demo seeded")
	}
	if !seeded {
		progress("areas", 0, 1)
		if err := area.Seed(ctx, d); err != nil {
			return Summary{}, err
		}
		progress("areas", 1, 1)
	}
	g := &gen{ctx: ctx, d: d, v: v, cfg: cfg, progress: progress,
		rng:    rand.New(rand.NewPCG(2026, cfg.seed)),
		idSeen: map[uint64]struct{}{}, phoneSeen: map[uint64]struct{}{}, codeSeen: map[string]struct{}{}}
	steps := []func() error{g.loadAreas, g.makeGrids, g.planBase, g.planUnits, g.planCoverage, g.planFill,
		g.planPeople, g.writeOrgs, g.writeUnits, g.writePeople, g.setSecretaries}
	for _, step := range steps {
		if err := step(); err != nil {
			return Summary{}, err
		}
	}
	accounts, err := g.createAccounts()
	if err != nil {
		return Summary{}, err
	}
	acct, err := g.writeTalents()
	if err != nil {
		return Summary{}, err
	}
	if acct.Username != "" {
		accounts = append(accounts, acct)
	}
	svc, err := g.writeService()
	if err != nil {
		return Summary{}, err
	}
	accounts = append(accounts, svc...)
	if err := g.writeCoverage(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	if err := g.writeOrglife(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	if err := g.writeCultivation(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	// One scan turns the coverage gaps into open actions (消除覆盖空白点).
	if _, err := (&gap.Store{DB: d}).Scan(audit.WithActor(ctx, audit.Actor{Username: "demo"}), scope.Everything); err != nil {
		return Summary{}, err
	}
	if err := g.writeAlliances(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	if err := g.writeWeak(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	if err := g.writeVanguard(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	if err := g.writeAssess(audit.WithActor(ctx, audit.Actor{Username: "demo"})); err != nil {
		return Summary{}, err
	}
	return g.finish(scale, accounts)
}

// checkEmpty refuses a database that already holds registry rows.
func checkEmpty(ctx context.Context, d *db.DB) error {
	for _, t := range []string{"people", "orgs", "units"} {
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t+` LIMIT 1) x`).Scan(&n); err != nil {
			return apperr.Wrap(err, "demo check "+t)
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "err.demo.not_empty").With("table", t)
		}
	}
	return nil
}

// finish counts what is in the database and records the audit entry.
func (g *gen) finish(scale Scale, accounts []Account) (Summary, error) {
	s := Summary{Accounts: accounts, Grids: g.newGrids}
	for _, c := range []struct {
		table string
		n     *int
	}{{"areas", &s.Areas}, {"orgs", &s.Orgs}, {"units", &s.Units}, {"people", &s.People}, {"talents", &s.Talents}, {"demands", &s.Demands}, {"posts", &s.Posts}, {"orders", &s.Orders}, {"homes", &s.Homes}} {
		if err := g.d.Read().QueryRowContext(g.ctx, `SELECT count(*) FROM `+c.table).Scan(c.n); err != nil {
			return Summary{}, apperr.Wrap(err, "demo count")
		}
	}
	err := g.d.InTx(g.ctx, func(tx *db.Tx) error {
		return audit.Record(g.ctx, tx, "demo.generate", "demo", 0, map[string]any{
			"scale": scale, "areas": s.Areas, "grids": s.Grids, "orgs": s.Orgs, "units": s.Units, "people": s.People, "talents": s.Talents, "demands": s.Demands, "posts": s.Posts, "orders": s.Orders, "accounts": len(accounts)})
	})
	if err != nil {
		return Summary{}, apperr.Wrap(err, "demo audit")
	}
	g.progress("done", 1, 1)
	return s, nil
}
