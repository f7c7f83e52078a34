package order

import (
	"context"
	"math"
	"strconv"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/notify"
	"dangjian/internal/scope"
)

// Rate records the orderer's rating of a closed order. Only the account
// that placed it may rate. 不满意 on the first round reopens the order for
// a second follow-up (12345 practice): every part is sent again, with a
// new deadline; on the second round the rating is final.
func (s *Store) Rate(ctx context.Context, userID, id int64, rating, note string) (Order, error) {
	if rating != Satisfied && rating != Basic && rating != Unsatisfied {
		return Order{}, apperr.InvalidField("rating", "err.order.rating")
	}
	note, err := reasonOK(note)
	if err != nil {
		return Order{}, err
	}
	o, err := s.get(ctx, id)
	if err != nil {
		return Order{}, err
	}
	if userID == 0 || o.UserID != userID {
		return Order{}, apperr.New(apperr.Forbidden, "err.order.not_orderer")
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if o.Status != Closed {
			return illegal("rate", o.Status)
		}
		if rating == Unsatisfied && o.FollowUp == 1 {
			cal, err := LoadCalendar(ctx, tx)
			if err != nil {
				return err
			}
			if err := setStatus(ctx, tx, &o, Dispatched, now, ", follow_up = 2, rating = ?, rating_note = ?, deadline = ?, closed_at = NULL",
				rating, note, cal.Deadline(now, o.LimitDays)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE order_handlers SET status = ?, attempts = 1, note = '', updated_at = ? WHERE order_id = ? AND status <> ?`,
				HDispatched, now, o.ID, HCancelled); err != nil {
				return apperr.Wrap(err, "order reopen")
			}
			if err := notifyPost(ctx, tx, o.PostID, "order_reopened", o.ID); err != nil {
				return err
			}
			return record(ctx, tx, &o, 0, "reopen", Dispatched, rating+": "+note, now)
		}
		if err := setStatus(ctx, tx, &o, Rated, now, ", rating = ?, rating_note = ?", rating, note); err != nil {
			return err
		}
		return record(ctx, tx, &o, 0, "rate", Rated, rating+": "+note, now)
	})
	if err != nil {
		return Order{}, err
	}
	return s.get(ctx, id)
}

// Merge folds a duplicate into the order it repeats: the duplicate ends as
// merged, its parts are cancelled, and both histories say so. The target
// must still be in the loop and in the same scope.
func (s *Store) Merge(ctx context.Context, sc scope.Scope, dupID, intoID int64, reason string) (Order, error) {
	reason, err := reasonOK(reason)
	if err != nil {
		return Order{}, err
	}
	if dupID == intoID {
		return Order{}, apperr.InvalidField("into", "err.order.merge_self")
	}
	into, err := s.Get(ctx, sc, intoID)
	if err != nil {
		return Order{}, apperr.InvalidField("into", "err.order.merge_target")
	}
	if into.Status.Done() {
		return Order{}, apperr.InvalidField("into", "err.order.merge_target")
	}
	return s.step(ctx, sc, dupID, func(tx *db.Tx, o *Order, now time.Time) error {
		if o.Status.Done() {
			return illegal("merge", o.Status)
		}
		if err := setStatus(ctx, tx, o, Merged, now, ", merged_into = ?, closed_at = ?", intoID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_handlers SET status = ?, updated_at = ? WHERE order_id = ?`, HCancelled, now, o.ID); err != nil {
			return apperr.Wrap(err, "order merge")
		}
		if err := event(ctx, tx, intoID, 0, "merged_in", "", "", "#"+itoa(o.ID)+" "+reason, now); err != nil {
			return err
		}
		if err := notify.Send(ctx, tx, o.UserID, "order_merged", "order", o.ID, 0); err != nil {
			return err
		}
		return record(ctx, tx, o, 0, "merge", Merged, "#"+itoa(intoID)+" "+reason, now)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// NearRadius is how close an open order of the same category must be to
// count as a possible duplicate, in metres.
const NearRadius = 50.0

// Nearby is an open order near a point.
type Nearby struct {
	ID        int64     `json:"id"`
	Status    Status    `json:"status"`
	ItemName  string    `json:"item_name"`
	Metres    float64   `json:"metres"`
	CreatedAt time.Time `json:"created_at"`
}

// Near returns the open orders (not yet closed) of a category within
// NearRadius of a point, nearest first, skipping order skip.
func (s *Store) Near(ctx context.Context, category string, lat, lng float64, skip int64) ([]Nearby, error) {
	dLat := NearRadius / 111_320.0
	dLng := dLat / math.Cos(lat*math.Pi/180)
	var out []Nearby
	err := db.Each(ctx, s.DB.Read(), `SELECT o.id, o.status, COALESCE(i.name, ''), o.lat, o.lng, o.created_at FROM orders o
		LEFT JOIN menu_items i ON i.id = o.item_id
		WHERE o.category = ? AND o.status IN ('accepted', 'dispatched', 'handling', 'feedback', 'verified')
		AND o.lat BETWEEN ? AND ? AND o.lng BETWEEN ? AND ? AND o.id <> ?`,
		[]any{category, lat - dLat, lat + dLat, lng - dLng, lng + dLng, skip}, func(r db.Scanner) (Nearby, error) {
			var n Nearby
			var la, ln float64
			err := r.Scan(&n.ID, &n.Status, &n.ItemName, &la, &ln, &n.CreatedAt)
			n.Metres = Metres(lat, lng, la, ln)
			return n, err
		}, func(n Nearby) error {
			if n.Metres <= NearRadius {
				out = append(out, n)
			}
			return nil
		})
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Metres < out[j-1].Metres; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, apperr.Wrap(err, "near orders")
}

// Metres is the great-circle distance between two points.
func Metres(lat1, lng1, lat2, lng2 float64) float64 {
	const r = 6_371_000.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lng2-lng1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}
