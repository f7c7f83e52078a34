package importer

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/person"
)

// personFields maps person field names to column keys.
var personFields = map[string]string{"area_id": "area_code", "org_id": "org_code", "unit_id": "unit_credit_code", "gender": "id_number"}

// sealChunk is how many checked people are sealed together.
const sealChunk = 4096

// peopleLoader imports people. The first pass builds, resolves and
// validates each person on the reading goroutine; every sealChunk people
// are then sealed (encrypted, hashed, masked) on all cores while reading
// goes on. The write pass hands the sealed people to person.InsertBatch.
type peopleLoader struct {
	*base
	chunks   []*peopleChunk
	spool    spool // sealed chunks, on disk until the write pass
	spoolErr error
	cur      *peopleChunk
	sealing  sync.WaitGroup   // the chunk being sealed in the background
	seen     map[string]int32 // ID number → first line, for in-file duplicates
}

// peopleChunk is a run of valid people with their file lines and, once
// sealed, the keyed hashes of their ID numbers ("" for none).
type peopleChunk struct {
	n      int              // people in the chunk
	people []*person.Person // nil once spooled
	lines  []int32
	hashes []string
}

// check validates one person row.
func (l *peopleLoader) check(ctx context.Context, r row) error {
	p := &person.Person{
		Name:       r.get("name"),
		IDNumber:   r.get("id_number"),
		Phone:      r.get("phone"),
		Status:     person.Status(enum(statusNames, r.get("status"))),
		JoinedOn:   normDate(r.get("joined_on")),
		CadreRoles: enumList(cadreNames, r.get("cadre_roles")),
		Tags:       enumList(tagNames, r.get("tags")),
	}
	if err := l.fill(ctx, r, p); err != nil {
		return l.reject(r.line, err, personFields)
	}
	if p.IDNumber != "" {
		if first, dup := l.seen[p.IDNumber]; dup {
			return l.reject(r.line, dupOf("id_number", int(first)), nil)
		}
		l.seen[p.IDNumber] = int32(r.line)
	}
	if l.cur == nil {
		l.cur = &peopleChunk{people: make([]*person.Person, 0, sealChunk), lines: make([]int32, 0, sealChunk)}
	}
	l.cur.people = append(l.cur.people, p)
	l.cur.lines = append(l.cur.lines, int32(r.line))
	if len(l.cur.people) == sealChunk {
		l.seal()
	}
	return nil
}

