package importer

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
)

// loader is one kind's two passes.
type loader interface {
	// check validates one data row. Row problems go to the sink; only
	// failures of the import itself (database errors) are returned.
	check(ctx context.Context, r row) error
	// finish runs the checks that need the whole file.
	finish(ctx context.Context) error
	// insert writes every row inside tx, calling step as rows are written,
	// and returns how many records it wrote.
	insert(ctx context.Context, tx *db.Tx, step func(int)) (int, error)
	problems() *sink
	// close releases what the loader holds (temporary files).
	close()
}

func newLoader(k Kind, b *base) loader {
	switch k {
	case Orgs:
		return &orgsLoader{base: b, codes: map[string]fileOrg{}}
	case Units:
		return &unitsLoader{base: b, codes: map[string]int{}}
	case Talents:
		return &talentsLoader{base: b}
	default:
		return &peopleLoader{base: b, seen: map[string]int32{}}
	}
}

// base is what every loader shares.
type base struct {
	sc      scope.Scope
	v       *pii.Vault
	refs    *refs
	sink    *sink
	talents *talent.Store // for talents: checks and writes them
}

func (b *base) problems() *sink { return b.sink }

// close does nothing for loaders that hold no files.
func (b *base) close() {}

// reject records err as a problem of the row at line when it is a row
// problem (invalid input, or out of scope), and returns any other error.
// fields maps the features' field names to column keys.
func (b *base) reject(line int, err error, fields map[string]string) error {
	p, ok := problemOf(line, err, fields)
	if !ok {
		return err
	}
	b.sink.add(p)
	return nil
}

// problemOf turns a row's error into a Problem; ok is false for errors that
// are not the row's fault.
func problemOf(line int, err error, fields map[string]string) (p apperr.Problem, ok bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return p, false
	}
	switch ae.Code {
	case apperr.Invalid:
		f := ae.Field
		if k, ok := fields[f]; ok {
			f = k
		}
		return apperr.Problem{Row: line, Field: f, Key: ae.Key, Args: ae.Args}, true
	case apperr.Forbidden:
		return apperr.Problem{Row: line, Field: ae.Field, Key: "err.import.row_forbidden"}, true
	}
	return p, false
}

// rowFailure turns an error from a feature's Insert during the write pass
// (which repeats the checks of the first pass, so this means the data
// changed in between) into the rows error of one row.
func rowFailure(line int, err error, fields map[string]string) error {
	if p, ok := problemOf(line, err, fields); ok {
		return rowsError(1, []apperr.Problem{p})
	}
	return err
}

// forbidden is the row error of a row landing outside the scope; field
// names the column that took it out: the area when the scope's area part
// refuses it, otherwise the org.
func forbidden(sc scope.Scope, areaPath, orgField string) error {
	f := orgField
	if !sc.All && len(sc.AreaPaths) > 0 && !sc.HasArea(areaPath) {
		f = "area_code"
	}
	return apperr.ErrForbidden.OnField(f)
}

type areaRef struct {
	id   int64
	path string
}

type orgRef struct {
	id             int64
	path, areaPath string
	kind           org.Kind
}

type unitRef struct {
	id                int64
	areaPath, orgPath string
}

// refs resolves codes to rows, caching every answer (misses too), so a file
// costs one query per distinct code.
type refs struct {
	q     db.Querier
	areas map[string]*areaRef
	orgs  map[string]*orgRef
	units map[string]*unitRef
}

func newRefs(q db.Querier) *refs {
	return &refs{q: q, areas: map[string]*areaRef{}, orgs: map[string]*orgRef{}, units: map[string]*unitRef{}}
}

// area returns the area with code, nil when there is none.
func (r *refs) area(ctx context.Context, code string) (*areaRef, error) {
	if a, ok := r.areas[code]; ok {
		return a, nil
	}
	a := &areaRef{}
	err := r.q.QueryRowContext(ctx, `SELECT id, path FROM areas WHERE code = ?`, code).Scan(&a.id, &a.path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		a = nil
	} else if err != nil {
		return nil, apperr.Wrap(err, "import area")
	}
	r.areas[code] = a
	return a, nil
}

// org returns the org with code, nil when there is none.
func (r *refs) org(ctx context.Context, code string) (*orgRef, error) {
	if o, ok := r.orgs[code]; ok {
		return o, nil
	}
	o := &orgRef{}
	err := r.q.QueryRowContext(ctx, `SELECT id, path, area_path, kind FROM orgs WHERE code = ?`, code).Scan(&o.id, &o.path, &o.areaPath, &o.kind)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		o = nil
	} else if err != nil {
		return nil, apperr.Wrap(err, "import org")
	}
	r.orgs[code] = o
	return o, nil
}

// unit returns the unit with a credit code, nil when there is none.
func (r *refs) unit(ctx context.Context, code string) (*unitRef, error) {
	if u, ok := r.units[code]; ok {
		return u, nil
	}
	u := &unitRef{}
	err := r.q.QueryRowContext(ctx, `SELECT id, area_path, COALESCE(org_path,'') FROM units WHERE credit_code = ?`, code).Scan(&u.id, &u.areaPath, &u.orgPath)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		u = nil
	} else if err != nil {
		return nil, apperr.Wrap(err, "import unit")
	}
	r.units[code] = u
	return u, nil
}

// areaOf resolves a row's area code. "" gives a zero ref, so the feature's
// own validation reports the missing area.
func (r *refs) areaOf(ctx context.Context, code string) (*areaRef, error) {
	if code == "" {
		return &areaRef{}, nil
	}
	a, err := r.area(ctx, code)
	if err == nil && a == nil {
		err = apperr.InvalidField("area_code", "err.import.unknown_area").With("code", code)
	}
	return a, err
}

// orgOf resolves a row's org code; "" gives a zero ref. The org must be
// inside the scope: a file may only attach rows to orgs its importer can
// see (otherwise the import would tell which codes exist elsewhere).
func (r *refs) orgOf(ctx context.Context, sc scope.Scope, code, field string) (*orgRef, error) {
	if code == "" {
		return &orgRef{}, nil
	}
	o, err := r.org(ctx, code)
	if err == nil && o == nil {
		err = apperr.InvalidField(field, "err.import.unknown_org").With("code", code)
	} else if err == nil && !sc.HasRow(o.areaPath, o.path) {
		err = apperr.ErrForbidden.OnField(field)
	}
	return o, err
}

// dupOf is the problem of a value repeating the one on an earlier row.
func dupOf(field string, first int) error {
	return apperr.InvalidField(field, "err.import.duplicate_in_file").With("row", first)
}
