package importer

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/unit"
)

// unitFields maps unit field names to column keys.
var unitFields = map[string]string{"area_id": "area_code", "org_id": "org_code"}

type unitItem struct {
	line int
	u    unit.Unit
}

// unitsLoader imports units.
type unitsLoader struct {
	*base
	items []unitItem
	codes map[string]int // credit code → first line
}

// check validates one unit row.
func (l *unitsLoader) check(ctx context.Context, r row) error {
	it := unitItem{line: r.line, u: unit.Unit{
		Name:       r.get("name"),
		CreditCode: r.get("credit_code"),
		Kind:       unit.Kind(enum(unitKindNames, r.get("kind"))),
		Industry:   r.get("industry"),
		ChainTags:  unit.ParseTags(r.get("chain_tags")),
	}}
	if err := l.fill(ctx, r, &it.u); err != nil {
		return l.reject(r.line, err, unitFields)
	}
	l.items = append(l.items, it)
	return nil
}

// fill parses the row's numbers and flags, resolves its codes, validates
// the unit, checks that its credit code is new and that it lands inside
// the scope.
func (l *unitsLoader) fill(ctx context.Context, r row, u *unit.Unit) error {
	var err error
	if u.Employees, err = parseCount("employees", "err.unit.employees", r.get("employees")); err != nil {
		return err
	}
	if u.ForeignOwned, err = parseBool("foreign_owned", r.get("foreign_owned")); err != nil {
		return err
	}
	a, err := l.refs.areaOf(ctx, r.get("area_code"))
	if err != nil {
		return err
	}
	u.AreaID, u.AreaPath = a.id, a.path
	o, err := l.refs.orgOf(ctx, l.sc, r.get("org_code"), "org_code")
	if err != nil {
		return err
	}
	u.OrgID, u.OrgPath = o.id, o.path
	if err := u.Validate(); err != nil {
		return err
	}
	if c := u.CreditCode; c != "" {
		if first, dup := l.codes[c]; dup {
			return dupOf("credit_code", first)
		}
		l.codes[c] = r.line
		if x, err := l.refs.unit(ctx, c); err != nil {
			return err
		} else if x != nil {
			return apperr.InvalidField("credit_code", "err.unit.credit_code_taken").With("code", c)
		}
	}
	if !l.sc.HasRow(u.AreaPath, u.OrgPath) {
		return forbidden(l.sc, u.AreaPath, "org_code")
	}
	return nil
}

func (l *unitsLoader) finish(context.Context) error { return nil }

// insert writes the units through unit.Insert, which checks each again.
func (l *unitsLoader) insert(ctx context.Context, tx *db.Tx, step func(int)) (int, error) {
	for _, it := range l.items {
		u := it.u
		if err := unit.Insert(ctx, tx, l.sc, &u); err != nil {
			return 0, rowFailure(it.line, err, unitFields)
		}
		step(1)
	}
	return len(l.items), nil
}
