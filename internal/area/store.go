package area

import (
	"context"
	"errors"
	"strconv"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/i18n"
	"dangjian/internal/scope"
)

// Store reads and writes areas.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

const cols = `a.id, COALESCE(a.parent_id,0), a.code, a.name, a.kind, a.path, a.depth, a.geometry IS NOT NULL,
	(SELECT count(*) FROM areas c WHERE c.parent_id = a.id), COALESCE(p.name,'')`

const from = ` FROM areas a LEFT JOIN areas p ON p.id = a.parent_id`

func scan(rows db.Scanner) (Area, error) {
	var a Area
	err := rows.Scan(&a.ID, &a.ParentID, &a.Code, &a.Name, &a.Kind, &a.Path, &a.Depth, &a.HasGeometry, &a.Children, &a.ParentName)
	return a, err
}

// Get returns one area inside the scope.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Area, error) {
	w, args := sc.Filter("a.path", "")
	a, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE a.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Area{}, apperr.ErrNotFound
	}
	return a, apperr.Wrap(err, "area get")
}

// GetAny returns an area regardless of scope; for internal resolution only
// (building a scope, resolving a path for a write that is then checked).
func (s *Store) GetAny(ctx context.Context, id int64) (Area, error) {
	return s.Get(ctx, scope.Everything, id)
}

// ByCode returns an area by its code inside the scope.
func (s *Store) ByCode(ctx context.Context, sc scope.Scope, code string) (Area, error) {
	w, args := sc.Filter("a.path", "")
	a, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE a.code = ? AND `+w, append([]any{code}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Area{}, apperr.ErrNotFound
	}
	return a, apperr.Wrap(err, "area by code")
}

// Filter selects areas.
type Filter struct {
	Q        string  `query:"q"`
	Kind     Kind    `query:"kind,enum"`
	ParentID int64   `query:"parent_id"`
	Sort     string  `query:"sort"`
	Page     db.Page `query:"page"`
}

var sorts = map[string]string{"name": "a.name", "code": "a.code", "kind": "a.kind"}

// List returns a page of areas in scope and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Area, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	where, args := sc.Filter("a.path", "")
	if f.Q != "" {
		c1, a1 := db.Contains("a.name", f.Q)
		c2, a2 := db.Contains("a.code", f.Q)
		where += " AND (" + c1 + " OR " + c2 + ")"
		args = append(args, a1, a2)
	}
	if f.Kind != "" {
		where += " AND a.kind = ?"
		args = append(args, f.Kind)
	}
	if f.ParentID != 0 {
		where += " AND a.parent_id = ?"
		args = append(args, f.ParentID)
	}
	total, err := db.CountCapped(ctx, s.DB.Read(), from+" WHERE "+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "area count")
	}
	p := f.Page.Norm()
	q := `SELECT ` + cols + from + ` WHERE ` + where + db.OrderBy(f.Sort, sorts, "a.path", "a.id") + ` LIMIT ? OFFSET ?`
	rows, err := s.DB.Read().QueryContext(ctx, q, append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "area list")
	}
	defer rows.Close()
	var out []Area
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "area scan")
		}
		out = append(out, a)
	}
	return out, total, apperr.Wrap(rows.Err(), "area rows")
}

// Roots returns the top areas of a scope: the city for an unrestricted
// scope, otherwise the areas whose paths the scope names.
func (s *Store) Roots(ctx context.Context, sc scope.Scope) ([]Area, error) {
	var paths []string
	switch {
	case sc.All:
		rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+cols+from+` WHERE a.parent_id IS NULL ORDER BY a.id`)
		if err != nil {
			return nil, apperr.Wrap(err, "area roots")
		}
		defer rows.Close()
		var out []Area
		for rows.Next() {
			a, err := scan(rows)
			if err != nil {
				return nil, apperr.Wrap(err, "area scan")
			}
			out = append(out, a)
		}
		return out, rows.Err()
	case len(sc.AreaPaths) > 0:
		paths = sc.AreaPaths
	case sc.OrgAreaPath != "":
		paths = []string{sc.OrgAreaPath}
	}
	var out []Area
	for _, p := range paths {
		a, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE a.path = ?`, p))
		if err != nil {
			return nil, apperr.Wrap(err, "area root")
		}
		out = append(out, a)
	}
	return out, nil
}

