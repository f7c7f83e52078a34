package org

import (
	"context"
	"errors"
	"strconv"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Store reads and writes orgs.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

const cols = `o.id, COALESCE(o.parent_id,0), COALESCE(p.name,''), o.code, o.name, o.kind, o.sector, o.area_id, a.name, o.area_path, o.path,
	COALESCE(o.secretary_id,0), COALESCE(s.name,''), COALESCE(o.founded_on,''),
	(SELECT count(*) FROM orgs c WHERE c.parent_id = o.id),
	(SELECT count(*) FROM people m WHERE m.org_id = o.id)`

const from = ` FROM orgs o JOIN areas a ON a.id = o.area_id LEFT JOIN orgs p ON p.id = o.parent_id LEFT JOIN people s ON s.id = o.secretary_id`

// scopeCols are the row's area and org path columns for scope filters.
const areaCol, orgCol = "o.area_path", "o.path"

func scan(r db.Scanner) (Org, error) {
	var o Org
	err := r.Scan(&o.ID, &o.ParentID, &o.ParentName, &o.Code, &o.Name, &o.Kind, &o.Sector, &o.AreaID, &o.AreaName, &o.AreaPath, &o.Path,
		&o.SecretaryID, &o.SecretaryName, &o.FoundedOn, &o.Children, &o.Members)
	return o, err
}

// Get returns an org inside the scope.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Org, error) {
	w, args := sc.Filter(areaCol, orgCol)
	o, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE o.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Org{}, apperr.ErrNotFound
	}
	return o, apperr.Wrap(err, "org get")
}

// ByCode returns an org by code inside the scope.
func (s *Store) ByCode(ctx context.Context, sc scope.Scope, code string) (Org, error) {
	w, args := sc.Filter(areaCol, orgCol)
	o, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE o.code = ? AND `+w, append([]any{code}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Org{}, apperr.ErrNotFound
	}
	return o, apperr.Wrap(err, "org by code")
}

// Filter selects orgs.
type Filter struct {
	Q        string  `query:"q"`
	Kind     Kind    `query:"kind,enum"`
	Sector   Sector  `query:"sector,enum"`
	AreaID   int64   `query:"area_id"`
	ParentID int64   `query:"parent_id"`
	Roots    bool    // only orgs whose parent is outside the scope (tree roots)
	Sort     string  `query:"sort"`
	Page     db.Page `query:"page"`
}

var sorts = map[string]string{
	// tree puts committees first, then general branches, joint branches and branches.
	"tree": "CASE o.kind WHEN 'committee' THEN 0 WHEN 'general_branch' THEN 1 WHEN 'joint_branch' THEN 2 ELSE 3 END, o.name",
	"name": "o.name", "code": "o.code", "kind": "o.kind", "sector": "o.sector", "area": "a.name"}

func (s *Store) where(sc scope.Scope, f Filter) (string, []any) {
	where, args := sc.Filter(areaCol, orgCol)
	if f.Q != "" {
		c1, a1 := db.Contains("o.name", f.Q)
		c2, a2 := db.Contains("o.code", f.Q)
		where += " AND (" + c1 + " OR " + c2 + ")"
		args = append(args, a1, a2)
	}
	if f.Kind != "" {
		where += " AND o.kind = ?"
		args = append(args, f.Kind)
	}
	if f.Sector != "" {
		where += " AND o.sector = ?"
		args = append(args, f.Sector)
	}
	if f.AreaID != 0 {
		where += " AND o.area_id = ?"
		args = append(args, f.AreaID)
	}
	if f.ParentID != 0 {
		where += " AND o.parent_id = ?"
		args = append(args, f.ParentID)
	}
	if f.Roots {
		pw, pargs := sc.Filter("p.area_path", "p.path")
		where += " AND (o.parent_id IS NULL OR NOT (" + pw + "))"
		args = append(args, pargs...)
	}
	return where, args
}

// defaultOrder is the index order of the scope's range (orgs_area_path or
// orgs_path), so a page is read off the index without a sort.
func defaultOrder(sc scope.Scope) string {
	if sc.OrgOnly() || sc.All {
		return "o.path"
	}
	return "o.area_path, o.id"
}

// List returns a page of orgs in scope and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Org, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	where, args := s.where(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), from+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "org count")
	}
	p := f.Page.Norm()
	var out []Org
	err = s.each(ctx, `SELECT `+cols+from+` WHERE `+where+db.OrderBy(f.Sort, sorts, defaultOrder(sc), "o.id")+` LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset), func(o Org) error {
		out = append(out, o)
		return nil
	})
	return out, total, err
}

