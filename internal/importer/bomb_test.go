package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/i18n"
	"dangjian/internal/importer"
	"dangjian/internal/testfix"
)

// heapBound is the most heap an import of any of the bombs may use.
const heapBound = 256 << 20

// bomb is a small workbook that expands to gigabytes.
type bomb struct {
	name string
	key  string // the problem the job must end with
	row  int    // its row (0: none)
	gen  func(w io.Writer)
}

var bombs = []bomb{
	// One inline-string cell of 1 GiB in about 1 MB.
	{"1GiB-cell.xlsx", "err.import.xlsx_too_big", 0, func(w io.Writer) {
		io.WriteString(w, sheetHead+`<row r="1"><c r="A1" t="inlineStr"><is><t>`)
		repeat(w, 'a', 1<<30)
		io.WriteString(w, `</t></is></c></row>`+sheetTail)
	}},
	// 1.5 GB of rows in about 5 MB.
	{"rows.xlsx", "err.import.xlsx_too_big", 0, func(w io.Writer) {
		io.WriteString(w, sheetHead)
		chunk := bytes.Repeat([]byte(`<row><c t="inlineStr"><is><t>导入党员</t></is></c></row>`), 20000)
		for n := 0; n < 1_500_000_000; n += len(chunk) {
			w.Write(chunk)
		}
		io.WriteString(w, sheetTail)
	}},
	// A 512 MiB cell inside the size limits: the sheet scan stops it.
	{"512MiB-cell.xlsx", "err.import.cell_too_big", 1, func(w io.Writer) {
		io.WriteString(w, sheetHead+`<row r="1"><c r="A1" t="inlineStr"><is><t>`)
		repeat(w, 'a', 512<<20)
		io.WriteString(w, `</t></is></c></row>`+sheetTail)
	}},
}

func repeat(w io.Writer, c byte, n int) {
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	for ; n > 0; n -= len(chunk) {
		w.Write(chunk[:min(n, len(chunk))])
	}
}

// writeBomb writes a bomb's workbook to a file in dir.
func writeBomb(t *testing.T, dir string, b bomb) string {
	t.Helper()
	path := filepath.Join(dir, b.name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	rawXLSX(t, &buf) // the skeleton, then the sheet streamed below
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.DefaultCompression) })
	for _, e := range zr.File {
		zw.Copy(e)
	}
	sw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	b.gen(sw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	t.Logf("%s: %.1f MB", b.name, float64(st.Size())/1e6)
	return path
}

// peakHeap samples the heap every few milliseconds until stop is called,
// which returns the largest HeapAlloc seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); <-exited; return peak.Load() }
}

// Zip bombs end their job as failed with a clear message, quickly, and the
// import's heap stays under heapBound.
func TestImportBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes gigabytes through deflate")
	}
	dir := t.TempDir()
	paths := make([]string, len(bombs))
	for i, b := range bombs {
		paths[i] = writeBomb(t, dir, b)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := testfix.Build(t, d)
		for i, b := range bombs {
			t.Run(b.name, func(t *testing.T) {
				f, err := os.Open(paths[i])
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				id, err := importer.StartJob(ctx, d, importer.People, b.name, 0)
				if err != nil {
					t.Fatal(err)
				}
				runtime.GC()
				stop := peakHeap()
				start := time.Now()
				importer.RunJob(ctx, d, w.Vault, w.Haitang.Scope, id, importer.People, b.name, f)
				took, peak := time.Since(start), stop()
				j, err := importer.GetJob(ctx, d, id)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %s, peak heap %d MiB", b.name, took.Round(time.Millisecond), peak>>20)
				if j.Status != importer.JobFailed || len(j.Problems) != 1 || j.Problems[0].Key != b.key || j.Problems[0].Row != b.row {
					t.Fatalf("job = %+v, want failed with %s", j, b.key)
				}
				msg := i18n.T("zh-CN", j.Problems[0].Key, j.Problems[0].Args)
				if msg == b.key || bytes.ContainsAny([]byte(msg), "{}") {
					t.Errorf("message %q", msg)
				}
				if peak > heapBound {
					t.Errorf("peak heap %d MiB, want under %d MiB", peak>>20, heapBound>>20)
				}
				if took > 30*time.Second {
					t.Errorf("took %s", took)
				}
			})
		}
	})
}
