package unit

import (
	"context"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/scope"
)

// Store reads and writes units.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

const cols = `u.id, u.name, COALESCE(u.credit_code,''), u.kind, u.industry, u.chain_tags, u.employees, u.foreign_owned,
	u.area_id, a.name, u.area_path, COALESCE(u.org_id,0), COALESCE(o.name,''), COALESCE(u.org_path,''),
	(SELECT count(*) FROM people m WHERE m.unit_id = u.id AND m.status IN ('member','probationary'))`

const from = ` FROM units u JOIN areas a ON a.id = u.area_id LEFT JOIN orgs o ON o.id = u.org_id`

const areaCol, orgCol = "u.area_path", "u.org_path"

func scan(r db.Scanner) (Unit, error) {
	var u Unit
	var tags string
	err := r.Scan(&u.ID, &u.Name, &u.CreditCode, &u.Kind, &u.Industry, &tags, &u.Employees, &u.ForeignOwned,
		&u.AreaID, &u.AreaName, &u.AreaPath, &u.OrgID, &u.OrgName, &u.OrgPath, &u.Members)
	u.ChainTags = ParseTags(tags)
	return u, err
}

// Get returns a unit inside the scope.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Unit, error) {
	w, args := sc.Filter(areaCol, orgCol)
	u, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE u.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Unit{}, apperr.ErrNotFound
	}
	return u, apperr.Wrap(err, "unit get")
}

// Filter selects units.
type Filter struct {
	Q       string  `query:"q"`
	Kind    Kind    `query:"kind,enum"`
	AreaID  int64   `query:"area_id"`
	OrgID   int64   `query:"org_id"`
	Tag     string  `query:"tag"`
	Covered string  `query:"covered,oneof=yes no"` // "", "yes", "no"
	Sort    string  `query:"sort"`
	Page    db.Page `query:"page"`
}

var sorts = map[string]string{"name": "u.name", "employees": "u.employees", "kind": "u.kind", "area": "a.name"}

func (s *Store) where(sc scope.Scope, f Filter) (string, []any) {
	where, args := sc.Filter(areaCol, orgCol)
	if f.Q != "" {
		c1, a1 := db.Contains("u.name", f.Q)
		c2, a2 := db.Contains("u.chain_tags", f.Q)
		where += " AND (" + c1 + " OR " + c2 + " OR u.credit_code = ?)"
		args = append(args, a1, a2, strings.ToUpper(f.Q))
	}
	if f.Kind != "" {
		where += " AND u.kind = ?"
		args = append(args, f.Kind)
	}
	if f.AreaID != 0 {
		where += " AND u.area_id = ?"
		args = append(args, f.AreaID)
	}
	if f.OrgID != 0 {
		where += " AND u.org_id = ?"
		args = append(args, f.OrgID)
	}
	if f.Tag != "" {
		c, a := db.Contains("u.chain_tags", f.Tag)
		where += " AND " + c
		args = append(args, a)
	}
	switch f.Covered {
	case "yes":
		where += " AND u.org_id IS NOT NULL"
	case "no":
		where += " AND u.org_id IS NULL"
	}
	return where, args
}

// defaultOrder is the index order of the scope's range (units_area_path
// or units_org_path), so a page is read off the index without a sort.
func defaultOrder(sc scope.Scope) string {
	if sc.OrgOnly() {
		return "u.org_path, u.id"
	}
	if sc.All {
		return "u.id"
	}
	return "u.area_path, u.id"
}

// List returns a page of units in scope and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Unit, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	where, args := s.where(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), from+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "unit count")
	}
	p := f.Page.Norm()
	var out []Unit
	err = s.each(ctx, `SELECT `+cols+from+` WHERE `+where+db.OrderBy(f.Sort, sorts, defaultOrder(sc), "u.id")+` LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset), func(u Unit) error {
		out = append(out, u)
		return nil
	})
	return out, total, err
}

// Coverage counts the units in scope and those no org covers, exactly.
func (s *Store) Coverage(ctx context.Context, sc scope.Scope) (total, uncovered int, err error) {
	where, args := sc.Filter(areaCol, orgCol)
	err = s.DB.Read().QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN u.org_id IS NULL THEN 1 ELSE 0 END), 0) FROM units u WHERE `+where, args...).Scan(&total, &uncovered)
	return total, uncovered, apperr.Wrap(err, "unit coverage")
}