// Ancestors returns the chain from the root to a (excluding a), for
// breadcrumbs. Only names are exposed, and only of a's own ancestors.
func (s *Store) Ancestors(ctx context.Context, a Area) ([]Area, error) {
	var out []Area
	for _, idStr := range splitPath(a.Path) {
		id, _ := strconv.ParseInt(idStr, 10, 64)
		if id == a.ID {
			break
		}
		p, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE a.id = ?`, id))
		if err != nil {
			return nil, apperr.Wrap(err, "area ancestors")
		}
		out = append(out, p)
	}
	return out, nil
}

func splitPath(p string) []string {
	var out []string
	cur := ""
	for _, c := range p {
		if c == '/' {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
			continue
		}
		cur += string(c)
	}
	return out
}

// Geometry returns the GeoJSON geometry of an area in scope ("" if none).
func (s *Store) Geometry(ctx context.Context, sc scope.Scope, id int64) (string, error) {
	if _, err := s.Get(ctx, sc, id); err != nil {
		return "", err
	}
	var g *string
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT geometry FROM areas WHERE id = ?`, id).Scan(&g); err != nil {
		return "", apperr.Wrap(err, "area geometry")
	}
	if g == nil {
		return "", nil
	}
	return *g, nil
}

// ScopePaths returns the area paths an account scoped to area id may see:
// the area's own subtree and, for a functional zone, the areas it overlays.
func (s *Store) ScopePaths(ctx context.Context, id int64) ([]string, error) {
	a, err := s.GetAny(ctx, id)
	if err != nil {
		return nil, err
	}
	paths := []string{a.Path}
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT x.path FROM area_overlays o JOIN areas x ON x.id = o.area_id WHERE o.zone_id = ? ORDER BY x.path`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "area overlays")
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, apperr.Wrap(err, "area overlays")
		}
		paths = append(paths, p)
	}
	return paths, rows.Err()
}

// Create adds an area under a parent inside the scope.
func (s *Store) Create(ctx context.Context, sc scope.Scope, a Area, geometry string) (Area, error) {
	if err := a.Validate(); err != nil {
		return Area{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := insert(ctx, tx, sc, &a, geometry, s.Clock.Stamp())
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "area.create", "area", id, map[string]any{"code": a.Code, "name": a.Name, "kind": a.Kind})
	})
	if err != nil {
		return Area{}, err
	}
	return s.Get(ctx, sc, a.ID)
}

// Insert writes an area inside a transaction, checking the parent and the
// scope, and sets a.ID, a.Path and a.Depth. Bulk loaders call it directly.
// The area tree, grids included, is drawn by the officials of an area
// (district and city officials, administrators): an org scope alone (a
// branch secretary's) sees its branch's area but adds nothing to the tree.
//
// Insert stamps the row with the wall clock; a Store's writes stamp it
// with the Store's Clock.
func Insert(ctx context.Context, tx *db.Tx, sc scope.Scope, a *Area, geometry string) (int64, error) {
	return insert(ctx, tx, sc, a, geometry, clock.Func(nil).Stamp())
}

// insert is Insert stamped now.
func insert(ctx context.Context, tx *db.Tx, sc scope.Scope, a *Area, geometry string, now time.Time) (int64, error) {
	if sc.OrgOnly() {
		return 0, apperr.New(apperr.Forbidden, "err.area.officials_only")
	}
	parentPath := "/"
	if a.ParentID != 0 {
		var pk Kind
		err := tx.QueryRowContext(ctx, `SELECT path, kind FROM areas WHERE id = ?`, a.ParentID).Scan(&parentPath, &pk)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return 0, apperr.InvalidField("parent_id", "err.area.parent_missing")
		} else if err != nil {
			return 0, apperr.Wrap(err, "area parent")
		}
		if !sc.HasArea(parentPath) {
			return 0, apperr.ErrForbidden
		}
		if !CanParent(pk, a.Kind) {
			return 0, apperr.InvalidField("kind", "err.area.parent_kind").With("parent", i18n.Key("area.kind."+string(pk))).With("kind", i18n.Key("area.kind."+string(a.Kind)))
		}
	} else if !sc.All {
		return 0, apperr.ErrForbidden
	}
	var geo any
	if geometry != "" {
		geo = geometry
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO areas (parent_id, code, name, kind, geometry, created_at) VALUES (?,?,?,?,?,?)`,
		db.NullID(a.ParentID), a.Code, a.Name, a.Kind, geo, now)
	if errors.Is(err, db.ErrUnique) {
		return 0, apperr.InvalidField("code", "err.code_taken").With("code", a.Code)
	} else if err != nil {
		return 0, apperr.Wrap(err, "area insert")
	}
	if err := Touch(ctx, tx); err != nil {
		return 0, err
	}
	a.ID = id
	a.Path = parentPath + strconv.FormatInt(id, 10) + "/"
	a.Depth = len(splitPath(a.Path)) - 1
	if _, err := tx.ExecContext(ctx, `UPDATE areas SET path = ?, depth = ? WHERE id = ?`, a.Path, a.Depth, id); err != nil {
		return 0, apperr.Wrap(err, "area path")
	}
	return id, nil
}

