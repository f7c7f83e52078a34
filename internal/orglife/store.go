package orglife

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

// Store records and reads meetings. Every query joins the meeting's org
// and filters on its area path and path, so the scope is the org's.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
	// Changed, when set, is called inside the transaction of every write
	// of a meeting with its org and date (before and after an edit), so
	// that what is derived from meetings — the assessment's open scores —
	// changes with it or not at all.
	Changed func(ctx context.Context, tx *db.Tx, orgID int64, day string) error
}

// changed refreshes the org's meeting_months of that year and calls the
// Changed hook.
func (s *Store) changed(ctx context.Context, tx *db.Tx, orgID int64, day string) error {
	if err := refreshMonths(ctx, tx, orgID, day); err != nil {
		return err
	}
	if s.Changed == nil {
		return nil
	}
	return s.Changed(ctx, tx, orgID, day)
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const areaCol, orgCol = "o.area_path", "o.path"

const meetingCols = `m.id, m.org_id, o.name, m.kind, m.held_on, m.title, m.place, m.topic, m.lecturer, m.minutes, m.expected, m.present, m.created_at`

const meetingFrom = ` FROM meetings m JOIN orgs o ON o.id = m.org_id`

func scanMeeting(r db.Scanner) (Meeting, error) {
	var m Meeting
	err := r.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.Kind, &m.HeldOn, &m.Title, &m.Place, &m.Topic, &m.Lecturer, &m.Minutes, &m.Expected, &m.Present, &m.CreatedAt)
	return m, err
}

// Members returns the org's members and probationary members, by name, if
// the org is in scope.
func (s *Store) Members(ctx context.Context, sc scope.Scope, orgID int64) ([]Member, error) {
	return members(ctx, s.DB.Read(), sc, orgID)
}

func members(ctx context.Context, q db.Querier, sc scope.Scope, orgID int64) ([]Member, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM orgs o WHERE o.id = ? AND `+w, append([]any{orgID}, args...)...).Scan(&n)
	if err != nil {
		return nil, apperr.Wrap(err, "orglife org")
	}
	if n == 0 {
		return nil, apperr.ErrNotFound
	}
	var out []Member
	err = db.Each(ctx, q, `SELECT id, name, status FROM people WHERE org_id = ? AND status IN ('member', 'probationary') ORDER BY name, id`,
		[]any{orgID}, func(r db.Scanner) (Member, error) {
			var m Member
			return m, r.Scan(&m.ID, &m.Name, &m.Status)
		}, func(m Member) error { out = append(out, m); return nil })
	return out, apperr.Wrap(err, "orglife members")
}

// Create records a meeting of an org in scope with its attendance and
// photos, in one transaction with its audit entry. An org outside the
// scope, a date after today, or attendance by anyone who is not a member
// of the org is refused and nothing is written.
func (s *Store) Create(ctx context.Context, sc scope.Scope, d Draft) (Meeting, error) {
	if err := d.Validate(s.Today()); err != nil {
		return Meeting{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		roster, err := members(ctx, tx, sc, d.OrgID)
		if errors.Is(err, apperr.ErrNotFound) {
			return apperr.InvalidField("org_id", "err.orglife.org_unknown")
		} else if err != nil {
			return err
		}
		att, err := attendance(roster, d.Attendance)
		if err != nil {
			return err
		}
		id, err = s.insert(ctx, tx, d, att)
		return err
	})
	if err != nil {
		return Meeting{}, err
	}
	return s.Get(ctx, sc, id)
}

// attendance resolves the given attendance against the roster: every
// member gets a row (absent when not named), and anyone named who is not on
// the roster is refused.
func attendance(roster []Member, given []Attendee) ([]Attendee, error) {
	byID := map[int64]Attendee{}
	for _, a := range given {
		byID[a.PersonID] = a
	}
	out := make([]Attendee, 0, len(roster))
	for _, m := range roster {
		a, ok := byID[m.ID]
		if !ok {
			a = Attendee{Status: Absent}
		}
		a.PersonID, a.Name = m.ID, m.Name
		out = append(out, a)
		delete(byID, m.ID)
	}
	for _, a := range given {
		if _, left := byID[a.PersonID]; left {
			return nil, apperr.InvalidField("attendance", "err.orglife.not_member").With("id", a.PersonID)
		}
	}
	return out, nil
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, d Draft, att []Attendee) (int64, error) {
	now := s.Clock.Stamp()
	present := 0
	for _, a := range att {
		if a.Status == Present {
			present++
		}
	}
	actor := audit.ActorFrom(ctx)
	id, err := db.InsertID(ctx, tx, `INSERT INTO meetings (org_id, kind, held_on, title, place, topic, lecturer, minutes, expected, present, created_by, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`, d.OrgID, d.Kind, d.HeldOn, d.Title, d.Place, d.Topic, d.Lecturer, d.Minutes, len(att), present,
		db.NullID(actor.UserID), now, now)
	if err != nil {
		return 0, apperr.Wrap(err, "meeting insert")
	}
	if err := insertAttendance(ctx, tx, id, att); err != nil {
		return 0, err
	}
	var names []string
	for _, p := range d.Photos {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_photos (meeting_id, name, caption, content_type, size, data, created_at) VALUES (?,?,?,?,?,?,?)`,
			id, p.Name, p.Caption, ContentType(p.Data), len(p.Data), p.Data, now); err != nil {
			return 0, apperr.Wrap(err, "meeting photo")
		}
		names = append(names, p.Name)
	}
	if err := s.changed(ctx, tx, d.OrgID, d.HeldOn); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, "meeting.create", "meeting", id, map[string]any{"org_id": d.OrgID, "kind": d.Kind, "held_on": d.HeldOn,
		"title": d.Title, "expected": len(att), "present": present, "photos": strings.Join(names, ",")})
}

