package orglife

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// basicKinds are the org kinds that hold 三会一课 themselves.
func basic(kind string) bool { return kind == "branch" || kind == "joint_branch" }

type orgRow struct {
	id, parent int64
	name, kind string
	path       string
}

// Compliance computes the window's compliance for every org in scope, or
// in the subtree of rootID (an org in scope) when it is not 0.
func (s *Store) Compliance(ctx context.Context, sc scope.Scope, p Period, rootID int64) (Report, error) {
	if err := p.Validate(); err != nil {
		return Report{}, err
	}
	rep := Report{Period: p, Today: s.Today()}
	where, args := sc.Filter(areaCol, orgCol)
	if rootID != 0 {
		var path string
		err := s.DB.Read().QueryRowContext(ctx, `SELECT o.path FROM orgs o WHERE o.id = ? AND `+where, append([]any{rootID}, args...)...).Scan(&path)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return Report{}, apperr.ErrNotFound
		} else if err != nil {
			return Report{}, apperr.Wrap(err, "compliance root")
		}
		where += " AND o.path >= ? AND o.path < ?"
		args = append(args, path, path[:len(path)-1]+"0")
	}
	var orgs []orgRow
	err := db.Each(ctx, s.DB.Read(), `SELECT o.id, COALESCE(o.parent_id, 0), o.name, o.kind, o.path FROM orgs o WHERE `+where+` ORDER BY o.path`, args,
		func(r db.Scanner) (orgRow, error) {
			var o orgRow
			return o, r.Scan(&o.id, &o.parent, &o.name, &o.kind, &o.path)
		}, func(o orgRow) error { orgs = append(orgs, o); return nil })
	if err != nil {
		return Report{}, apperr.Wrap(err, "compliance orgs")
	}
	held, err := s.held(ctx, where, args, p)
	if err != nil {
		return Report{}, err
	}
	rep.build(orgs, held, rootID)
	return rep, nil
}

// held loads which (org, kind, period) had a meeting in the window.
func (s *Store) held(ctx context.Context, where string, args []any, p Period) (map[int64]map[string]bool, error) {
	from, to := p.Range()
	out := map[int64]map[string]bool{}
	type hit struct {
		org  int64
		kind Kind
		day  string
	}
	err := db.Each(ctx, s.DB.Read(), `SELECT m.org_id, m.kind, m.held_on FROM meetings m JOIN orgs o ON o.id = m.org_id
		WHERE `+where+` AND m.held_on >= ? AND m.held_on <= ?`, append(append([]any{}, args...), from, to),
		func(r db.Scanner) (hit, error) {
			var h hit
			return h, r.Scan(&h.org, &h.kind, &h.day)
		}, func(h hit) error {
			if out[h.org] == nil {
				out[h.org] = map[string]bool{}
			}
			m, q := PeriodOf(h.day)
			out[h.org][string(h.kind)+"|"+m] = true
			out[h.org][string(h.kind)+"|"+q] = true
			return nil
		})
	return out, apperr.Wrap(err, "compliance meetings")
}

// build evaluates every basic org and adds it to its ancestors in the
// report, the total and the months.
func (rep *Report) build(orgs []orgRow, held map[int64]map[string]bool, rootID int64) {
	groups := map[int64]*Row{}
	var order []int64
	inReport := map[int64]bool{}
	for _, o := range orgs {
		inReport[o.id] = true
		if !basic(o.kind) {
			groups[o.id] = &Row{OrgID: o.id, ParentID: o.parent, Name: o.name, OrgKind: o.kind, Path: o.path, ByKind: map[Kind]Score{}}
			order = append(order, o.id)
		}
	}
	months := map[int]*Score{}
	for _, m := range rep.Period.Months() {
		months[m] = &Score{}
	}
	rep.Total = Row{Name: "", ByKind: map[Kind]Score{}}
	for _, o := range orgs {
		if !basic(o.kind) {
			continue
		}
		h := held[o.id]
		outs := Evaluate(rep.Period, rep.Today, func(k Kind, period string) bool { return h[string(k)+"|"+period] })
		row := Row{OrgID: o.id, ParentID: o.parent, Name: o.name, OrgKind: o.kind, Path: o.path, Branches: 1}
		row.Add(outs, true)
		for _, x := range outs {
			if x.Month != 0 && !x.Pending {
				months[x.Month].add(Score{Required: 1, Held: boolInt(x.Met)})
			}
		}
		rep.Branches = append(rep.Branches, row)
		rep.Total.merge(row)
		for _, a := range ancestors(o.path) {
			if g, ok := groups[a]; ok && a != o.id {
				g.merge(row)
			}
		}
	}
	for _, id := range order {
		rep.Groups = append(rep.Groups, *groups[id])
	}
	for _, m := range rep.Period.Months() {
		rep.Months = append(rep.Months, MonthScore{Month: m, Score: *months[m]})
	}
	// The chart's rows: the root's children, or the orgs whose parent is
	// outside the report.
	all := append(append([]Row{}, rep.Groups...), rep.Branches...)
	for _, r := range all {
		if (rootID != 0 && r.ParentID == rootID) || (rootID == 0 && !inReport[r.ParentID]) {
			rep.Top = append(rep.Top, r)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ancestors returns the ids on a materialized path (/1/5/23/ → 1, 5, 23).
func ancestors(path string) []int64 {
	var out []int64
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(part, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
