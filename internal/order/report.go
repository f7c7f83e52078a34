package order

import (
	"context"
	"sort"
	"strconv"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Satisfaction and workload (卫健委: "satisfaction as the standard"): for
// the orders placed in a period inside the caller's scope, per post, unit,
// category and month — how many, how many closed, the time to close, the
// overdue rate and the satisfaction rate.

// StatRow is one group of orders.
type StatRow struct {
	Key          string  `json:"key"`
	Name         string  `json:"name"`
	Orders       int     `json:"orders"`
	Closed       int     `json:"closed"`
	Overdue      int     `json:"overdue"`
	Rated        int     `json:"rated"`
	Satisfied    int     `json:"satisfied"`
	Basic        int     `json:"basic"`
	Unsatisfied  int     `json:"unsatisfied"`
	MedianHours  float64 `json:"median_hours_to_close"`
	MeanHours    float64 `json:"mean_hours_to_close"`
	OverdueRate  float64 `json:"overdue_rate"`
	Satisfaction float64 `json:"satisfaction_rate"` // (满意 + 基本满意) / rated
	hours        []float64
}

// Report is the period's statistics.
type Report struct {
	From, To   time.Time
	Total      StatRow
	ByPost     []StatRow
	ByUnit     []StatRow
	ByCategory []StatRow
	ByMonth    []StatRow
}

type statOrder struct {
	id                int64
	post, postName    string
	category, rating  string
	overdue           bool
	created           time.Time
	closed            *time.Time
	units, unitsNames []string
}

// Stats builds the report of orders created in [from, to).
func (s *Store) Stats(ctx context.Context, sc scope.Scope, from, to time.Time) (Report, error) {
	if !to.After(from) {
		return Report{}, apperr.InvalidField("to", "err.report.range")
	}
	where, args := sc.Filter("o.area_path", "")
	args = append(args, from.UTC(), to.UTC())
	rep := Report{From: from, To: to}
	groups := map[string]map[string]*StatRow{"post": {}, "unit": {}, "category": {}, "month": {}}
	add := func(dim, key, name string, o statOrder) {
		g := groups[dim][key]
		if g == nil {
			g = &StatRow{Key: key, Name: name}
			groups[dim][key] = g
		}
		g.count(o)
	}
	byID := map[int64]*statOrder{}
	var list []*statOrder
	err := db.Each(ctx, s.DB.Read(), `SELECT o.id, o.origin_post_id, p.name, o.category, COALESCE(o.rating, ''), o.overdue, o.created_at, o.closed_at
		FROM orders o JOIN posts p ON p.id = o.origin_post_id WHERE `+where+` AND o.created_at >= ? AND o.created_at < ? AND o.status <> 'merged'`,
		args, func(r db.Scanner) (*statOrder, error) {
			o := &statOrder{}
			var pid int64
			err := r.Scan(&o.id, &pid, &o.postName, &o.category, &o.rating, &o.overdue, &o.created, &o.closed)
			o.post = strconv.FormatInt(pid, 10)
			return o, err
		}, func(o *statOrder) error { byID[o.id] = o; list = append(list, o); return nil })
	if err != nil {
		return rep, apperr.Wrap(err, "order stats")
	}
	err = db.Each(ctx, s.DB.Read(), `SELECT h.order_id, h.unit_id, u.name FROM order_handlers h JOIN units u ON u.id = h.unit_id
		JOIN orders o ON o.id = h.order_id WHERE `+where+` AND o.created_at >= ? AND o.created_at < ? AND h.status <> 'cancelled'`,
		args, func(r db.Scanner) ([3]string, error) {
			var oid, uid int64
			var name string
			err := r.Scan(&oid, &uid, &name)
			return [3]string{strconv.FormatInt(oid, 10), strconv.FormatInt(uid, 10), name}, err
		}, func(x [3]string) error {
			id, _ := strconv.ParseInt(x[0], 10, 64)
			if o := byID[id]; o != nil {
				o.units, o.unitsNames = append(o.units, x[1]), append(o.unitsNames, x[2])
			}
			return nil
		})
	if err != nil {
		return rep, apperr.Wrap(err, "order stats")
	}
	for _, o := range list {
		rep.Total.count(*o)
		add("post", o.post, o.postName, *o)
		add("category", o.category, o.category, *o)
		m := o.created.In(Sanya).Format("2006-01")
		add("month", m, m, *o)
		for i, u := range o.units {
			add("unit", u, o.unitsNames[i], *o)
		}
	}
	rep.Total.finish()
	rep.ByPost, rep.ByUnit = rows(groups["post"], false), rows(groups["unit"], false)
	rep.ByCategory, rep.ByMonth = rows(groups["category"], false), rows(groups["month"], true)
	return rep, nil
}

func (g *StatRow) count(o statOrder) {
	g.Orders++
	if o.overdue {
		g.Overdue++
	}
	if o.closed != nil {
		g.Closed++
		g.hours = append(g.hours, o.closed.Sub(o.created).Hours())
	}
	switch o.rating {
	case Satisfied:
		g.Rated++
		g.Satisfied++
	case Basic:
		g.Rated++
		g.Basic++
	case Unsatisfied:
		g.Rated++
		g.Unsatisfied++
	}
}

func (g *StatRow) finish() {
	if g.Orders > 0 {
		g.OverdueRate = float64(g.Overdue) / float64(g.Orders)
	}
	if g.Rated > 0 {
		g.Satisfaction = float64(g.Satisfied+g.Basic) / float64(g.Rated)
	}
	if n := len(g.hours); n > 0 {
		sort.Float64s(g.hours)
		sum := 0.0
		for _, h := range g.hours {
			sum += h
		}
		g.MeanHours = sum / float64(n)
		g.MedianHours = g.hours[n/2]
		if n%2 == 0 {
			g.MedianHours = (g.hours[n/2-1] + g.hours[n/2]) / 2
		}
	}
	g.hours = nil
}

// rows orders a group by key (months) or by orders, most first.
func rows(m map[string]*StatRow, byKey bool) []StatRow {
	out := make([]StatRow, 0, len(m))
	for _, g := range m {
		g.finish()
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if byKey || out[i].Orders == out[j].Orders {
			return out[i].Key < out[j].Key
		}
		return out[i].Orders > out[j].Orders
	})
	return out
}
