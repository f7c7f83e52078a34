package post

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/db"
)

// Route is where an order goes: the responsible post, the menu item that
// answers it (nil when no post up the chain offers the category; staff
// then choose the units) and the units that handle it jointly.
type Route struct {
	PostID    int64
	PostName  string
	Level     int
	Item      *Item
	Units     []int64
	LimitDays int
}

// DefaultLimitDays is the time limit of an order no menu item answers.
const DefaultLimitDays = 5

type hop struct {
	id, parent int64
	level      int
	name       string
}

// Route finds the post and units for a place and a category. The posts
// serving the place's grid, community or district are tried deepest level
// first; from each, the chain of parents is climbed to the first open post
// whose menu offers the category. When none does, the deepest serving post
// takes the order without units. A fixed item (ordered from a post's menu)
// routes to that post.
func (s *Store) Route(ctx context.Context, q db.Querier, pl area.Place, category string, item *Item) (Route, error) {
	if item != nil {
		var r Route
		err := q.QueryRowContext(ctx, `SELECT id, name, level FROM posts WHERE id = ? AND build_status = 'open'`, item.PostID).Scan(&r.PostID, &r.PostName, &r.Level)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return Route{}, apperr.InvalidField("service_code", "err.order.service_unknown").With("code", item.Code)
		} else if err != nil {
			return Route{}, apperr.Wrap(err, "route")
		}
		r.Item, r.LimitDays = item, item.LimitDays
		for _, u := range item.Units {
			r.Units = append(r.Units, u.ID)
		}
		return r, nil
	}
	var cands []hop
	err := db.Each(ctx, q, `SELECT DISTINCT p.id, COALESCE(p.parent_id, 0), p.level, p.name FROM post_areas x JOIN posts p ON p.id = x.post_id
		WHERE x.area_id IN (?, ?, ?) AND p.build_status = 'open' ORDER BY p.level DESC, p.id`,
		[]any{pl.GridID, pl.CommunityID, pl.DistrictID}, scanHop, func(h hop) error { cands = append(cands, h); return nil })
	if err != nil {
		return Route{}, apperr.Wrap(err, "route")
	}
	if len(cands) == 0 {
		err := db.Each(ctx, q, `SELECT id, 0, level, name FROM posts WHERE district_id = ? AND level = 1 AND build_status = 'open' ORDER BY id LIMIT 1`,
			[]any{pl.DistrictID}, scanHop, func(h hop) error { cands = append(cands, h); return nil })
		if err != nil {
			return Route{}, apperr.Wrap(err, "route")
		}
	}
	if len(cands) == 0 {
		return Route{}, apperr.InvalidField("location", "err.order.no_post")
	}
	for _, c := range cands {
		for h := c; ; {
			it, ok, err := s.itemFor(ctx, q, h.id, category)
			if err != nil {
				return Route{}, err
			}
			if ok {
				return s.Route(ctx, q, pl, category, &it)
			}
			if h.parent == 0 {
				break
			}
			if h, err = s.hop(ctx, q, h.parent); err != nil {
				return Route{}, err
			}
		}
	}
	c := cands[0]
	return Route{PostID: c.id, PostName: c.name, Level: c.level, LimitDays: DefaultLimitDays}, nil
}

func scanHop(r db.Scanner) (hop, error) {
	var h hop
	return h, r.Scan(&h.id, &h.parent, &h.level, &h.name)
}

func (s *Store) hop(ctx context.Context, q db.Querier, id int64) (hop, error) {
	h, err := scanHop(q.QueryRowContext(ctx, `SELECT id, COALESCE(parent_id, 0), level, name FROM posts WHERE id = ?`, id))
	return h, apperr.Wrap(err, "route parent")
}

// itemFor returns the first active item of an open post in a category.
func (s *Store) itemFor(ctx context.Context, q db.Querier, postID int64, category string) (Item, bool, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+` FROM menu_items i JOIN posts p ON p.id = i.post_id
		WHERE i.post_id = ? AND i.category = ? AND i.active AND p.build_status = 'open' ORDER BY i.code LIMIT 1`, postID, category))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Item{}, false, nil
	}
	if err != nil {
		return Item{}, false, apperr.Wrap(err, "route item")
	}
	it.Units, err = itemUnits(ctx, q, it.ID)
	return it, err == nil, err
}

// Parent returns the post one level up (0 at the district centre).
func Parent(ctx context.Context, q db.Querier, postID int64) (int64, error) {
	var p int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM posts WHERE id = ?`, postID).Scan(&p)
	return p, apperr.Wrap(err, "post parent")
}

// StaffUsers returns the accounts on duty at a post.
func StaffUsers(ctx context.Context, q db.Querier, postID int64) ([]int64, error) {
	var out []int64
	err := db.Each(ctx, q, `SELECT user_id FROM post_staff WHERE post_id = ? AND user_id IS NOT NULL`, []any{postID},
		func(r db.Scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, func(id int64) error { out = append(out, id); return nil })
	return out, apperr.Wrap(err, "post staff")
}
