package post

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Store reads and writes posts and their menus. Every read and write is
// filtered by the caller's scope on the post's area path.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

const postCols = `p.id, p.code, p.name, p.level, COALESCE(p.parent_id, 0), COALESCE(pp.name, ''), p.district_id, d.name,
	p.area_id, a.name, p.area_path, p.lat, p.lng, p.address, p.hours, p.build_status, p.batch, COALESCE(l.name, '')`

const postFrom = ` FROM posts p JOIN areas a ON a.id = p.area_id JOIN areas d ON d.id = p.district_id
	LEFT JOIN posts pp ON pp.id = p.parent_id
	LEFT JOIN post_levels l ON l.district_id = p.district_id AND l.level = p.level`

func scanPost(r db.Scanner) (Post, error) {
	var p Post
	err := r.Scan(&p.ID, &p.Code, &p.Name, &p.Level, &p.ParentID, &p.ParentName, &p.DistrictID, &p.DistrictName,
		&p.AreaID, &p.AreaName, &p.AreaPath, &p.Lat, &p.Lng, &p.Address, &p.Hours, &p.Status, &p.Batch, &p.LevelName)
	if p.LevelName == "" && p.Level >= 1 && p.Level <= 4 {
		p.LevelName = DefaultLevelNames[p.Level-1]
	}
	return p, err
}

// Get returns a post with its served areas, staff, member units and menu.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Post, error) {
	p, err := scanPost(s.DB.Read().QueryRowContext(ctx, `SELECT `+postCols+postFrom+` WHERE p.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasArea(p.AreaPath)) {
		return Post{}, apperr.ErrNotFound
	}
	if err != nil {
		return Post{}, apperr.Wrap(err, "post get")
	}
	q := s.DB.Read()
	if p.Served, err = refs(ctx, q, `SELECT a.id, a.name FROM post_areas x JOIN areas a ON a.id = x.area_id WHERE x.post_id = ? ORDER BY a.code`, id); err != nil {
		return p, err
	}
	if p.Units, err = refs(ctx, q, `SELECT u.id, u.name FROM post_units x JOIN units u ON u.id = x.unit_id WHERE x.post_id = ? ORDER BY u.name`, id); err != nil {
		return p, err
	}
	err = db.Each(ctx, q, `SELECT id, COALESCE(user_id, 0), name, role FROM post_staff WHERE post_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (Staff, error) {
			var st Staff
			return st, r.Scan(&st.ID, &st.UserID, &st.Name, &st.Role)
		}, func(st Staff) error { p.Staff = append(p.Staff, st); return nil })
	if err != nil {
		return p, apperr.Wrap(err, "post staff")
	}
	if p.Items, err = s.Items(ctx, q, id); err != nil {
		return p, err
	}
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE post_id = ?`, id).Scan(&p.Orders)
	return p, apperr.Wrap(err, "post orders")
}

func refs(ctx context.Context, q db.Querier, query string, args ...any) ([]Ref, error) {
	var out []Ref
	err := db.Each(ctx, q, query, args, func(r db.Scanner) (Ref, error) {
		var x Ref
		return x, r.Scan(&x.ID, &x.Name)
	}, func(x Ref) error { out = append(out, x); return nil })
	return out, apperr.Wrap(err, "post refs")
}

// Filter narrows a post list.
type Filter struct {
	DistrictID int64       `query:"district_id"`
	Level      int         `query:"level,max=4"`
	Status     BuildStatus `query:"status,enum"`
	Batch      string      `query:"batch"`
	Q          string      `query:"q"`
	Sort       string      `query:"sort"`
	db.Page    `query:"page"`
}

var sorts = map[string]string{"code": "p.code", "name": "p.name", "level": "p.level", "status": "p.build_status", "batch": "p.batch"}

// List returns a page of the posts in scope and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Post, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	where, args := postWhere(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), ` FROM posts p WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "post count")
	}
	pg := f.Page.Norm()
	order := db.OrderBy(f.Sort, sorts, "p.level, p.code, p.id", "p.id")
	var out []Post
	err = db.Each(ctx, s.DB.Read(), `SELECT `+postCols+postFrom+` WHERE `+where+order+` LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanPost, func(p Post) error { out = append(out, p); return nil })
	return out, total, apperr.Wrap(err, "post list")
}

// Each streams every post in scope that matches f (its page ignored), in
// the list's order, for an export.
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Post) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	where, args := postWhere(sc, f)
	order := db.OrderBy(f.Sort, sorts, "p.level, p.code, p.id", "p.id")
	err := db.Each(ctx, s.DB.Read(), `SELECT `+postCols+postFrom+` WHERE `+where+order, args, scanPost, fn)
	return apperr.Wrap(err, "post each")
}

// postWhere is the list's condition: the scope and f's filters.
func postWhere(sc scope.Scope, f Filter) (string, []any) {
	where, args := sc.Filter("p.area_path", "")
	if f.DistrictID != 0 {
		where += " AND p.district_id = ?"
		args = append(args, f.DistrictID)
	}
	if f.Level != 0 {
		where += " AND p.level = ?"
		args = append(args, f.Level)
	}
	if f.Status != "" {
		where += " AND p.build_status = ?"
		args = append(args, f.Status)
	}
	if f.Batch != "" {
		where += " AND p.batch = ?"
		args = append(args, f.Batch)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, a := db.Contains("p.name", q)
		c2, a2 := db.Contains("p.code", q)
		where += " AND (" + c + " OR " + c2 + ")"
		args = append(args, a, a2)
	}
	return where, args
}

// Create writes a new post: its area must be in the caller's scope, its
// parent one level up in the same district, its place inside Sanya.
func (s *Store) Create(ctx context.Context, sc scope.Scope, p Post) (Post, error) {
	if err := p.Validate(); err != nil {
		return Post{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.resolve(ctx, tx, sc, &p); err != nil {
			return err
		}
		now := s.Clock.Stamp()
		id, err := db.InsertID(ctx, tx, `INSERT INTO posts (code, name, level, parent_id, district_id, area_id, area_path, lat, lng,
			address, hours, build_status, batch, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			p.Code, p.Name, p.Level, db.NullID(p.ParentID), p.DistrictID, p.AreaID, p.AreaPath, p.Lat, p.Lng,
			p.Address, p.Hours, p.Status, p.Batch, now, now)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("code", "err.code_taken").With("code", p.Code)
		} else if err != nil {
			return apperr.Wrap(err, "post insert")
		}
		p.ID = id
		if err := setServed(ctx, tx, sc, id, p.Served, p.AreaID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "post.create", "post", id, map[string]any{"code": p.Code, "name": p.Name, "level": p.Level})
	})
	if err != nil {
		return Post{}, err
	}
	return s.Get(ctx, sc, p.ID)
}

