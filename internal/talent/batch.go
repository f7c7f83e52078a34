package talent

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/assign"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Batch matching for a season: every open demand in scope gets its best
// candidates from the ranking (the sparse candidate lists), and an exact
// assignment maximizes the total score under each demand's open places
// and each talent's free capacity. The greedy plan (best pairs first) is
// computed beside it so the gain is visible. A run is stored; applying it
// invites every pair of the exact plan in one transaction.

// Candidates per demand in a batch run.
const batchCandidates = 50

// scoreScale turns scores into the integers the exact solver works on.
const scoreScale = 1_000_000

// PlanPair is one assignment of a plan.
type PlanPair struct {
	DemandID int64   `json:"demand_id"`
	TalentID int64   `json:"talent_id"`
	Score    float64 `json:"score"`
	Parts    Parts   `json:"parts"`
}

// MatchRun is a stored batch run.
type MatchRun struct {
	ID          int64      `json:"id"`
	Demands     int        `json:"demands"`
	Talents     int        `json:"talents"`
	Edges       int        `json:"edges"`
	Total       float64    `json:"total"`
	GreedyTotal float64    `json:"greedy_total"`
	Gain        float64    `json:"gain_pct"`
	Millis      int64      `json:"millis"`
	Plan        []PlanPair `json:"plan"`
	Greedy      []PlanPair `json:"greedy"`
	Applied     bool       `json:"applied"`
	CreatedAt   time.Time  `json:"created_at"`
}

