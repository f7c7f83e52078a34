package order

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"math"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
)

// The public face of orders: the Open311 feed shows an order only when its
// orderer agreed (Published), names it by a random public id instead of
// its sequential number, and shows the village or community instead of
// the grid, the typed address or the exact point.

// PublicPrecision is how many decimals published coordinates keep: 3, about
// 110 m of latitude and 105 m of longitude in Sanya.
const PublicPrecision = 3

// maxLookup is the longest public id or token looked up.
const maxLookup = 64

var publicIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newPublicID is 16 characters of base32 (80 random bits), lower case.
func newPublicID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(publicIDEncoding.EncodeToString(b))
}

// Public is the order as anyone may see it: only what the feed shows, with
// the place coarsened. It is the zero Order when o is not published.
func (o Order) Public() Order {
	if !o.Published || o.PublicID == "" {
		return Order{}
	}
	return Order{PublicID: o.PublicID, Published: true, Status: o.Status, Category: o.Category, ItemCode: o.ItemCode, ItemName: o.ItemName,
		Description: o.Description, MediaURL: o.MediaURL, Lat: coarse(o.Lat), Lng: coarse(o.Lng), Address: o.PlaceName, AreaName: o.PlaceName,
		PlaceName: o.PlaceName, PostName: o.PostName, Overdue: o.Overdue, LimitDays: o.LimitDays, Deadline: o.Deadline,
		MergedPublicID: o.MergedPublicID, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, ClosedAt: o.ClosedAt}
}

// coarse rounds a coordinate to PublicPrecision decimals.
func coarse(x float64) float64 {
	p := math.Pow10(PublicPrecision)
	return math.Round(x*p) / p
}

// PublicOrder returns a published order by its public id, as anyone may
// see it; an unpublished order, or a numeric id, is not found.
func (s *Store) PublicOrder(ctx context.Context, publicID string) (Order, error) {
	return s.publicBy(ctx, `o.public_id = ?`, publicID)
}

// PublicByToken returns the published order an Open311 token was given
// for.
func (s *Store) PublicByToken(ctx context.Context, token string) (Order, error) {
	return s.publicBy(ctx, `o.token = ?`, token)
}

func (s *Store) publicBy(ctx context.Context, cond, v string) (Order, error) {
	if v == "" || len(v) > maxLookup {
		return Order{}, apperr.ErrNotFound
	}
	o, err := scanOrder(s.DB.Read().QueryRowContext(ctx, `SELECT `+orderCols+orderFrom+` WHERE o.published AND `+cond, v))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Order{}, apperr.ErrNotFound
	} else if err != nil {
		return Order{}, apperr.Wrap(err, "public order")
	}
	return o.Public(), nil
}