// Update rewrites a post's fields (not its level or district).
func (s *Store) Update(ctx context.Context, sc scope.Scope, p Post) (Post, error) {
	old, err := s.Get(ctx, sc, p.ID)
	if err != nil {
		return Post{}, err
	}
	p.Level, p.Code = old.Level, old.Code
	if err := p.Validate(); err != nil {
		return Post{}, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.resolve(ctx, tx, sc, &p); err != nil {
			return err
		}
		if p.DistrictID != old.DistrictID {
			return apperr.InvalidField("area_id", "err.post.district_fixed")
		}
		_, err := tx.ExecContext(ctx, `UPDATE posts SET name=?, parent_id=?, area_id=?, area_path=?, lat=?, lng=?, address=?, hours=?,
			build_status=?, batch=?, updated_at=? WHERE id=?`, p.Name, db.NullID(p.ParentID), p.AreaID, p.AreaPath, p.Lat, p.Lng,
			p.Address, p.Hours, p.Status, p.Batch, s.Clock.Stamp(), p.ID)
		if err != nil {
			return apperr.Wrap(err, "post update")
		}
		if p.Served != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM post_areas WHERE post_id = ?`, p.ID); err != nil {
				return apperr.Wrap(err, "post areas")
			}
			if err := setServed(ctx, tx, sc, p.ID, p.Served, p.AreaID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "post.update", "post", p.ID, map[string]any{"name": p.Name, "build_status": p.Status, "batch": p.Batch})
	})
	if err != nil {
		return Post{}, err
	}
	return s.Get(ctx, sc, p.ID)
}

// resolve checks the area (in scope), finds its district, checks the
// parent post and fills the place from the area when none was given.
func (s *Store) resolve(ctx context.Context, tx *db.Tx, sc scope.Scope, p *Post) error {
	path, err := area.PathIn(ctx, tx, sc, p.AreaID)
	if err != nil {
		return err
	}
	p.AreaPath = path
	p.DistrictID = 0
	if p.DistrictID, err = DistrictOf(ctx, tx, path); err != nil {
		return err
	}
	if p.DistrictID == 0 {
		return apperr.InvalidField("area_id", "err.post.no_district")
	}
	if p.Level > LevelDistrict {
		var lvl int
		var did int64
		var ppath string
		err := tx.QueryRowContext(ctx, `SELECT level, district_id, area_path FROM posts WHERE id = ?`, p.ParentID).Scan(&lvl, &did, &ppath)
		if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasArea(ppath) && !strings.HasPrefix(path, ppath)) {
			return apperr.InvalidField("parent_id", "err.post.parent_needed")
		} else if err != nil {
			return apperr.Wrap(err, "post parent")
		}
		if lvl != p.Level-1 || did != p.DistrictID {
			return apperr.InvalidField("parent_id", "err.post.parent_level")
		}
	} else {
		p.ParentID = 0
	}
	if p.Lat == 0 && p.Lng == 0 {
		lat, lng, err := area.Centre(ctx, tx, p.AreaID)
		if err != nil {
			return err
		}
		p.Lat, p.Lng = lat, lng
	}
	in, err := area.InCity(ctx, tx, p.Lat, p.Lng)
	if err != nil {
		return err
	}
	if !in {
		return apperr.InvalidField("lat", "err.location_outside_city")
	}
	return nil
}

// DistrictOf returns the district (or functional zone) on an area path.
func DistrictOf(ctx context.Context, q db.Querier, path string) (int64, error) {
	for _, id := range strings.Split(strings.Trim(path, "/"), "/") {
		var kind string
		if err := q.QueryRowContext(ctx, `SELECT kind FROM areas WHERE id = ?`, id).Scan(&kind); err != nil {
			return 0, apperr.Wrap(err, "post district")
		}
		if kind == string(area.District) || kind == string(area.Zone) {
			return strconv.ParseInt(id, 10, 64)
		}
	}
	return 0, nil
}

// setServed records the areas a post serves (its own area when none are
// given); each must be in scope.
func setServed(ctx context.Context, tx *db.Tx, sc scope.Scope, postID int64, served []Ref, own int64) error {
	ids := []int64{own}
	if len(served) > 0 {
		ids = ids[:0]
		for _, r := range served {
			ids = append(ids, r.ID)
		}
	}
	for _, id := range ids {
		if _, err := area.PathIn(ctx, tx, sc, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_areas (post_id, area_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, postID, id); err != nil {
			return apperr.Wrap(err, "post areas")
		}
	}
	return nil
}

// SetBatchStatus moves every post of a construction batch in scope to a
// build status, in one transaction, and returns how many moved.
func (s *Store) SetBatchStatus(ctx context.Context, sc scope.Scope, batch string, st BuildStatus) (int, error) {
	if !validStatus(st) {
		return 0, apperr.InvalidField("build_status", "err.post.status")
	}
	if strings.TrimSpace(batch) == "" {
		return 0, apperr.InvalidField("batch", "err.post.batch")
	}
	where, args := sc.Filter("area_path", "")
	var n int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE posts SET build_status = ?, updated_at = ? WHERE batch = ? AND `+where,
			append([]any{st, s.Clock.Stamp(), batch}, args...)...)
		if err != nil {
			return apperr.Wrap(err, "post batch")
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return apperr.InvalidField("batch", "err.post.batch_empty").With("batch", batch)
		}
		return audit.Record(ctx, tx, "post.batch_status", "post", 0, map[string]any{"batch": batch, "build_status": st, "posts": n})
	})
	return int(n), err
}
