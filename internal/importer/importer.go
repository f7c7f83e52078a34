// Package importer loads orgs, units and people from .xlsx and .csv files
// made from its templates. An import is all or nothing: every row is parsed,
// validated with the features' own rules, resolved (areas, orgs and units
// are referenced by code) and checked against the caller's scope in a first
// pass; if any row is wrong the caller gets a per-row report and nothing is
// written. Otherwise everything is written in one transaction with one audit
// entry.
//
// People files are built for volume (a million rows in under a minute on
// two cores with SQLite): the file is streamed, lookups by code are cached
// in maps, personal data is sealed on all cores while the file is still
// being read, duplicate ID numbers are found with a map for the file and
// chunked IN queries for the database, and rows are written with
// person.InsertBatch. On SQLite the write pass keeps statement journals in
// a temporary file and, for a large import, rebuilds the people indexes
// instead of updating them row by row (see spillStatementJournal and
// dropPeopleIndexes). Orgs and units are written row by row through
// org.Insert and unit.Insert, which repeat their own checks.
package importer

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
)

// Kind is what a file holds.
type Kind string

const (
	Orgs    Kind = "orgs"
	Units   Kind = "units"
	People  Kind = "people"
	Talents Kind = "talents"
)

// Kinds lists the importable kinds.
var Kinds = []Kind{Orgs, Units, People, Talents}

// Limits of one import.
const (
	// MaxRows is the most data rows a people file may hold (other kinds:
	// maxRowsOther, limits.go).
	MaxRows = 2_000_000
	// MaxProblems is the most row problems an error carries; the count
	// argument of err.import.rows still tells the full number.
	MaxProblems = 1000
	// progressEvery is how many rows pass between progress calls.
	progressEvery = 1000
)

// Result tells what an import did: Rows data rows were read and Inserted
// records written.
type Result struct {
	Inserted int `json:"inserted"`
	Rows     int `json:"rows"`
}

// Progress receives an import's progress in rows: total is the number of
// data rows, and done moves half a row for each row validated and half for
// each row written, so the final call is (total, total). During validation
// total is an estimate from a quick count of the file's lines (blank lines
// included); when validation ends it is set to exactly the number of rows.
// done never goes down, and done ≤ total always. Calls come every 1000
// rows and at the end of each phase, from the goroutine running the
// import.
type Progress func(done, total int)

// Run imports a file of the given kind. The format comes from filename's
// extension (.csv or .xlsx). Rows land only inside sc; v seals personal
// data. A file with wrong rows gives an *apperr.Error with key
// err.import.rows whose Problems name each row (row 1 is the header);
// problems with the file itself (format, header, size) give their own keys.
// Nothing is written unless every row is good.
func Run(ctx context.Context, d *db.DB, v *pii.Vault, sc scope.Scope, kind Kind, filename string, r io.Reader, progress Progress) (Result, error) {
	cols := Columns(kind)
	if cols == nil {
		return Result{}, apperr.New(apperr.Invalid, "err.import.kind").With("kind", string(kind))
	}
	src, err := openSource(filename, r)
	if err != nil {
		return Result{}, err
	}
	defer src.close()
	pos, err := readHeader(src, cols)
	if err != nil {
		return Result{}, err
	}
	base := &base{sc: sc, v: v, refs: newRefs(d.Read()), sink: &sink{}}
	if kind == Talents {
		tax, err := talent.LoadTaxonomy(ctx, d)
		if err != nil {
			return Result{}, err
		}
		base.talents = &talent.Store{DB: d, Vault: v, Tax: tax}
	}
	l := newLoader(kind, base)
	defer l.close()
	m := &meter{fn: progress, total: 2 * max(src.estimate(), 1)}
	rows, err := validate(ctx, src, pos, l, m, maxRowsOf(kind))
	if err != nil {
		return Result{}, err
	}
	res := Result{Rows: rows}
	m.total = 2 * rows
	m.report()
	defer spillStatementJournal(ctx, d)()
	err = d.InTx(ctx, func(tx *db.Tx) error {
		n, err := l.insert(ctx, tx, m.step)
		if err != nil {
			return err
		}
		res.Inserted = n
		return audit.Record(ctx, tx, "import."+string(kind), "import", 0, map[string]any{"filename": filepath.Base(filename), "count": n})
	})
	if err != nil {
		return Result{Rows: rows}, err
	}
	m.done = m.total
	m.report()
	return res, nil
}

// validate runs the first pass over every data row and returns the number
// of rows, or the file's problems.
func validate(ctx context.Context, src source, pos map[string]int, l loader, m *meter, maxRows int) (int, error) {
	rows := 0
	for {
		cells, line, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return 0, err
		}
		if blank(cells) {
			continue
		}
		if rows++; rows > maxRows {
			return 0, apperr.New(apperr.Invalid, "err.import.too_many").With("max", maxRows)
		}
		if rows%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		if err := textCells(line, cells); err != nil {
			return 0, err
		}
		r := row{line: line, cells: cells, pos: pos}
		checkName(r, l.problems())
		if err := l.check(ctx, r); err != nil {
			return 0, err
		}
		m.step(1)
	}
	if rows == 0 {
		return 0, apperr.New(apperr.Invalid, "err.import.empty")
	}
	if err := l.finish(ctx); err != nil {
		return 0, err
	}
	return rows, l.problems().err()
}

