package weak

import (
	"context"
	"encoding/json"
	"fmt"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
)

// Store keeps cases and visits. Every query joins the org of the case or
// visit and filters on its area path and path, so reads and writes see
// only orgs in the caller's scope.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const areaCol, orgCol = "o.area_path", "o.path"

// facts loads the facts of every basic org in scope, in path order.
func (s *Store) facts(ctx context.Context, sc scope.Scope, today string) ([]Facts, map[int64]string, error) {
	q := s.DB.Read()
	w, args := sc.Filter(areaCol, orgCol)
	var out []Facts
	names := map[int64]string{}
	now := s.Clock.Now()
	err := db.Each(ctx, q, `SELECT o.id, o.name, COALESCE(o.secretary_id, 0),
		(SELECT count(*) FROM people p WHERE p.org_id = o.id AND p.status IN ('member', 'probationary')),
		(SELECT count(*) FROM gap_actions g WHERE g.owner_org_id = o.id AND g.status = 'open' AND g.deadline < ?),
		COALESCE((SELECT max(m.held_on) FROM meetings m WHERE m.org_id = o.id AND m.kind = 'committee'), '')
		FROM orgs o WHERE o.kind IN ('branch', 'joint_branch') AND `+w+` ORDER BY o.path`, append([]any{now.UTC()}, args...),
		func(r db.Scanner) (Facts, error) {
			var f Facts
			var name string
			err := r.Scan(&f.OrgID, &name, &f.SecretaryID, &f.Members, &f.OverdueGaps, &f.LastCommittee)
			names[f.OrgID] = name
			return f, err
		}, func(f Facts) error { out = append(out, f); return nil })
	if err != nil {
		return nil, nil, apperr.Wrap(err, "weak facts")
	}
	// 三会一课 over the 12 months ending with this month, by orglife's rules.
	from := MonthsBefore(today[:8]+"01", 11)
	held := map[int64]map[string]bool{}
	type hit struct {
		org  int64
		kind string
		day  string
	}
	err = db.Each(ctx, q, `SELECT m.org_id, m.kind, m.held_on FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.held_on >= ? AND m.held_on <= ? AND `+w,
		append([]any{from, today}, args...), func(r db.Scanner) (hit, error) {
			var h hit
			return h, r.Scan(&h.org, &h.kind, &h.day)
		}, func(h hit) error {
			if held[h.org] == nil {
				held[h.org] = map[string]bool{}
			}
			m, qt := orglife.PeriodOf(h.day)
			held[h.org][h.kind+"|"+m], held[h.org][h.kind+"|"+qt] = true, true
			return nil
		})
	if err != nil {
		return nil, nil, apperr.Wrap(err, "weak meetings")
	}
	fromMonth, _ := orglife.PeriodOf(from)
	var fy int
	fmt.Sscanf(from, "%d", &fy)
	for i := range out {
		h := held[out[i].OrgID]
		var row orglife.Row
		for y := fy; y <= fy+1; y++ {
			outs := orglife.Evaluate(orglife.Period{Year: y}, today, func(k orglife.Kind, p string) bool { return h[string(k)+"|"+p] })
			var keep []orglife.Outcome
			for _, o := range outs {
				// A quarter counts when it starts in the window.
				if (o.Month != 0 && o.Period >= fromMonth) || (o.Month == 0 && quarterStart(o.Period) >= fromMonth) {
					keep = append(keep, o)
				}
			}
			row.Add(keep, false)
		}
		out[i].Required, out[i].Held = row.Total.Required, row.Total.Held
	}
	return out, names, nil
}

// quarterStart is the first month ("2026-01") of a quarter ("2026-Q1").
func quarterStart(label string) string {
	var y, q int
	fmt.Sscanf(label, "%d-Q%d", &y, &q)
	return orglife.MonthLabel(y, 3*q-2)
}

// Flag is a branch flagged by a run.
type Flag struct {
	OrgID   int64    `json:"org_id"`
	OrgName string   `json:"org_name"`
	Reasons []Reason `json:"reasons"`
}

// Detect evaluates every basic org in scope without writing.
func (s *Store) Detect(ctx context.Context, sc scope.Scope) ([]Flag, error) {
	today := s.Today()
	fs, names, err := s.facts(ctx, sc, today)
	if err != nil {
		return nil, err
	}
	var out []Flag
	for _, f := range fs {
		if rs := Evaluate(f, today); len(rs) > 0 {
			out = append(out, Flag{f.OrgID, names[f.OrgID], rs})
		}
	}
	return out, nil
}

// RunResult is what a detection run did.
type RunResult struct {
	Flagged int `json:"flagged"` // branches flagged in scope
	Opened  int `json:"opened"`  // new cases
	Kept    int `json:"kept"`    // flagged branches with an open case
	Cleared int `json:"cleared"` // open cases no longer flagged, tasks pending
	Closed  int `json:"closed"`  // cases closed: not flagged, every task done
}

