package demo

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
)

// pgRows is how many rows one multi-row INSERT carries on PostgreSQL;
// 400 × 14 parameters stays well under its limit.
const pgRows = 400

// batchSize is how many rows one INSERT statement writes. On SQLite a
// multi-row INSERT inside a transaction opens a statement journal (it
// might abort half-way), which at scale costs far more than the statement
// saves, while a single-row INSERT needs none. PostgreSQL prefers few
// round trips.
func (g *gen) batchSize() int {
	if g.d.Dialect == db.SQLite {
		return 1
	}
	return pgRows
}

// bulkInsert writes n rows to table; row(i) gives the values of row i in
// column order. On SQLite it reuses one prepared single-row statement.
func bulkInsert(g *gen, tx *db.Tx, table, cols string, n int, row func(i int) ([]any, error)) error {
	ncols := strings.Count(cols, ",") + 1
	ph := "(" + strings.TrimSuffix(strings.Repeat("?,", ncols), ",") + ")"
	insert := "INSERT INTO " + table + " (" + cols + ") VALUES "
	if g.batchSize() == 1 {
		stmt, err := tx.Raw().PrepareContext(g.ctx, insert+ph)
		if err != nil {
			return apperr.Wrap(db.Normalize(err), "demo prepare "+table)
		}
		defer stmt.Close()
		for i := 0; i < n; i++ {
			vals, err := row(i)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(g.ctx, vals...); err != nil {
				return apperr.Wrap(db.Normalize(err), "demo insert "+table)
			}
			if (i+1)%20_000 == 0 || i+1 == n {
				g.progress(table, i+1, n)
			}
		}
		return nil
	}
	for start := 0; start < n; start += pgRows {
		end := min(n, start+pgRows)
		var b strings.Builder
		b.WriteString(insert)
		args := make([]any, 0, (end-start)*ncols)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteByte(',')
			}
			b.WriteString(ph)
			vals, err := row(i)
			if err != nil {
				return err
			}
			args = append(args, vals...)
		}
		if _, err := tx.ExecContext(g.ctx, b.String(), args...); err != nil {
			return apperr.Wrap(err, "demo insert "+table)
		}
		g.progress(table, end, n)
	}
	return nil
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// writeOrgs writes the planned orgs with their planned ids and paths.
func (g *gen) writeOrgs() error {
	now := clock.Func(nil).Stamp()
	return g.d.InTx(g.ctx, func(tx *db.Tx) error {
		err := bulkInsert(g, tx, "orgs", "id, parent_id, code, name, kind, sector, area_id, area_path, path, founded_on, created_at, updated_at", len(g.orgs),
			func(i int) ([]any, error) {
				o := g.orgs[i]
				if err := o.Validate(); err != nil {
					return nil, fmt.Errorf("demo org %q: %w", o.Name, err)
				}
				return []any{o.ID, nullable(o.ParentID), o.Code, o.Name, o.Kind, o.Sector, o.AreaID, o.AreaPath, o.Path, db.NullStr(o.FoundedOn), now, now}, nil
			})
		if err != nil {
			return err
		}
		return g.fixSequence(tx, "orgs")
	})
}

// writeUnits writes the planned units with their covering orgs.
func (g *gen) writeUnits() error {
	now := clock.Func(nil).Stamp()
	return g.d.InTx(g.ctx, func(tx *db.Tx) error {
		err := bulkInsert(g, tx, "units", "id, name, credit_code, kind, industry, chain_tags, employees, foreign_owned, area_id, area_path, org_id, org_path, created_at, updated_at", len(g.units),
			func(i int) ([]any, error) {
				u := g.units[i]
				if u.org >= 0 {
					u.OrgID, u.OrgPath = g.orgs[u.org].ID, g.orgs[u.org].Path
				}
				if err := u.Validate(); err != nil {
					return nil, fmt.Errorf("demo unit %q: %w", u.Name, err)
				}
				return []any{u.ID, u.Name, u.CreditCode, u.Kind, u.Industry, strings.Join(u.ChainTags, ","), u.Employees, u.ForeignOwned,
					u.AreaID, u.AreaPath, nullable(u.OrgID), db.NullStr(u.OrgPath), now, now}, nil
			})
		if err != nil {
			return err
		}
		return g.fixSequence(tx, "units")
	})
}

// fixSequence moves PostgreSQL's id sequence past the explicit ids just
// written (SQLite's AUTOINCREMENT follows them by itself).
func (g *gen) fixSequence(tx *db.Tx, table string) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(g.ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT max(id) FROM `+table+`))`)
	return apperr.Wrap(err, "demo sequence "+table)
}

// peopleChunk is how many people one transaction writes.
const peopleChunk = 20_000

// writePeople draws each person's identity in plan order, seals the
// personal data on all cores, and writes the people in chunks.
func (g *gen) writePeople() error {
	buf := make([]person.Person, peopleChunk)
	ptrs := make([]*person.Person, peopleChunk)
	for start := 0; start < len(g.people); start += peopleChunk {
		n := min(peopleChunk, len(g.people)-start)
		for i := 0; i < n; i++ {
			g.fill(g.people[start+i], &buf[i])
			ptrs[i] = &buf[i]
		}
		if err := g.seal(ptrs[:n]); err != nil {
			return err
		}
		err := g.d.InTx(g.ctx, func(tx *db.Tx) error {
			for i, step := 0, g.batchSize(); i < n; i += step {
				if err := person.InsertBatch(g.ctx, tx, ptrs[i:min(n, i+step)]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.progress("people", start+n, len(g.people))
	}
	return nil
}

// seal validates and seals people in parallel; the first error wins.
func (g *gen) seal(ps []*person.Person) error {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(ps); i += workers {
				if err := ps[i].Seal(g.v); err != nil {
					errs[w] = fmt.Errorf("demo person %q: %w", ps[i].Name, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// setSecretaries makes each org's first member, planned as its secretary,
// the org's secretary. It is one grouped pass over people (a correlated
// subquery per org lets PostgreSQL, with no statistics yet on the freshly
// loaded tables, pick a plan that scans people once per org). Statistics
// are gathered first and again at the end, for the planner's sake.
func (g *gen) setSecretaries() error {
	if _, err := g.d.W.ExecContext(g.ctx, `ANALYZE`); err != nil {
		return apperr.Wrap(err, "demo analyze")
	}
	err := g.d.InTx(g.ctx, func(tx *db.Tx) error { return org.AssignFirstSecretaries(g.ctx, tx) })
	if err != nil {
		return err
	}
	// On PostgreSQL, VACUUM sets the visibility map so scoped counts are
	// index-only scans from the start.
	if g.d.Dialect == db.Postgres {
		_, err = g.d.W.ExecContext(g.ctx, `VACUUM ANALYZE`)
	}
	return apperr.Wrap(err, "demo vacuum")
}
