package order

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/post"
	"dangjian/internal/scope"
)

// Store places, reads and moves orders.
type Store struct {
	DB      *db.DB
	Vault   *pii.Vault
	Posts   *post.Store
	Locator *area.Locator
	// Clock is the time source; tests move it. Nil is the wall clock.
	Clock clock.Func
}

func (s *Store) now() time.Time { return s.Clock.Stamp() }

const orderCols = `o.id, o.token, o.channel, o.orderer_kind, COALESCE(o.user_id, 0), o.contact_name, o.contact_mask, o.category,
	COALESCE(o.item_id, 0), COALESCE(i.code, ''), COALESCE(i.name, ''), o.description, o.attributes, o.media_url, o.lat, o.lng, o.address,
	COALESCE(o.grid_id, 0), o.area_id, a.name, o.area_path, o.district_id, o.post_id, p.name, o.origin_post_id, o.escalation, o.overdue,
	o.status, o.follow_up, o.limit_days, o.deadline, COALESCE(o.merged_into, 0), COALESCE(o.rating, ''), o.rating_note,
	o.created_at, o.updated_at, o.closed_at, o.published, COALESCE(o.public_id, ''),
	CASE WHEN a.kind = 'grid' THEN COALESCE(pa.name, a.name) ELSE a.name END, CASE WHEN m.published THEN COALESCE(m.public_id, '') ELSE '' END`

// orderFrom joins an order's area (and its parent, the village or
// community a grid lies in), post, menu item and the order it was merged
// into.
const orderFrom = ` FROM orders o JOIN areas a ON a.id = o.area_id JOIN posts p ON p.id = o.post_id LEFT JOIN menu_items i ON i.id = o.item_id
	LEFT JOIN areas pa ON pa.id = a.parent_id LEFT JOIN orders m ON m.id = o.merged_into`

func scanOrder(r db.Scanner) (Order, error) {
	var o Order
	var attrs string
	err := r.Scan(&o.ID, &o.Token, &o.Channel, &o.OrdererKind, &o.UserID, &o.ContactName, &o.ContactMask, &o.Category,
		&o.ItemID, &o.ItemCode, &o.ItemName, &o.Description, &attrs, &o.MediaURL, &o.Lat, &o.Lng, &o.Address,
		&o.GridID, &o.AreaID, &o.AreaName, &o.AreaPath, &o.DistrictID, &o.PostID, &o.PostName, &o.OriginPostID, &o.Escalation, &o.Overdue,
		&o.Status, &o.FollowUp, &o.LimitDays, &o.Deadline, &o.MergedInto, &o.Rating, &o.RatingNote,
		&o.CreatedAt, &o.UpdatedAt, &o.ClosedAt, &o.Published, &o.PublicID, &o.PlaceName, &o.MergedPublicID)
	if err == nil {
		err = json.Unmarshal([]byte(attrs), &o.Attributes)
	}
	o.Deadline = o.Deadline.UTC()
	return o, err
}

// Submit places an order: it checks the item and its answers, resolves the
// place to its grid, routes it to the responsible post and units, sets the
// deadline, and records it as accepted, all in one transaction. A repeated
// idempotency key returns the original order (Duplicate set) and places
// nothing.
func (s *Store) Submit(ctx context.Context, d Draft) (Order, error) {
	if err := d.Validate(); err != nil {
		return Order{}, err
	}
	if d.IdemKey != "" {
		if o, err := s.byKey(ctx, d.IdemKey); err == nil {
			return o, nil
		}
	}
	var item *post.Item
	if d.ItemCode != "" {
		it, err := s.Posts.ItemByCode(ctx, d.ItemCode)
		if errors.Is(err, apperr.ErrNotFound) {
			return Order{}, apperr.InvalidField("service_code", "err.order.service_unknown").With("code", d.ItemCode)
		} else if err != nil {
			return Order{}, err
		}
		item, d.Category = &it, it.Category
		if d.Attributes, err = post.CheckAnswers(it.Fields, d.Attributes); err != nil {
			return Order{}, err
		}
	} else {
		d.Attributes = map[string][]string{}
	}
	pl, err := s.place(ctx, &d)
	if err != nil {
		return Order{}, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err = s.insert(ctx, tx, d, pl, item)
		return err
	})
	if errors.Is(err, db.ErrUnique) && d.IdemKey != "" {
		return s.byKey(ctx, d.IdemKey) // the same key won a race
	}
	if err != nil {
		return Order{}, err
	}
	return s.get(ctx, id)
}