func encode(rs []Reason) string {
	if len(rs) == 0 {
		return ""
	}
	b, _ := json.Marshal(rs)
	return string(b)
}

func decode(s string) []Reason {
	var rs []Reason
	if s != "" {
		_ = json.Unmarshal([]byte(s), &rs)
	}
	return rs
}

// Run detects the weak branches in scope and records the outcome: a case
// opens for each flagged branch without an open case (one however often
// or concurrently it runs: open_key is unique), open cases get the fresh
// reasons, and an open case whose branch is no longer flagged closes with
// today's date when every task of its plan is done.
func (s *Store) Run(ctx context.Context, sc scope.Scope) (RunResult, error) {
	var res RunResult
	flags, err := s.Detect(ctx, sc)
	if err != nil {
		return res, err
	}
	res.Flagged = len(flags)
	today := s.Today()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		type openCase struct {
			id      int64
			reasons string
			pending int
		}
		open := map[int64]openCase{}
		w, args := sc.Filter(areaCol, orgCol)
		err := db.Each(ctx, tx, `SELECT c.id, c.org_id, c.reasons, (SELECT count(*) FROM weak_tasks t WHERE t.case_id = c.id AND t.done_on = '')
			FROM weak_cases c JOIN orgs o ON o.id = c.org_id WHERE c.status = 'open' AND `+w, args,
			func(r db.Scanner) ([2]any, error) {
				var c openCase
				var org int64
				err := r.Scan(&c.id, &org, &c.reasons, &c.pending)
				return [2]any{org, c}, err
			}, func(x [2]any) error { open[x[0].(int64)] = x[1].(openCase); return nil })
		if err != nil {
			return apperr.Wrap(err, "weak open cases")
		}
		now := s.Clock.Stamp()
		flagged := map[int64]bool{}
		for _, f := range flags {
			flagged[f.OrgID] = true
			enc := encode(f.Reasons)
			c, ok := open[f.OrgID]
			if ok {
				res.Kept++
				if c.reasons != enc {
					if _, err := tx.ExecContext(ctx, `UPDATE weak_cases SET reasons = ?, updated_at = ? WHERE id = ?`, enc, now, c.id); err != nil {
						return apperr.Wrap(err, "weak reasons")
					}
					if err := s.event(ctx, tx, c.id, "reasons", enc); err != nil {
						return err
					}
				}
				continue
			}
			key := "org:" + fmt.Sprint(f.OrgID)
			r, err := tx.ExecContext(ctx, `INSERT INTO weak_cases (org_id, status, open_key, reasons, opened_on, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?) ON CONFLICT (open_key) DO NOTHING`, f.OrgID, Open, key, enc, today, now, now)
			if err != nil {
				return apperr.Wrap(err, "weak case insert")
			}
			if n, _ := r.RowsAffected(); n == 0 {
				res.Kept++ // a concurrent run opened it
				continue
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM weak_cases WHERE open_key = ?`, key).Scan(&id); err != nil {
				return apperr.Wrap(err, "weak case id")
			}
			res.Opened++
			if err := s.event(ctx, tx, id, "open", enc); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, "weak.open", "weak_case", id, map[string]any{"org_id": f.OrgID, "reasons": f.Reasons}); err != nil {
				return err
			}
		}
		for org, c := range open {
			if flagged[org] {
				continue
			}
			if c.pending == 0 {
				res.Closed++
				if _, err := tx.ExecContext(ctx, `UPDATE weak_cases SET status = 'closed', open_key = NULL, reasons = '', closed_on = ?, updated_at = ? WHERE id = ?`, today, now, c.id); err != nil {
					return apperr.Wrap(err, "weak close")
				}
				if err := s.event(ctx, tx, c.id, "close", today); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, "weak.close", "weak_case", c.id, map[string]any{"org_id": org, "closed_on": today}); err != nil {
					return err
				}
				continue
			}
			res.Cleared++
			if c.reasons != "" {
				if _, err := tx.ExecContext(ctx, `UPDATE weak_cases SET reasons = '', updated_at = ? WHERE id = ?`, now, c.id); err != nil {
					return apperr.Wrap(err, "weak clear")
				}
				if err := s.event(ctx, tx, c.id, "cleared", fmt.Sprint(c.pending)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return res, err
}

// event appends a step to a case's history.
func (s *Store) event(ctx context.Context, q db.Querier, caseID int64, action, body string) error {
	a := audit.ActorFrom(ctx)
	_, err := q.ExecContext(ctx, `INSERT INTO weak_events (case_id, action, actor_id, actor_name, body, created_at) VALUES (?,?,?,?,?,?)`,
		caseID, action, db.NullID(a.UserID), a.Username, body, s.Clock.Stamp())
	return apperr.Wrap(err, "weak event")
}
