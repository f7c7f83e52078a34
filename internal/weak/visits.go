package weak

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

const visitFrom = ` FROM supervision_visits v JOIN orgs o ON o.id = v.org_id`

const visitCols = `v.id, v.org_id, o.name, v.visited_on, v.inspectors, v.follow_up,
	COALESCE((SELECT max(c.id) FROM weak_cases c WHERE c.org_id = v.org_id AND c.status = 'open'), 0)`

func scanVisit(r db.Scanner) (Visit, error) {
	var v Visit
	return v, r.Scan(&v.ID, &v.OrgID, &v.OrgName, &v.VisitedOn, &v.Inspectors, &v.FollowUp, &v.CaseID)
}

// CreateVisit records a visit to an org in scope with its findings.
func (s *Store) CreateVisit(ctx context.Context, sc scope.Scope, d VisitDraft) (int64, error) {
	if err := d.Validate(s.Today()); err != nil {
		return 0, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		ok, err := inScope(ctx, tx, sc, "orgs", d.OrgID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.InvalidField("org_id", "err.weak.org_unknown")
		}
		id, err = db.InsertID(ctx, tx, `INSERT INTO supervision_visits (org_id, visited_on, inspectors, follow_up, created_by, created_at) VALUES (?,?,?,?,?,?)`,
			d.OrgID, d.VisitedOn, d.Inspectors, d.FollowUp, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "supervision insert")
		}
		for _, f := range d.Findings {
			if _, err := tx.ExecContext(ctx, `INSERT INTO supervision_findings (visit_id, body, severity) VALUES (?,?,?)`, id, f.Body, f.Severity); err != nil {
				return apperr.Wrap(err, "supervision finding")
			}
		}
		return audit.Record(ctx, tx, "supervision.create", "supervision_visit", id, map[string]any{"org_id": d.OrgID, "visited_on": d.VisitedOn,
			"inspectors": d.Inspectors, "findings": len(d.Findings)})
	})
	return id, err
}

// ListVisits returns a page of the visits in scope, latest first.
func (s *Store) ListVisits(ctx context.Context, sc scope.Scope, pg db.Page) ([]Visit, int, error) {
	w, args := sc.Filter(areaCol, orgCol)
	total, err := db.CountCapped(ctx, s.DB.Read(), visitFrom+` WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "supervision count")
	}
	pg = pg.Norm()
	var out []Visit
	err = db.Each(ctx, s.DB.Read(), `SELECT `+visitCols+visitFrom+` WHERE `+w+` ORDER BY v.visited_on DESC, v.id DESC LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanVisit, func(v Visit) error { out = append(out, v); return nil })
	return out, total, apperr.Wrap(err, "supervision list")
}

// EachVisit streams every visit in scope, in the list's order, for an
// export.
func (s *Store) EachVisit(ctx context.Context, sc scope.Scope, fn func(Visit) error) error {
	w, args := sc.Filter(areaCol, orgCol)
	err := db.Each(ctx, s.DB.Read(), `SELECT `+visitCols+visitFrom+` WHERE `+w+` ORDER BY v.visited_on DESC, v.id DESC`, args, scanVisit, fn)
	return apperr.Wrap(err, "supervision each")
}

// GetVisit returns a visit in scope with its findings.
func (s *Store) GetVisit(ctx context.Context, sc scope.Scope, id int64) (Visit, error) {
	return getVisit(ctx, s.DB.Read(), sc, id)
}

func getVisit(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Visit, error) {
	w, args := sc.Filter(areaCol, orgCol)
	v, err := scanVisit(q.QueryRowContext(ctx, `SELECT `+visitCols+visitFrom+` WHERE v.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Visit{}, apperr.ErrNotFound
	} else if err != nil {
		return Visit{}, apperr.Wrap(err, "supervision get")
	}
	err = db.Each(ctx, q, `SELECT id, body, severity, COALESCE(task_id, 0) FROM supervision_findings WHERE visit_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (Finding, error) {
			var f Finding
			return f, r.Scan(&f.ID, &f.Body, &f.Severity, &f.TaskID)
		}, func(f Finding) error { v.Findings = append(v.Findings, f); return nil })
	return v, apperr.Wrap(err, "supervision findings")
}

// LinkFinding turns a finding of a visit in scope into a task of the open
// case of the visited org, owned by that org, due on deadline.
func (s *Store) LinkFinding(ctx context.Context, sc scope.Scope, visitID, findingID int64, deadline string) (int64, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		v, err := getVisit(ctx, tx, sc, visitID)
		if err != nil {
			return err
		}
		var f *Finding
		for i := range v.Findings {
			if v.Findings[i].ID == findingID {
				f = &v.Findings[i]
			}
		}
		if f == nil || f.TaskID != 0 {
			return apperr.InvalidField("finding_id", "err.weak.finding_unknown")
		}
		if v.CaseID == 0 {
			return apperr.InvalidField("finding_id", "err.weak.no_case")
		}
		d := TaskDraft{Body: f.Body, OwnerOrgID: v.OrgID, Deadline: deadline}
		if err := d.Validate(); err != nil {
			return err
		}
		if id, err = s.insertTask(ctx, tx, sc, v.CaseID, d); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE supervision_findings SET task_id = ? WHERE id = ?`, id, findingID)
		return apperr.Wrap(err, "supervision link")
	})
	return id, err
}
