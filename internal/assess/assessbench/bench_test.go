package assessbench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dangjian/internal/assess"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
)

// The province benchmarks (scripts/bench-assess.sh). The worlds are
// generated once and kept: SQLite in ASSESSBENCH_SQLITE (default
// $TMPDIR/assessbench.db), PostgreSQL in ASSESSBENCH_PG (a database URL;
// unset, the PostgreSQL sub-benchmarks are not run). ASSESSBENCH_ORGS
// scales the world down for a quick look.

func benchConfig() Config {
	c := Province()
	if n := os.Getenv("ASSESSBENCH_ORGS"); n != "" {
		fmt.Sscan(n, &c.Orgs)
	}
	return c
}

// indicators name every measure; weights sum to 100.
var indicators = assess.StandardIndicators()

type world struct {
	d *db.DB
	w World
}

var worlds sync.Map // backend → *world

// open returns the generated world of a backend, generating it when the
// database does not hold this configuration's world.
func open(b *testing.B, backend string) *world {
	if v, ok := worlds.Load(backend); ok {
		return v.(*world)
	}
	ctx := context.Background()
	c := benchConfig()
	dsn := os.Getenv("ASSESSBENCH_PG")
	if backend == "sqlite" {
		if dsn = os.Getenv("ASSESSBENCH_SQLITE"); dsn == "" {
			dsn = filepath.Join(os.TempDir(), "assessbench.db")
		}
	} else if dsn == "" {
		b.Skip("ASSESSBENCH_PG is not set")
	}
	key, _ := json.Marshal(struct {
		Config
		Schema int // bumped when the generated tables change
	}{c, 3})
	d, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	var have string
	d.Read().QueryRowContext(ctx, `SELECT doc FROM bench_world WHERE config = ?`, string(key)).Scan(&have)
	var w World
	if have == "" || json.Unmarshal([]byte(have), &w) != nil {
		d.Close()
		if backend == "sqlite" {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(dsn + suffix)
			}
		} else if err := resetPG(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		if d, err = db.Open(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		if err := d.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if w, err = Generate(ctx, d, c); err != nil {
			b.Fatal(err)
		}
		doc, _ := json.Marshal(w)
		if _, err := d.W.ExecContext(ctx, d.Rebind(`CREATE TABLE bench_world (config TEXT, doc TEXT)`)); err != nil {
			b.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, d.Rebind(`INSERT INTO bench_world VALUES (?, ?)`), string(key), string(doc)); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "generated the %s world in %s: %d orgs, %d members, %d activity records %v; meeting_months rebuilt from the records in %s\n",
			backend, time.Since(start).Round(time.Second), w.Orgs, w.Members, w.Total(), w.Activity, w.RebuildMonths.Round(time.Millisecond))
	}
	x := &world{d: d, w: w}
	worlds.Store(backend, x)
	return x
}