// insertAttendance writes a meeting's attendance rows, 200 per statement.
func insertAttendance(ctx context.Context, tx *db.Tx, meetingID int64, att []Attendee) error {
	for lo := 0; lo < len(att); lo += 200 {
		part := att[lo:min(lo+200, len(att))]
		args := make([]any, 0, 4*len(part))
		for _, a := range part {
			args = append(args, meetingID, a.PersonID, a.Status, a.Reason)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_attendance (meeting_id, person_id, status, reason) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?,?,?,?),", len(part)), ","), args...); err != nil {
			return apperr.Wrap(err, "meeting attendance")
		}
	}
	return nil
}

// Get returns a meeting of an org in scope with its attendance and photos.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Meeting, error) {
	w, args := sc.Filter(areaCol, orgCol)
	q := s.DB.Read()
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE m.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Meeting{}, apperr.ErrNotFound
	} else if err != nil {
		return Meeting{}, apperr.Wrap(err, "meeting get")
	}
	err = db.Each(ctx, q, `SELECT a.person_id, p.name, a.status, a.reason FROM meeting_attendance a JOIN people p ON p.id = a.person_id
		WHERE a.meeting_id = ? ORDER BY p.name, a.person_id`, []any{id}, func(r db.Scanner) (Attendee, error) {
		var a Attendee
		return a, r.Scan(&a.PersonID, &a.Name, &a.Status, &a.Reason)
	}, func(a Attendee) error { m.Attendees = append(m.Attendees, a); return nil })
	if err != nil {
		return m, apperr.Wrap(err, "meeting attendees")
	}
	err = db.Each(ctx, q, `SELECT id, name, caption, content_type, size FROM meeting_photos WHERE meeting_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (Photo, error) {
			var p Photo
			return p, r.Scan(&p.ID, &p.Name, &p.Caption, &p.ContentType, &p.Size)
		}, func(p Photo) error { m.Photos = append(m.Photos, p); return nil })
	return m, apperr.Wrap(err, "meeting photos")
}

// PhotoData returns a photo of a meeting in scope: its type and bytes.
func (s *Store) PhotoData(ctx context.Context, sc scope.Scope, meetingID, photoID int64) (string, []byte, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var ct string
	var data []byte
	err := s.DB.Read().QueryRowContext(ctx, `SELECT f.content_type, f.data FROM meeting_photos f JOIN meetings m ON m.id = f.meeting_id
		JOIN orgs o ON o.id = m.org_id WHERE f.id = ? AND f.meeting_id = ? AND `+w, append([]any{photoID, meetingID}, args...)...).Scan(&ct, &data)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "", nil, apperr.ErrNotFound
	}
	return ct, data, apperr.Wrap(err, "meeting photo")
}

// Filter narrows a meeting list.
type Filter struct {
	OrgID   int64  `query:"org_id"` // the org and its subtree
	Kind    Kind   `query:"kind,enum"`
	From    string `query:"from,date"` // held_on range, inclusive (YYYY-MM-DD)
	To      string `query:"to,date"`
	Q       string `query:"q"`
	Sort    string `query:"sort"`
	db.Page `query:"page"`
}

var sorts = map[string]string{"held_on": "m.held_on", "kind": "m.kind", "org": "o.name", "title": "m.title", "present": "m.present"}

func (s *Store) where(ctx context.Context, sc scope.Scope, f Filter) (string, []any, error) {
	where, args := sc.Filter(areaCol, orgCol)
	add := func(cond string, v ...any) {
		where += " AND " + cond
		args = append(args, v...)
	}
	if f.OrgID != 0 {
		var path string
		err := s.DB.Read().QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ?`, f.OrgID).Scan(&path)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			path = "/none/"
		} else if err != nil {
			return "", nil, apperr.Wrap(err, "meeting org filter")
		}
		add("o.path >= ? AND o.path < ?", path, path[:len(path)-1]+"0")
	}
	if f.Kind != "" {
		add("m.kind = ?", f.Kind)
	}
	if f.From != "" {
		add("m.held_on >= ?", f.From)
	}
	if f.To != "" {
		add("m.held_on <= ?", f.To)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c1, a1 := db.Contains("m.title", q)
		c2, a2 := db.Contains("m.topic", q)
		add("("+c1+" OR "+c2+")", a1, a2)
	}
	return where, args, nil
}

