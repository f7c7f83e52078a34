package importer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Import jobs let the web UI run an import in the background and poll its
// progress. A job is a row of import_jobs, so any app server can report it.
//
// Progress and the single SQLite writer: on SQLite the write pool has one
// connection and the import transaction holds it for the whole write pass,
// so a progress write made from inside the import would wait for the
// transaction that is waiting for it. The progress function JobProgress
// builds therefore never writes itself: it records the numbers in an
// in-memory registry (read by GetJob in this process, so the live numbers
// are always current here) and wakes a writer goroutine that copies them to
// the table at most four times a second. That goroutine may wait while the
// transaction is open (on SQLite), but the import never waits for it.
// FinishJob stops the writer, waiting for any write it has in flight,
// before storing the final state, so a stale progress write never lands
// after it. On PostgreSQL progress writes go through while the import runs.
//
// A job that ends for any reason ends failed or done, never running: Run's
// errors, a panic in its goroutine and a cancelled context are stored by
// RunJob as problems (report.go caps them so they can always be stored),
// and a job whose process died is found by its heartbeat: the writer
// goroutine stamps heartbeat_at every jobBeat, and a running job not run
// by this process whose stamp is older than staleAfter is failed with
// err.import.interrupted, at start (FailStale) or when it is read
// (GetJob). On SQLite the stamp cannot be written while the import
// transaction holds the one writer; only this process runs that
// transaction, and it never judges its own jobs stale.
//
// A typical handler:
//
//	id, err := importer.StartJob(ctx, d, kind, name, userID)
//	go importer.RunJob(context.WithoutCancel(ctx), d, v, sc, id, kind, name, file)
//	// … later: importer.GetJob(ctx, d, id)