// fill parses the row's flags and lists, resolves its codes, validates p
// and checks the scope.
func (l *peopleLoader) fill(ctx context.Context, r row, p *person.Person) error {
	if scientific(p.IDNumber) {
		return apperr.InvalidField("id_number", "err.import.id_scientific")
	}
	var err error
	if p.Mobile, err = parseBool("mobile", r.get("mobile")); err != nil {
		return err
	}
	if p.Pocket, err = parseBool("pocket", r.get("pocket")); err != nil {
		return err
	}
	if p.SeasonalMonths, err = parseMonths(r.get("seasonal_months")); err != nil {
		return err
	}
	a, err := l.refs.areaOf(ctx, r.get("area_code"))
	if err != nil {
		return err
	}
	p.AreaID, p.AreaPath = a.id, a.path
	o, err := l.refs.orgOf(ctx, l.sc, r.get("org_code"), "org_code")
	if err != nil {
		return err
	}
	p.OrgID, p.OrgPath = o.id, o.path
	if code := strings.ToUpper(r.get("unit_credit_code")); code != "" {
		u, err := l.refs.unit(ctx, code)
		if err != nil {
			return err
		} else if u == nil {
			return apperr.InvalidField("unit_credit_code", "err.import.unknown_unit").With("code", code)
		} else if !l.sc.HasRow(u.areaPath, u.orgPath) {
			return apperr.ErrForbidden.OnField("unit_credit_code")
		}
		p.UnitID = u.id
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if !l.sc.HasRow(p.AreaPath, p.OrgPath) {
		return forbidden(l.sc, p.AreaPath, "org_code")
	}
	return nil
}

// seal waits for the chunk sealing in the background, then starts sealing
// the current one. Once the file is known to be bad nothing will be
// written, so people are only hashed (for the duplicate check), not sealed.
func (l *peopleLoader) seal() {
	c := l.cur
	l.cur = nil
	if c == nil {
		return
	}
	l.sealing.Wait()
	l.spoolLast()
	l.chunks = append(l.chunks, c)
	c.n = len(c.people)
	c.hashes = make([]string, len(c.people))
	full := l.sink.count == 0
	workers := runtime.GOMAXPROCS(0)
	per := (len(c.people) + workers - 1) / workers
	for lo := 0; lo < len(c.people); lo += per {
		hi := min(lo+per, len(c.people))
		l.sealing.Go(func() {
			for i := lo; i < hi; i++ {
				p := c.people[i]
				if full {
					// p passed Validate, so Seal cannot fail.
					_ = p.Seal(l.v)
				}
				c.hashes[i] = l.v.Hash(p.IDNumber)
				if full {
					// Sealed: the plain numbers are not needed again, and
					// should not sit in memory until the write pass.
					p.IDNumber, p.Phone = "", ""
				}
			}
		})
	}
}

// finish seals the last people, then finds ID numbers that are already
// registered, by their keyed hashes, 500 to a query: the same check as
// person.IDNumberTaken, at 1/500 of the queries, whatever the file's size.
func (l *peopleLoader) finish(ctx context.Context) error {
	l.seal()
	l.sealing.Wait()
	l.spoolLast()
	if l.spoolErr != nil {
		return l.spoolErr
	}
	const chunk = 500
	lineOf := make(map[string]int32, chunk)
	args := make([]any, 0, chunk)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		err := l.taken(ctx, args, func(h string) {
			l.sink.add(apperr.Problem{Row: int(lineOf[h]), Field: "id_number", Key: "err.person.id_taken"})
		})
		clear(lineOf)
		args = args[:0]
		return err
	}
	for _, c := range l.chunks {
		for i, h := range c.hashes {
			if h == "" {
				continue
			}
			lineOf[h] = c.lines[i]
			if args = append(args, h); len(args) == chunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// taken calls fn for each of the hashes already in the people table.
func (l *peopleLoader) taken(ctx context.Context, hashes []any, fn func(string)) error {
	q := `SELECT id_hash FROM people WHERE id_hash IN (?` + strings.Repeat(",?", len(hashes)-1) + `)`
	rows, err := l.refs.q.QueryContext(ctx, q, hashes...)
	if err != nil {
		return apperr.Wrap(err, "import id lookup")
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return apperr.Wrap(err, "import id lookup")
		}
		fn(h)
	}
	return apperr.Wrap(rows.Err(), "import id lookup")
}

// spoolLast moves the last sealed chunk to the spool file. A file already
// known to be bad will write nothing, so its chunks are just dropped.
func (l *peopleLoader) spoolLast() {
	if len(l.chunks) == 0 {
		return
	}
	c := l.chunks[len(l.chunks)-1]
	if c.people == nil {
		return
	}
	if l.sink.count == 0 && l.spoolErr == nil {
		l.spoolErr = l.spool.write(c.people)
	}
	c.people = nil
}

func (l *peopleLoader) close() { l.spool.close() }

// insert writes the people, a chunk per InsertBatch call. A unique
// violation here means an ID number was registered after the first pass;
// it cannot be tied to a row.
func (l *peopleLoader) insert(ctx context.Context, tx *db.Tx, step func(int)) (int, error) {
	total := 0
	for _, c := range l.chunks {
		total += c.n
	}
	rebuild, err := dropPeopleIndexes(ctx, tx, total)
	if err != nil {
		return 0, err
	}
	if err := l.spool.rewind(); err != nil {
		return 0, err
	}
	n := 0
	for range l.chunks {
		people, err := l.spool.read()
		if err != nil {
			return 0, err
		}
		if err := person.InsertBatch(ctx, tx, people); err != nil {
			var ae *apperr.Error
			if errors.As(err, &ae) && ae.Key == "err.person.id_taken" {
				return 0, rowsError(1, []apperr.Problem{{Field: "id_number", Key: "err.import.duplicate_in_db"}})
			}
			return 0, err
		}
		n += len(people)
		step(len(people))
	}
	return n, rebuild()
}

// peopleIndexes lists the people table's secondary indexes that a bulk
// load may drop: their names and the statements that build them again.
// The UNIQUE index on id_hash (and the primary key) are never listed.
var peopleIndexes = map[db.Dialect]string{
	db.SQLite: `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
	db.Postgres: `SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relname = 'people' AND t.relnamespace = to_regnamespace(current_schema())::oid AND NOT x.indisunique AND NOT x.indisprimary`,
}

// dropPeopleIndexes speeds up a large import: it drops the people
// table's secondary indexes (inside the import transaction, so a failed
// import restores them) and returns the function that builds them again
// from their stored definitions. Inserting rows into random-keyed indexes
// (names, phone hashes) one at a time costs far more than building the
// index from sorted keys afterwards, and every page such an insert touches
// is also copied to the statement journal. The UNIQUE index on id_hash
// stays, so duplicate ID numbers are still refused. Rebuilding covers the
// whole table, so this pays only when the import is large next to it: at
// least bulkMinRows rows and at least a fifth of the table afterwards.
func dropPeopleIndexes(ctx context.Context, tx *db.Tx, n int) (rebuild func() error, err error) {
	none := func() error { return nil }
	if n < bulkMinRows {
		return none, nil
	}
	var existing int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people`).Scan(&existing); err != nil {
		return nil, apperr.Wrap(err, "import count people")
	}
	if n*4 < existing {
		return none, nil
	}
	rows, err := tx.QueryContext(ctx, peopleIndexes[tx.Dialect()])
	if err != nil {
		return nil, apperr.Wrap(err, "import list indexes")
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "import list indexes")
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "import list indexes")
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return nil, apperr.Wrap(err, "import drop index")
		}
	}
	return func() error {
		for _, q := range defs {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return apperr.Wrap(err, "import rebuild index")
			}
		}
		return nil
	}, nil
}

// bulkMinRows is the smallest import that rebuilds indexes; a
// variable so tests can lower it.
var bulkMinRows = 20_000
