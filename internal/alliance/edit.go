package alliance

import (
	"context"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Update changes an alliance's name, kind (and pairing type) and
// description where its lead org is in scope; the lead org stays. The
// change is audited in the same transaction.
func (s *Store) Update(ctx context.Context, sc scope.Scope, id int64, d Draft) (Alliance, error) {
	err := s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		if err := tx.QueryRowContext(ctx, `SELECT lead_org_id FROM alliances WHERE id = ?`, id).Scan(&d.LeadOrgID); err != nil {
			return apperr.Wrap(err, "alliance lead")
		}
		if err := d.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE alliances SET kind = ?, pairing = ?, name = ?, note = ?, updated_at = ? WHERE id = ?`,
			d.Kind, d.Pairing, d.Name, d.Note, s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "alliance update")
		}
		return audit.Record(ctx, tx, "alliance.update", "alliance", id, map[string]any{"kind": d.Kind, "pairing": d.Pairing, "name": d.Name})
	})
	if err != nil {
		return Alliance{}, err
	}
	return s.Get(ctx, sc, id)
}

// Delete removes an alliance led from the scope with its members and
// shared resources. An alliance with a record of work — a joint meeting, a
// task or a memorandum — is a conflict and stays whole.
func (s *Store) Delete(ctx context.Context, sc scope.Scope, id int64) error {
	return s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		var meetings, tasks, memos int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM alliance_meetings WHERE alliance_id = ?),
			(SELECT count(*) FROM alliance_tasks WHERE alliance_id = ?), (SELECT count(*) FROM alliance_memoranda WHERE alliance_id = ?)`,
			id, id, id).Scan(&meetings, &tasks, &memos); err != nil {
			return apperr.Wrap(err, "alliance records")
		}
		if meetings+tasks+memos > 0 {
			return apperr.New(apperr.Conflict, "err.alliance.has_records").With("meetings", meetings).With("tasks", tasks).With("memoranda", memos)
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM alliances WHERE id = ?`, id).Scan(&name); err != nil {
			return apperr.Wrap(err, "alliance name")
		}
		for _, q := range []string{`DELETE FROM alliance_resources WHERE alliance_id = ?`, `DELETE FROM alliance_members WHERE alliance_id = ?`,
			`DELETE FROM alliances WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return apperr.Wrap(err, "alliance delete")
			}
		}
		return audit.Record(ctx, tx, "alliance.delete", "alliance", id, map[string]any{"name": name})
	})
}