// place resolves the draft's point, or finds one from the address by the
// name of a village, community or grid in it.
func (s *Store) place(ctx context.Context, d *Draft) (area.Place, error) {
	if !d.HasPlace {
		lat, lng, err := s.geocode(ctx, d.Address)
		if err != nil {
			return area.Place{}, err
		}
		d.Lat, d.Lng = lat, lng
	}
	if d.Lat < -90 || d.Lat > 90 || d.Lng < -180 || d.Lng > 180 {
		return area.Place{}, apperr.InvalidField("location", "err.location_outside_city")
	}
	return s.Locator.Locate(ctx, d.Lat, d.Lng)
}

// geocode finds the deepest area whose name the address contains.
func (s *Store) geocode(ctx context.Context, addr string) (float64, float64, error) {
	var best int64
	bestLen := 0
	err := db.Each(ctx, s.DB.Read(), `SELECT id, name FROM areas WHERE kind IN ('community', 'village', 'grid')`, nil,
		func(r db.Scanner) (post.Ref, error) {
			var x post.Ref
			return x, r.Scan(&x.ID, &x.Name)
		}, func(x post.Ref) error {
			short := area.ShortName(x.Name)
			for _, n := range []string{x.Name, short} {
				if len(n) > bestLen && len([]rune(n)) >= 2 && strings.Contains(addr, n) {
					best, bestLen = x.ID, len(n)
				}
			}
			return nil
		})
	if err != nil {
		return 0, 0, apperr.Wrap(err, "geocode")
	}
	if best == 0 {
		return 0, 0, apperr.InvalidField("address", "err.order.address_unknown")
	}
	return area.Centre(ctx, s.DB.Read(), best)
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, d Draft, pl area.Place, item *post.Item) (int64, error) {
	rt, err := s.Posts.Route(ctx, tx, pl, d.Category, item)
	if err != nil {
		return 0, err
	}
	cal, err := LoadCalendar(ctx, tx)
	if err != nil {
		return 0, err
	}
	now := s.now()
	var sealed []byte
	mask := ""
	if d.Phone != "" {
		sealed, mask = s.Vault.Seal(d.Phone), pii.MaskPhone(d.Phone)
	} else if d.Email != "" {
		sealed, mask = s.Vault.Seal(d.Email), maskEmail(d.Email)
	}
	attrs, _ := json.Marshal(d.Attributes)
	var itemID any
	if rt.Item != nil {
		itemID = rt.Item.ID
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO orders (token, public_id, published, idem_key, channel, orderer_kind, user_id, client_id, contact_name, contact_enc,
		contact_mask, category, item_id, description, attributes, media_url, lat, lng, address, grid_id, area_id, area_path, district_id,
		post_id, origin_post_id, status, limit_days, deadline, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		newToken(), newPublicID(), d.Public, db.NullStr(d.IdemKey), d.Channel, d.OrdererKind, db.NullID(d.UserID), db.NullID(d.ClientID), d.ContactName, sealed,
		mask, d.Category, itemID, d.Description, string(attrs), d.MediaURL, d.Lat, d.Lng, d.Address, db.NullID(pl.GridID), pl.AreaID,
		pl.Path, pl.DistrictID, rt.PostID, rt.PostID, Accepted, rt.LimitDays, cal.Deadline(now, rt.LimitDays), now, now)
	if err != nil {
		return 0, err
	}
	for _, u := range rt.Units {
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_handlers (order_id, unit_id, status, updated_at) VALUES (?,?,?,?)`, id, u, HPending, now); err != nil {
			return 0, apperr.Wrap(err, "order handlers")
		}
	}
	if err := event(ctx, tx, id, 0, "accept", "", Accepted, rt.PostName, now); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, "order.create", "order", id, map[string]any{"category": d.Category, "post_id": rt.PostID, "channel": d.Channel, "published": d.Public})
}

func newToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func maskEmail(e string) string {
	at := strings.IndexByte(e, '@')
	if at <= 1 {
		return "***" + e[max(at, 0):]
	}
	return e[:1] + "***" + e[at:]
}

// event appends a line to an order's history; the actor comes from ctx.
func event(ctx context.Context, q db.Querier, orderID, unitID int64, action string, from, to Status, reason string, at time.Time) error {
	a := audit.ActorFrom(ctx)
	name := a.Username
	if name == "" {
		name = "system"
	}
	_, err := q.ExecContext(ctx, `INSERT INTO order_events (order_id, unit_id, action, from_status, to_status, actor_id, actor_name, reason, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, orderID, db.NullID(unitID), action, from, to, db.NullID(a.UserID), name, reason, at)
	return apperr.Wrap(err, "order event")
}

func (s *Store) byKey(ctx context.Context, key string) (Order, error) {
	var id int64
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT id FROM orders WHERE idem_key = ?`, key).Scan(&id); err != nil {
		return Order{}, apperr.Wrap(db.Normalize(err), "order by key")
	}
	o, err := s.get(ctx, id)
	o.Duplicate = true
	return o, err
}

// get reads an order with its handlers and history, without a scope check.
func (s *Store) get(ctx context.Context, id int64) (Order, error) {
	q := s.DB.Read()
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderCols+orderFrom+` WHERE o.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Order{}, apperr.ErrNotFound
	}
	if err != nil {
		return Order{}, apperr.Wrap(err, "order get")
	}
	err = db.Each(ctx, q, `SELECT h.unit_id, u.name, h.status, h.attempts, h.note, h.updated_at FROM order_handlers h JOIN units u ON u.id = h.unit_id
		WHERE h.order_id = ? ORDER BY u.name`, []any{id}, func(r db.Scanner) (Handler, error) {
		var h Handler
		return h, r.Scan(&h.UnitID, &h.UnitName, &h.Status, &h.Attempts, &h.Note, &h.UpdatedAt)
	}, func(h Handler) error { o.Handlers = append(o.Handlers, h); return nil })
	if err != nil {
		return o, apperr.Wrap(err, "order handlers")
	}
	err = db.Each(ctx, q, `SELECT e.id, COALESCE(e.unit_id, 0), COALESCE(u.name, ''), e.action, e.from_status, e.to_status, e.actor_name, e.reason, e.created_at
		FROM order_events e LEFT JOIN units u ON u.id = e.unit_id WHERE e.order_id = ? ORDER BY e.id`, []any{id}, func(r db.Scanner) (Event, error) {
		var e Event
		return e, r.Scan(&e.ID, &e.UnitID, &e.UnitName, &e.Action, &e.From, &e.To, &e.ActorName, &e.Reason, &e.CreatedAt)
	}, func(e Event) error { o.Events = append(o.Events, e); return nil })
	return o, apperr.Wrap(err, "order events")
}

// Get returns an order in the staff member's scope.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Order, error) {
	o, err := s.get(ctx, id)
	if err == nil && !sc.HasArea(o.AreaPath) {
		return Order{}, apperr.ErrNotFound
	}
	return o, err
}

