package assess

import (
	"context"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// The plain SQL recomputation: every quantity is aggregated by the
// database with GROUP BY, one query per source table, and Go only applies
// the rules (compliance months, shares) to the grouped rows. It is the
// reference the engine (engine.go) is tested against and measured against.

// basicOrgs is the condition on o for the basic orgs in scope.
func basicOrgs(sc scope.Scope) (string, []any) {
	w, args := sc.Filter("o.area_path", "o.path")
	return `o.kind IN ('branch', 'joint_branch') AND ` + w, args
}

// loadOrgs lists the basic orgs in scope with their areas, by id.
func loadOrgs(ctx context.Context, q db.Querier, sc scope.Scope, only int64) (ids, areas []int64, err error) {
	w, args := basicOrgs(sc)
	if only != 0 {
		w, args = w+` AND o.id = ?`, append(args, only)
	}
	type row struct{ id, area int64 }
	err = db.Each(ctx, q, `SELECT o.id, o.area_id FROM orgs o WHERE `+w+` ORDER BY o.id`, args,
		func(r db.Scanner) (row, error) {
			var x row
			return x, r.Scan(&x.id, &x.area)
		}, func(x row) error { ids, areas = append(ids, x.id), append(areas, x.area); return nil })
	return ids, areas, apperr.Wrap(err, "assess orgs")
}

// timeRange is the period as instants in Sanya: [from, to).
func timeRange(p Period) (time.Time, time.Time) {
	from, to := p.Range()
	a, _ := time.ParseInLocation("2006-01-02", from, Sanya)
	b, _ := time.ParseInLocation("2006-01-02", to, Sanya)
	return a, b.AddDate(0, 0, 1)
}

// LoadFactsSQL fills the facts of the basic orgs in scope (or of one org
// when only is set) over a period with GROUP BY queries.
func LoadFactsSQL(ctx context.Context, q db.Querier, sc scope.Scope, p Period, today string, only int64) (*Facts, error) {
	ids, areas, err := loadOrgs(ctx, q, sc, only)
	if err != nil {
		return nil, err
	}
	f := newFacts(p, today, ids, areas)
	w, args := basicOrgs(sc)
	if only != 0 {
		w, args = w+` AND o.id = ?`, append(args, only)
	}
	from, to := p.Range()
	fromT, toT := timeRange(p)
	period := append([]any{from, to}, args...)
	each := func(what, query string, qargs []any, n int, fn func(i int, v []int64)) error {
		vals := make([]int64, n)
		ptrs := make([]any, n+1)
		var org int64
		ptrs[0] = &org
		for j := range vals {
			ptrs[j+1] = &vals[j]
		}
		err := db.Each(ctx, q, query, qargs, func(r db.Scanner) (struct{}, error) {
			return struct{}{}, r.Scan(ptrs...)
		}, func(struct{}) error {
			if i, ok := f.pos[org]; ok {
				fn(int(i), vals)
			}
			return nil
		})
		return apperr.Wrap(err, "assess "+what)
	}
	if err := sqlMeetings(ctx, q, f, w, args); err != nil {
		return nil, err
	}
	// Orders are grouped by area and counted for every basic org of that area.
	byArea := map[int64][]int32{}
	for i, a := range f.Area {
		byArea[a] = append(byArea[a], int32(i))
	}
	type agg struct{ area, total, overdue, rated, sat int64 }
	err = db.Each(ctx, q, `SELECT r.area_id, count(*), sum(CASE WHEN r.overdue THEN 1 ELSE 0 END), sum(CASE WHEN r.rating IS NULL THEN 0 ELSE 1 END),
		sum(CASE WHEN r.rating = 'satisfied' THEN 1 ELSE 0 END) FROM orders r WHERE r.created_at >= ? AND r.created_at < ? AND r.status <> 'merged'
		GROUP BY r.area_id`, []any{fromT, toT}, func(r db.Scanner) (agg, error) {
		var x agg
		return x, r.Scan(&x.area, &x.total, &x.overdue, &x.rated, &x.sat)
	}, func(x agg) error {
		for _, i := range byArea[x.area] {
			f.ordTotal[i] += int32(x.total)
			f.ordOverdue[i] += int32(x.overdue)
			f.ordRated[i] += int32(x.rated)
			f.ordSatisfied[i] += int32(x.sat)
		}
		return nil
	})
	if err != nil {
		return nil, apperr.Wrap(err, "assess orders")
	}
	if err := each("gaps", `SELECT g.owner_org_id, count(*), sum(CASE WHEN g.status = 'closed' THEN 1 ELSE 0 END) FROM gap_actions g
		JOIN orgs o ON o.id = g.owner_org_id WHERE `+w+` GROUP BY g.owner_org_id`, args, 2,
		func(i int, v []int64) { f.gapTotal[i] += int32(v[0]); f.gapClosed[i] += int32(v[1]) }); err != nil {
		return nil, err
	}
	if err := each("engagements", `SELECT d.org_id, count(*) FROM engagements e JOIN demands d ON d.id = e.demand_id JOIN orgs o ON o.id = d.org_id
		WHERE e.status = 'completed' AND d.start_on >= ? AND d.start_on <= ? AND `+w+` GROUP BY d.org_id`, period, 1,
		func(i int, v []int64) { f.engaged[i] += int32(v[0]) }); err != nil {
		return nil, err
	}
	if err := each("recruit steps", `SELECT s.org_id, count(*) FROM recruit_steps s JOIN orgs o ON o.id = s.org_id
		WHERE s.on_date >= ? AND s.on_date <= ? AND `+w+` GROUP BY s.org_id`, period, 1,
		func(i int, v []int64) { f.steps[i] += int32(v[0]) }); err != nil {
		return nil, err
	}
	if err := each("findings", `SELECT v.org_id, count(f.id) FROM supervision_visits v JOIN orgs o ON o.id = v.org_id JOIN supervision_findings f ON f.visit_id = v.id
		WHERE v.visited_on >= ? AND v.visited_on <= ? AND `+w+` GROUP BY v.org_id`, period, 1,
		func(i int, v []int64) { f.findings[i] += int32(v[0]) }); err != nil {
		return nil, err
	}
	type prog struct {
		org int64
		sum float64
		n   int32
	}
	err = db.Each(ctx, q, `SELECT p.org_id, sum(p.progress), count(*) FROM projects p JOIN orgs o ON o.id = p.org_id LEFT JOIN projects pp ON pp.id = p.parent_id
		WHERE (pp.id IS NULL OR pp.org_id <> p.org_id) AND `+w+` GROUP BY p.org_id`, args, func(r db.Scanner) (prog, error) {
		var x prog
		return x, r.Scan(&x.org, &x.sum, &x.n)
	}, func(x prog) error {
		if i, ok := f.pos[x.org]; ok {
			f.projSum[i] += x.sum
			f.projN[i] += x.n
		}
		return nil
	})
	return f, apperr.Wrap(err, "assess projects")
}

// sqlMeetings counts, with GROUP BY, the meetings of the period of the orgs
// matching where (a condition on o, the meeting's org).
func sqlMeetings(ctx context.Context, q db.Querier, f *Facts, where string, args []any) error {
	from, to := f.Period.Range()
	type agg struct{ org, kind, month, expected, present int64 }
	err := db.Each(ctx, q, `SELECT m.org_id, `+kindCase("m.kind")+`, CAST(substr(m.held_on, 6, 2) AS INTEGER), sum(m.expected), sum(m.present)
		FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.held_on >= ? AND m.held_on <= ? AND `+where+`
		GROUP BY m.org_id, `+kindCase("m.kind")+`, CAST(substr(m.held_on, 6, 2) AS INTEGER)`, append([]any{from, to}, args...),
		func(r db.Scanner) (agg, error) {
			var x agg
			return x, r.Scan(&x.org, &x.kind, &x.month, &x.expected, &x.present)
		}, func(x agg) error {
			if i, ok := f.pos[x.org]; ok {
				f.addMeeting(int(i), int(x.kind), int(x.month), x.expected, x.present)
			}
			return nil
		})
	return apperr.Wrap(err, "assess meetings")
}