// readHeader reads the first non-blank row and maps each column key to its
// cell position. Headers match a column's header text or key, in any
// order. A header that names no column (a typo would otherwise drop the
// column's data silently) or names one twice is refused; blank header
// cells are ignored.
func readHeader(src source, cols []Column) (map[string]int, error) {
	var cells []string
	for {
		c, _, err := src.next()
		if errors.Is(err, io.EOF) {
			return nil, apperr.New(apperr.Invalid, "err.import.empty")
		} else if err != nil {
			return nil, err
		}
		if !blank(c) {
			cells = c
			break
		}
	}
	pos := map[string]int{}
	for i, c := range cells {
		h := normHeader(c)
		if h == "" {
			continue
		}
		key := ""
		for _, col := range cols {
			if h == col.Header || strings.EqualFold(h, col.Key) {
				key = col.Key
			}
		}
		if key == "" {
			return nil, apperr.New(apperr.Invalid, "err.import.unknown_column").With("column", clip(h))
		}
		if _, dup := pos[key]; dup {
			return nil, apperr.New(apperr.Invalid, "err.import.duplicate_column").With("column", clip(h))
		}
		pos[key] = i
	}
	for _, col := range cols {
		if _, ok := pos[col.Key]; col.Required && !ok {
			return nil, apperr.New(apperr.Invalid, "err.import.missing_column").With("column", col.Header)
		}
	}
	return pos, nil
}

// normHeader trims a header cell of spaces, a byte order mark and the
// required-column markers people add (*, （必填）).
func normHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	for _, suf := range []string{"*", "＊", "（必填）", "(必填)"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "*"), "＊"))
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// row is one data row: its line in the file and its cells.
type row struct {
	line  int
	cells []string
	pos   map[string]int
}

// get returns the trimmed cell of a column, "" when absent.
func (r row) get(key string) string {
	i, ok := r.pos[key]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// meter counts work, two units a row (validated, written), and calls the
// progress function in rows.
type meter struct {
	fn          Progress
	done, total int
	last        int
}

// step adds n units of work, reporting every progressEvery units.
func (m *meter) step(n int) {
	m.done += n
	if m.done > m.total {
		m.total = m.done
	}
	if m.done-m.last >= progressEvery {
		m.report()
	}
}

func (m *meter) report() {
	m.last = m.done
	if m.fn != nil {
		m.fn(m.done/2, m.total/2)
	}
}

// sink collects row problems, keeping the MaxProblems with the lowest row
// numbers and counting all of them.
type sink struct {
	list  []apperr.Problem
	count int
}

func (s *sink) add(p apperr.Problem) {
	s.count++
	s.list = append(s.list, clipProblem(p))
	if len(s.list) >= 2*MaxProblems {
		s.trim()
	}
}

func (s *sink) trim() {
	sort.SliceStable(s.list, func(i, j int) bool { return s.list[i].Row < s.list[j].Row })
	if len(s.list) > MaxProblems {
		s.list = s.list[:MaxProblems]
	}
}

// err returns the rows error, or nil when there is no problem.
func (s *sink) err() error {
	if s.count == 0 {
		return nil
	}
	s.trim()
	return rowsError(s.count, s.list)
}

func rowsError(count int, ps []apperr.Problem) *apperr.Error {
	e := apperr.New(apperr.Invalid, "err.import.rows").With("count", count)
	e.Problems = ps
	return e
}

// spillStatementJournal makes SQLite keep statement journals in temporary
// files instead of memory for the import transaction, and returns the
// function that restores the setting. Every multi-row INSERT in a
// transaction journals each page it changes that existed before it (for
// statement rollback); with the random keyed-hash indexes of people that is
// about two pages per row. Kept in memory (temp_store = MEMORY, the DSN's
// setting) those pages are allocated and freed through the pure-Go
// allocator, which returns freed pages to the kernel each time: that churn
// took over half of the write pass. A spilled journal is plain writes to a
// temporary file. The write pool has one connection, so the pragma set on
// the pool applies to the transaction's connection. Imports hold
// bulkWrite from here to the restore, so two imports cannot restore each
// other's setting; they would wait for the one writer anyway.
func spillStatementJournal(ctx context.Context, d *db.DB) func() {
	if d.Dialect != db.SQLite {
		return func() {}
	}
	bulkWrite.Lock()
	var old int
	if err := d.W.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&old); err != nil {
		bulkWrite.Unlock()
		return func() {}
	}
	if _, err := d.W.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
		bulkWrite.Unlock()
		return func() {}
	}
	return func() {
		d.W.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = `+strconv.Itoa(old))
		bulkWrite.Unlock()
	}
}

// bulkWrite serializes the write passes of imports on SQLite.
var bulkWrite sync.Mutex
