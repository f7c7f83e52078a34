package coverage

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Run is a stored computation: its kind, inputs, progress and result.
type Run struct {
	ID         int64           `json:"id"`
	Kind       string          `json:"kind"` // coverage, siting, whatif
	Status     string          `json:"status"`
	Stage      string          `json:"stage"`
	Done       int             `json:"done"`
	Total      int             `json:"total"`
	Params     json.RawMessage `json:"params"`
	Inputs     json.RawMessage `json:"inputs"`
	Result     json.RawMessage `json:"result,omitempty"`
	Error      string          `json:"error,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
}

// RunError is why a run failed: a message key and its arguments.
type RunError struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
}

// Failure decodes the run's error.
func (x Run) Failure() RunError {
	var e RunError
	if json.Unmarshal([]byte(x.Error), &e) != nil {
		e.Key = x.Error
	}
	return e
}

// Run statuses.
const (
	Running    = "running"
	Cancelling = "cancelling"
	Done       = "done"
	Failed     = "failed"
	Cancelled  = "cancelled"
)

// Kinds of runs.
var Kinds = []string{"coverage", "siting", "whatif"}

// Progress reports a stage and how far it is.
type Progress func(stage string, done, total int)

// Work computes a run: it returns what it read (the inputs kept with the
// result) and the result.
type Work func(ctx context.Context, report Progress) (inputs, result any, err error)

type runRegistry struct {
	mu      sync.Mutex
	cancels map[int64]context.CancelFunc
}

func scopePath(sc scope.Scope) string {
	if sc.All || len(sc.AreaPaths) == 0 {
		if sc.OrgAreaPath != "" {
			return sc.OrgAreaPath
		}
		return "/"
	}
	return sc.AreaPaths[0]
}

// Start records a run and computes it in the background under base (the
// server's lifetime), returning its ID at once.
func (s *Store) Start(ctx, base context.Context, sc scope.Scope, userID int64, kind string, params any, work Work) (int64, error) {
	p, _ := json.Marshal(params)
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO coverage_runs (kind, scope_path, params, status, created_by, created_at) VALUES (?,?,?,?,?,?)`,
			kind, scopePath(sc), string(p), Running, db.NullID(userID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "run insert")
		}
		return audit.Record(ctx, tx, "coverage.run", "coverage_run", id, map[string]any{"kind": kind, "params": json.RawMessage(p)})
	})
	if err != nil {
		return 0, err
	}
	rctx, cancel := context.WithCancel(audit.WithActor(base, audit.ActorFrom(ctx)))
	s.runs.mu.Lock()
	if s.runs.cancels == nil {
		s.runs.cancels = map[int64]context.CancelFunc{}
	}
	s.runs.cancels[id] = cancel
	s.runs.mu.Unlock()
	go s.execute(rctx, cancel, id, work)
	return id, nil
}

func (s *Store) execute(ctx context.Context, cancel context.CancelFunc, id int64, work Work) {
	defer func() {
		s.runs.mu.Lock()
		delete(s.runs.cancels, id)
		s.runs.mu.Unlock()
		cancel()
	}()
	var last time.Time
	report := func(stage string, done, total int) {
		if time.Since(last) < 250*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		var st string
		err := s.DB.InTx(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `UPDATE coverage_runs SET stage = ?, done = ?, total = ? WHERE id = ? RETURNING status`,
				stage, done, total, id).Scan(&st)
		})
		if err == nil && st == Cancelling {
			cancel() // asked to stop, maybe through another server
		}
	}
	inputs, result, err := work(ctx, report)
	status, msg := Done, ""
	switch {
	case errors.Is(err, context.Canceled):
		status = Cancelled
	case err != nil:
		status = Failed
		if ae := apperr.As(err); ae.Code == apperr.Invalid {
			b, _ := json.Marshal(RunError{Key: ae.Key, Args: ae.Args})
			msg = string(b)
		} else {
			slog.Error("coverage run", "id", id, "err", err)
			msg = `{"key":"err.internal"}`
		}
	}
	in, _ := json.Marshal(inputs)
	var res any
	if status == Done {
		b, _ := json.Marshal(result)
		res = string(b)
	}
	if err := s.DB.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `UPDATE coverage_runs SET status = ?, inputs = ?, result = ?, error = ?, finished_at = ? WHERE id = ?`,
			status, string(in), res, msg, s.Clock.Stamp(), id)
		return err
	}); err != nil {
		slog.Error("coverage run finish", "id", id, "err", err)
	}
}

// Cancel asks a running run to stop (any server running it notices).
func (s *Store) Cancel(ctx context.Context, sc scope.Scope, id int64) error {
	if _, err := s.GetRun(ctx, sc, id); err != nil {
		return err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE coverage_runs SET status = ? WHERE id = ? AND status = ?`, Cancelling, id, Running)
		if err != nil {
			return apperr.Wrap(err, "run cancel")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "err.coverage.not_running")
		}
		return audit.Record(ctx, tx, "coverage.cancel", "coverage_run", id, nil)
	})
	if err != nil {
		return err
	}
	s.runs.mu.Lock()
	if c := s.runs.cancels[id]; c != nil {
		c()
	}
	s.runs.mu.Unlock()
	return nil
}

const runCols = `id, kind, status, stage, done, total, params, inputs, COALESCE(result, ''), error, created_at, finished_at`

func scanRun(r db.Scanner) (Run, error) {
	var x Run
	var params, inputs, result string
	err := r.Scan(&x.ID, &x.Kind, &x.Status, &x.Stage, &x.Done, &x.Total, &params, &inputs, &result, &x.Error, &x.CreatedAt, &x.FinishedAt)
	x.Params, x.Inputs = json.RawMessage(params), json.RawMessage(inputs)
	if result != "" {
		x.Result = json.RawMessage(result)
	}
	return x, err
}

// GetRun returns a run started in the caller's scope.
func (s *Store) GetRun(ctx context.Context, sc scope.Scope, id int64) (Run, error) {
	where, args := sc.Filter("scope_path", "")
	x, err := scanRun(s.DB.Read().QueryRowContext(ctx, `SELECT `+runCols+` FROM coverage_runs WHERE id = ? AND `+where, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Run{}, apperr.ErrNotFound
	}
	return x, apperr.Wrap(err, "run get")
}

// Runs lists the latest runs in scope.
func (s *Store) Runs(ctx context.Context, sc scope.Scope, kind string, limit int) ([]Run, error) {
	where, args := sc.Filter("scope_path", "")
	if kind != "" {
		where += " AND kind = ?"
		args = append(args, kind)
	}
	var out []Run
	err := db.Each(ctx, s.DB.Read(), `SELECT `+runCols+` FROM coverage_runs WHERE `+where+` ORDER BY id DESC LIMIT `+strconv.Itoa(limit), args,
		scanRun, func(x Run) error { out = append(out, x); return nil })
	return out, apperr.Wrap(err, "runs")
}

// Wait polls a run until it leaves the running states (the CLI and tests).
func (s *Store) Wait(ctx context.Context, sc scope.Scope, id int64, every time.Duration, progress Progress) (Run, error) {
	for {
		x, err := s.GetRun(ctx, sc, id)
		if err != nil {
			return x, err
		}
		if progress != nil {
			progress(x.Stage, x.Done, x.Total)
		}
		if x.Status != Running && x.Status != Cancelling {
			return x, nil
		}
		select {
		case <-ctx.Done():
			return x, ctx.Err()
		case <-time.After(every):
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
