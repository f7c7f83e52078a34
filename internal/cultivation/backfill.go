package cultivation

import (
	"context"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/i18n"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// Backfill records in one go the past steps of a person who was already
// on the way (or already a member) before the platform: their application,
// activist, candidate, probation and full-membership dates as they really
// were, and any probation extension. The steps are checked one after the
// other by the same rules as Advance (order, no future date, never before
// the previous step, a year as an activist, a year of probation with its
// extensions, 18 at application), so a backfilled history is one Advance
// could have recorded. The person must be in scope and have no recorded
// step yet; the deciding org is their branch (orgID names it for a person
// without one) and must be in scope.
//
// The registry must agree: a person whose status is already the last
// step's keeps it (a registered member's joined date, when set, must be the
// probation date given); one still among the masses moves to the last
// step's status in the same transaction. Anything else is refused, and a
// refused backfill writes nothing.
func (s *Store) Backfill(ctx context.Context, sc scope.Scope, personID, orgID int64, steps []Step) ([]Step, error) {
	if len(steps) == 0 {
		return nil, apperr.InvalidField("steps", "err.cultivation.backfill_empty")
	}
	today := s.Today()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, recorded, _, err := load(ctx, tx, sc, personID)
		if err != nil {
			return err
		}
		if len(recorded) > 0 {
			return apperr.New(apperr.Conflict, "err.cultivation.backfill_has_steps")
		}
		branch := p.orgID
		if branch == 0 {
			branch = orgID
		}
		if branch == 0 {
			return apperr.InvalidField("org_id", "err.org_missing")
		}
		if orgID != 0 && orgID != branch {
			return apperr.InvalidField("org_id", "err.cultivation.not_branch")
		}
		orgPath, err := org.PathIn(ctx, tx, sc, branch, "org_id")
		if err != nil {
			return err
		}
		var h History
		for i := range steps {
			st := &steps[i]
			st.PersonID, st.OrgID = personID, branch
			st.On, st.Note = strings.TrimSpace(st.On), strings.TrimSpace(st.Note)
			if err := Check(h, *st, s.birth(p), today); err != nil {
				e := apperr.As(err).With("step", string(st.Stage))
				if e.Field == "on" {
					e = e.OnField(string(st.Stage) + "_on")
				}
				return e
			}
			h.Add(*st)
		}
		// The registry and the history must agree.
		status, joined := person.Status(p.status), p.joined
		want := h.Stage.Status()
		if status != want && status != person.Masses {
			return apperr.InvalidField("steps", "err.cultivation.status_mismatch").With("status", i18n.Key("status."+p.status))
		}
		if h.ProbationaryOn != "" {
			if joined != "" && joined != h.ProbationaryOn {
				return apperr.InvalidField("steps", "err.cultivation.backfill_joined").With("date", joined)
			}
			joined = h.ProbationaryOn
		}
		actor := audit.ActorFrom(ctx)
		now := s.Clock.Stamp()
		var trail []string
		for i := range steps {
			st := &steps[i]
			if st.ID, err = db.InsertID(ctx, tx, `INSERT INTO recruit_steps (person_id, stage, on_date, org_id, months, note, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)`,
				st.PersonID, st.Stage, st.On, st.OrgID, st.Months, st.Note, db.NullID(actor.UserID), now); err != nil {
				return apperr.Wrap(err, "recruit step insert")
			}
			trail = append(trail, string(st.Stage)+" "+st.On)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO recruits (person_id, org_id, stage, stage_on, due_on, extension_months, updated_at) VALUES (?,?,?,?,?,?,?)`,
			personID, branch, h.Stage, h.StageOn, h.Due(), h.ExtensionMonths, now); err != nil {
			return apperr.Wrap(err, "recruit save")
		}
		if err := audit.Record(ctx, tx, "cultivation.backfill", "person", personID, map[string]any{"org_id": branch, "steps": strings.Join(trail, ", ")}); err != nil {
			return err
		}
		if status == want && joined == p.joined && (p.orgID == branch || want == person.Masses) {
			return nil // the registry already says so
		}
		if !sc.HasRow(p.areaPath, orgPath) {
			return apperr.ErrForbidden
		}
		if err := person.SetMembership(ctx, tx, personID, person.Membership{Status: want, OrgID: branch, OrgPath: orgPath, JoinedOn: joined}, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "person.update", "person", personID, map[string]any{"name": p.name, "status": want, "org_id": branch,
			"joined_on": joined, "via": "cultivation.backfill"})
	})
	if err != nil {
		return nil, err
	}
	return steps, nil
}
