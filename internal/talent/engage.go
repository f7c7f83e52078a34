package talent

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// EngagementStatus is a step of the engagement lifecycle:
// invited → accepted / declined → serving → completed, and cancelled by
// staff before serving starts.
type EngagementStatus string

const (
	Invited   EngagementStatus = "invited"
	Accepted  EngagementStatus = "accepted"
	Declined  EngagementStatus = "declined"
	Serving   EngagementStatus = "serving"
	Completed EngagementStatus = "completed"
	Cancelled EngagementStatus = "cancelled"
)

// holding reports whether an engagement in this status holds a place of
// the talent's capacity and of the demand's headcount.
func holding(s EngagementStatus) bool { return s == Invited || s == Accepted || s == Serving }

// Engagement is a talent's part in a demand.
type Engagement struct {
	ID           int64            `json:"id"`
	DemandID     int64            `json:"demand_id"`
	DemandTitle  string           `json:"demand_title"`
	OrgName      string           `json:"org_name"`
	TalentID     int64            `json:"talent_id"`
	TalentName   string           `json:"talent_name"`
	Status       EngagementStatus `json:"status"`
	Source       string           `json:"source"` // manual or batch
	Score        float64          `json:"score"`
	Hours        float64          `json:"hours"`
	TalentRating int              `json:"talent_rating"` // the talent's rating of the demand's org
	OrgRating    int              `json:"org_rating"`    // the org's rating of the talent
	TalentNote   string           `json:"talent_note"`
	OrgNote      string           `json:"org_note"`
	UpdatedAt    time.Time        `json:"updated_at"`
	demandArea   string
	demandOrg    string
	talentUser   int64
}

const engCols = `e.id, e.demand_id, d.title, o.name, e.talent_id, t.name, e.status, e.source, e.score, e.hours,
	e.talent_rating, e.org_rating, e.talent_note, e.org_note, e.updated_at, d.area_path, d.org_path, COALESCE(t.user_id, 0)`

const engFrom = ` FROM engagements e JOIN demands d ON d.id = e.demand_id JOIN orgs o ON o.id = d.org_id JOIN talents t ON t.id = e.talent_id`

func scanEng(r db.Scanner) (Engagement, error) {
	var e Engagement
	err := r.Scan(&e.ID, &e.DemandID, &e.DemandTitle, &e.OrgName, &e.TalentID, &e.TalentName, &e.Status, &e.Source, &e.Score, &e.Hours,
		&e.TalentRating, &e.OrgRating, &e.TalentNote, &e.OrgNote, &e.UpdatedAt, &e.demandArea, &e.demandOrg, &e.talentUser)
	return e, err
}

// Actor is who acts on an engagement: staff with a scope, or a talent
// acting on their own engagements through their account.
type Actor struct {
	Scope  scope.Scope
	UserID int64
	Staff  bool // may act for the demand's org (the scope still applies)
}

func (a Actor) isStaffFor(e Engagement) bool {
	return a.Staff && a.Scope.HasRow(e.demandArea, e.demandOrg)
}

func (a Actor) isTalent(e Engagement) bool { return a.UserID != 0 && e.talentUser == a.UserID }

// GetEngagement returns an engagement the actor may see.
func (s *Store) GetEngagement(ctx context.Context, a Actor, id int64) (Engagement, error) {
	return s.engagement(ctx, s.DB.Read(), a, id)
}

