package project

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Store keeps projects and risk points. A project is read and written where
// its owner org is in scope; a risk point where its unit or its post is.
// Rows outside the scope are not found.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const projectFrom = ` FROM projects p JOIN orgs o ON o.id = p.org_id LEFT JOIN projects pp ON pp.id = p.parent_id`

// projectCols take today as their one argument.
const projectCols = `p.id, p.org_id, o.name, COALESCE(p.parent_id, 0), COALESCE(pp.name, ''), p.name, p.description, p.status, p.weight,
	p.own_progress, p.progress, p.due_on, (SELECT count(*) FROM projects c WHERE c.parent_id = p.id),
	(SELECT count(*) FROM project_milestones m WHERE m.project_id = p.id AND m.done_on = '' AND m.due_on < ?)`

func scanProject(today string) func(r db.Scanner) (Project, error) {
	return func(r db.Scanner) (Project, error) {
		var p Project
		var late int
		err := r.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.ParentID, &p.ParentName, &p.Name, &p.Description, &p.Status, &p.Weight,
			&p.OwnProgress, &p.Progress, &p.DueOn, &p.ChildCount, &late)
		p.Overdue = (p.Status == Planned || p.Status == InProgress) && (late > 0 || (p.DueOn != "" && p.DueOn < today))
		return p, err
	}
}

func projectScope(sc scope.Scope) (string, []any) { return sc.Filter("o.area_path", "o.path") }

// ProjectFilter narrows the project list.
type ProjectFilter struct {
	OrgID   int64  `query:"org_id"`
	Status  Status `query:"status,enum"`
	Q       string `query:"q"`
	db.Page `query:"page"`
}

