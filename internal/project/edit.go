package project

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Update changes a project in scope: its name, owner org (an org in
// scope), status, due date, weight and description. The parent and the
// progress stay (SetParent and SetProgress change those); a new weight
// rolls up to the ancestors. Audited in the same transaction.
func (s *Store) Update(ctx context.Context, sc scope.Scope, id int64, d Draft) (Project, error) {
	if err := d.Validate(); err != nil {
		return Project{}, err
	}
	err := s.writeProject(ctx, sc, id, func(tx *db.Tx) error {
		w, args := sc.Filter("o.area_path", "o.path")
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orgs o WHERE o.id = ? AND `+w, append([]any{d.OrgID}, args...)...).Scan(&n); err != nil {
			return apperr.Wrap(err, "project org")
		}
		if n == 0 {
			return apperr.InvalidField("org_id", "err.project.org_unknown")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE projects SET org_id = ?, name = ?, description = ?, status = ?, weight = ?, due_on = ?, updated_at = ? WHERE id = ?`,
			d.OrgID, d.Name, d.Description, d.Status, d.Weight, d.DueOn, s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "project update")
		}
		if err := audit.Record(ctx, tx, "project.update", "project", id, map[string]any{"org_id": d.OrgID, "name": d.Name, "status": d.Status,
			"weight": d.Weight, "due_on": d.DueOn}); err != nil {
			return err
		}
		return recompute(ctx, tx, id)
	})
	if err != nil {
		return Project{}, err
	}
	return s.GetProject(ctx, sc, id)
}

// Delete removes a project in scope with its milestones, and rolls its
// parent's progress up again. A project with sub-projects is a conflict
// and stays.
func (s *Store) Delete(ctx context.Context, sc scope.Scope, id int64) error {
	return s.writeProject(ctx, sc, id, func(tx *db.Tx) error {
		var kids int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM projects WHERE parent_id = ?`, id).Scan(&kids); err != nil {
			return apperr.Wrap(err, "project children")
		}
		if kids > 0 {
			return apperr.New(apperr.Conflict, "err.project.has_children").With("n", kids)
		}
		var name string
		var parent int64
		if err := tx.QueryRowContext(ctx, `SELECT name, COALESCE(parent_id, 0) FROM projects WHERE id = ?`, id).Scan(&name, &parent); err != nil {
			return apperr.Wrap(err, "project read")
		}
		for _, q := range []string{`DELETE FROM project_milestones WHERE project_id = ?`, `DELETE FROM projects WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return apperr.Wrap(err, "project delete")
			}
		}
		if err := audit.Record(ctx, tx, "project.delete", "project", id, map[string]any{"name": name, "parent_id": parent}); err != nil {
			return err
		}
		return recompute(ctx, tx, parent)
	})
}