// Each streams every unit in scope matching f (for exports).
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Unit) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	where, args := s.where(sc, f)
	return s.each(ctx, `SELECT `+cols+from+` WHERE `+where+db.OrderBy(f.Sort, sorts, defaultOrder(sc), "u.id"), args, fn)
}

func (s *Store) each(ctx context.Context, q string, args []any, fn func(Unit) error) error {
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), q, args, scan, fn), "unit query")
}

// resolve fills the area and org paths of u from the database and checks
// that the unit lands inside the scope.
func resolve(ctx context.Context, q db.Querier, sc scope.Scope, u *Unit) error {
	var err error
	if u.AreaPath, err = area.PathIn(ctx, q, sc, u.AreaID); err != nil {
		return err
	}
	u.OrgPath = ""
	if u.OrgID != 0 {
		if u.OrgPath, err = org.PathIn(ctx, q, sc, u.OrgID, "org_id"); err != nil {
			return err
		}
	}
	if !sc.HasRow(u.AreaPath, u.OrgPath) {
		return apperr.ErrForbidden
	}
	return nil
}

// Insert writes a unit inside a transaction after resolving and checking
// it; importers and the demo generator call it directly. It stamps the row
// with the wall clock; a Store's writes stamp it with the Store's Clock.
func Insert(ctx context.Context, tx *db.Tx, sc scope.Scope, u *Unit) error {
	return insert(ctx, tx, sc, u, clock.Func(nil).Stamp())
}

// insert is Insert stamped now.
func insert(ctx context.Context, tx *db.Tx, sc scope.Scope, u *Unit, now time.Time) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := resolve(ctx, tx, sc, u); err != nil {
		return err
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO units (name, credit_code, kind, industry, chain_tags, employees, foreign_owned, area_id, area_path, org_id, org_path, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		u.Name, db.NullStr(u.CreditCode), u.Kind, u.Industry, strings.Join(u.ChainTags, ","), u.Employees, u.ForeignOwned, u.AreaID, u.AreaPath, db.NullID(u.OrgID), db.NullStr(u.OrgPath), now, now)
	if errors.Is(err, db.ErrUnique) {
		return apperr.InvalidField("credit_code", "err.unit.credit_code_taken").With("code", u.CreditCode)
	} else if err != nil {
		return apperr.Wrap(err, "unit insert")
	}
	u.ID = id
	return nil
}

// Create adds a unit inside the scope.
func (s *Store) Create(ctx context.Context, sc scope.Scope, u Unit) (Unit, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := insert(ctx, tx, sc, &u, s.Clock.Stamp()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "unit.create", "unit", u.ID, map[string]any{"name": u.Name, "kind": u.Kind, "org_id": u.OrgID})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, sc, u.ID)
}

// Update changes a unit; the new area and org must be inside the scope too.
func (s *Store) Update(ctx context.Context, sc scope.Scope, u Unit) (Unit, error) {
	if _, err := s.Get(ctx, sc, u.ID); err != nil {
		return Unit{}, err
	}
	if err := u.Validate(); err != nil {
		return Unit{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := resolve(ctx, tx, sc, &u); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE units SET name=?, credit_code=?, kind=?, industry=?, chain_tags=?, employees=?, foreign_owned=?, area_id=?, area_path=?, org_id=?, org_path=?, updated_at=? WHERE id=?`,
			u.Name, db.NullStr(u.CreditCode), u.Kind, u.Industry, strings.Join(u.ChainTags, ","), u.Employees, u.ForeignOwned, u.AreaID, u.AreaPath, db.NullID(u.OrgID), db.NullStr(u.OrgPath), s.Clock.Stamp(), u.ID)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("credit_code", "err.unit.credit_code_taken").With("code", u.CreditCode)
		} else if err != nil {
			return apperr.Wrap(err, "unit update")
		}
		return audit.Record(ctx, tx, "unit.update", "unit", u.ID, map[string]any{"name": u.Name, "kind": u.Kind, "org_id": u.OrgID, "employees": u.Employees})
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, sc, u.ID)
}
