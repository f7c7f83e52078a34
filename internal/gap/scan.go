package gap

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// ScanResult is what a scan did.
type ScanResult struct {
	Gaps    int `json:"gaps"`    // gaps found in scope
	Opened  int `json:"opened"`  // new actions
	Kept    int `json:"kept"`    // gaps that already had an open action
	Settled int `json:"settled"` // gaps closed by hand earlier, left alone
	Closed  int `json:"closed"`  // open actions whose gap is gone
}

// found is one gap seen in the registry.
type found struct {
	kind             Kind
	unitID, personID int64
	areaID           int64
	areaPath         string
	orgPath          string
	members          int
}

func (f found) key() string { return key(f.kind, f.unitID, f.personID) }

// find returns every gap in scope, units first, in id order.
func (s *Store) find(ctx context.Context, sc scope.Scope) ([]found, error) {
	q := s.DB.Read()
	var out []found
	w, args := sc.Filter("u.area_path", "u.org_path")
	err := db.Each(ctx, q, `SELECT u.id, u.area_id, u.area_path, COALESCE(u.org_path, ''),
		(SELECT count(*) FROM people m WHERE m.unit_id = u.id AND m.status IN ('member', 'probationary'))
		FROM units u WHERE u.org_id IS NULL AND `+w+` ORDER BY u.id`, args,
		func(r db.Scanner) (found, error) {
			var f found
			err := r.Scan(&f.unitID, &f.areaID, &f.areaPath, &f.orgPath, &f.members)
			f.kind = KindOf(UnitState(false, f.members))
			return f, err
		}, func(f found) error { out = append(out, f); return nil })
	if err != nil {
		return nil, apperr.Wrap(err, "gap units")
	}
	w, args = sc.Filter("p.area_path", "p.org_path")
	err = db.Each(ctx, q, `SELECT p.id, p.area_id, p.area_path FROM people p JOIN units u ON u.id = p.unit_id
		WHERE p.status IN ('member', 'probationary') AND p.org_id IS NULL AND u.org_id IS NULL AND `+w+` ORDER BY p.id`, args,
		func(r db.Scanner) (found, error) {
			f := found{kind: KindFallback}
			err := r.Scan(&f.personID, &f.areaID, &f.areaPath)
			return f, err
		}, func(f found) error { out = append(out, f); return nil })
	return out, apperr.Wrap(err, "gap people")
}

type openRow struct {
	id               int64
	kind             Kind
	unitID, personID int64
}

// Scan turns each gap in scope into an open action (one per gap however
// often it runs, also concurrently: open_key is unique) and closes the open
// actions in scope whose gap is gone, recording why. Gaps closed by hand
// are left alone. New actions get the party org of the subject's area as
// owner and a deadline DefaultDays ahead.
func (s *Store) Scan(ctx context.Context, sc scope.Scope) (ScanResult, error) {
	var res ScanResult
	gaps, err := s.find(ctx, sc)
	if err != nil {
		return res, err
	}
	res.Gaps = len(gaps)
	owners, err := loadOwners(ctx, s.DB.Read(), sc)
	if err != nil {
		return res, err
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		open, settled, err := s.existing(ctx, tx, sc)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, f := range gaps {
			k := f.key()
			seen[k] = true
			switch {
			case open[k].id != 0:
				res.Kept++
				_, err = tx.ExecContext(ctx, `UPDATE gap_actions SET area_id = ?, area_path = ?, org_path = ?, members = ? WHERE id = ?`,
					f.areaID, f.areaPath, db.NullStr(f.orgPath), f.members, open[k].id)
			case settled[k]:
				res.Settled++
			default:
				var n int64
				n, err = s.insert(ctx, tx, f, owners.of(f.areaPath), now)
				res.Opened += int(n)
				res.Kept += 1 - int(n)
			}
			if err != nil {
				return apperr.Wrap(err, "gap scan")
			}
		}
		for k, o := range open {
			if seen[k] {
				continue
			}
			if err := s.autoClose(ctx, tx, sc, o, now); err != nil {
				return err
			}
			res.Closed++
		}
		return audit.Record(ctx, tx, "gap.scan", "gap", 0, res)
	})
	return res, err
}

