package weak

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/validation"
)

const caseFrom = ` FROM weak_cases c JOIN orgs o ON o.id = c.org_id LEFT JOIN people ip ON ip.id = c.instructor_id`

const caseCols = `c.id, c.org_id, o.name, c.status, c.reasons, COALESCE(c.instructor_id, 0), COALESCE(ip.name, ''), c.instructor_role,
	c.target_on, c.opened_on, c.closed_on, (SELECT count(*) FROM weak_tasks t WHERE t.case_id = c.id AND t.done_on = '')`

func scanCase(r db.Scanner) (Case, error) {
	var c Case
	var reasons string
	err := r.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.Status, &reasons, &c.InstructorID, &c.InstructorName, &c.InstructorRole,
		&c.TargetOn, &c.OpenedOn, &c.ClosedOn, &c.TasksOpen)
	c.Reasons = decode(reasons)
	return c, err
}

// Filter narrows the case list.
type Filter struct {
	Status  Status `query:"status,enum"`
	db.Page `query:"page"`
}

// List returns a page of the cases in scope, open first, and the capped
// total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Case, int, error) {
	w, args := sc.Filter(areaCol, orgCol)
	if f.Status != "" {
		w += " AND c.status = ?"
		args = append(args, f.Status)
	}
	total, err := db.CountCapped(ctx, s.DB.Read(), caseFrom+` WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "weak count")
	}
	pg := f.Page.Norm()
	var out []Case
	err = db.Each(ctx, s.DB.Read(), `SELECT `+caseCols+caseFrom+` WHERE `+w+` ORDER BY c.status DESC, c.id DESC LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanCase, func(c Case) error { out = append(out, c); return nil })
	return out, total, apperr.Wrap(err, "weak list")
}

// Each streams every case in scope that matches f (its page ignored), in
// the list's order, for an export.
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Case) error) error {
	w, args := sc.Filter(areaCol, orgCol)
	if f.Status != "" {
		w += " AND c.status = ?"
		args = append(args, f.Status)
	}
	err := db.Each(ctx, s.DB.Read(), `SELECT `+caseCols+caseFrom+` WHERE `+w+` ORDER BY c.status DESC, c.id DESC`, args, scanCase, fn)
	return apperr.Wrap(err, "weak each")
}

// Get returns a case in scope with its tasks and history.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Case, error) {
	q := s.DB.Read()
	c, err := getCase(ctx, q, sc, id)
	if err != nil {
		return c, err
	}
	today := s.Today()
	err = db.Each(ctx, q, `SELECT t.id, t.body, COALESCE(t.owner_person_id, 0), COALESCE(t.owner_org_id, 0), COALESCE(p.name, og.name, ''), t.deadline, t.done_on
		FROM weak_tasks t LEFT JOIN people p ON p.id = t.owner_person_id LEFT JOIN orgs og ON og.id = t.owner_org_id WHERE t.case_id = ? ORDER BY t.id`, []any{id},
		func(r db.Scanner) (Task, error) {
			var t Task
			err := r.Scan(&t.ID, &t.Body, &t.OwnerPersonID, &t.OwnerOrgID, &t.OwnerName, &t.Deadline, &t.DoneOn)
			t.Overdue = t.DoneOn == "" && t.Deadline < today
			return t, err
		}, func(t Task) error { c.Tasks = append(c.Tasks, t); return nil })
	if err != nil {
		return c, apperr.Wrap(err, "weak tasks")
	}
	err = db.Each(ctx, q, `SELECT action, actor_name, body, created_at FROM weak_events WHERE case_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (Event, error) {
			var e Event
			return e, r.Scan(&e.Action, &e.ActorName, &e.Body, &e.CreatedAt)
		}, func(e Event) error { c.Events = append(c.Events, e); return nil })
	return c, apperr.Wrap(err, "weak events")
}

func getCase(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Case, error) {
	w, args := sc.Filter(areaCol, orgCol)
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Case{}, apperr.ErrNotFound
	}
	return c, apperr.Wrap(err, "weak case")
}

// openCase returns a case in scope that is still open.
func openCase(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Case, error) {
	c, err := getCase(ctx, q, sc, id)
	if err != nil {
		return c, err
	}
	if c.Status != Open {
		return c, apperr.New(apperr.Conflict, "err.weak.closed")
	}
	return c, nil
}

// inScope reports whether a person (table people) or an org (orgs) is in
// scope.
func inScope(ctx context.Context, q db.Querier, sc scope.Scope, table string, id int64) (bool, error) {
	a, o := "x.area_path", "x.path"
	if table == "people" {
		o = "x.org_path"
	}
	w, args := sc.Filter(a, o)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` x WHERE x.id = ? AND `+w, append([]any{id}, args...)...).Scan(&n)
	return n > 0, apperr.Wrap(err, "weak owner")
}

// AddTask adds a task to the plan of an open case in scope; its owner, a
// person or an org, must be in scope too.
func (s *Store) AddTask(ctx context.Context, sc scope.Scope, caseID int64, d TaskDraft) (int64, error) {
	if err := d.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := openCase(ctx, tx, sc, caseID); err != nil {
			return err
		}
		var err error
		id, err = s.insertTask(ctx, tx, sc, caseID, d)
		return err
	})
	return id, err
}

func (s *Store) insertTask(ctx context.Context, tx *db.Tx, sc scope.Scope, caseID int64, d TaskDraft) (int64, error) {
	table, owner := "people", d.OwnerPersonID
	if d.OwnerOrgID != 0 {
		table, owner = "orgs", d.OwnerOrgID
	}
	ok, err := inScope(ctx, tx, sc, table, owner)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, apperr.InvalidField("owner", "err.weak.owner_unknown")
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO weak_tasks (case_id, body, owner_person_id, owner_org_id, deadline, created_at) VALUES (?,?,?,?,?,?)`,
		caseID, d.Body, db.NullID(d.OwnerPersonID), db.NullID(d.OwnerOrgID), d.Deadline, s.Clock.Stamp())
	if err != nil {
		return 0, apperr.Wrap(err, "weak task insert")
	}
	if err := s.event(ctx, tx, caseID, "task", d.Body+" · "+d.Deadline); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, "weak.task", "weak_case", caseID, map[string]any{"task_id": id, "body": d.Body, "deadline": d.Deadline,
		"owner_person_id": d.OwnerPersonID, "owner_org_id": d.OwnerOrgID})
}