// Job statuses.
const (
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is an import job. FinishedAt is zero while the job runs. Problems
// holds the row problems of a failed import or, for a failure of the file
// as a whole, one problem without a row.
type Job struct {
	ID         int64            `json:"id"`
	Kind       Kind             `json:"kind"`
	Filename   string           `json:"filename"`
	UserID     int64            `json:"user_id,omitempty"`
	Status     string           `json:"status"`
	Total      int              `json:"total"`
	Done       int              `json:"done"`
	Inserted   int              `json:"inserted"`
	Problems   []apperr.Problem `json:"problems,omitempty"`
	CreatedAt  time.Time        `json:"created_at"`
	FinishedAt time.Time        `json:"finished_at,omitzero"`
}

// ErrNotFound is what GetJob returns for a missing job.
var ErrNotFound = apperr.ErrNotFound

// StartJob records a running job and returns its id. userID 0 is the
// system.
func StartJob(ctx context.Context, d *db.DB, kind Kind, filename string, userID int64) (int64, error) {
	var uid any
	if userID != 0 {
		uid = userID
	}
	now := clock.Func(nil).Stamp()
	id, err := db.InsertID(ctx, d.Read(), `INSERT INTO import_jobs (kind, filename, status, user_id, created_at, heartbeat_at) VALUES (?,?,?,?,?,?)`,
		string(kind), filename, JobRunning, uid, now, now)
	return id, apperr.Wrap(err, "import job start")
}

// UpdateJob stores a running job's progress. It writes at once; import
// code should use the function from JobProgress instead (see above).
func UpdateJob(ctx context.Context, d *db.DB, id int64, done, total int) error {
	_, err := d.Write().ExecContext(ctx, `UPDATE import_jobs SET done = ?, total = ?, heartbeat_at = ? WHERE id = ? AND status = ?`, done, total, clock.Func(nil).Stamp(), id, JobRunning)
	return apperr.Wrap(err, "import job update")
}

// FinishJob stores a job's outcome: done with the number inserted when err
// is nil, otherwise failed with err's problems (jobProblems: internal
// errors without detail, a cancelled import as err.import.cancelled, every
// report capped). Should the report still not be stored, the job is failed
// with err.import.internal alone.
func FinishJob(ctx context.Context, d *db.DB, id int64, res Result, err error) error {
	stopLive(id)
	status := JobDone
	if err != nil {
		status = JobFailed
	}
	werr := finish(ctx, d, id, status, res, err == nil, jobProblems(err))
	if werr != nil && err != nil {
		werr = finish(ctx, d, id, status, res, false, []apperr.Problem{{Key: "err.import.internal"}})
	}
	return werr
}

func finish(ctx context.Context, d *db.DB, id int64, status string, res Result, ok bool, probs []apperr.Problem) error {
	var text string
	if probs != nil {
		b, err := json.Marshal(probs)
		if err != nil {
			return apperr.Wrap(err, "import job problems")
		}
		text = string(b)
	}
	q, args := `UPDATE import_jobs SET status = ?, inserted = ?, problems = ?, finished_at = ?`, []any{status, res.Inserted, text, clock.Func(nil).Stamp()}
	if ok {
		q += `, done = ?, total = ?`
		args = append(args, res.Rows, res.Rows)
	}
	_, err := d.Write().ExecContext(ctx, q+` WHERE id = ?`, append(args, id)...)
	return apperr.Wrap(err, "import job finish")
}

// GetJob returns a job. While the job runs in this process its done and
// total come from the live registry, fresher than the table.
func GetJob(ctx context.Context, d *db.DB, id int64) (Job, error) {
	return getJob(ctx, d, id, true)
}

// getJob reads a job; with check, a stale running job is failed first.
func getJob(ctx context.Context, d *db.DB, id int64, check bool) (Job, error) {
	var j Job
	var uid sql.NullInt64
	var fin sql.NullTime
	var probs string
	var beat sql.NullTime
	err := d.Read().QueryRowContext(ctx, `SELECT id, kind, filename, user_id, status, total, done, inserted, problems, created_at, finished_at, heartbeat_at FROM import_jobs WHERE id = ?`, id).
		Scan(&j.ID, &j.Kind, &j.Filename, &uid, &j.Status, &j.Total, &j.Done, &j.Inserted, &probs, &j.CreatedAt, &fin, &beat)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Job{}, ErrNotFound
	} else if err != nil {
		return Job{}, apperr.Wrap(err, "import job get")
	}
	j.UserID, j.FinishedAt = uid.Int64, fin.Time
	if check && j.Status == JobRunning && !isLive(id) && stale(beat, j.CreatedAt) {
		if err := failStale(ctx, d, id); err != nil {
			return Job{}, err
		}
		return getJob(ctx, d, id, false)
	}
	if probs != "" {
		// Numbers stay numbers as written (json.Number), not float64,
		// which would print a row number as 1e+06.
		dec := json.NewDecoder(strings.NewReader(probs))
		dec.UseNumber()
		if err := dec.Decode(&j.Problems); err != nil {
			return Job{}, apperr.Wrap(err, "import job problems")
		}
	}
	if lj, ok := liveJobs.Load(id); ok && j.Status == JobRunning {
		l := lj.(*liveJob)
		j.Done, j.Total = int(l.done.Load()), int(l.total.Load())
	}
	return j, nil
}

// RunJob runs an import as job id: it reports progress through
// JobProgress and stores the outcome with FinishJob. ctx must outlive the
// request that started the job.
// A panic of the import is recovered and stored as an internal failure,
// with the stack in the returned error for the log.
func RunJob(ctx context.Context, d *db.DB, v *pii.Vault, sc scope.Scope, id int64, kind Kind, filename string, r io.Reader) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, apperr.Wrap(fmt.Errorf("panic: %v\n%s", p, debug.Stack()), "import job")
		}
		if ferr := FinishJob(context.WithoutCancel(ctx), d, id, res, err); ferr != nil && err == nil {
			err = ferr
		}
	}()
	return Run(ctx, d, v, sc, kind, filename, r, JobProgress(ctx, d, id))
}