// Mine returns an order its orderer placed.
func (s *Store) Mine(ctx context.Context, userID, id int64) (Order, error) {
	o, err := s.get(ctx, id)
	if err == nil && (userID == 0 || o.UserID != userID) {
		return Order{}, apperr.ErrNotFound
	}
	return o, err
}

// Routing is where an order of a category placed at a point would go.
type Routing struct {
	PostID    int64
	PostName  string
	ItemName  string
	UnitNames []string
}

// Locate resolves a point and routes a category from it, without placing
// an order (the locator page).
func (s *Store) Locate(ctx context.Context, lat, lng float64, category string) (area.Place, Routing, error) {
	if !post.ValidCategory(category) {
		return area.Place{}, Routing{}, apperr.InvalidField("category", "err.order.category")
	}
	pl, err := s.Locator.Locate(ctx, lat, lng)
	if err != nil {
		return pl, Routing{}, err
	}
	rt, err := s.Posts.Route(ctx, s.DB.Read(), pl, category, nil)
	if err != nil {
		return pl, Routing{}, err
	}
	out := Routing{PostID: rt.PostID, PostName: rt.PostName}
	if rt.Item != nil {
		out.ItemName = rt.Item.Name
		for _, u := range rt.Item.Units {
			out.UnitNames = append(out.UnitNames, u.Name)
		}
	}
	return pl, out, nil
}
