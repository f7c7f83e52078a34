package vanguard

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// UpdateTeam corrects a team of an org in scope: its name, focus, leader
// (a party member of the org or its descendants, as on create; put on the
// team if not on it yet), founding date (not after today, not after the
// team's first activity) and note. The org stays. Nothing is written when
// a rule fails; the change is audited in the same transaction.
func (s *Store) UpdateTeam(ctx context.Context, sc scope.Scope, id int64, d TeamDraft) (Team, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		path, err := teamIn(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT org_id FROM vanguard_teams WHERE id = ?`, id).Scan(&d.OrgID); err != nil {
			return apperr.Wrap(err, "vanguard team org")
		}
		if err := d.Validate(s.Today()); err != nil {
			return err
		}
		if err := memberOf(ctx, tx, sc, path, d.LeaderID, "leader_id"); err != nil {
			return err
		}
		var first string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(min(held_on), '') FROM vanguard_activities WHERE team_id = ?`, id).Scan(&first); err != nil {
			return apperr.Wrap(err, "vanguard first activity")
		}
		if first != "" && d.FoundedOn > first {
			return apperr.InvalidField("founded_on", "err.vanguard.after_first_activity").With("first", first)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM vanguard_members WHERE team_id = ? AND person_id = ?`, id, d.LeaderID).Scan(&n); err != nil {
			return apperr.Wrap(err, "vanguard leader member")
		}
		now := s.Clock.Stamp()
		if n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO vanguard_members (team_id, person_id, added_at) VALUES (?,?,?)`, id, d.LeaderID, now); err != nil {
				return apperr.Wrap(err, "vanguard leader")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE vanguard_teams SET name = ?, focus = ?, leader_id = ?, founded_on = ?, note = ?, updated_at = ? WHERE id = ?`,
			d.Name, d.Focus, d.LeaderID, d.FoundedOn, d.Note, now, id); err != nil {
			return apperr.Wrap(err, "vanguard team update")
		}
		return audit.Record(ctx, tx, "vanguard.update", "vanguard_team", id, map[string]any{"name": d.Name, "focus": d.Focus,
			"leader_id": d.LeaderID, "founded_on": d.FoundedOn})
	})
	if err != nil {
		return Team{}, err
	}
	return s.GetTeam(ctx, sc, id)
}

// RemoveMember takes a person off a team in scope. The leader stays (a
// conflict: change the leader first); someone not on the team is not found.
func (s *Store) RemoveMember(ctx context.Context, sc scope.Scope, teamID, personID int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := teamIn(ctx, tx, sc, teamID); err != nil {
			return err
		}
		var leader int64
		var on int
		if err := tx.QueryRowContext(ctx, `SELECT t.leader_id, (SELECT count(*) FROM vanguard_members m WHERE m.team_id = t.id AND m.person_id = ?)
			FROM vanguard_teams t WHERE t.id = ?`, personID, teamID).Scan(&leader, &on); err != nil {
			return apperr.Wrap(err, "vanguard team leader")
		}
		if on == 0 {
			return apperr.ErrNotFound
		}
		if personID == leader {
			return apperr.New(apperr.Conflict, "err.vanguard.remove_leader")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM vanguard_members WHERE team_id = ? AND person_id = ?`, teamID, personID); err != nil {
			return apperr.Wrap(err, "vanguard member delete")
		}
		return audit.Record(ctx, tx, "vanguard.member_remove", "vanguard_team", teamID, map[string]any{"person_id": personID})
	})
}

// DeleteTeam removes a team in scope with its members. A team with
// activities is a conflict (their count in the message) and stays.
func (s *Store) DeleteTeam(ctx context.Context, sc scope.Scope, id int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := teamIn(ctx, tx, sc, id); err != nil {
			return err
		}
		var name string
		var acts int
		if err := tx.QueryRowContext(ctx, `SELECT t.name, (SELECT count(*) FROM vanguard_activities a WHERE a.team_id = t.id)
			FROM vanguard_teams t WHERE t.id = ?`, id).Scan(&name, &acts); err != nil {
			return apperr.Wrap(err, "vanguard team read")
		}
		if acts > 0 {
			return apperr.New(apperr.Conflict, "err.vanguard.team_has_activities").With("count", acts)
		}
		for _, q := range []string{`DELETE FROM vanguard_members WHERE team_id = ?`, `DELETE FROM vanguard_teams WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				if errors.Is(db.Normalize(err), db.ErrForeignKey) {
					return apperr.New(apperr.Conflict, "err.vanguard.team_in_use")
				}
				return apperr.Wrap(err, "vanguard team delete")
			}
		}
		return audit.Record(ctx, tx, "vanguard.delete", "vanguard_team", id, map[string]any{"name": name})
	})
}

// DeleteActivity removes an activity of a team in scope. An activity a
// mobile member was invited to is a conflict and stays.
func (s *Store) DeleteActivity(ctx context.Context, sc scope.Scope, teamID, activityID int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := teamIn(ctx, tx, sc, teamID); err != nil {
			return err
		}
		var a Activity
		err := tx.QueryRowContext(ctx, `SELECT held_on, title, hours FROM vanguard_activities WHERE id = ? AND team_id = ?`, activityID, teamID).
			Scan(&a.HeldOn, &a.Title, &a.Hours)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return apperr.Wrap(err, "vanguard activity read")
		}
		if s.Invited != nil {
			invited, err := s.Invited(ctx, tx, activityID)
			if err != nil {
				return err
			}
			if invited > 0 {
				return apperr.New(apperr.Conflict, "err.vanguard.activity_invited").With("count", invited)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM vanguard_activities WHERE id = ?`, activityID); err != nil {
			if errors.Is(db.Normalize(err), db.ErrForeignKey) {
				return apperr.New(apperr.Conflict, "err.vanguard.activity_invited").With("count", 1)
			}
			return apperr.Wrap(err, "vanguard activity delete")
		}
		return audit.Record(ctx, tx, "vanguard.activity_delete", "vanguard_team", teamID, map[string]any{"activity_id": activityID,
			"held_on": a.HeldOn, "title": a.Title, "hours": a.Hours})
	})
}

