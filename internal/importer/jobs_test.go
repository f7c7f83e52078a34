package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
	"dangjian/internal/importer"
	"dangjian/internal/scope"
	"dangjian/internal/testfix"
)

func TestJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		if _, err := importer.GetJob(ctx, d, 999); !errors.Is(err, importer.ErrNotFound) {
			t.Errorf("missing job: %v", err)
		}

		// A good import: 3000 rows, so progress is reported while the
		// import transaction holds SQLite's one writer; that must not
		// deadlock.
		id, err := importer.StartJob(ctx, d, importer.People, "big.csv", 0)
		if err != nil {
			t.Fatal(err)
		}
		j, err := importer.GetJob(ctx, d, id)
		if err != nil || j.Status != importer.JobRunning || j.Kind != importer.People || j.Filename != "big.csv" || j.CreatedAt.IsZero() || !j.FinishedAt.IsZero() {
			t.Fatalf("started job = %+v, %v", j, err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := importer.RunJob(ctx, d, w.Vault, w.Haitang.Scope, id, importer.People, "big.csv", bytes.NewReader(peopleCSV(3000, nil)))
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("import job hung")
		}
		j, err = importer.GetJob(ctx, d, id)
		if err != nil || j.Status != importer.JobDone || j.Inserted != 3000 || j.Done != 3000 || j.Total != 3000 || j.Problems != nil || j.FinishedAt.IsZero() {
			t.Errorf("finished job = %+v, %v", j, err)
		}

		// A failed import stores its problems.
		id, _ = importer.StartJob(ctx, d, importer.People, "bad.csv", 0)
		bad := peopleCSV(3, func(i int, r map[string]string) {
			r["id_number"] = uniqueID(5000 + i)
			if i == 1 {
				r["area_code"] = "000"
			}
		})
		if _, err := importer.RunJob(ctx, d, w.Vault, scope.Everything, id, importer.People, "bad.csv", bytes.NewReader(bad)); err == nil {
			t.Fatal("bad import succeeded")
		}
		j, _ = importer.GetJob(ctx, d, id)
		want := apperr.Problem{Row: 3, Field: "area_code", Key: "err.import.unknown_area", Args: map[string]any{"code": "000"}}
		if j.Status != importer.JobFailed || j.Inserted != 0 || len(j.Problems) != 1 || j.Problems[0].Row != want.Row || j.Problems[0].Key != want.Key || j.Problems[0].Args["code"] != "000" {
			t.Errorf("failed job = %+v", j)
		}

		// A failure of the file as a whole is one problem without a row.
		id, _ = importer.StartJob(ctx, d, importer.Units, "units.doc", 0)
		importer.RunJob(ctx, d, w.Vault, scope.Everything, id, importer.Units, "units.doc", bytes.NewReader(nil))
		j, _ = importer.GetJob(ctx, d, id)
		if j.Status != importer.JobFailed || len(j.Problems) != 1 || j.Problems[0].Key != "err.import.format" || j.Problems[0].Row != 0 {
			t.Errorf("format job = %+v", j)
		}
	})
}

// UpdateJob writes at once, and only while the job runs; live progress
// shows through GetJob.
func TestJobProgress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, err := importer.StartJob(ctx, d, importer.Orgs, "o.csv", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := importer.UpdateJob(ctx, d, id, 5, 10); err != nil {
			t.Fatal(err)
		}
		if j, _ := importer.GetJob(ctx, d, id); j.Done != 5 || j.Total != 10 {
			t.Errorf("after update = %+v", j)
		}
		prog := importer.JobProgress(ctx, d, id)
		prog(7, 10)
		if j, _ := importer.GetJob(ctx, d, id); j.Done != 7 || j.Total != 10 {
			t.Errorf("live = %+v", j)
		}
		// The writer copies it to the table soon.
		deadline := time.Now().Add(5 * time.Second)
		for {
			var n int
			d.Read().QueryRowContext(ctx, `SELECT done FROM import_jobs WHERE id = ?`, id).Scan(&n)
			if n == 7 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("progress not written: done = %d", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err := importer.FinishJob(ctx, d, id, importer.Result{Rows: 5, Inserted: 5}, nil); err != nil {
			t.Fatal(err)
		}
		importer.UpdateJob(ctx, d, id, 1, 10) // too late: ignored
		if j, _ := importer.GetJob(ctx, d, id); j.Status != importer.JobDone || j.Done != 5 || j.Total != 5 || j.Inserted != 5 {
			t.Errorf("finished = %+v", j)
		}
	})
}

// panicReader panics on its first read.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("boom") }