// Count counts the orgs in scope exactly.
func (s *Store) Count(ctx context.Context, sc scope.Scope) (int, error) {
	where, args := sc.Filter(areaCol, orgCol)
	var n int
	err := s.DB.Read().QueryRowContext(ctx, `SELECT count(*) FROM orgs o WHERE `+where, args...).Scan(&n)
	return n, apperr.Wrap(err, "org count")
}

// Each streams every org in scope matching f (for exports), in path order.
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Org) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	where, args := s.where(sc, f)
	return s.each(ctx, `SELECT `+cols+from+` WHERE `+where+db.OrderBy(f.Sort, sorts, defaultOrder(sc), "o.id"), args, fn)
}

func (s *Store) each(ctx context.Context, q string, args []any, fn func(Org) error) error {
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), q, args, scan, fn), "org query")
}

// ScopeOf returns the path and area path of an org (no scope check), for
// building a branch secretary's scope.
func (s *Store) ScopeOf(ctx context.Context, id int64) (path, areaPath string, err error) {
	err = s.DB.Read().QueryRowContext(ctx, `SELECT path, area_path FROM orgs WHERE id = ?`, id).Scan(&path, &areaPath)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "", "", apperr.ErrNotFound
	}
	return path, areaPath, apperr.Wrap(err, "org scope")
}

// Create adds an org inside the scope.
func (s *Store) Create(ctx context.Context, sc scope.Scope, o Org) (Org, error) {
	if err := o.Validate(); err != nil {
		return Org{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := insert(ctx, tx, sc, &o, s.Clock.Stamp()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "org.create", "org", o.ID, map[string]any{"code": o.Code, "name": o.Name, "kind": o.Kind, "parent_id": o.ParentID})
	})
	if err != nil {
		return Org{}, err
	}
	return s.Get(ctx, sc, o.ID)
}

// Insert writes an org inside a transaction after checking its parent and
// area against the scope; it sets o.ID, o.Path and o.AreaPath. Importers
// and the demo generator call it directly. It stamps the row with the wall
// clock; a Store's writes stamp it with the Store's Clock.
func Insert(ctx context.Context, tx *db.Tx, sc scope.Scope, o *Org) error {
	return insert(ctx, tx, sc, o, clock.Func(nil).Stamp())
}

// insert is Insert stamped now.
func insert(ctx context.Context, tx *db.Tx, sc scope.Scope, o *Org, now time.Time) error {
	if err := o.Validate(); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, `SELECT path FROM areas WHERE id = ?`, o.AreaID).Scan(&o.AreaPath)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return apperr.InvalidField("area_id", "err.org.area_missing")
	} else if err != nil {
		return apperr.Wrap(err, "org area")
	}
	parentPath := "/"
	if o.ParentID != 0 {
		var pk Kind
		var pAreaPath string
		err := tx.QueryRowContext(ctx, `SELECT path, kind, area_path FROM orgs WHERE id = ?`, o.ParentID).Scan(&parentPath, &pk, &pAreaPath)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.InvalidField("parent_id", "err.org.parent_missing")
		} else if err != nil {
			return apperr.Wrap(err, "org parent")
		}
		if !sc.HasRow(pAreaPath, parentPath) {
			return apperr.ErrForbidden
		}
		if !CanHoldChildren(pk) {
			return apperr.InvalidField("parent_id", "err.org.parent_leaf")
		}
	}
	// The new org itself must be inside the scope (area and org subtree).
	if !sc.All && !sc.HasRow(o.AreaPath, parentPath+"x/") {
		return apperr.ErrForbidden
	}
	var founded any
	if o.FoundedOn != "" {
		founded = o.FoundedOn
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO orgs (parent_id, code, name, kind, sector, area_id, area_path, founded_on, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		db.NullID(o.ParentID), o.Code, o.Name, o.Kind, o.Sector, o.AreaID, o.AreaPath, founded, now, now)
	if errors.Is(err, db.ErrUnique) {
		return apperr.InvalidField("code", "err.code_taken").With("code", o.Code)
	} else if err != nil {
		return apperr.Wrap(err, "org insert")
	}
	o.ID = id
	o.Path = parentPath + strconv.FormatInt(id, 10) + "/"
	_, err = tx.ExecContext(ctx, `UPDATE orgs SET path = ? WHERE id = ?`, o.Path, id)
	return apperr.Wrap(err, "org path")
}

