package talent

import (
	"context"
	"errors"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/notify"
)

// Notifications are in-app messages. A talent hears of invitations and of
// new demands that suit them; the staff who posted a demand hear of
// answers and of new talents that suit it; anyone can save an interest in
// a skill and hear of new talents or demands in it. Each (user, kind,
// reference) is notified once.

// MatchThreshold is the score from which a new talent or demand counts as
// a good match worth a notification.
const MatchThreshold = 0.6

// Notification is one message (package notify's).
type Notification = notify.Notification

func notifyUser(ctx context.Context, q db.Querier, userID int64, kind, refKind string, refID int64, score float64) error {
	return notify.Send(ctx, q, userID, kind, refKind, refID, score)
}

func notifyTalent(ctx context.Context, q db.Querier, talentID int64, kind, refKind string, refID int64, score float64) error {
	var uid *int64
	if err := q.QueryRowContext(ctx, `SELECT user_id FROM talents WHERE id = ?`, talentID).Scan(&uid); err != nil {
		return apperr.Wrap(err, "notify talent")
	}
	if uid == nil {
		return nil
	}
	return notifyUser(ctx, q, *uid, kind, refKind, refID, score)
}

func notifyDemandOwner(ctx context.Context, q db.Querier, demandID int64, kind string, engID int64) error {
	var uid *int64
	if err := q.QueryRowContext(ctx, `SELECT created_by FROM demands WHERE id = ?`, demandID).Scan(&uid); err != nil {
		return apperr.Wrap(err, "notify owner")
	}
	if uid == nil {
		return nil
	}
	return notifyUser(ctx, q, *uid, kind, "engagement", engID, 0)
}

// Notifications lists a user's messages, newest first, and the unread count.
func (s *Store) Notifications(ctx context.Context, userID int64, limit int) ([]Notification, int, error) {
	return notify.List(ctx, s.DB.Read(), userID, limit)
}

// Unread counts a user's unread messages.
func (s *Store) Unread(ctx context.Context, userID int64) (int, error) {
	return notify.Unread(ctx, s.DB.Read(), userID)
}

// MarkRead marks all of a user's messages read.
func (s *Store) MarkRead(ctx context.Context, userID int64) error {
	return notify.MarkRead(ctx, s.DB, userID)
}

// Interest is a saved interest: tell me of new talents (or demands) with
// this skill or a more specific one.
type Interest struct {
	ID    int64  `json:"id"`
	Kind  string `json:"kind"` // talents or demands
	Skill string `json:"skill"`
}

// SaveInterest records an interest for the acting user.
func (s *Store) SaveInterest(ctx context.Context, userID int64, kind, skill string) (Interest, error) {
	if kind != "talents" && kind != "demands" {
		return Interest{}, apperr.InvalidField("kind", "err.talent.interest_kind")
	}
	sk, ok := s.Tax.Resolve(skill)
	if !ok {
		return Interest{}, apperr.InvalidField("skill", "err.talent.skill_unknown").With("skill", skill)
	}
	in := Interest{Kind: kind, Skill: sk.Code}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM interests WHERE user_id = ? AND kind = ? AND skill_id = ?`, userID, kind, sk.ID).Scan(&n); err != nil {
			return apperr.Wrap(err, "interest check")
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "err.talent.interest_exists")
		}
		var err error
		in.ID, err = db.InsertID(ctx, tx, `INSERT INTO interests (user_id, kind, skill_id, min_score, created_at) VALUES (?,?,?,?,?)`, userID, kind, sk.ID, MatchThreshold, s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "interest insert")
		}
		return audit.Record(ctx, tx, "interest.save", "interest", in.ID, map[string]any{"kind": kind, "skill": sk.Code})
	})
	return in, err
}

// Interests lists a user's saved interests.
func (s *Store) Interests(ctx context.Context, userID int64) ([]Interest, error) {
	var out []Interest
	err := db.Each(ctx, s.DB.Read(), `SELECT i.id, i.kind, k.code FROM interests i JOIN skills k ON k.id = i.skill_id WHERE i.user_id = ? ORDER BY i.id`, []any{userID},
		func(r db.Scanner) (Interest, error) {
			var i Interest
			return i, r.Scan(&i.ID, &i.Kind, &i.Skill)
		}, func(i Interest) error { out = append(out, i); return nil })
	return out, apperr.Wrap(err, "interests")
}

// DeleteInterest removes one of the user's interests.
func (s *Store) DeleteInterest(ctx context.Context, userID, id int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM interests WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return apperr.Wrap(err, "interest delete")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.ErrNotFound
		}
		return audit.Record(ctx, tx, "interest.delete", "interest", id, nil)
	})
}

// interested returns the users with a saved interest of a kind in a skill
// that serves one of codes closely (the same skill or a more specific one).
func (s *Store) interested(ctx context.Context, q db.Querier, kind string, codes []string) ([]int64, error) {
	var users []int64
	err := db.Each(ctx, q, `SELECT i.user_id, k.code FROM interests i JOIN skills k ON k.id = i.skill_id WHERE i.kind = ?`, []any{kind},
		func(r db.Scanner) (Interest, error) {
			var i Interest
			return i, r.Scan(&i.ID, &i.Skill)
		}, func(i Interest) error {
			for _, c := range codes {
				if s.Tax.Relation(i.Skill, c) >= 0.9 {
					users = append(users, i.ID)
					break
				}
			}
			return nil
		})
	return users, apperr.Wrap(err, "interested")
}

// AnnounceDemand notifies of a new demand: talents it suits well (their
// score for it at least MatchThreshold, the best 50) and users with a
// saved interest in one of its skills.
func (s *Store) AnnounceDemand(ctx context.Context, d Demand) error {
	if s.Live == nil {
		return nil
	}
	ranked, err := s.Live.RankTalents(ctx, QueryOf(d), 50)
	if err != nil {
		return err
	}
	users, err := s.interested(ctx, s.DB.Read(), "demands", append(append([]string{}, d.Required...), d.Optional...))
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, r := range ranked {
			if r.Score >= MatchThreshold {
				if err := notifyTalent(ctx, tx, r.TalentID, "demand_match", "demand", d.ID, r.Score); err != nil {
					return err
				}
			}
		}
		for _, u := range users {
			if err := notifyUser(ctx, tx, u, "interest_demand", "demand", d.ID, 0); err != nil {
				return err
			}
		}
		return nil
	})
}

// AnnounceTalent notifies of a newly verified talent: the posters of open
// demands it suits well, and users with a saved interest in its skills.
func (s *Store) AnnounceTalent(ctx context.Context, t Talent) error {
	if s.Live == nil || t.Status != Verified {
		return nil
	}
	ranked, err := s.Live.RankDemands(ctx, t.ID, 50)
	if err != nil {
		return err
	}
	users, err := s.interested(ctx, s.DB.Read(), "talents", t.Skills)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, r := range ranked {
			if r.Score < MatchThreshold {
				continue
			}
			var uid *int64
			if err := tx.QueryRowContext(ctx, `SELECT created_by FROM demands WHERE id = ?`, r.Demand.ID).Scan(&uid); err != nil && !errors.Is(db.Normalize(err), db.ErrNoRows) {
				return apperr.Wrap(err, "demand owner")
			}
			if uid != nil {
				if err := notifyUser(ctx, tx, *uid, "talent_match", "talent", t.ID, r.Score); err != nil {
					return err
				}
			}
		}
		for _, u := range users {
			if err := notifyUser(ctx, tx, u, "interest_talent", "talent", t.ID, 0); err != nil {
				return err
			}
		}
		return nil
	})
}
