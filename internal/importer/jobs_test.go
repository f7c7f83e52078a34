package importer_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
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
		if err != nil || j.Status != importer.JobDone || j.Inserted != 3000 || j.Done != 6000 || j.Total != 6000 || j.Problems != nil || j.FinishedAt.IsZero() {
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
		if j, _ := importer.GetJob(ctx, d, id); j.Status != importer.JobDone || j.Done != 10 || j.Total != 10 || j.Inserted != 5 {
			t.Errorf("finished = %+v", j)
		}
	})
}