const (
	// jobWriteEvery is the least time between two progress writes of a job.
	jobWriteEvery = 250 * time.Millisecond
	// jobBeat is the most time between two heartbeats of a running job.
	jobBeat = 20 * time.Second
)

// staleAfter is how old a running job's heartbeat may be before the job
// counts as dead.
var staleAfter = 2 * time.Minute

// liveJob is the in-memory progress of a job running in this process.
type liveJob struct {
	done, total atomic.Int64
	kick        chan struct{}
	cancel      context.CancelFunc
	exited      chan struct{}
}

var liveJobs sync.Map // job id → *liveJob

// JobProgress returns the Progress function for job id: it never blocks
// on the database (see the package note above). FinishJob ends it.
func JobProgress(ctx context.Context, d *db.DB, id int64) Progress {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	lj := &liveJob{kick: make(chan struct{}, 1), cancel: cancel, exited: make(chan struct{})}
	if old, loaded := liveJobs.Swap(id, lj); loaded {
		old.(*liveJob).stop()
	}
	go lj.write(wctx, d, id)
	return func(done, total int) {
		lj.done.Store(int64(done))
		lj.total.Store(int64(total))
		select {
		case lj.kick <- struct{}{}:
		default:
		}
	}
}

// write copies the live numbers to the table when kicked, at most once per
// jobWriteEvery, and at least every jobBeat as the job's heartbeat, until
// stopped.
func (lj *liveJob) write(ctx context.Context, d *db.DB, id int64) {
	defer close(lj.exited)
	beat := time.NewTicker(jobBeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-lj.kick:
		case <-beat.C:
		}
		// Errors are dropped: progress is advisory, and FinishJob stores
		// the outcome.
		_ = UpdateJob(ctx, d, id, int(lj.done.Load()), int(lj.total.Load()))
		select {
		case <-ctx.Done():
			return
		case <-time.After(jobWriteEvery):
		}
	}
}

func (lj *liveJob) stop() {
	lj.cancel()
	<-lj.exited
}

// stopLive ends the live progress of job id, if it runs here.
func stopLive(id int64) {
	if lj, ok := liveJobs.LoadAndDelete(id); ok {
		lj.(*liveJob).stop()
	}
}

func isLive(id int64) bool { _, ok := liveJobs.Load(id); return ok }

// stale reports whether a running job's heartbeat (its creation for jobs
// made before heartbeats) is older than staleAfter.
func stale(beat sql.NullTime, created time.Time) bool {
	t := created
	if beat.Valid {
		t = beat.Time
	}
	return time.Since(t) > staleAfter
}

// FailStale fails the running jobs no process runs any more (see the
// package note): a server calls it when it starts. It returns how many it
// failed.
func FailStale(ctx context.Context, d *db.DB) (int, error) {
	cut := clock.Func(nil).Stamp().Add(-staleAfter)
	var ids []int64
	err := db.Each(ctx, d.Read(), `SELECT id FROM import_jobs WHERE status = ? AND COALESCE(heartbeat_at, created_at) < ?`, []any{JobRunning, cut},
		func(r db.Scanner) (int64, error) { var id int64; return id, r.Scan(&id) },
		func(id int64) error { ids = append(ids, id); return nil })
	if err != nil {
		return 0, apperr.Wrap(err, "import jobs stale")
	}
	n := 0
	for _, id := range ids {
		if isLive(id) {
			continue
		}
		if err := failStale(ctx, d, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// failStale fails job id if it is still running with a stale heartbeat.
func failStale(ctx context.Context, d *db.DB, id int64) error {
	_, err := d.Write().ExecContext(ctx, `UPDATE import_jobs SET status = ?, problems = ?, finished_at = ? WHERE id = ? AND status = ? AND COALESCE(heartbeat_at, created_at) < ?`,
		JobFailed, `[{"key":"err.import.interrupted"}]`, clock.Func(nil).Stamp(), id, JobRunning, clock.Func(nil).Stamp().Add(-staleAfter))
	return apperr.Wrap(err, "import job stale")
}