// PlanBatch computes and stores a batch run over the open demands of orgs
// in scope.
func (s *Store) PlanBatch(ctx context.Context, sc scope.Scope) (MatchRun, error) {
	t0 := time.Now()
	ix, err := s.Live.Index(ctx)
	if err != nil {
		return MatchRun{}, err
	}
	demands, err := s.Live.OpenDemands(ctx)
	if err != nil {
		return MatchRun{}, err
	}
	engaged, err := s.engagedPairs(ctx)
	if err != nil {
		return MatchRun{}, err
	}
	var p assign.Problem
	var rows []int64
	cols := map[int64]int32{}
	var colIDs []int64
	parts := map[[2]int64]Parts{}
	for _, d := range demands {
		if !sc.HasRow(d.AreaPath, d.OrgPath) || d.Taken >= d.Headcount {
			continue
		}
		row := int32(len(rows))
		rows = append(rows, d.ID)
		p.Rows = append(p.Rows, int32(d.Headcount-d.Taken))
		for _, r := range ix.Rank(QueryOf(d), batchCandidates) {
			if r.Full || engaged[[2]int64{d.ID, r.TalentID}] || r.Score <= 0 {
				continue
			}
			c, ok := cols[r.TalentID]
			if !ok {
				c = int32(len(colIDs))
				cols[r.TalentID] = c
				colIDs = append(colIDs, r.TalentID)
				p.Cols = append(p.Cols, int32(ix.free(r.TalentID)))
			}
			p.Edges = append(p.Edges, assign.Edge{Row: row, Col: c, Score: int64(math.Round(r.Score * scoreScale))})
			parts[[2]int64{d.ID, r.TalentID}] = r.Parts
		}
	}
	if len(rows) == 0 {
		return MatchRun{}, apperr.New(apperr.Invalid, "err.talent.batch_empty")
	}
	exact, err := assign.Solve(ctx, p)
	if err != nil {
		return MatchRun{}, apperr.Wrap(err, "batch solve")
	}
	greedy := assign.Greedy(p)
	toPlan := func(r assign.Result) []PlanPair {
		out := make([]PlanPair, 0, len(r.Pairs))
		for _, x := range r.Pairs {
			k := [2]int64{rows[x.Row], colIDs[x.Col]}
			out = append(out, PlanPair{DemandID: k[0], TalentID: k[1], Score: float64(x.Score) / scoreScale, Parts: parts[k]})
		}
		return out
	}
	run := MatchRun{Demands: len(rows), Talents: len(colIDs), Edges: len(p.Edges),
		Total: float64(exact.Total) / scoreScale, GreedyTotal: float64(greedy.Total) / scoreScale,
		Plan: toPlan(exact), Greedy: toPlan(greedy), Millis: time.Since(t0).Milliseconds(), CreatedAt: s.Clock.Stamp()}
	if run.GreedyTotal > 0 {
		run.Gain = (run.Total - run.GreedyTotal) / run.GreedyTotal * 100
	}
	plan, _ := json.Marshal(run.Plan)
	gr, _ := json.Marshal(run.Greedy)
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		run.ID, err = db.InsertID(ctx, tx, `INSERT INTO match_runs (created_by, demands, talents, edges, total, greedy_total, millis, plan, greedy, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
			db.NullID(audit.ActorFrom(ctx).UserID), run.Demands, run.Talents, run.Edges, run.Total, run.GreedyTotal, run.Millis, string(plan), string(gr), run.CreatedAt)
		if err != nil {
			return apperr.Wrap(err, "match run insert")
		}
		return audit.Record(ctx, tx, "match.plan", "match_run", run.ID, map[string]any{"demands": run.Demands, "pairs": len(run.Plan), "total": run.Total, "greedy": run.GreedyTotal})
	})
	return run, err
}

// free is a talent's free capacity in the index.
func (ix *Index) free(id int64) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	o, ok := ix.byID[id]
	if !ok {
		return 0
	}
	return max(int(ix.cols.card[o].capacity)-int(ix.cols.card[o].load), 0)
}

// engagedPairs returns every (demand, talent) pair that already has an
// engagement: a pair is engaged at most once.
func (s *Store) engagedPairs(ctx context.Context) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	err := db.Each(ctx, s.DB.Read(), `SELECT e.demand_id, e.talent_id FROM engagements e JOIN demands d ON d.id = e.demand_id WHERE d.status = ?`, []any{DemandOpen},
		func(r db.Scanner) ([2]int64, error) {
			var k [2]int64
			return k, r.Scan(&k[0], &k[1])
		}, func(k [2]int64) error { out[k] = true; return nil })
	return out, apperr.Wrap(err, "engaged pairs")
}

// GetRun returns a stored run whose demands are all in scope (a run is
// seen only by the scope that could have made it).
func (s *Store) GetRun(ctx context.Context, sc scope.Scope, id int64) (MatchRun, error) {
	var r MatchRun
	var plan, greedy string
	var applied *time.Time
	err := s.DB.Read().QueryRowContext(ctx, `SELECT id, demands, talents, edges, total, greedy_total, millis, plan, greedy, applied_at, created_at FROM match_runs WHERE id = ?`, id).
		Scan(&r.ID, &r.Demands, &r.Talents, &r.Edges, &r.Total, &r.GreedyTotal, &r.Millis, &plan, &greedy, &applied, &r.CreatedAt)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return MatchRun{}, apperr.ErrNotFound
	}
	if err != nil {
		return MatchRun{}, apperr.Wrap(err, "match run")
	}
	r.Applied = applied != nil
	if r.GreedyTotal > 0 {
		r.Gain = (r.Total - r.GreedyTotal) / r.GreedyTotal * 100
	}
	_ = json.Unmarshal([]byte(plan), &r.Plan)
	_ = json.Unmarshal([]byte(greedy), &r.Greedy)
	seen := map[int64]bool{}
	for _, p := range append(append([]PlanPair{}, r.Plan...), r.Greedy...) {
		if !seen[p.DemandID] {
			seen[p.DemandID] = true
			if _, err := s.ownDemand(ctx, s.DB.Read(), sc, p.DemandID); err != nil {
				return MatchRun{}, err
			}
		}
	}
	sort.SliceStable(r.Plan, func(i, j int) bool { return r.Plan[i].DemandID < r.Plan[j].DemandID })
	return r, nil
}

// ApplyRun invites every pair of a run's exact plan, all or nothing: if
// anything changed since the plan was made (a place taken, a talent full),
// nothing is invited and the error says to plan again.
func (s *Store) ApplyRun(ctx context.Context, sc scope.Scope, id int64) (int, error) {
	run, err := s.GetRun(ctx, sc, id)
	if err != nil {
		return 0, err
	}
	if run.Applied {
		return 0, apperr.New(apperr.Conflict, "err.talent.run_applied")
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE match_runs SET applied_at = ? WHERE id = ? AND applied_at IS NULL`, s.Clock.Stamp(), id)
		if err != nil {
			return apperr.Wrap(err, "match run apply")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.Conflict, "err.talent.run_applied")
		}
		for _, p := range run.Plan {
			if _, err := s.invite(ctx, tx, sc, p.DemandID, p.TalentID, p.Score, "batch"); err != nil {
				var ae *apperr.Error
				if errors.As(err, &ae) && ae.Code == apperr.Conflict {
					return apperr.New(apperr.Conflict, "err.talent.run_stale")
				}
				return err
			}
		}
		return audit.Record(ctx, tx, "match.apply", "match_run", id, map[string]any{"pairs": len(run.Plan)})
	})
	return len(run.Plan), err
}