func (s *Store) engagement(ctx context.Context, q db.Querier, a Actor, id int64) (Engagement, error) {
	e, err := scanEng(q.QueryRowContext(ctx, `SELECT `+engCols+engFrom+` WHERE e.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !a.isStaffFor(e) && !a.isTalent(e)) {
		return Engagement{}, apperr.ErrNotFound
	}
	return e, apperr.Wrap(err, "engagement get")
}

// Engagements lists the engagements of a demand (staff) or of a talent.
func (s *Store) Engagements(ctx context.Context, a Actor, demandID, talentID int64) ([]Engagement, error) {
	cond, args := "e.demand_id = ?", []any{demandID}
	if talentID != 0 {
		cond, args = "e.talent_id = ?", []any{talentID}
	}
	var out []Engagement
	err := db.Each(ctx, s.DB.Read(), `SELECT `+engCols+engFrom+` WHERE `+cond+` ORDER BY e.id DESC`, args, scanEng, func(e Engagement) error {
		if a.isStaffFor(e) || a.isTalent(e) {
			out = append(out, e)
		}
		return nil
	})
	return out, apperr.Wrap(err, "engagements")
}

// Invite asks a verified talent to serve a demand of an org in scope. The
// talent's capacity and the demand's headcount are taken in the same
// transaction with conditional updates, so two staff members inviting the
// same talent at the same moment cannot both pass the limit, and the pair
// (demand, talent) is unique.
func (s *Store) Invite(ctx context.Context, sc scope.Scope, demandID, talentID int64, score float64, source string) (Engagement, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.invite(ctx, tx, sc, demandID, talentID, score, source)
		return err
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.GetEngagement(ctx, Actor{Scope: sc, Staff: true}, id)
}

func (s *Store) invite(ctx context.Context, tx *db.Tx, sc scope.Scope, demandID, talentID int64, score float64, source string) (int64, error) {
	d, err := s.ownDemand(ctx, tx, sc, demandID)
	if err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM engagements WHERE demand_id = ? AND talent_id = ?`, demandID, talentID).Scan(&n); err != nil {
		return 0, apperr.Wrap(err, "engagement check")
	}
	if n > 0 {
		return 0, apperr.New(apperr.Conflict, "err.talent.already_engaged")
	}
	if d.Status != DemandOpen {
		return 0, apperr.New(apperr.Conflict, "err.talent.demand_not_open")
	}
	res, err := tx.ExecContext(ctx, `UPDATE talents SET load = load + 1 WHERE id = ? AND status = ? AND load < capacity`, talentID, Verified)
	if err != nil {
		return 0, apperr.Wrap(err, "talent load")
	}
	if k, _ := res.RowsAffected(); k == 0 {
		var st Status
		err := tx.QueryRowContext(ctx, `SELECT status FROM talents WHERE id = ?`, talentID).Scan(&st)
		switch {
		case errors.Is(db.Normalize(err), db.ErrNoRows):
			return 0, apperr.InvalidField("talent_id", "err.talent.missing")
		case err != nil:
			return 0, apperr.Wrap(err, "talent status")
		case st != Verified:
			return 0, apperr.New(apperr.Conflict, "err.talent.not_verified")
		}
		return 0, apperr.New(apperr.Conflict, "err.talent.capacity_full")
	}
	if err := s.takePlace(ctx, tx, d, 1); err != nil {
		return 0, err
	}
	if _, err := touch(ctx, tx); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE talents SET rev = (SELECT rev FROM revisions WHERE name = 'talents') WHERE id = ?`, talentID); err != nil {
		return 0, apperr.Wrap(err, "talent rev")
	}
	now := s.Clock.Stamp()
	a := audit.ActorFrom(ctx)
	id, err := db.InsertID(ctx, tx, `INSERT INTO engagements (demand_id, talent_id, status, source, score, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)`,
		demandID, talentID, Invited, source, score, db.NullID(a.UserID), now, now)
	if errors.Is(err, db.ErrUnique) {
		return 0, apperr.New(apperr.Conflict, "err.talent.already_engaged")
	} else if err != nil {
		return 0, apperr.Wrap(err, "engagement insert")
	}
	if err := s.event(ctx, tx, id, "", Invited, ""); err != nil {
		return 0, err
	}
	if err := notifyTalent(ctx, tx, talentID, "invited", "demand", demandID, score); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, "engagement.invite", "engagement", id, map[string]any{"demand_id": demandID, "talent_id": talentID, "source": source})
}

// takePlace moves a demand's taken count by delta (conditionally, so the
// headcount is never passed) and flips it between open and filled.
func (s *Store) takePlace(ctx context.Context, tx *db.Tx, d Demand, delta int) error {
	if delta > 0 {
		res, err := tx.ExecContext(ctx, `UPDATE demands SET taken = taken + 1 WHERE id = ? AND taken < headcount AND status = ?`, d.ID, DemandOpen)
		if err != nil {
			return apperr.Wrap(err, "demand taken")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.Conflict, "err.talent.headcount_full")
		}
	} else if _, err := tx.ExecContext(ctx, `UPDATE demands SET taken = taken - 1 WHERE id = ? AND taken > 0`, d.ID); err != nil {
		return apperr.Wrap(err, "demand taken")
	}
	rev, err := touch(ctx, tx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE demands SET rev = ?, status = CASE
		WHEN status = ? AND taken >= headcount THEN ? WHEN status = ? AND taken < headcount THEN ? ELSE status END WHERE id = ?`,
		rev, DemandOpen, DemandFilled, DemandFilled, DemandOpen, d.ID)
	return apperr.Wrap(err, "demand fill")
}

func (s *Store) event(ctx context.Context, tx *db.Tx, id int64, from, to EngagementStatus, note string) error {
	a := audit.ActorFrom(ctx)
	_, err := tx.ExecContext(ctx, `INSERT INTO engagement_events (engagement_id, at, user_id, username, from_status, to_status, note) VALUES (?,?,?,?,?,?,?)`,
		id, s.Clock.Stamp(), db.NullID(a.UserID), a.Username, from, to, note)
	return apperr.Wrap(err, "engagement event")
}
