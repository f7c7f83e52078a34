package orglife

import (
	"context"
	"errors"
	"slices"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// lockMeeting reads the org and date of a meeting in scope inside a
// transaction.
func lockMeeting(ctx context.Context, tx *db.Tx, sc scope.Scope, id int64) (int64, string, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var orgID int64
	var heldOn string
	err := tx.QueryRowContext(ctx, `SELECT m.org_id, m.held_on`+meetingFrom+` WHERE m.id = ? AND `+w, append([]any{id}, args...)...).Scan(&orgID, &heldOn)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return 0, "", apperr.ErrNotFound
	}
	return orgID, heldOn, apperr.Wrap(err, "meeting lock")
}

// Update corrects a meeting of an org in scope: its kind, date, title,
// place, topic, lecturer, minutes and attendance, under the same rules as
// Create (no future date; attendance only by the org's members — those on
// the meeting's recorded roster or members now); photos are added (checked
// as on Create) and removed (RemovePhotos, the meeting's own) within
// MaxPhotos in all. The org stays. Nothing is written when a rule fails;
// the change is audited in the same transaction.
func (s *Store) Update(ctx context.Context, sc scope.Scope, id int64, d Draft) (Meeting, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		orgID, was, err := lockMeeting(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		d.OrgID = orgID
		if err := d.Validate(s.Today()); err != nil {
			return err
		}
		var have []int64
		if err := db.Each(ctx, tx, `SELECT id FROM meeting_photos WHERE meeting_id = ?`, []any{id}, func(r db.Scanner) (int64, error) {
			var x int64
			return x, r.Scan(&x)
		}, func(x int64) error { have = append(have, x); return nil }); err != nil {
			return apperr.Wrap(err, "meeting photos")
		}
		gone := map[int64]bool{}
		for _, x := range d.RemovePhotos {
			if !slices.Contains(have, x) {
				return apperr.InvalidField("photos", "err.orglife.photo_unknown").With("id", x)
			}
			gone[x] = true
		}
		if len(have)-len(gone)+len(d.Photos) > MaxPhotos {
			return apperr.InvalidField("photos", "err.orglife.photo_count").With("max", MaxPhotos)
		}
		current, err := members(ctx, tx, sc, orgID)
		if err != nil {
			return err
		}
		// The roster is who was expected then, and anyone who is a member now.
		roster, seen := []Member{}, map[int64]bool{}
		err = db.Each(ctx, tx, `SELECT a.person_id, p.name, p.status FROM meeting_attendance a JOIN people p ON p.id = a.person_id
			WHERE a.meeting_id = ? ORDER BY p.name, a.person_id`, []any{id}, func(r db.Scanner) (Member, error) {
			var m Member
			return m, r.Scan(&m.ID, &m.Name, &m.Status)
		}, func(m Member) error { roster = append(roster, m); seen[m.ID] = true; return nil })
		if err != nil {
			return apperr.Wrap(err, "meeting roster")
		}
		for _, m := range current {
			if !seen[m.ID] {
				roster = append(roster, m)
			}
		}
		att, err := attendance(roster, d.Attendance)
		if err != nil {
			return err
		}
		present := 0
		for _, a := range att {
			if a.Status == Present {
				present++
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET kind = ?, held_on = ?, title = ?, place = ?, topic = ?, lecturer = ?, minutes = ?,
			expected = ?, present = ?, updated_at = ? WHERE id = ?`, d.Kind, d.HeldOn, d.Title, d.Place, d.Topic, d.Lecturer, d.Minutes,
			len(att), present, s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "meeting update")
		}
		if err := s.changed(ctx, tx, orgID, was); err != nil {
			return err
		}
		if d.HeldOn != was {
			if err := s.changed(ctx, tx, orgID, d.HeldOn); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_attendance WHERE meeting_id = ?`, id); err != nil {
			return apperr.Wrap(err, "meeting attendance clear")
		}
		if err := insertAttendance(ctx, tx, id, att); err != nil {
			return err
		}
		for x := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_photos WHERE id = ? AND meeting_id = ?`, x, id); err != nil {
				return apperr.Wrap(err, "meeting photo delete")
			}
		}
		now := s.Clock.Stamp()
		for _, ph := range d.Photos {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_photos (meeting_id, name, caption, content_type, size, data, created_at) VALUES (?,?,?,?,?,?,?)`,
				id, ph.Name, ph.Caption, ContentType(ph.Data), len(ph.Data), ph.Data, now); err != nil {
				return apperr.Wrap(err, "meeting photo")
			}
		}
		return audit.Record(ctx, tx, "meeting.update", "meeting", id, map[string]any{"org_id": orgID, "kind": d.Kind, "held_on": d.HeldOn,
			"title": d.Title, "expected": len(att), "present": present, "photos_added": len(d.Photos), "photos_removed": len(gone)})
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.Get(ctx, sc, id)
}

// Delete removes a meeting of an org in scope with its attendance and
// photos, in one transaction with its audit entry. A meeting something
// else still refers to (an invitation) is a conflict and stays.
func (s *Store) Delete(ctx context.Context, sc scope.Scope, id int64) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		orgID, heldOn, err := lockMeeting(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM meetings WHERE id = ?`, id).Scan(&title); err != nil {
			return apperr.Wrap(err, "meeting read")
		}
		var photos int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meeting_photos WHERE meeting_id = ?`, id).Scan(&photos); err != nil {
			return apperr.Wrap(err, "meeting photos")
		}
		for _, q := range []string{`DELETE FROM meeting_attendance WHERE meeting_id = ?`, `DELETE FROM meeting_photos WHERE meeting_id = ?`, `DELETE FROM meetings WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				if errors.Is(db.Normalize(err), db.ErrForeignKey) {
					return apperr.New(apperr.Conflict, "err.orglife.meeting_in_use")
				}
				return apperr.Wrap(err, "meeting delete")
			}
		}
		if err := s.changed(ctx, tx, orgID, heldOn); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "meeting.delete", "meeting", id, map[string]any{"org_id": orgID, "title": title, "held_on": heldOn, "photos": photos})
	})
}
