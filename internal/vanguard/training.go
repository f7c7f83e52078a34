package vanguard

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// A plan's roster is its org's own members and probationary members (not
// its descendants'): those are who attend its sessions and whose progress
// is shown.

func roster(ctx context.Context, q db.Querier, orgID int64) ([]Member, error) {
	var out []Member
	err := db.Each(ctx, q, `SELECT p.id, p.name, o.name FROM people p JOIN orgs o ON o.id = p.org_id
		WHERE p.org_id = ? AND p.status IN ('member', 'probationary') ORDER BY p.name, p.id`, []any{orgID},
		func(r db.Scanner) (Member, error) {
			var m Member
			return m, r.Scan(&m.ID, &m.Name, &m.OrgName)
		}, func(m Member) error { out = append(out, m); return nil })
	return out, apperr.Wrap(err, "training roster")
}

// CreatePlan records a plan of an org in scope with its audit entry.
func (s *Store) CreatePlan(ctx context.Context, sc scope.Scope, d PlanDraft) (Plan, error) {
	if err := d.Validate(); err != nil {
		return Plan{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := orgIn(ctx, tx, sc, d.OrgID, "org_id"); err != nil {
			return err
		}
		now := s.Clock.Stamp()
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO study_plans (org_id, title, kind, starts_on, ends_on, target_hours, note, created_by, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, d.OrgID, d.Title, d.Kind, d.StartsOn, d.EndsOn, d.TargetHours, d.Note, db.NullID(audit.ActorFrom(ctx).UserID), now, now)
		if err != nil {
			return apperr.Wrap(err, "training plan insert")
		}
		return audit.Record(ctx, tx, "training.create", "study_plan", id, map[string]any{"org_id": d.OrgID, "title": d.Title, "kind": d.Kind,
			"starts_on": d.StartsOn, "ends_on": d.EndsOn, "target_hours": d.TargetHours})
	})
	if err != nil {
		return Plan{}, err
	}
	return s.GetPlan(ctx, sc, id)
}

// AddSession records a session of a plan in scope with its attendees: the
// date not in the future and inside the plan's period, the attendees
// members of the plan's org only. Anything refused writes nothing.
func (s *Store) AddSession(ctx context.Context, sc scope.Scope, planID int64, d SessionDraft) (Session, error) {
	if err := d.Validate(s.Today()); err != nil {
		return Session{}, err
	}
	var out Session
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		w, args := sc.Filter(areaCol, orgCol)
		var orgID int64
		var start, end string
		err := tx.QueryRowContext(ctx, `SELECT p.org_id, p.starts_on, p.ends_on FROM study_plans p JOIN orgs o ON o.id = p.org_id WHERE p.id = ? AND `+w,
			append([]any{planID}, args...)...).Scan(&orgID, &start, &end)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return apperr.Wrap(err, "training plan")
		}
		if d.HeldOn < start || d.HeldOn > end {
			return apperr.InvalidField("held_on", "err.training.outside_period").With("start", start).With("end", end)
		}
		members, err := roster(ctx, tx, orgID)
		if err != nil {
			return err
		}
		byID := map[int64]Member{}
		for _, m := range members {
			byID[m.ID] = m
		}
		for _, pid := range d.Attendees {
			if _, ok := byID[pid]; !ok {
				return apperr.InvalidField("attendees", "err.training.not_member").With("id", pid)
			}
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO study_sessions (plan_id, held_on, hours, topic, created_by, created_at) VALUES (?,?,?,?,?,?)`,
			planID, d.HeldOn, d.Hours, d.Topic, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "training session insert")
		}
		out = Session{ID: id, HeldOn: d.HeldOn, Hours: d.Hours, Topic: d.Topic}
		for _, pid := range d.Attendees {
			if _, err := tx.ExecContext(ctx, `INSERT INTO study_attendance (session_id, person_id) VALUES (?,?)`, id, pid); err != nil {
				return apperr.Wrap(err, "training attendance")
			}
			out.Attendees = append(out.Attendees, byID[pid])
		}
		return audit.Record(ctx, tx, "training.session", "study_plan", planID, map[string]any{"session_id": id, "held_on": d.HeldOn,
			"hours": d.Hours, "topic": d.Topic, "attendees": len(d.Attendees)})
	})
	return out, err
}

const planCols = `p.id, p.org_id, o.name, p.title, p.kind, p.starts_on, p.ends_on, p.target_hours, p.note, p.created_at,
	(SELECT count(*) FROM study_sessions x WHERE x.plan_id = p.id),
	(SELECT COALESCE(sum(x.hours), 0) FROM study_sessions x WHERE x.plan_id = p.id)`

const planFrom = ` FROM study_plans p JOIN orgs o ON o.id = p.org_id`

func scanPlan(r db.Scanner) (Plan, error) {
	var p Plan
	err := r.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Title, &p.Kind, &p.StartsOn, &p.EndsOn, &p.TargetHours, &p.Note, &p.CreatedAt, &p.SessionN, &p.Hours)
	return p, err
}

// GetPlan returns a plan in scope with its sessions (newest first, with
// attendees) and each member's progress: the hours of the sessions they
// attended against the target, by name.
func (s *Store) GetPlan(ctx context.Context, sc scope.Scope, id int64) (Plan, error) {
	w, args := sc.Filter(areaCol, orgCol)
	q := s.DB.Read()
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+planFrom+` WHERE p.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Plan{}, apperr.ErrNotFound
	} else if err != nil {
		return Plan{}, apperr.Wrap(err, "training plan get")
	}
	idx := map[int64]int{}
	err = db.Each(ctx, q, `SELECT id, held_on, hours, topic FROM study_sessions WHERE plan_id = ? ORDER BY held_on DESC, id DESC`, []any{id},
		func(r db.Scanner) (Session, error) {
			var x Session
			return x, r.Scan(&x.ID, &x.HeldOn, &x.Hours, &x.Topic)
		}, func(x Session) error { idx[x.ID] = len(p.Sessions); p.Sessions = append(p.Sessions, x); return nil })
	if err != nil {
		return p, apperr.Wrap(err, "training sessions")
	}
	type att struct {
		session int64
		m       Member
	}
	err = db.Each(ctx, q, `SELECT a.session_id, pe.id, pe.name FROM study_attendance a JOIN study_sessions x ON x.id = a.session_id
		JOIN people pe ON pe.id = a.person_id WHERE x.plan_id = ? ORDER BY pe.name, pe.id`, []any{id}, func(r db.Scanner) (att, error) {
		var a att
		return a, r.Scan(&a.session, &a.m.ID, &a.m.Name)
	}, func(a att) error {
		i := idx[a.session]
		p.Sessions[i].Attendees = append(p.Sessions[i].Attendees, a.m)
		return nil
	})
	if err != nil {
		return p, apperr.Wrap(err, "training attendees")
	}
	members, err := roster(ctx, q, p.OrgID)
	if err != nil {
		return p, err
	}
	done := map[int64]*Progress{}
	for _, m := range members {
		p.Progress = append(p.Progress, Progress{PersonID: m.ID, Name: m.Name, Target: p.TargetHours})
	}
	for i := range p.Progress {
		done[p.Progress[i].PersonID] = &p.Progress[i]
	}
	for _, x := range p.Sessions {
		for _, a := range x.Attendees {
			if pr, ok := done[a.ID]; ok {
				pr.Sessions++
				pr.Hours += x.Hours
			}
		}
	}
	for i := range p.Progress {
		p.Progress[i].Done = p.Progress[i].Hours+1e-9 >= p.TargetHours
	}
	return p, nil
}