// A job ends failed with a translated message whatever stops it: a panic,
// a cancelled context, a report too big to keep whole, a dead process.
func TestJobsAlwaysEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		failedWith := func(t *testing.T, id int64, key string) importer.Job {
			t.Helper()
			j, err := importer.GetJob(ctx, d, id)
			if err != nil || j.Status != importer.JobFailed || len(j.Problems) == 0 || j.Problems[0].Key != key || j.FinishedAt.IsZero() {
				t.Fatalf("job = %+v, %v; want failed with %s", j, err, key)
			}
			if msg := i18n.T("en", key, j.Problems[0].Args); msg == key || strings.Contains(msg, "{") {
				t.Errorf("%s renders as %q", key, msg)
			}
			return j
		}

		id, _ := importer.StartJob(ctx, d, importer.People, "p.csv", 0)
		if _, err := importer.RunJob(ctx, d, w.Vault, scope.Everything, id, importer.People, "p.csv", panicReader{}); apperr.CodeOf(err) != apperr.Internal || !strings.Contains(err.Error(), "boom") {
			t.Errorf("panic: err = %v", err)
		}
		failedWith(t, id, "err.import.internal")

		cctx, cancel := context.WithCancel(ctx)
		cancel()
		id, _ = importer.StartJob(ctx, d, importer.People, "p.csv", 0)
		importer.RunJob(cctx, d, w.Vault, w.Haitang.Scope, id, importer.People, "p.csv", bytes.NewReader(peopleCSV(3, nil)))
		failedWith(t, id, "err.import.cancelled")

		// 3000 bad rows each echoing a 30 KB code: the stored report keeps
		// MaxProblems clipped problems and says how many it left out.
		long := strings.Repeat("9", 30<<10)
		bad := peopleCSV(3000, func(i int, r map[string]string) { r["area_code"] = long })
		id, _ = importer.StartJob(ctx, d, importer.People, "bad.csv", 0)
		importer.RunJob(ctx, d, w.Vault, w.Haitang.Scope, id, importer.People, "bad.csv", bytes.NewReader(bad))
		j := failedWith(t, id, "err.import.unknown_area")
		last := j.Problems[len(j.Problems)-1]
		if len(j.Problems) != importer.MaxProblems+1 || last.Key != "err.import.more" || fmt.Sprint(last.Args["n"]) != "2000" {
			t.Errorf("%d problems, last %+v", len(j.Problems), last)
		}
		if c := j.Problems[0].Args["code"].(string); len([]rune(c)) > 61 {
			t.Errorf("code echoed as %d runes", len([]rune(c)))
		}
		var stored int
		d.Read().QueryRowContext(ctx, `SELECT length(problems) FROM import_jobs WHERE id = ?`, id).Scan(&stored)
		if stored > 300<<10 {
			t.Errorf("stored report %d bytes", stored)
		}

		// A running job whose heartbeat stopped (its process died) fails at
		// start-up or when read; a live or fresh one does not.
		old := clock.Func(nil).Stamp().Add(-time.Hour)
		dead, _ := importer.StartJob(ctx, d, importer.People, "dead.csv", 0)
		read, _ := importer.StartJob(ctx, d, importer.People, "read.csv", 0)
		live, _ := importer.StartJob(ctx, d, importer.People, "live.csv", 0)
		fresh, _ := importer.StartJob(ctx, d, importer.People, "fresh.csv", 0)
		for _, id := range []int64{dead, read, live} {
			d.Write().ExecContext(ctx, `UPDATE import_jobs SET heartbeat_at = ? WHERE id = ?`, old, id)
		}
		importer.JobProgress(ctx, d, live)(1, 2)
		defer importer.FinishJob(ctx, d, live, importer.Result{}, nil)
		failedWith(t, read, "err.import.interrupted")
		if n, err := importer.FailStale(ctx, d); err != nil || n != 1 {
			t.Errorf("FailStale = %d, %v", n, err)
		}
		failedWith(t, dead, "err.import.interrupted")
		for _, id := range []int64{live, fresh} {
			if j, _ := importer.GetJob(ctx, d, id); j.Status != importer.JobRunning {
				t.Errorf("job %d = %+v", id, j)
			}
		}
	})
}

// Numbers in a stored report read back as written: row 1000000, not
// 1e+06.
func TestJobReportNumbers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, _ := importer.StartJob(ctx, d, importer.People, "p.csv", 0)
		e := apperr.New(apperr.Invalid, "err.import.rows").With("count", 1)
		e.Problems = []apperr.Problem{{Row: 1_000_001, Field: "id_number", Key: "err.import.duplicate_in_file", Args: map[string]any{"row": 1_000_000}}}
		importer.FinishJob(ctx, d, id, importer.Result{}, e)
		j, _ := importer.GetJob(ctx, d, id)
		if len(j.Problems) != 1 || fmt.Sprint(j.Problems[0].Args["row"]) != "1000000" {
			t.Errorf("problems = %+v", j.Problems)
		}
	})
}