// Rename changes an area's name.
func (s *Store) Rename(ctx context.Context, sc scope.Scope, id int64, name string) error {
	a, err := s.Get(ctx, sc, id)
	if err != nil {
		return err
	}
	a.Name = name
	if err := a.Validate(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE areas SET name = ? WHERE id = ?`, a.Name, id); err != nil {
			return apperr.Wrap(err, "area rename")
		}
		return audit.Record(ctx, tx, "area.update", "area", id, map[string]any{"name": a.Name})
	})
}

// PathIn returns the path of area id for a write inside the scope. An area
// that does not exist and one outside the scope give the same invalid
// error, so a write never learns what another district holds.
func PathIn(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (string, error) {
	var path string
	err := q.QueryRowContext(ctx, `SELECT path FROM areas WHERE id = ?`, id).Scan(&path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasArea(path)) {
		return "", apperr.InvalidField("area_id", "err.area_missing")
	}
	return path, apperr.Wrap(err, "area path")
}

// Overlays returns the areas a functional zone administers elsewhere in the
// tree (育才生态区's villages in 天涯区), those inside the scope.
func (s *Store) Overlays(ctx context.Context, sc scope.Scope, zoneID int64) ([]Area, error) {
	w, args := sc.Filter("a.path", "")
	var out []Area
	err := db.Each(ctx, s.DB.Read(), `SELECT `+cols+from+` JOIN area_overlays ov ON ov.area_id = a.id WHERE ov.zone_id = ? AND `+w+` ORDER BY a.path`,
		append([]any{zoneID}, args...), scan, func(a Area) error { out = append(out, a); return nil })
	return out, apperr.Wrap(err, "area overlays")
}

// Shapes returns the stored geometry of every area of a kind inside the
// scope, by id (the coverage map draws the grids).
func (s *Store) Shapes(ctx context.Context, sc scope.Scope, kind Kind) (map[int64]string, error) {
	where, args := sc.Filter("path", "")
	out := map[int64]string{}
	err := db.Each(ctx, s.DB.Read(), `SELECT id, geometry FROM areas WHERE kind = ? AND geometry IS NOT NULL AND `+where, append([]any{kind}, args...),
		func(r db.Scanner) (struct {
			id  int64
			raw string
		}, error) {
			var x struct {
				id  int64
				raw string
			}
			return x, r.Scan(&x.id, &x.raw)
		}, func(x struct {
			id  int64
			raw string
		}) error {
			out[x.id] = x.raw
			return nil
		})
	return out, apperr.Wrap(err, "area shapes")
}