// ListProjects returns a page of projects in scope, ordered as a tree
// (each page's projects under their parents on the page), and the capped
// total.
func (s *Store) ListProjects(ctx context.Context, sc scope.Scope, f ProjectFilter) ([]Project, int, error) {
	today := s.Today()
	w, args := projectWhere(sc, f, today)
	total, err := db.CountCapped(ctx, s.DB.Read(), projectFrom+` WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "project count")
	}
	pg := f.Page.Norm()
	var rows []Project
	err = db.Each(ctx, s.DB.Read(), `SELECT `+projectCols+projectFrom+` WHERE `+w+` ORDER BY p.id LIMIT ? OFFSET ?`,
		append(append([]any{today}, args...), pg.Limit, pg.Offset), scanProject(today), func(p Project) error { rows = append(rows, p); return nil })
	if err != nil {
		return nil, 0, apperr.Wrap(err, "project list")
	}
	return treeOrder(rows), total, nil
}

// EachProject gives every project in scope that matches f (its page
// ignored), each after its parent, for an export. It reads them in one
// query; the tree order needs them all before the first goes out.
func (s *Store) EachProject(ctx context.Context, sc scope.Scope, f ProjectFilter, fn func(Project) error) error {
	today := s.Today()
	w, args := projectWhere(sc, f, today)
	var rows []Project
	err := db.Each(ctx, s.DB.Read(), `SELECT `+projectCols+projectFrom+` WHERE `+w+` ORDER BY p.id`,
		append([]any{today}, args...), scanProject(today), func(p Project) error { rows = append(rows, p); return nil })
	if err != nil {
		return apperr.Wrap(err, "project each")
	}
	for _, p := range treeOrder(rows) {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// projectWhere is the project list's condition: the scope and f's filters.
func projectWhere(sc scope.Scope, f ProjectFilter, today string) (string, []any) {
	w, args := projectScope(sc)
	if f.OrgID != 0 {
		w += " AND p.org_id = ?"
		args = append(args, f.OrgID)
	}
	switch f.Status {
	case "":
	case Overdue:
		w += ` AND p.status IN ('planned', 'in_progress') AND ((p.due_on <> '' AND p.due_on < ?)
			OR EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = p.id AND m.done_on = '' AND m.due_on < ?))`
		args = append(args, today, today)
	default:
		w += " AND p.status = ?"
		args = append(args, f.Status)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, a := db.Contains("p.name", q)
		w += " AND " + c
		args = append(args, a)
	}
	return w, args
}

// treeOrder puts each project after its parent (when both are present)
// and sets its depth.
func treeOrder(rows []Project) []Project {
	in := map[int64]bool{}
	for _, p := range rows {
		in[p.ID] = true
	}
	kids := map[int64][]Project{}
	var roots []Project
	for _, p := range rows {
		if p.ParentID != 0 && in[p.ParentID] {
			kids[p.ParentID] = append(kids[p.ParentID], p)
		} else {
			roots = append(roots, p)
		}
	}
	out := make([]Project, 0, len(rows))
	var walk func(p Project, depth int)
	walk = func(p Project, depth int) {
		p.Depth = depth
		out = append(out, p)
		for _, c := range kids[p.ID] {
			walk(c, depth+1)
		}
	}
	for _, p := range roots {
		walk(p, 0)
	}
	return out
}

// GetProject returns a project in scope with its children in scope and its
// milestones.
func (s *Store) GetProject(ctx context.Context, sc scope.Scope, id int64) (Project, error) {
	return s.getProject(ctx, s.DB.Read(), sc, id)
}

func (s *Store) getProject(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Project, error) {
	today := s.Today()
	w, args := projectScope(sc)
	p, err := scanProject(today)(q.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.id = ? AND `+w,
		append([]any{today, id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Project{}, apperr.ErrNotFound
	} else if err != nil {
		return Project{}, apperr.Wrap(err, "project get")
	}
	err = db.Each(ctx, q, `SELECT `+projectCols+projectFrom+` WHERE p.parent_id = ? AND `+w+` ORDER BY p.id`,
		append([]any{today, id}, args...), scanProject(today), func(c Project) error { p.Children = append(p.Children, c); return nil })
	if err != nil {
		return p, apperr.Wrap(err, "project children")
	}
	err = db.Each(ctx, q, `SELECT id, name, due_on, done_on FROM project_milestones WHERE project_id = ? ORDER BY due_on, id`, []any{id},
		func(r db.Scanner) (Milestone, error) {
			var m Milestone
			err := r.Scan(&m.ID, &m.Name, &m.DueOn, &m.DoneOn)
			m.Overdue = m.DoneOn == "" && m.DueOn < today
			return m, err
		}, func(m Milestone) error { p.Milestones = append(p.Milestones, m); return nil })
	return p, apperr.Wrap(err, "project milestones")
}

// inScope reports whether project id exists with its owner org in scope.
func inScope(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (bool, error) {
	w, args := projectScope(sc)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*)`+projectFrom+` WHERE p.id = ? AND `+w, append([]any{id}, args...)...).Scan(&n); err != nil {
		return false, apperr.Wrap(err, "project scope")
	}
	return n > 0, nil
}

// writeProject runs fn in a transaction once project id is in scope.
func (s *Store) writeProject(ctx context.Context, sc scope.Scope, id int64, fn func(tx *db.Tx) error) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		ok, err := inScope(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.ErrNotFound
		}
		return fn(tx)
	})
}

// checkParent refuses a parent that is not a project in scope.
func checkParent(ctx context.Context, tx *db.Tx, sc scope.Scope, parentID int64) error {
	ok, err := inScope(ctx, tx, sc, parentID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.InvalidField("parent_id", "err.project.parent_unknown")
	}
	return nil
}

// recompute rolls progress up from project id to its root.
func recompute(ctx context.Context, tx *db.Tx, id int64) error {
	for cur, n := id, 0; cur != 0 && n < 10000; n++ {
		var cs []Child
		err := db.Each(ctx, tx, `SELECT progress, weight FROM projects WHERE parent_id = ?`, []any{cur},
			func(r db.Scanner) (Child, error) {
				var c Child
				return c, r.Scan(&c.Progress, &c.Weight)
			}, func(c Child) error { cs = append(cs, c); return nil })
		if err != nil {
			return apperr.Wrap(err, "project children progress")
		}
		if len(cs) == 0 {
			_, err = tx.ExecContext(ctx, `UPDATE projects SET progress = own_progress WHERE id = ?`, cur)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE projects SET progress = ? WHERE id = ?`, WeightedMean(cs), cur)
		}
		if err != nil {
			return apperr.Wrap(err, "project rollup")
		}
		var parent int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM projects WHERE id = ?`, cur).Scan(&parent); err != nil {
			return apperr.Wrap(err, "project parent")
		}
		cur = parent
	}
	return nil
}

// CreateProject makes a project owned by an org in scope, under an
// optional parent in scope.
func (s *Store) CreateProject(ctx context.Context, sc scope.Scope, d Draft) (Project, error) {
	if err := d.Validate(); err != nil {
		return Project{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		w, args := sc.Filter("o.area_path", "o.path")
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orgs o WHERE o.id = ? AND `+w, append([]any{d.OrgID}, args...)...).Scan(&n); err != nil {
			return apperr.Wrap(err, "project org")
		}
		if n == 0 {
			return apperr.InvalidField("org_id", "err.project.org_unknown")
		}
		if d.ParentID != 0 {
			if err := checkParent(ctx, tx, sc, d.ParentID); err != nil {
				return err
			}
		}
		now := s.Clock.Stamp()
		var err error
		id, err = db.InsertID(ctx, tx, `INSERT INTO projects (org_id, parent_id, name, description, status, weight, own_progress, progress, due_on, created_by, created_at, updated_at)
			VALUES (?,?,?,?,?,?,0,0,?,?,?,?)`, d.OrgID, db.NullID(d.ParentID), d.Name, d.Description, d.Status, d.Weight, d.DueOn,
			db.NullID(audit.ActorFrom(ctx).UserID), now, now)
		if err != nil {
			return apperr.Wrap(err, "project insert")
		}
		if err := audit.Record(ctx, tx, "project.create", "project", id, map[string]any{"org_id": d.OrgID, "parent_id": d.ParentID,
			"name": d.Name, "status": d.Status, "weight": d.Weight, "due_on": d.DueOn}); err != nil {
			return err
		}
		return recompute(ctx, tx, d.ParentID)
	})
	if err != nil {
		return Project{}, err
	}
	return s.GetProject(ctx, sc, id)
}

