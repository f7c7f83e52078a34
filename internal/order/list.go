package order

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Filter narrows an order list.
type Filter struct {
	Status   Status `query:"status,enum"`
	Category string `query:"category,enum=post.category"`
	PostID   int64  `query:"post_id"`
	Overdue  bool   `query:"overdue"`
	UserID   int64  // an orderer's own orders
	ClientID int64
	Code     string // service_code (menu item code)
	From, To time.Time
	IDs      []int64
	// Published keeps only the orders published in the Open311 feed, and
	// PublicIDs those among them with these public ids.
	Published bool
	PublicIDs []string
	Q         string `query:"q"`
	Sort      string `query:"sort"`
	db.Page   `query:"page"`
}

var sorts = map[string]string{"id": "o.id", "created": "o.created_at", "deadline": "o.deadline", "status": "o.status", "category": "o.category"}

// List returns a page of orders in scope (an orderer's own with UserID and
// scope.Everything) and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Order, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	where, args := listWhere(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), ` FROM orders o WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "order count")
	}
	pg := f.Page.Norm()
	order := db.OrderBy(f.Sort, sorts, "o.id DESC", "o.id")
	var out []Order
	err = db.Each(ctx, s.DB.Read(), `SELECT `+orderCols+orderFrom+` WHERE `+where+order+` LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanOrder, func(o Order) error { out = append(out, o); return nil })
	return out, total, apperr.Wrap(err, "order list")
}

// Each streams every order in scope that matches f (its page ignored), in
// the list's order, for an export.
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Order) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	where, args := listWhere(sc, f)
	order := db.OrderBy(f.Sort, sorts, "o.id DESC", "o.id")
	err := db.Each(ctx, s.DB.Read(), `SELECT `+orderCols+orderFrom+` WHERE `+where+order, args, scanOrder, fn)
	return apperr.Wrap(err, "order each")
}

// listWhere is the list's condition: the scope and f's filters.
func listWhere(sc scope.Scope, f Filter) (string, []any) {
	where, args := sc.Filter("o.area_path", "")
	add := func(cond string, v ...any) {
		where += " AND " + cond
		args = append(args, v...)
	}
	if f.Status != "" {
		add("o.status = ?", f.Status)
	}
	if f.Category != "" {
		add("o.category = ?", f.Category)
	}
	if f.PostID != 0 {
		add("o.post_id = ?", f.PostID)
	}
	if f.Overdue {
		add("o.overdue")
	}
	if f.UserID != 0 {
		add("o.user_id = ?", f.UserID)
	}
	if f.ClientID != 0 {
		add("o.client_id = ?", f.ClientID)
	}
	if f.Code != "" {
		add("o.item_id IN (SELECT id FROM menu_items WHERE code = ?)", f.Code)
	}
	if !f.From.IsZero() {
		add("o.created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("o.created_at <= ?", f.To.UTC())
	}
	if len(f.IDs) > 0 {
		ph := strings.Repeat("?,", len(f.IDs))
		where += " AND o.id IN (" + ph[:len(ph)-1] + ")"
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if f.Published {
		add("o.published")
	}
	if len(f.PublicIDs) > 0 {
		ph := strings.Repeat("?,", len(f.PublicIDs))
		where += " AND o.public_id IN (" + ph[:len(ph)-1] + ")"
		for _, id := range f.PublicIDs {
			args = append(args, id)
		}
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, a := db.Contains("o.description", q)
		add(c, a)
	}
	return where, args
}
