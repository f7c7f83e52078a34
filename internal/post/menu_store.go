package post

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

const itemCols = `i.id, i.code, i.post_id, p.name, i.category, i.name, i.description, i.limit_days, i.fields, i.active`

func scanItem(r db.Scanner) (Item, error) {
	var it Item
	var fields string
	err := r.Scan(&it.ID, &it.Code, &it.PostID, &it.PostName, &it.Category, &it.Name, &it.Description, &it.LimitDays, &fields, &it.Active)
	if err == nil {
		err = json.Unmarshal([]byte(fields), &it.Fields)
	}
	return it, err
}

// Items returns a post's menu with each item's responsible units.
func (s *Store) Items(ctx context.Context, q db.Querier, postID int64) ([]Item, error) {
	var out []Item
	err := db.Each(ctx, q, `SELECT `+itemCols+` FROM menu_items i JOIN posts p ON p.id = i.post_id WHERE i.post_id = ? ORDER BY i.code`,
		[]any{postID}, scanItem, func(it Item) error { out = append(out, it); return nil })
	if err != nil {
		return nil, apperr.Wrap(err, "menu items")
	}
	for i := range out {
		if out[i].Units, err = itemUnits(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func itemUnits(ctx context.Context, q db.Querier, itemID int64) ([]Ref, error) {
	return refs(ctx, q, `SELECT u.id, u.name FROM menu_item_units x JOIN units u ON u.id = x.unit_id WHERE x.item_id = ? ORDER BY u.name`, itemID)
}

// ItemByCode returns an active item of an open post (the public menu, as
// Open311 and the order page see it).
func (s *Store) ItemByCode(ctx context.Context, code string) (Item, error) {
	q := s.DB.Read()
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+` FROM menu_items i JOIN posts p ON p.id = i.post_id
		WHERE i.code = ? AND i.active AND p.build_status = 'open'`, code))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Item{}, apperr.ErrNotFound
	}
	if err != nil {
		return Item{}, apperr.Wrap(err, "menu item")
	}
	it.Units, err = itemUnits(ctx, q, it.ID)
	return it, err
}

// PublicItems returns every active item of every open post, by code.
func (s *Store) PublicItems(ctx context.Context) ([]Item, error) {
	var out []Item
	err := db.Each(ctx, s.DB.Read(), `SELECT `+itemCols+` FROM menu_items i JOIN posts p ON p.id = i.post_id
		WHERE i.active AND p.build_status = 'open' ORDER BY i.code`, nil, scanItem, func(it Item) error { out = append(out, it); return nil })
	return out, apperr.Wrap(err, "menu items")
}

// UnitIDs are the responsible units an item or a post is given.
type UnitIDs []int64

