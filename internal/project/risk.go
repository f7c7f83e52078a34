package project

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

const riskFrom = ` FROM risks r LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN posts po ON po.id = r.post_id`

const riskCols = `r.id, COALESCE(r.unit_id, 0), COALESCE(u.name, ''), COALESCE(r.post_id, 0), COALESCE(po.name, ''), r.description, r.level,
	r.controls, r.owner, COALESCE((SELECT MAX(rv.reviewed_on) FROM risk_reviews rv WHERE rv.risk_id = r.id), '')`

func scanRisk(today string) func(r db.Scanner) (Risk, error) {
	return func(r db.Scanner) (Risk, error) {
		var k Risk
		var controls string
		err := r.Scan(&k.ID, &k.UnitID, &k.UnitName, &k.PostID, &k.PostName, &k.Description, &k.Level, &controls, &k.Owner, &k.LastReview)
		if controls != "" {
			k.Controls = strings.Split(controls, "\n")
		}
		k.DueReview = DueForReview(k.LastReview, today)
		return k, err
	}
}

// riskScope is the read and write condition: the unit or the post in scope.
func riskScope(sc scope.Scope) (string, []any) {
	if sc.All {
		return "1=1", nil
	}
	uw, ua := sc.Filter("u.area_path", "u.org_path")
	pw, pa := sc.Filter("po.area_path", "")
	return "((u.id IS NOT NULL AND " + uw + ") OR (po.id IS NOT NULL AND " + pw + "))", append(append([]any{}, ua...), pa...)
}

// RiskFilter narrows the risk register.
type RiskFilter struct {
	Level   Level  `query:"level,enum"`
	Due     bool   `query:"due"` // only risks due for review
	Q       string `query:"q"`
	db.Page `query:"page"`
}

// ListRisks returns a page of risk points in scope and the capped total.
func (s *Store) ListRisks(ctx context.Context, sc scope.Scope, f RiskFilter) ([]Risk, int, error) {
	today := s.Today()
	w, args := riskWhere(sc, f, today)
	total, err := db.CountCapped(ctx, s.DB.Read(), riskFrom+` WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "risk count")
	}
	pg := f.Page.Norm()
	var out []Risk
	err = db.Each(ctx, s.DB.Read(), `SELECT `+riskCols+riskFrom+` WHERE `+w+` ORDER BY r.id DESC LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanRisk(today), func(k Risk) error { out = append(out, k); return nil })
	return out, total, apperr.Wrap(err, "risk list")
}

// EachRisk streams every risk point in scope that matches f (its page
// ignored), in the list's order, for an export.
func (s *Store) EachRisk(ctx context.Context, sc scope.Scope, f RiskFilter, fn func(Risk) error) error {
	today := s.Today()
	w, args := riskWhere(sc, f, today)
	err := db.Each(ctx, s.DB.Read(), `SELECT `+riskCols+riskFrom+` WHERE `+w+` ORDER BY r.id DESC`, args, scanRisk(today), fn)
	return apperr.Wrap(err, "risk each")
}

// riskWhere is the risk list's condition: the scope and f's filters.
func riskWhere(sc scope.Scope, f RiskFilter, today string) (string, []any) {
	w, args := riskScope(sc)
	if f.Level != "" {
		w += " AND r.level = ?"
		args = append(args, f.Level)
	}
	if f.Due {
		w += " AND COALESCE((SELECT MAX(rv.reviewed_on) FROM risk_reviews rv WHERE rv.risk_id = r.id), '') <= ?"
		args = append(args, ReviewCutoff(today))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, a := db.Contains("r.description", q)
		w += " AND " + c
		args = append(args, a)
	}
	return w, args
}

// GetRisk returns a risk point in scope with its reviews, newest first.
func (s *Store) GetRisk(ctx context.Context, sc scope.Scope, id int64) (Risk, error) {
	q := s.DB.Read()
	w, args := riskScope(sc)
	k, err := scanRisk(s.Today())(q.QueryRowContext(ctx, `SELECT `+riskCols+riskFrom+` WHERE r.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Risk{}, apperr.ErrNotFound
	} else if err != nil {
		return Risk{}, apperr.Wrap(err, "risk get")
	}
	err = db.Each(ctx, q, `SELECT id, reviewed_on, reviewer, finding, effective FROM risk_reviews WHERE risk_id = ? ORDER BY reviewed_on DESC, id DESC`, []any{id},
		func(r db.Scanner) (Review, error) {
			var v Review
			return v, r.Scan(&v.ID, &v.ReviewedOn, &v.Reviewer, &v.Finding, &v.Effective)
		}, func(v Review) error { k.Reviews = append(k.Reviews, v); return nil })
	return k, apperr.Wrap(err, "risk reviews")
}

// CreateRisk registers a risk point on a unit and/or a post, each in scope.
func (s *Store) CreateRisk(ctx context.Context, sc scope.Scope, d RiskDraft) (Risk, error) {
	if err := d.Validate(); err != nil {
		return Risk{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if d.UnitID != 0 {
			w, args := sc.Filter("u.area_path", "u.org_path")
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM units u WHERE u.id = ? AND `+w, append([]any{d.UnitID}, args...)...).Scan(&n); err != nil {
				return apperr.Wrap(err, "risk unit")
			}
			if n == 0 {
				return apperr.InvalidField("unit_id", "err.risk.unit_unknown")
			}
		}
		if d.PostID != 0 {
			w, args := sc.Filter("po.area_path", "")
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM posts po WHERE po.id = ? AND `+w, append([]any{d.PostID}, args...)...).Scan(&n); err != nil {
				return apperr.Wrap(err, "risk post")
			}
			if n == 0 {
				return apperr.InvalidField("post_id", "err.risk.post_unknown")
			}
		}
		now := s.Clock.Stamp()
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO risks (unit_id, post_id, description, level, controls, owner, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)`,
			db.NullID(d.UnitID), db.NullID(d.PostID), d.Description, d.Level, strings.Join(d.Controls, "\n"), d.Owner,
			db.NullID(audit.ActorFrom(ctx).UserID), now, now)
		if err != nil {
			return apperr.Wrap(err, "risk insert")
		}
		return audit.Record(ctx, tx, "risk.create", "risk", id, map[string]any{"unit_id": d.UnitID, "post_id": d.PostID, "level": d.Level,
			"controls": len(d.Controls), "owner": d.Owner})
	})
	if err != nil {
		return Risk{}, err
	}
	return s.GetRisk(ctx, sc, id)
}

// AddReview records a review of a risk point in scope.
func (s *Store) AddReview(ctx context.Context, sc scope.Scope, id int64, d ReviewDraft) (int64, error) {
	if err := d.Validate(s.Today()); err != nil {
		return 0, err
	}
	var rid int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		w, args := riskScope(sc)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*)`+riskFrom+` WHERE r.id = ? AND `+w, append([]any{id}, args...)...).Scan(&n); err != nil {
			return apperr.Wrap(err, "risk scope")
		}
		if n == 0 {
			return apperr.ErrNotFound
		}
		var err error
		rid, err = db.InsertID(ctx, tx, `INSERT INTO risk_reviews (risk_id, reviewed_on, reviewer, finding, effective, created_by, created_at) VALUES (?,?,?,?,?,?,?)`,
			id, d.ReviewedOn, d.Reviewer, d.Finding, d.Effective, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "risk review insert")
		}
		return audit.Record(ctx, tx, "risk.review", "risk", id, map[string]any{"review_id": rid, "reviewed_on": d.ReviewedOn,
			"reviewer": d.Reviewer, "effective": d.Effective})
	})
	return rid, err
}
