package importer

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/person"
)

// personFields maps person field names to column keys.
var personFields = map[string]string{"area_id": "area_code", "org_id": "org_code", "unit_id": "unit_credit_code", "gender": "id_number"}

// peopleLoader imports people. The first pass builds, resolves and seals
// every person and keeps them; the write pass hands them to
// person.InsertBatch.
type peopleLoader struct {
	*base
	people []*person.Person
	lines  []int32          // file line of each kept person
	seen   map[string]int32 // ID number → first line, for in-file duplicates
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
	l.people = append(l.people, p)
	l.lines = append(l.lines, int32(r.line))
	return nil
}

// fill parses the row's flags and lists, resolves its codes, validates and
// seals p, and checks the scope. Once the file is known to be bad, people
// are only validated, not sealed, since nothing will be written.
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
	if l.sink.count == 0 {
		err = p.Seal(l.v)
	} else {
		err = p.Validate()
	}
	if err != nil {
		return err
	}
	if !l.sc.HasRow(p.AreaPath, p.OrgPath) {
		return forbidden(l.sc, p.AreaPath, "org_code")
	}
	return nil
}

// finish finds ID numbers that are already registered, by their keyed
// hashes, 500 to a query.
func (l *peopleLoader) finish(ctx context.Context) error {
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
	for i, p := range l.people {
		if p.IDNumber == "" {
			continue
		}
		h := l.v.Hash(p.IDNumber)
		lineOf[h] = l.lines[i]
		if args = append(args, h); len(args) == chunk {
			if err := flush(); err != nil {
				return err
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

// insert writes the people in batches. A unique violation here means an ID
// number was registered after the first pass; it cannot be tied to a row.
func (l *peopleLoader) insert(ctx context.Context, tx *db.Tx, step func(int)) (int, error) {
	const batch = 5000
	for i := 0; i < len(l.people); i += batch {
		j := min(i+batch, len(l.people))
		if err := person.InsertBatch(ctx, tx, l.people[i:j]); err != nil {
			var ae *apperr.Error
			if errors.As(err, &ae) && ae.Key == "err.person.id_taken" {
				return 0, rowsError(1, []apperr.Problem{{Field: "id_number", Key: "err.import.duplicate_in_db"}})
			}
			return 0, err
		}
		step(j - i)
	}
	return len(l.people), nil
}
