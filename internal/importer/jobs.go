package importer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"dangjian/internal/apperr"
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
	id, err := db.InsertID(ctx, d.Read(), `INSERT INTO import_jobs (kind, filename, status, user_id, created_at) VALUES (?,?,?,?,?)`,
		string(kind), filename, JobRunning, uid, db.Now())
	return id, apperr.Wrap(err, "import job start")
}

// UpdateJob stores a running job's progress. It writes at once; import
// code should use the function from JobProgress instead (see above).
func UpdateJob(ctx context.Context, d *db.DB, id int64, done, total int) error {
	_, err := d.Read().ExecContext(ctx, `UPDATE import_jobs SET done = ?, total = ? WHERE id = ? AND status = ?`, done, total, id, JobRunning)
	return apperr.Wrap(err, "import job update")
}

// FinishJob stores a job's outcome: done with the number inserted when err
// is nil, otherwise failed with err's problems. Internal errors are stored
// as err.internal, without detail.
func FinishJob(ctx context.Context, d *db.DB, id int64, res Result, err error) error {
	stopLive(id)
	status, probs := JobDone, []apperr.Problem(nil)
	if err != nil {
		status = JobFailed
		ae := apperr.As(err)
		switch {
		case len(ae.Problems) > 0:
			probs = ae.Problems
		case ae.Code == apperr.Internal:
			probs = []apperr.Problem{{Key: "err.internal"}}
		default:
			probs = []apperr.Problem{{Field: ae.Field, Key: ae.Key, Args: ae.Args}}
		}
	}
	var text string
	if probs != nil {
		b, jerr := json.Marshal(probs)
		if jerr != nil {
			return apperr.Wrap(jerr, "import job problems")
		}
		text = string(b)
	}
	q, args := `UPDATE import_jobs SET status = ?, inserted = ?, problems = ?, finished_at = ?`, []any{status, res.Inserted, text, db.Now()}
	if err == nil {
		q += `, done = ?, total = ?`
		args = append(args, 2*res.Rows, 2*res.Rows)
	}
	_, werr := d.Read().ExecContext(ctx, q+` WHERE id = ?`, append(args, id)...)
	return apperr.Wrap(werr, "import job finish")
}

// GetJob returns a job. While the job runs in this process its done and
// total come from the live registry, fresher than the table.
func GetJob(ctx context.Context, d *db.DB, id int64) (Job, error) {
	var j Job
	var uid sql.NullInt64
	var fin sql.NullTime
	var probs string
	err := d.Read().QueryRowContext(ctx, `SELECT id, kind, filename, user_id, status, total, done, inserted, problems, created_at, finished_at FROM import_jobs WHERE id = ?`, id).
		Scan(&j.ID, &j.Kind, &j.Filename, &uid, &j.Status, &j.Total, &j.Done, &j.Inserted, &probs, &j.CreatedAt, &fin)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Job{}, ErrNotFound
	} else if err != nil {
		return Job{}, apperr.Wrap(err, "import job get")
	}
	j.UserID, j.FinishedAt = uid.Int64, fin.Time
	if probs != "" {
		if err := json.Unmarshal([]byte(probs), &j.Problems); err != nil {
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
func RunJob(ctx context.Context, d *db.DB, v *pii.Vault, sc scope.Scope, id int64, kind Kind, filename string, r io.Reader) (Result, error) {
	res, err := Run(ctx, d, v, sc, kind, filename, r, JobProgress(ctx, d, id))
	if ferr := FinishJob(context.WithoutCancel(ctx), d, id, res, err); ferr != nil && err == nil {
		err = ferr
	}
	return res, err
}

// jobWriteEvery is the least time between two progress writes of a job.
const jobWriteEvery = 250 * time.Millisecond

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
// jobWriteEvery, until stopped.
func (lj *liveJob) write(ctx context.Context, d *db.DB, id int64) {
	defer close(lj.exited)
	for {
		select {
		case <-ctx.Done():
			return
		case <-lj.kick:
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