// Update changes an org's name, kind, sector, founding date and secretary.
// The parent and area are fixed once created (a move is a new org plus
// transfers). The secretary must be a member of the org.
func (s *Store) Update(ctx context.Context, sc scope.Scope, o Org) (Org, error) {
	cur, err := s.Get(ctx, sc, o.ID)
	if err != nil {
		return Org{}, err
	}
	// An org's place (parent, area) and code fix its paths and those of its
	// subtree, members and units: an edit may repeat them, not change them.
	for _, f := range []struct {
		field, key string
		changed    bool
	}{
		{"parent_id", "err.org.fixed_parent_id", o.ParentID != 0 && o.ParentID != cur.ParentID},
		{"area_id", "err.org.fixed_area_id", o.AreaID != 0 && o.AreaID != cur.AreaID},
		{"code", "err.org.fixed_code", o.Code != "" && o.Code != cur.Code},
	} {
		if f.changed {
			return Org{}, apperr.InvalidField(f.field, f.key)
		}
	}
	o.ParentID, o.AreaID, o.Code = cur.ParentID, cur.AreaID, cur.Code
	if err := o.Validate(); err != nil {
		return Org{}, err
	}
	if !CanHoldChildren(o.Kind) && cur.Children > 0 {
		return Org{}, apperr.InvalidField("kind", "err.org.has_children")
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if o.SecretaryID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = ? AND org_id = ?`, o.SecretaryID, o.ID).Scan(&n); err != nil {
				return apperr.Wrap(err, "org secretary")
			}
			if n == 0 {
				return apperr.InvalidField("secretary_id", "err.org.secretary_not_member")
			}
		}
		var founded any
		if o.FoundedOn != "" {
			founded = o.FoundedOn
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET name = ?, kind = ?, sector = ?, founded_on = ?, secretary_id = ?, updated_at = ? WHERE id = ?`,
			o.Name, o.Kind, o.Sector, founded, db.NullID(o.SecretaryID), s.Clock.Stamp(), o.ID); err != nil {
			return apperr.Wrap(err, "org update")
		}
		return audit.Record(ctx, tx, "org.update", "org", o.ID, map[string]any{"name": o.Name, "kind": o.Kind, "sector": o.Sector, "secretary_id": o.SecretaryID})
	})
	if err != nil {
		return Org{}, err
	}
	return s.Get(ctx, sc, o.ID)
}

// Delete removes an org that has no child orgs, members or covered units.
func (s *Store) Delete(ctx context.Context, sc scope.Scope, id int64) error {
	o, err := s.Get(ctx, sc, id)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orgs WHERE parent_id = ?) + (SELECT count(*) FROM people WHERE org_id = ?) + (SELECT count(*) FROM units WHERE org_id = ?) + (SELECT count(*) FROM transfers WHERE from_org_id = ? OR to_org_id = ?)`, id, id, id, id, id).Scan(&n); err != nil {
			return apperr.Wrap(err, "org delete check")
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "err.org.in_use")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM orgs WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "org delete")
		}
		return audit.Record(ctx, tx, "org.delete", "org", id, map[string]any{"code": o.Code, "name": o.Name})
	})
}

// PathIn returns the path of org id for a reference from a write inside
// the scope (a member's org, a unit's covering org). An org that does not
// exist and one outside the scope give the same invalid error on field.
func PathIn(ctx context.Context, q db.Querier, sc scope.Scope, id int64, field string) (string, error) {
	var path, areaPath string
	err := q.QueryRowContext(ctx, `SELECT path, area_path FROM orgs WHERE id = ?`, id).Scan(&path, &areaPath)
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasRow(areaPath, path)) {
		return "", apperr.InvalidField(field, "err.org_missing")
	}
	return path, apperr.Wrap(err, "org path")
}

// ClearSecretary clears org id's secretary when it is person: a member who
// leaves an org (a transfer) can no longer be its secretary.
func ClearSecretary(ctx context.Context, tx *db.Tx, id, person int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE orgs SET secretary_id = NULL, updated_at = ? WHERE id = ? AND secretary_id = ?`, now, id, person)
	return apperr.Wrap(err, "org clear secretary")
}

// AssignFirstSecretaries makes each org's first member (by id) its
// secretary: the demo's seeding, after it loaded the members.
func AssignFirstSecretaries(ctx context.Context, tx *db.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE orgs SET secretary_id = m.first FROM (SELECT org_id, min(id) AS first FROM people WHERE org_id IS NOT NULL GROUP BY org_id) m WHERE m.org_id = orgs.id`)
	return apperr.Wrap(err, "org secretaries")
}
