package talent

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// The incentive ledgers (激励保障) are append-only: entries are inserted and
// never changed. A mistake is put right by a correction, a new entry that
// names the entry it corrects and carries the difference. Triggers refuse
// UPDATE and DELETE on both backends (migration 007), and the API answers
// an edit with ErrAppendOnly.

// ErrAppendOnly is the answer to an attempt to edit or delete an entry.
var ErrAppendOnly = apperr.New(apperr.Conflict, "err.ledger.append_only")

// PointsEntry is one line of the points ledger.
type PointsEntry struct {
	ID           int64     `json:"id"`
	TalentID     int64     `json:"talent_id"`
	Delta        int64     `json:"delta"`
	Reason       string    `json:"reason"` // service_hours, rating, honour, correction
	EngagementID int64     `json:"engagement_id,omitempty"`
	CorrectsID   int64     `json:"corrects_id,omitempty"`
	Note         string    `json:"note"`
	CreatedAt    time.Time `json:"created_at"`
}

// credit appends a points entry. An engagement earns each reason once
// (a unique index), so a retried completion cannot pay twice.
func (s *Store) credit(ctx context.Context, tx *db.Tx, talentID, delta int64, reason string, engID, corrects int64, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO points_ledger (talent_id, delta, reason, engagement_id, corrects_id, note, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)`,
		talentID, delta, reason, db.NullID(engID), db.NullID(corrects), note, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
	if errors.Is(db.Normalize(err), db.ErrUnique) {
		return apperr.New(apperr.Conflict, "err.ledger.already_credited")
	}
	return apperr.Wrap(err, "points credit")
}

// Points returns a talent's ledger (newest first) and balance.
func (s *Store) Points(ctx context.Context, talentID int64) ([]PointsEntry, int64, error) {
	var out []PointsEntry
	var bal int64
	err := db.Each(ctx, s.DB.Read(), `SELECT id, talent_id, delta, reason, COALESCE(engagement_id,0), COALESCE(corrects_id,0), note, created_at
		FROM points_ledger WHERE talent_id = ? ORDER BY id DESC`, []any{talentID},
		func(r db.Scanner) (PointsEntry, error) {
			var e PointsEntry
			return e, r.Scan(&e.ID, &e.TalentID, &e.Delta, &e.Reason, &e.EngagementID, &e.CorrectsID, &e.Note, &e.CreatedAt)
		}, func(e PointsEntry) error { out = append(out, e); bal += e.Delta; return nil })
	return out, bal, apperr.Wrap(err, "points")
}

func checkNote(note string, required bool) (string, error) {
	note = strings.TrimSpace(note)
	if (required && note == "") || utf8.RuneCountInString(note) > 500 {
		return "", apperr.InvalidField("note", "err.ledger.note")
	}
	return note, nil
}

// CorrectPoints appends a correction to a points entry: delta is the
// amount to add (negative to take back). Staff need the talent in scope.
func (s *Store) CorrectPoints(ctx context.Context, sc scope.Scope, entryID, delta int64, note string) (PointsEntry, error) {
	note, err := checkNote(note, true)
	if err != nil {
		return PointsEntry{}, err
	}
	if delta == 0 || delta > 100000 || delta < -100000 {
		return PointsEntry{}, apperr.InvalidField("delta", "err.ledger.delta")
	}
	var talentID int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT talent_id FROM points_ledger WHERE id = ?`, entryID).Scan(&talentID)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return apperr.Wrap(err, "points entry")
		}
		if _, err := s.editable(ctx, tx, sc, talentID, 0); err != nil {
			return err
		}
		if err := s.credit(ctx, tx, talentID, delta, "correction", 0, entryID, note); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "points.correct", "talent", talentID, map[string]any{"corrects": entryID, "delta": delta, "note": note})
	})
	if err != nil {
		return PointsEntry{}, err
	}
	entries, _, err := s.Points(ctx, talentID)
	if err != nil || len(entries) == 0 {
		return PointsEntry{}, err
	}
	return entries[0], nil
}

// HonourPoints is what an honour adds to the points ledger.
const HonourPoints = 50

// Honour is a title awarded to a talent (e.g. 优秀候鸟人才).
type Honour struct {
	ID        int64  `json:"id"`
	TalentID  int64  `json:"talent_id"`
	Title     string `json:"title"`
	AwardedOn string `json:"awarded_on"`
}

// Award records an honour and credits its points.
func (s *Store) Award(ctx context.Context, sc scope.Scope, talentID int64, title, on string) (Honour, error) {
	h := Honour{TalentID: talentID, Title: strings.TrimSpace(title), AwardedOn: strings.TrimSpace(on)}
	if h.Title == "" || utf8.RuneCountInString(h.Title) > 60 {
		return Honour{}, apperr.InvalidField("title", "err.talent.title_length").With("max", 60)
	}
	if _, err := ParseDay(h.AwardedOn); err != nil {
		return Honour{}, apperr.InvalidField("awarded_on", "err.talent.date")
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.editable(ctx, tx, sc, talentID, 0); err != nil {
			return err
		}
		var err error
		h.ID, err = db.InsertID(ctx, tx, `INSERT INTO honours (talent_id, title, awarded_on, created_by, created_at) VALUES (?,?,?,?,?)`,
			talentID, h.Title, h.AwardedOn, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "honour insert")
		}
		if err := s.credit(ctx, tx, talentID, HonourPoints, "honour", 0, 0, h.Title); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "talent.honour", "talent", talentID, map[string]any{"title": h.Title})
	})
	return h, err
}

// Honours lists a talent's honours, newest first.
func (s *Store) Honours(ctx context.Context, talentID int64) ([]Honour, error) {
	var out []Honour
	err := db.Each(ctx, s.DB.Read(), `SELECT id, talent_id, title, awarded_on FROM honours WHERE talent_id = ? ORDER BY awarded_on DESC, id DESC`, []any{talentID},
		func(r db.Scanner) (Honour, error) {
			var h Honour
			return h, r.Scan(&h.ID, &h.TalentID, &h.Title, &h.AwardedOn)
		}, func(h Honour) error { out = append(out, h); return nil })
	return out, apperr.Wrap(err, "honours")
}