// existing returns the open actions in scope by key, and the keys of gaps
// closed by hand.
func (s *Store) existing(ctx context.Context, tx *db.Tx, sc scope.Scope) (map[string]openRow, map[string]bool, error) {
	w, args := sc.Filter(areaCol, orgCol)
	open := map[string]openRow{}
	settled := map[string]bool{}
	err := db.Each(ctx, tx, `SELECT g.id, g.kind, COALESCE(g.unit_id, 0), COALESCE(g.person_id, 0), g.status, COALESCE(g.settled_key, '') FROM gap_actions g
		WHERE (g.status = ? OR g.settled_key IS NOT NULL) AND `+w, append([]any{Open}, args...),
		func(r db.Scanner) (openRow, error) {
			var o openRow
			var st Status
			var sk string
			err := r.Scan(&o.id, &o.kind, &o.unitID, &o.personID, &st, &sk)
			if sk != "" {
				settled[sk] = true
			}
			if st != Open {
				o.id = 0
			}
			return o, err
		}, func(o openRow) error {
			if o.id != 0 {
				open[key(o.kind, o.unitID, o.personID)] = o
			}
			return nil
		})
	return open, settled, apperr.Wrap(err, "gap existing")
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, f found, owner int64, now time.Time) (int64, error) {
	r, err := tx.ExecContext(ctx, `INSERT INTO gap_actions (kind, unit_id, person_id, area_id, area_path, org_path, members, owner_org_id,
		deadline, status, open_key, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (open_key) DO NOTHING`,
		f.kind, db.NullID(f.unitID), db.NullID(f.personID), f.areaID, f.areaPath, db.NullStr(f.orgPath), f.members, db.NullID(owner),
		now.AddDate(0, 0, DefaultDays), Open, f.key(), now, now)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// autoClose closes an open action whose gap a scan no longer sees, with
// the reason read from the subject's current row.
func (s *Store) autoClose(ctx context.Context, tx *db.Tx, sc scope.Scope, o openRow, now time.Time) error {
	reason, note, err := whyGone(ctx, tx, sc, o)
	if err != nil {
		return err
	}
	r, err := tx.ExecContext(ctx, `UPDATE gap_actions SET status = ?, open_key = NULL, close_reason = ?, close_note = ?, closed_at = ?, updated_at = ?
		WHERE id = ? AND status = ?`, Closed, reason, note, now, now, o.id, Open)
	if err != nil {
		return apperr.Wrap(err, "gap close")
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return nil // another scan closed it
	}
	if err := addEvent(ctx, tx, o.id, "auto_close", reason+":"+note, now); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "gap.close", "gap", o.id, map[string]any{"reason": reason, "note": note, "auto": true})
}

// whyGone tells why a gap disappeared, from the subject's current row.
func whyGone(ctx context.Context, q db.Querier, sc scope.Scope, o openRow) (string, string, error) {
	if o.unitID != 0 {
		var areaPath, orgPath, orgName string
		var members int
		err := q.QueryRowContext(ctx, `SELECT u.area_path, COALESCE(u.org_path, ''), COALESCE(o.name, ''),
			(SELECT count(*) FROM people m WHERE m.unit_id = u.id AND m.status IN ('member', 'probationary'))
			FROM units u LEFT JOIN orgs o ON o.id = u.org_id WHERE u.id = ?`, o.unitID).Scan(&areaPath, &orgPath, &orgName, &members)
		if err != nil {
			return "", "", apperr.Wrap(err, "gap unit")
		}
		switch {
		case !sc.HasRow(areaPath, orgPath):
			return ReasonOutOfScope, "", nil
		case orgName != "":
			return ReasonCovered, orgName, nil
		default:
			return ReasonStateChanged, string(UnitState(false, members)), nil
		}
	}
	var status, areaPath, orgPath, orgName string
	var unitID int64
	var unitCovered bool
	err := q.QueryRowContext(ctx, `SELECT p.status, p.area_path, COALESCE(p.org_path, ''), COALESCE(o.name, ''), COALESCE(p.unit_id, 0),
		COALESCE(u.org_id, 0) <> 0 FROM people p LEFT JOIN orgs o ON o.id = p.org_id LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?`,
		o.personID).Scan(&status, &areaPath, &orgPath, &orgName, &unitID, &unitCovered)
	if err != nil {
		return "", "", apperr.Wrap(err, "gap person")
	}
	switch {
	case !sc.HasRow(areaPath, orgPath):
		return ReasonOutOfScope, "", nil
	case status != "member" && status != "probationary":
		return ReasonNotMember, status, nil
	case orgName != "":
		return ReasonAttached, orgName, nil
	case unitID == 0:
		return ReasonLeftUnit, "", nil
	default:
		return ReasonUnitCovered, "", nil
	}
}

// owners finds the party org of an area: the org standing at the deepest
// area on the path, the highest in the org tree there (a village's
// committee before its branches), in scope.
type owners struct {
	byArea map[string]int64 // area path → org id
}

func loadOwners(ctx context.Context, q db.Querier, sc scope.Scope) (*owners, error) {
	w, args := sc.Filter("area_path", "path")
	o := &owners{byArea: map[string]int64{}}
	depth := map[string]int{}
	err := db.Each(ctx, q, `SELECT id, area_path, path FROM orgs WHERE `+w+` ORDER BY id`, args,
		func(r db.Scanner) ([3]any, error) {
			var id int64
			var ap, p string
			err := r.Scan(&id, &ap, &p)
			return [3]any{id, ap, p}, err
		}, func(v [3]any) error {
			ap, d := v[1].(string), strings.Count(v[2].(string), "/")
			if cur, ok := depth[ap]; !ok || d < cur {
				depth[ap], o.byArea[ap] = d, v[0].(int64)
			}
			return nil
		})
	return o, apperr.Wrap(err, "gap owners")
}

// of returns the org of the deepest area on areaPath that has one (0: none).
func (o *owners) of(areaPath string) int64 {
	for p := areaPath; p != "/" && p != ""; {
		if id, ok := o.byArea[p]; ok {
			return id
		}
		i := strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/')
		if i < 0 {
			break
		}
		p = p[:i+1]
	}
	return 0
}

// addEvent appends a line to an action's history; the actor comes from ctx.
func addEvent(ctx context.Context, q db.Querier, id int64, action, body string, at time.Time) error {
	a := audit.ActorFrom(ctx)
	_, err := q.ExecContext(ctx, `INSERT INTO gap_events (action_id, action, actor_id, actor_name, body, created_at) VALUES (?,?,?,?,?,?)`,
		id, action, db.NullID(a.UserID), a.Username, body, at)
	return apperr.Wrap(err, "gap event")
}