// CompleteTask marks a task of an open case in scope done on a date (not
// in the future; "" is today).
func (s *Store) CompleteTask(ctx context.Context, sc scope.Scope, caseID, taskID int64, on string) error {
	today := s.Today()
	if on == "" {
		on = today
	}
	if _, err := validation.PastDate(on, "done_on", today, "err.weak.future_date"); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := openCase(ctx, tx, sc, caseID); err != nil {
			return err
		}
		var body string
		err := tx.QueryRowContext(ctx, `SELECT body FROM weak_tasks WHERE id = ? AND case_id = ? AND done_on = ''`, taskID, caseID).Scan(&body)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.InvalidField("task_id", "err.weak.task_unknown")
		} else if err != nil {
			return apperr.Wrap(err, "weak task")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE weak_tasks SET done_on = ? WHERE id = ?`, on, taskID); err != nil {
			return apperr.Wrap(err, "weak task done")
		}
		if err := s.event(ctx, tx, caseID, "done", body+" · "+on); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "weak.done", "weak_case", caseID, map[string]any{"task_id": taskID, "done_on": on})
	})
}

// SetInstructor stations an instructor (指导员) or first secretary (第一书记),
// a person in scope, at an open case in scope, with the target date.
func (s *Store) SetInstructor(ctx context.Context, sc scope.Scope, caseID, personID int64, role, target string) error {
	if !in(role, InstructorRoles) {
		return apperr.InvalidField("role", "err.weak.role")
	}
	if target != "" {
		if _, err := validation.Date(target, "target_on", false, nil); err != nil {
			return err
		}
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := openCase(ctx, tx, sc, caseID); err != nil {
			return err
		}
		ok, err := inScope(ctx, tx, sc, "people", personID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.InvalidField("person_id", "err.weak.person_unknown")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE weak_cases SET instructor_id = ?, instructor_role = ?, target_on = ?, updated_at = ? WHERE id = ?`,
			personID, role, target, s.Clock.Stamp(), caseID); err != nil {
			return apperr.Wrap(err, "weak instructor")
		}
		var name string
		_ = tx.QueryRowContext(ctx, `SELECT name FROM people WHERE id = ?`, personID).Scan(&name)
		if err := s.event(ctx, tx, caseID, "instructor", role+" · "+name+" · "+target); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "weak.instructor", "weak_case", caseID, map[string]any{"person_id": personID, "role": role, "target_on": target})
	})
}