// planIn checks that a plan is in scope inside a transaction.
func planIn(ctx context.Context, tx *db.Tx, sc scope.Scope, id int64) error {
	w, args := sc.Filter(areaCol, orgCol)
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT p.id FROM study_plans p JOIN orgs o ON o.id = p.org_id WHERE p.id = ? AND `+w,
		append([]any{id}, args...)...).Scan(&n)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return apperr.ErrNotFound
	}
	return apperr.Wrap(err, "training plan lock")
}

// UpdatePlan corrects a plan of an org in scope: title, kind, period,
// target hours and note, under the rules of create. Every recorded session
// must stay inside the new period: the first one outside is named in the
// refusal. The org stays; the change is audited in the same transaction.
func (s *Store) UpdatePlan(ctx context.Context, sc scope.Scope, id int64, d PlanDraft) (Plan, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := planIn(ctx, tx, sc, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT org_id FROM study_plans WHERE id = ?`, id).Scan(&d.OrgID); err != nil {
			return apperr.Wrap(err, "training plan org")
		}
		if err := d.Validate(); err != nil {
			return err
		}
		var held, topic string
		err := tx.QueryRowContext(ctx, `SELECT held_on, topic FROM study_sessions WHERE plan_id = ? AND (held_on < ? OR held_on > ?)
			ORDER BY held_on, id LIMIT 1`, id, d.StartsOn, d.EndsOn).Scan(&held, &topic)
		if err == nil {
			field := "starts_on"
			if held > d.EndsOn {
				field = "ends_on"
			}
			return apperr.InvalidField(field, "err.training.session_outside").With("held_on", held).With("topic", topic)
		} else if !errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.Wrap(err, "training sessions period")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE study_plans SET title = ?, kind = ?, starts_on = ?, ends_on = ?, target_hours = ?, note = ?, updated_at = ?
			WHERE id = ?`, d.Title, d.Kind, d.StartsOn, d.EndsOn, d.TargetHours, d.Note, s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "training plan update")
		}
		return audit.Record(ctx, tx, "training.update", "study_plan", id, map[string]any{"title": d.Title, "kind": d.Kind,
			"starts_on": d.StartsOn, "ends_on": d.EndsOn, "target_hours": d.TargetHours})
	})
	if err != nil {
		return Plan{}, err
	}
	return s.GetPlan(ctx, sc, id)
}

// DeletePlan removes a plan in scope. A plan with sessions is a conflict
// (their count in the message) and stays.
func (s *Store) DeletePlan(ctx context.Context, sc scope.Scope, id int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := planIn(ctx, tx, sc, id); err != nil {
			return err
		}
		var title string
		var sessions int
		if err := tx.QueryRowContext(ctx, `SELECT p.title, (SELECT count(*) FROM study_sessions x WHERE x.plan_id = p.id) FROM study_plans p WHERE p.id = ?`,
			id).Scan(&title, &sessions); err != nil {
			return apperr.Wrap(err, "training plan read")
		}
		if sessions > 0 {
			return apperr.New(apperr.Conflict, "err.training.plan_has_sessions").With("count", sessions)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM study_plans WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "training plan delete")
		}
		return audit.Record(ctx, tx, "training.delete", "study_plan", id, map[string]any{"title": title})
	})
}

// DeleteSession removes a session of a plan in scope with its attendance,
// in one transaction with its audit entry.
func (s *Store) DeleteSession(ctx context.Context, sc scope.Scope, planID, sessionID int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := planIn(ctx, tx, sc, planID); err != nil {
			return err
		}
		var x Session
		err := tx.QueryRowContext(ctx, `SELECT held_on, hours, topic FROM study_sessions WHERE id = ? AND plan_id = ?`, sessionID, planID).
			Scan(&x.HeldOn, &x.Hours, &x.Topic)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return apperr.Wrap(err, "training session read")
		}
		var attendees int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM study_attendance WHERE session_id = ?`, sessionID).Scan(&attendees); err != nil {
			return apperr.Wrap(err, "training session attendance")
		}
		for _, q := range []string{`DELETE FROM study_attendance WHERE session_id = ?`, `DELETE FROM study_sessions WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, sessionID); err != nil {
				return apperr.Wrap(err, "training session delete")
			}
		}
		return audit.Record(ctx, tx, "training.session_delete", "study_plan", planID, map[string]any{"session_id": sessionID,
			"held_on": x.HeldOn, "hours": x.Hours, "topic": x.Topic, "attendees": attendees})
	})
}