// List returns a page of meetings in scope, newest first by default, and
// the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Meeting, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	where, args, err := s.where(ctx, sc, f)
	if err != nil {
		return nil, 0, err
	}
	total, err := db.CountCapped(ctx, s.DB.Read(), meetingFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "meeting count")
	}
	pg := f.Page.Norm()
	var out []Meeting
	err = db.Each(ctx, s.DB.Read(), `SELECT `+meetingCols+meetingFrom+` WHERE `+where+db.OrderBy(f.Sort, sorts, "m.held_on DESC, m.id DESC", "m.id")+
		` LIMIT ? OFFSET ?`, append(args, pg.Limit, pg.Offset), scanMeeting, func(m Meeting) error { out = append(out, m); return nil })
	return out, total, apperr.Wrap(err, "meeting list")
}

// Each streams every meeting in scope matching f (exports).
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Meeting) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	where, args, err := s.where(ctx, sc, f)
	if err != nil {
		return err
	}
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+meetingCols+meetingFrom+` WHERE `+where+
		db.OrderBy(f.Sort, sorts, "m.held_on DESC, m.id DESC", "m.id"), args, scanMeeting, fn), "meeting export")
}

// Record writes a meeting inside a caller's transaction without a scope
// check (the demo generator and importers): the same validation, roster
// and audit entry as Create.
func (s *Store) Record(ctx context.Context, tx *db.Tx, d Draft) (int64, error) {
	if err := d.Validate(s.Today()); err != nil {
		return 0, err
	}
	roster, err := members(ctx, tx, scope.Everything, d.OrgID)
	if err != nil {
		return 0, err
	}
	att, err := attendance(roster, d.Attendance)
	if err != nil {
		return 0, err
	}
	return s.insert(ctx, tx, d, att)
}
