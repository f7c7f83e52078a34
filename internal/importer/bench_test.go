package importer_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/importer"
	"dangjian/internal/testfix"
)

// BenchmarkImportPeopleCSV imports a fixed file of members (100,000 rows,
// or DANGJIAN_BENCH_ROWS) into a fresh SQLite registry per iteration and
// reports rows per second.
func BenchmarkImportPeopleCSV(b *testing.B) {
	rows := 100_000
	if n, err := strconv.Atoi(os.Getenv("DANGJIAN_BENCH_ROWS")); err == nil && n > 0 {
		rows = n
	}
	data := peopleCSV(rows, nil)
	b.SetBytes(int64(len(data)))
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w := testfix.Build(b, dbtest.Open(b, "sqlite"))
		b.StartTimer()
		start := time.Now()
		res, err := importer.Run(context.Background(), w.DB, w.Vault, w.Haitang.Scope, importer.People, "bench.csv", bytes.NewReader(data), nil)
		elapsed += time.Since(start)
		if err != nil || res.Inserted != rows {
			b.Fatalf("import = %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/elapsed.Seconds(), "rows/s")
}
