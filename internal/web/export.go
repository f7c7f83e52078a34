package web

import (
	"bufio"
	"io"
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/csvsafe"
	"dangjian/internal/web/kit"
)

// Exports stream every row of a filtered list (no paging) inside the
// principal's scope as CSV or Excel. Personal data stays masked; an export
// is recorded in the audit log with its filters.

// sheetWriter is a kit.Sheet the server closes when the rows are done.
type sheetWriter interface {
	kit.Sheet
	close() error
}

// csvSheet writes through csvsafe, which quotes a cell that a spreadsheet
// would run as a formula. An xlsxSheet needs no such care: its cells are
// typed strings, never formulas.
type csvSheet struct {
	b *bufio.Writer
	w *csvsafe.Writer
}

// newCSVSheet starts a CSV with a byte order mark, so Excel reads UTF-8.
func newCSVSheet(w io.Writer) csvSheet {
	b := bufio.NewWriterSize(w, 16<<10)
	b.WriteString("\xEF\xBB\xBF")
	return csvSheet{b: b, w: csvsafe.NewWriter(b, false)}
}

func (c csvSheet) Row(cells ...string) error { return c.w.Write(cells) }

func (c csvSheet) close() error {
	if err := c.w.Flush(); err != nil {
		return err
	}
	return c.b.Flush()
}

type xlsxSheet struct {
	f  *excelize.File
	sw *excelize.StreamWriter
	n  int
	w  io.Writer
}

func (x *xlsxSheet) Row(cells ...string) error {
	x.n++
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.n)
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxSheet) close() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.w)
}

func (s *Server) export(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	kind := strings.TrimSuffix(strings.TrimSuffix(r.PathValue("kind"), ".csv"), ".xlsx")
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	if format != "csv" && format != "xlsx" {
		return apperr.InvalidField("format", "err.param.enum")
	}
	ex, ok := s.exports[kind]
	if !ok {
		return apperr.InvalidField("kind", "err.param.enum")
	}
	if ex.Perm != "" && !p.Can(ex.Perm) {
		return apperr.ErrForbidden
	}
	write, err := ex.Prepare(r, p)
	if err != nil {
		return err
	}
	// The export is audited when its first byte goes out: until then (a bad
	// sort key, say) it can still answer with an error and no audit entry.
	body := &exportBody{w: w, audit: func() error {
		return audit.Record(r.Context(), s.DB.Write(), "export."+kind, kind, 0, map[string]any{"format": format, "query": r.URL.RawQuery})
	}}
	name := kind + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	var sw sheetWriter
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		sw = newCSVSheet(body)
	} else {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		f := excelize.NewFile()
		stream, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			return apperr.Wrap(err, "xlsx")
		}
		sw = &xlsxSheet{f: f, sw: stream, w: body}
	}
	err = write(sw)
	if err == nil {
		err = sw.close()
	}
	if err != nil && !body.sent {
		w.Header().Del("Content-Disposition")
		w.Header().Del("Content-Type")
		return err
	}
	if err != nil {
		// Headers are out already; log and cut the response short.
		s.Log.Error("export", "kind", kind, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportBody is an export's response body; it records the export in the
// audit log before the first byte goes out.
type exportBody struct {
	w     io.Writer
	audit func() error
	sent  bool
}

func (b *exportBody) Write(p []byte) (int, error) {
	if !b.sent {
		if err := b.audit(); err != nil {
			return 0, apperr.Wrap(err, "export audit")
		}
		b.sent = true
	}
	return b.w.Write(p)
}