// Roster returns the members of a plan in scope (who may attend).
func (s *Store) Roster(ctx context.Context, sc scope.Scope, planID int64) ([]Member, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var orgID int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT p.org_id FROM study_plans p JOIN orgs o ON o.id = p.org_id WHERE p.id = ? AND `+w,
		append([]any{planID}, args...)...).Scan(&orgID)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return nil, apperr.ErrNotFound
	} else if err != nil {
		return nil, apperr.Wrap(err, "training plan")
	}
	return roster(ctx, s.DB.Read(), orgID)
}

// PlanFilter narrows a plan list.
type PlanFilter struct {
	OrgID   int64    `query:"org_id"` // the org and its subtree
	Kind    PlanKind `query:"kind,enum"`
	Q       string   `query:"q"`
	Sort    string   `query:"sort"`
	db.Page `query:"page"`
}

var planSorts = map[string]string{"title": "p.title", "org": "o.name", "kind": "p.kind", "starts_on": "p.starts_on", "ends_on": "p.ends_on"}

func (s *Store) planWhere(ctx context.Context, sc scope.Scope, f PlanFilter) (string, []any, error) {
	return s.where(ctx, sc, f.OrgID, "p.kind", string(f.Kind), f.Q, "p.title", "p.note")
}

// ListPlans returns a page of plans in scope (latest start first by
// default) and the capped total.
func (s *Store) ListPlans(ctx context.Context, sc scope.Scope, f PlanFilter) ([]Plan, int, error) {
	if err := db.CheckSort(f.Sort, planSorts); err != nil {
		return nil, 0, err
	}
	where, args, err := s.planWhere(ctx, sc, f)
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, s.DB.Read(), planCols, planFrom, where, db.OrderBy(f.Sort, planSorts, "p.starts_on DESC, p.id DESC", "p.id"), args, f.Page, scanPlan)
}

// EachPlan streams every plan in scope matching f (exports).
func (s *Store) EachPlan(ctx context.Context, sc scope.Scope, f PlanFilter, fn func(Plan) error) error {
	if err := db.CheckSort(f.Sort, planSorts); err != nil {
		return err
	}
	where, args, err := s.planWhere(ctx, sc, f)
	if err != nil {
		return err
	}
	order := db.OrderBy(f.Sort, planSorts, "p.starts_on DESC, p.id DESC", "p.id")
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+planCols+planFrom+` WHERE `+where+order, args, scanPlan, fn), "training export")
}