// AddMilestone adds a milestone to a project.
func (s *Store) AddMilestone(ctx context.Context, sc scope.Scope, id int64, d MilestoneDraft) (int64, error) {
	if err := d.Validate(); err != nil {
		return 0, err
	}
	var mid int64
	err := s.writeProject(ctx, sc, id, func(tx *db.Tx) error {
		var err error
		mid, err = db.InsertID(ctx, tx, `INSERT INTO project_milestones (project_id, name, due_on, done_on, created_at) VALUES (?,?,?,?,?)`,
			id, d.Name, d.DueOn, d.DoneOn, s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "project milestone insert")
		}
		return audit.Record(ctx, tx, "project.milestone", "project", id, map[string]any{"milestone_id": mid, "name": d.Name, "due_on": d.DueOn, "done_on": d.DoneOn})
	})
	return mid, err
}

// CompleteMilestone records a milestone's done date.
func (s *Store) CompleteMilestone(ctx context.Context, sc scope.Scope, id, milestoneID int64, doneOn string) error {
	doneOn = strings.TrimSpace(doneOn)
	if err := date("done_on", doneOn); err != nil {
		return err
	}
	return s.writeProject(ctx, sc, id, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE project_milestones SET done_on = ? WHERE id = ? AND project_id = ?`, doneOn, milestoneID, id)
		if err != nil {
			return apperr.Wrap(err, "project milestone done")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrNotFound
		}
		return audit.Record(ctx, tx, "project.milestone_done", "project", id, map[string]any{"milestone_id": milestoneID, "done_on": doneOn})
	})
}

// Unchanged is the progress that SetProgress leaves as it is.
const Unchanged = -1 << 31

// SetProgress sets a leaf project's own progress (0–100; Unchanged leaves
// it) and, when status is not empty, its status. A project with children
// rolls its progress up and refuses an own progress.
func (s *Store) SetProgress(ctx context.Context, sc scope.Scope, id int64, progress int, status Status) error {
	if progress != Unchanged {
		if err := ValidProgress(progress); err != nil {
			return err
		}
	}
	if status != "" && !validStatus(status) {
		return apperr.InvalidField("status", "err.project.status")
	}
	return s.writeProject(ctx, sc, id, func(tx *db.Tx) error {
		now := s.Clock.Stamp()
		if progress != Unchanged {
			var kids int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM projects WHERE parent_id = ?`, id).Scan(&kids); err != nil {
				return apperr.Wrap(err, "project children")
			}
			if kids > 0 {
				return apperr.InvalidField("progress", "err.project.rolled_up")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE projects SET own_progress = ?, updated_at = ? WHERE id = ?`, progress, now, id); err != nil {
				return apperr.Wrap(err, "project progress")
			}
		}
		if status != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE projects SET status = ?, updated_at = ? WHERE id = ?`, status, now, id); err != nil {
				return apperr.Wrap(err, "project status")
			}
		}
		detail := map[string]any{"status": status}
		if progress != Unchanged {
			detail["progress"] = progress
		}
		if err := audit.Record(ctx, tx, "project.progress", "project", id, detail); err != nil {
			return err
		}
		return recompute(ctx, tx, id)
	})
}

// SetParent moves a project under a parent in scope (0: a root). A parent
// that is the project itself or one of its descendants is refused and
// nothing changes.
func (s *Store) SetParent(ctx context.Context, sc scope.Scope, id, parentID int64) error {
	return s.writeProject(ctx, sc, id, func(tx *db.Tx) error {
		if parentID != 0 {
			if err := checkParent(ctx, tx, sc, parentID); err != nil {
				return err
			}
			parents := map[int64]int64{}
			for cur, n := parentID, 0; cur != 0 && n < 10000; n++ {
				if cur == id {
					break
				}
				var p int64
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM projects WHERE id = ?`, cur).Scan(&p); err != nil {
					return apperr.Wrap(err, "project ancestors")
				}
				parents[cur] = p
				if _, seen := parents[p]; seen {
					break
				}
				cur = p
			}
			if Cycles(parents, id, parentID) {
				return apperr.InvalidField("parent_id", "err.project.cycle")
			}
		}
		var old int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM projects WHERE id = ?`, id).Scan(&old); err != nil {
			return apperr.Wrap(err, "project parent")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE projects SET parent_id = ?, updated_at = ? WHERE id = ?`, db.NullID(parentID), s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "project set parent")
		}
		if err := audit.Record(ctx, tx, "project.parent", "project", id, map[string]any{"from": old, "to": parentID}); err != nil {
			return err
		}
		if err := recompute(ctx, tx, old); err != nil {
			return err
		}
		return recompute(ctx, tx, id)
	})
}