// resetPG empties the benchmark database's public schema.
func resetPG(ctx context.Context, dsn string) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = d.W.ExecContext(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`)
	return err
}

// today is after the generated year: every period has ended.
const today = "2027-01-10"

func backends() []string { return []string{"sqlite", "postgres"} }

// BenchmarkRecompute recomputes every indicator of every basic org for the
// year: the engine (raw records streamed on parallel connections,
// aggregated in Go) against the plain SQL GROUP BY recomputation, each
// followed by the same scoring.
func BenchmarkRecompute(b *testing.B) {
	for _, backend := range backends() {
		for _, how := range []string{"engine", "groupby"} {
			b.Run(backend+"/"+how, func(b *testing.B) {
				x := open(b, backend)
				ctx := context.Background()
				p := assess.Period{Year: x.w.Year}
				b.ResetTimer()
				for b.Loop() {
					var f *assess.Facts
					var err error
					if how == "engine" {
						f, err = assess.LoadFacts(ctx, x.d, scope.Everything, p, today)
					} else {
						f, err = assess.LoadFactsSQL(ctx, x.d.Read(), scope.Everything, p, today, 0)
					}
					if err != nil {
						b.Fatal(err)
					}
					if s := f.Score(indicators); len(s) != x.w.Orgs {
						b.Fatalf("%d scores for %d orgs", len(s), x.w.Orgs)
					}
				}
				b.ReportMetric(float64(x.w.Total()), "records")
			})
		}
	}
}

// BenchmarkMeetingUpdate records one new meeting (with its attendance, in
// one transaction) of a random org while a run of the open quarter covers
// every org: the meeting write and the rescoring of that org together.
// The setup applies the run once (recorded as the engine's end-to-end
// apply: compute and store 100k scores).
func BenchmarkMeetingUpdate(b *testing.B) {
	for _, backend := range backends() {
		b.Run(backend, func(b *testing.B) {
			x := open(b, backend)
			ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 0, Username: "bench"})
			clock := func() time.Time { return time.Date(x.w.Year, 12, 20, 9, 0, 0, 0, assess.Sanya) } // Q4 open
			st := &assess.Store{DB: x.d, Clock: clock}
			life := &orglife.Store{DB: x.d, Clock: clock, Changed: st.MeetingRecorded}
			run, err := liveRun(ctx, st, x)
			if err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewPCG(3, 4))
			first := int64(2 + x.w.Districts)
			b.ResetTimer()
			for b.Loop() {
				org := first + int64(r.IntN(x.w.Orgs))
				member := (org-first)*int64(x.w.MembersPerOrg) + 1
				if err := x.d.InTx(ctx, func(tx *db.Tx) error {
					_, err := life.Record(ctx, tx, orglife.Draft{OrgID: org, Kind: orglife.ThemeDay, HeldOn: fmt.Sprintf("%d-12-%02d", x.w.Year, 1+r.IntN(19)),
						Title: "主题党日", Attendance: []orglife.Attendee{{PersonID: member, Status: orglife.Present}}})
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			var n int
			x.d.Read().QueryRowContext(ctx, x.d.Rebind(`SELECT count(*) FROM audit_log WHERE action = 'assess.rescore' AND entity_id = ?`), run).Scan(&n)
			if n < b.N {
				b.Fatalf("%d rescorings for %d meetings", n, b.N)
			}
		})
	}
}

// liveRun applies the scheme to the open quarter once per world.
func liveRun(ctx context.Context, st *assess.Store, x *world) (int64, error) {
	var id int64
	x.d.Read().QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM assess_runs WHERE period = '`+fmt.Sprintf("%d-Q4", x.w.Year)+`'`).Scan(&id)
	if id != 0 {
		return id, nil
	}
	sid, err := st.CreateScheme(ctx, "省级考核")
	if err != nil {
		return 0, err
	}
	sch, err := st.GetScheme(ctx, scope.Everything, sid)
	if err != nil {
		return 0, err
	}
	if _, _, err := st.SetIndicators(ctx, sch.Versions[0].ID, indicators); err != nil {
		return 0, err
	}
	start := time.Now()
	id, err = st.Apply(ctx, scope.Everything, sch.Versions[0].ID, fmt.Sprintf("%d-Q4", x.w.Year))
	fmt.Fprintf(os.Stderr, "applied the open-quarter run over %d orgs (compute and store) in %s\n", x.w.Orgs, time.Since(start).Round(time.Millisecond))
	return id, err
}

var errRollback = fmt.Errorf("rollback")

// BenchmarkRescore is the score update alone: inside a transaction,
// assess.Store.MeetingRecorded for a random org and day of the open
// quarter (find the org's open runs, recount its meetings of the quarter,
// rescore, update, audit), then the transaction is rolled back.
func BenchmarkRescore(b *testing.B) {
	for _, backend := range backends() {
		b.Run(backend, func(b *testing.B) {
			x := open(b, backend)
			ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 0, Username: "bench"})
			st := &assess.Store{DB: x.d, Clock: func() time.Time { return time.Date(x.w.Year, 12, 20, 9, 0, 0, 0, assess.Sanya) }}
			if _, err := liveRun(ctx, st, x); err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewPCG(5, 6))
			first := int64(2 + x.w.Districts)
			b.ResetTimer()
			for b.Loop() {
				org := first + int64(r.IntN(x.w.Orgs))
				err := x.d.InTx(ctx, func(tx *db.Tx) error {
					if err := st.MeetingRecorded(ctx, tx, org, fmt.Sprintf("%d-12-%02d", x.w.Year, 1+r.IntN(19))); err != nil {
						return err
					}
					return errRollback
				})
				if err != errRollback {
					b.Fatal(err)
				}
			}
		})
	}
}