// SaveItem creates (ID 0) or updates an item of a post in scope, with its
// responsible units.
func (s *Store) SaveItem(ctx context.Context, sc scope.Scope, it Item, units UnitIDs) (Item, error) {
	if err := it.Validate(); err != nil {
		return Item{}, err
	}
	if len(units) == 0 {
		return Item{}, apperr.InvalidField("units", "err.post.units_needed")
	}
	p, err := s.Get(ctx, sc, it.PostID)
	if err != nil {
		return Item{}, err
	}
	fields, _ := json.Marshal(it.Fields)
	if it.Fields == nil {
		fields = []byte("[]")
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := CheckUnits(ctx, tx, sc, p.AreaPath, units); err != nil {
			return err
		}
		action := "menu.update"
		if it.ID == 0 {
			action = "menu.create"
			id, err := db.InsertID(ctx, tx, `INSERT INTO menu_items (code, post_id, category, name, description, limit_days, fields, active, created_at)
				VALUES (?,?,?,?,?,?,?,?,?)`, it.Code, it.PostID, it.Category, it.Name, it.Description, it.LimitDays, string(fields), it.Active, s.Clock.Stamp())
			if errors.Is(err, db.ErrUnique) {
				return apperr.InvalidField("code", "err.code_taken").With("code", it.Code)
			} else if err != nil {
				return apperr.Wrap(err, "menu insert")
			}
			it.ID = id
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE menu_items SET category=?, name=?, description=?, limit_days=?, fields=?, active=?
				WHERE id=? AND post_id=?`, it.Category, it.Name, it.Description, it.LimitDays, string(fields), it.Active, it.ID, it.PostID)
			if err != nil {
				return apperr.Wrap(err, "menu update")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.ErrNotFound
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM menu_item_units WHERE item_id = ?`, it.ID); err != nil {
				return apperr.Wrap(err, "menu units")
			}
		}
		for _, u := range units {
			if _, err := tx.ExecContext(ctx, `INSERT INTO menu_item_units (item_id, unit_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, it.ID, u); err != nil {
				return apperr.Wrap(err, "menu units")
			}
		}
		return audit.Record(ctx, tx, action, "menu_item", it.ID, map[string]any{"code": it.Code, "post_id": it.PostID, "units": units})
	})
	if err != nil {
		return Item{}, err
	}
	it.Units, err = itemUnits(ctx, s.DB.Read(), it.ID)
	return it, err
}

// CheckUnits accepts units inside the caller's scope and units of the
// post's ancestors (a city department serves every district); any other
// unit is "missing", so a write learns nothing about other districts.
func CheckUnits(ctx context.Context, q db.Querier, sc scope.Scope, postPath string, units UnitIDs) error {
	for _, id := range units {
		var path string
		err := q.QueryRowContext(ctx, `SELECT area_path FROM units WHERE id = ?`, id).Scan(&path)
		if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasArea(path) && !strings.HasPrefix(postPath, path)) {
			return apperr.InvalidField("units", "err.unit_missing")
		} else if err != nil {
			return apperr.Wrap(err, "unit check")
		}
	}
	return nil
}

// SetUnits replaces a post's member units (共驻共建).
func (s *Store) SetUnits(ctx context.Context, sc scope.Scope, postID int64, units UnitIDs) error {
	p, err := s.Get(ctx, sc, postID)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := CheckUnits(ctx, tx, sc, p.AreaPath, units); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM post_units WHERE post_id = ?`, postID); err != nil {
			return apperr.Wrap(err, "post units")
		}
		for _, u := range units {
			if _, err := tx.ExecContext(ctx, `INSERT INTO post_units (post_id, unit_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, postID, u); err != nil {
				return apperr.Wrap(err, "post units")
			}
		}
		return audit.Record(ctx, tx, "post.units", "post", postID, map[string]any{"units": units})
	})
}

// AddStaff puts a person on duty at a post; with an account (user ID),
// they are notified of orders escalated to it.
func (s *Store) AddStaff(ctx context.Context, sc scope.Scope, postID int64, st Staff) (Staff, error) {
	st.Name, st.Role = strings.TrimSpace(st.Name), strings.TrimSpace(st.Role)
	if st.Name == "" || len([]rune(st.Name)) > 30 {
		return Staff{}, apperr.InvalidField("name", "err.name_length")
	}
	if _, err := s.Get(ctx, sc, postID); err != nil {
		return Staff{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := db.InsertID(ctx, tx, `INSERT INTO post_staff (post_id, user_id, name, role) VALUES (?,?,?,?)`, postID, db.NullID(st.UserID), st.Name, st.Role)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("name", "err.post.staff_taken")
		} else if errors.Is(err, db.ErrForeignKey) {
			return apperr.InvalidField("user_id", "err.user_missing")
		} else if err != nil {
			return apperr.Wrap(err, "post staff")
		}
		st.ID = id
		return audit.Record(ctx, tx, "post.staff_add", "post", postID, map[string]any{"name": st.Name, "role": st.Role, "user_id": st.UserID})
	})
	return st, err
}

// Levels returns a district's level structure (defaults where unset).
func (s *Store) Levels(ctx context.Context, districtID int64) ([]Level, error) {
	out := make([]Level, 4)
	for i := range out {
		out[i] = Level{Level: i + 1, Name: DefaultLevelNames[i]}
	}
	err := db.Each(ctx, s.DB.Read(), `SELECT level, name, planned FROM post_levels WHERE district_id = ? ORDER BY level`, []any{districtID},
		func(r db.Scanner) (Level, error) {
			var l Level
			return l, r.Scan(&l.Level, &l.Name, &l.Planned)
		}, func(l Level) error {
			if l.Level >= 1 && l.Level <= 4 {
				out[l.Level-1] = l
			}
			return nil
		})
	return out, apperr.Wrap(err, "post levels")
}

// SetLevels configures a district's level names and planned counts.
func (s *Store) SetLevels(ctx context.Context, sc scope.Scope, districtID int64, levels []Level) error {
	path, err := areaPath(ctx, s.DB.Read(), districtID)
	if err != nil || !sc.HasArea(path) {
		return apperr.InvalidField("district_id", "err.area_missing")
	}
	for _, l := range levels {
		if l.Level < 1 || l.Level > 4 || strings.TrimSpace(l.Name) == "" || l.Planned < 0 {
			return apperr.InvalidField("levels", "err.post.level")
		}
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, l := range levels {
			if _, err := tx.ExecContext(ctx, `INSERT INTO post_levels (district_id, level, name, planned) VALUES (?,?,?,?)
				ON CONFLICT (district_id, level) DO UPDATE SET name = excluded.name, planned = excluded.planned`,
				districtID, l.Level, strings.TrimSpace(l.Name), l.Planned); err != nil {
				return apperr.Wrap(err, "post levels")
			}
		}
		return audit.Record(ctx, tx, "post.levels", "area", districtID, levels)
	})
}

func areaPath(ctx context.Context, q db.Querier, id int64) (string, error) {
	var p string
	err := q.QueryRowContext(ctx, `SELECT path FROM areas WHERE id = ? AND kind IN ('district', 'zone')`, id).Scan(&p)
	return p, err
}
