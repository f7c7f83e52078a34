package talent

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
)

// Step is one transition of the engagement lifecycle.
type Step string

const (
	StepAccept   Step = "accept"   // talent: invited → accepted
	StepDecline  Step = "decline"  // talent: invited → declined
	StepStart    Step = "start"    // staff or talent: accepted → serving
	StepComplete Step = "complete" // staff: serving → completed, with hours
	StepCancel   Step = "cancel"   // staff: invited or accepted → cancelled
)

// transitions: step → from status, to status, and who may take it.
var transitions = map[Step]struct {
	from          []EngagementStatus
	to            EngagementStatus
	talent, staff bool
}{
	StepAccept:   {[]EngagementStatus{Invited}, Accepted, true, false},
	StepDecline:  {[]EngagementStatus{Invited}, Declined, true, false},
	StepStart:    {[]EngagementStatus{Accepted}, Serving, true, true},
	StepComplete: {[]EngagementStatus{Serving}, Completed, false, true},
	StepCancel:   {[]EngagementStatus{Invited, Accepted}, Cancelled, false, true},
}

// PointsPerHour is what an hour of completed service earns in the points
// ledger; a rating of 4 or 5 from the org earns RatingPoints per star.
const (
	PointsPerHour = 10
	RatingPoints  = 5
	maxHours      = 2000
)

// Advance takes a step on an engagement. The status is changed with a
// conditional update, so a double acceptance (or any step taken twice at
// once) fails with a conflict and changes nothing. Completing records the
// service hours and credits points; ending an engagement that held a place
// gives the talent's capacity (and, unless completed, the demand's place)
// back.
func (s *Store) Advance(ctx context.Context, a Actor, id int64, step Step, hours float64, note string) (Engagement, error) {
	tr, ok := transitions[step]
	if !ok {
		return Engagement{}, apperr.InvalidField("step", "err.talent.step")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return Engagement{}, apperr.InvalidField("note", "err.talent.text_length").With("max", 1000)
	}
	if step == StepComplete && (hours <= 0 || hours > maxHours) {
		return Engagement{}, apperr.InvalidField("hours", "err.talent.hours").With("max", maxHours)
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.engagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !(tr.staff && a.isStaffFor(e)) && !(tr.talent && a.isTalent(e)) {
			return apperr.ErrForbidden
		}
		args := []any{tr.to, s.Clock.Stamp()}
		set := "status = ?, updated_at = ?"
		if step == StepComplete {
			set += ", hours = ?"
			args = append(args, hours)
		}
		if note != "" {
			if a.isTalent(e) {
				set += ", talent_note = ?"
			} else {
				set += ", org_note = ?"
			}
			args = append(args, note)
		}
		ph := strings.TrimSuffix(strings.Repeat("?,", len(tr.from)), ",")
		args = append(args, id)
		for _, f := range tr.from {
			args = append(args, f)
		}
		res, err := tx.ExecContext(ctx, `UPDATE engagements SET `+set+` WHERE id = ? AND status IN (`+ph+`)`, args...)
		if err != nil {
			return apperr.Wrap(err, "engagement step")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.Conflict, "err.talent.engagement_transition").With("from", string(e.Status)).With("step", string(step))
		}
		if holding(e.Status) && !holding(tr.to) {
			if err := s.release(ctx, tx, e, tr.to != Completed); err != nil {
				return err
			}
		}
		if step == StepComplete {
			if err := s.credit(ctx, tx, e.TalentID, int64(hours*PointsPerHour+0.5), "service_hours", e.ID, 0, ""); err != nil {
				return err
			}
		}
		if err := s.event(ctx, tx, id, e.Status, tr.to, note); err != nil {
			return err
		}
		if a.isTalent(e) {
			if err := notifyDemandOwner(ctx, tx, e.DemandID, "engagement_"+string(tr.to), e.ID); err != nil {
				return err
			}
		} else if err := notifyTalent(ctx, tx, e.TalentID, "engagement_"+string(tr.to), "engagement", e.ID, 0); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "engagement."+string(step), "engagement", id, map[string]any{"from": e.Status, "to": tr.to, "hours": hours})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.GetEngagement(ctx, a, id)
}

// release gives back the talent's capacity and, when freeDemand, the
// demand's place.
func (s *Store) release(ctx context.Context, tx *db.Tx, e Engagement, freeDemand bool) error {
	rev, err := touch(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE talents SET load = load - 1, rev = ? WHERE id = ? AND load > 0`, rev, e.TalentID); err != nil {
		return apperr.Wrap(err, "talent release")
	}
	if !freeDemand {
		return nil
	}
	return s.takePlace(ctx, tx, Demand{ID: e.DemandID}, -1)
}

// Rate records one side's rating (1–5) of a completed engagement, once.
// The org's rating of the talent feeds the talent's rating in the ranking
// and, at 4 or 5 stars, the points ledger.
func (s *Store) Rate(ctx context.Context, a Actor, id int64, stars int, note string) (Engagement, error) {
	if stars < 1 || stars > 5 {
		return Engagement{}, apperr.InvalidField("stars", "err.talent.stars")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return Engagement{}, apperr.InvalidField("note", "err.talent.text_length").With("max", 1000)
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.engagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		col, noteCol := "org_rating", "org_note"
		switch {
		case a.isStaffFor(e):
		case a.isTalent(e):
			col, noteCol = "talent_rating", "talent_note"
		default:
			return apperr.ErrForbidden
		}
		q := `UPDATE engagements SET ` + col + ` = ?, updated_at = ?`
		args := []any{stars, s.Clock.Stamp()}
		if note != "" {
			q += `, ` + noteCol + ` = ?`
			args = append(args, note)
		}
		res, err := tx.ExecContext(ctx, q+` WHERE id = ? AND status = ? AND `+col+` = 0`, append(args, id, Completed)...)
		if err != nil {
			return apperr.Wrap(err, "engagement rate")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.Conflict, "err.talent.rate_once")
		}
		if col == "org_rating" {
			rev, err := touch(ctx, tx)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE talents SET rating_sum = rating_sum + ?, rating_n = rating_n + 1, rev = ? WHERE id = ?`, stars, rev, e.TalentID); err != nil {
				return apperr.Wrap(err, "talent rating")
			}
			if stars >= 4 {
				if err := s.credit(ctx, tx, e.TalentID, int64(stars*RatingPoints), "rating", e.ID, 0, ""); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, "engagement.rate", "engagement", id, map[string]any{"side": col, "stars": stars})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.GetEngagement(ctx, a, id)
}

// EngagementEvent is one step in an engagement's history.
type EngagementEvent struct {
	At       time.Time        `json:"at"`
	Username string           `json:"username"`
	From     EngagementStatus `json:"from"`
	To       EngagementStatus `json:"to"`
	Note     string           `json:"note"`
}

// History lists an engagement's steps, oldest first.
func (s *Store) History(ctx context.Context, a Actor, id int64) ([]EngagementEvent, error) {
	if _, err := s.GetEngagement(ctx, a, id); err != nil {
		return nil, err
	}
	var out []EngagementEvent
	err := db.Each(ctx, s.DB.Read(), `SELECT at, username, from_status, to_status, note FROM engagement_events WHERE engagement_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (EngagementEvent, error) {
			var e EngagementEvent
			return e, r.Scan(&e.At, &e.Username, &e.From, &e.To, &e.Note)
		}, func(e EngagementEvent) error { out = append(out, e); return nil })
	return out, apperr.Wrap(err, "engagement history")
}
