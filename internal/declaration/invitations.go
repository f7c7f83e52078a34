package declaration

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

// Invitations of mobile members (流动党员) to activities where they live
// now: an org whose area holds the village or community a confirmed mobile
// member registered can invite them to one of its meetings (organizational
// life) or to an activity of one of its vanguard teams, and records whether
// they attended. An invitation belongs to the inviting org (its area and
// org paths), so it is seen and recorded only in that org's scope; the
// mobile member is reached through the area they live in (a branch
// secretary reaches those living in the branch's area).

// EventKind is what a mobile member is invited to.
type EventKind string

const (
	MeetingEvent  EventKind = "meeting"  // a meeting (internal/orglife)
	ActivityEvent EventKind = "activity" // a vanguard team's activity
)

// EventKinds lists the event kinds.
var EventKinds = []EventKind{MeetingEvent, ActivityEvent}

// InvitationStatus is whether the invited member came.
type InvitationStatus string

const (
	Invited  InvitationStatus = "invited"
	Attended InvitationStatus = "attended"
	Absent   InvitationStatus = "absent"
)

// InvitationStatuses lists the statuses.
var InvitationStatuses = []InvitationStatus{Invited, Attended, Absent}

// MaxInvitationNote bounds an attendance note.
const MaxInvitationNote = 200

// Invitation is one invitation.
type Invitation struct {
	ID            int64            `json:"id"`
	DeclarationID int64            `json:"declaration_id"`
	MemberName    string           `json:"member_name"`
	AreaName      string           `json:"area_name"`
	OrgID         int64            `json:"org_id"`
	OrgName       string           `json:"org_name"`
	Kind          EventKind        `json:"kind"`
	EventID       int64            `json:"event_id"` // the meeting or the activity
	TeamID        int64            `json:"team_id,omitempty"`
	Title         string           `json:"title"`
	HeldOn        string           `json:"held_on"`
	Status        InvitationStatus `json:"status"`
	Note          string           `json:"note,omitempty"`
	CreatedAt     time.Time        `json:"created_at"`
	RecordedAt    *time.Time       `json:"recorded_at,omitempty"`
}

// Event is a meeting or an activity a mobile member may be invited to.
type Event struct {
	Kind    EventKind `json:"kind"`
	ID      int64     `json:"id"`
	OrgName string    `json:"org_name"`
	Title   string    `json:"title"`
	HeldOn  string    `json:"held_on"`
}

// mobileIn returns the area path of a confirmed mobile member's
// registration living in the scope's area. A registration outside it is
// not found; one in it that is not a confirmed mobile registration, or
// that is in conflict with another open case of its ID number, is refused.
func mobileIn(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (string, error) {
	w, args := sc.Filter(areaCol, "")
	var kind Kind
	var status Status
	var path string
	err := q.QueryRowContext(ctx, `SELECT d.kind, d.status, d.area_path FROM declarations d WHERE d.id = ? AND `+w,
		append([]any{id}, args...)...).Scan(&kind, &status, &path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "", apperr.ErrNotFound
	} else if err != nil {
		return "", apperr.Wrap(err, "invitation member")
	}
	if kind != Mobile || status != Confirmed {
		return "", apperr.InvalidField("declaration_id", "err.invitation.mobile")
	}
	// Another open case declares the same ID number: until staff decided
	// it, the account that registered this one may not be the member.
	if c, err := openConflict(ctx, q, id); err != nil {
		return "", err
	} else if c {
		return "", apperr.New(apperr.Conflict, "err.invitation.conflict")
	}
	return path, nil
}

// MobileMember returns a confirmed mobile member's registration living in
// the scope's area (masked), for the member's page; a pending or rejected
// one is not found here (staff decide it on the declaration's page).
func (s *Store) MobileMember(ctx context.Context, sc scope.Scope, id int64) (Declaration, error) {
	w, args := sc.Filter(areaCol, "")
	d, err := scan(s.DB.Read().QueryRowContext(ctx, `SELECT `+cols+from+` WHERE d.id = ? AND d.kind = ? AND d.status = ? AND `+w,
		append([]any{id, Mobile, Confirmed}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Declaration{}, apperr.ErrNotFound
	}
	return d, apperr.Wrap(err, "mobile member")
}

// EventRow is an event with its org's place, as the Store's Source finds
// it.
type EventRow struct {
	Event
	OrgID             int64
	AreaPath, OrgPath string
	TeamID            int64
}

// EventQuery asks for the events of orgs in scope whose area holds
// AreaPath (all in scope when it is empty), only the one of Kind and ID
// when ID is set, newest first, at most Limit.
type EventQuery struct {
	AreaPath string
	Kind     EventKind
	ID       int64
	Limit    int
}

// EventSource finds the events a mobile member may be invited to: the
// meetings (internal/orglife owns them) and the vanguard activities
// (internal/vanguard). internal/app wires it, so this package reads
// neither feature's tables. q may be the caller's transaction.
type EventSource func(ctx context.Context, q db.Querier, sc scope.Scope, f EventQuery) ([]EventRow, error)

// events asks the Source.
func (s *Store) events(ctx context.Context, q db.Querier, sc scope.Scope, f EventQuery) ([]EventRow, error) {
	if s.Source == nil {
		return nil, apperr.Wrap(errors.New("declaration store without an event source"), "invitation events")
	}
	return s.Source(ctx, q, sc, f)
}

// Events returns the meetings and vanguard activities a mobile member in
// scope may be invited to: those of the orgs in scope where they live, the
// latest 100.
func (s *Store) Events(ctx context.Context, sc scope.Scope, declarationID int64) ([]Event, error) {
	path, err := mobileIn(ctx, s.DB.Read(), sc, declarationID)
	if err != nil {
		return nil, err
	}
	rows, err := s.events(ctx, s.DB.Read(), sc, EventQuery{AreaPath: path, Limit: 100})
	out := make([]Event, len(rows))
	for i, r := range rows {
		out[i] = r.Event
	}
	return out, err
}

// Invite invites a confirmed mobile member living in the scope's area to
// a meeting or vanguard activity of an org in scope where they live, with
// its audit entry. Another org's event, an org elsewhere, an unconfirmed
// registration or a second invitation to the same event is refused and
// nothing is written.
func (s *Store) Invite(ctx context.Context, sc scope.Scope, declarationID int64, kind EventKind, eventID int64) (Invitation, error) {
	if kind != MeetingEvent && kind != ActivityEvent {
		return Invitation{}, apperr.InvalidField("kind", "err.invitation.kind")
	}
	if eventID <= 0 {
		return Invitation{}, apperr.InvalidField(string(kind)+"_id", "err.invitation.event")
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		path, err := mobileIn(ctx, tx, sc, declarationID)
		if err != nil {
			return err
		}
		// The event in scope at all, then where the member lives.
		found, err := s.events(ctx, tx, sc, EventQuery{Kind: kind, ID: eventID, Limit: 1})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return apperr.InvalidField(string(kind)+"_id", "err.invitation.event")
		}
		e := found[0]
		if !strings.HasPrefix(path, e.AreaPath) {
			return apperr.InvalidField(string(kind)+"_id", "err.invitation.not_local")
		}
		col := "meeting_id"
		if kind == ActivityEvent {
			col = "activity_id"
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE declaration_id = ? AND `+col+` = ?`, declarationID, eventID).Scan(&n); err != nil {
			return apperr.Wrap(err, "invitation duplicate")
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "err.invitation.duplicate")
		}
		id, err = db.InsertID(ctx, tx, `INSERT INTO invitations (declaration_id, org_id, area_path, org_path, kind, `+col+`, team_id, title, held_on, status, created_by, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, declarationID, e.OrgID, e.AreaPath, e.OrgPath, kind, eventID, e.TeamID, e.Title, e.HeldOn, Invited,
			db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if errors.Is(db.Normalize(err), db.ErrUnique) {
			return apperr.New(apperr.Conflict, "err.invitation.duplicate")
		} else if err != nil {
			return apperr.Wrap(err, "invitation insert")
		}
		return audit.Record(ctx, tx, "invitation.create", "invitation", id, map[string]any{"declaration_id": declarationID, "org_id": e.OrgID,
			"kind": kind, "event_id": eventID, "title": e.Title, "held_on": e.HeldOn})
	})
	if err != nil {
		return Invitation{}, err
	}
	return s.Invitation(ctx, sc, id)
}

// Record records whether an invited member attended, on an invitation of
// an org in scope, with its audit entry.
func (s *Store) Record(ctx context.Context, sc scope.Scope, id int64, status InvitationStatus, note string) (Invitation, error) {
	note = strings.TrimSpace(note)
	if status != Attended && status != Absent {
		return Invitation{}, apperr.InvalidField("status", "err.invitation.status")
	}
	if utf8.RuneCountInString(note) > MaxInvitationNote {
		return Invitation{}, apperr.InvalidField("note", "err.invitation.note").With("max", MaxInvitationNote)
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		w, args := sc.Filter("i.area_path", "i.org_path")
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations i WHERE i.id = ? AND `+w, append([]any{id}, args...)...).Scan(&n); err != nil {
			return apperr.Wrap(err, "invitation get")
		}
		if n == 0 {
			return apperr.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, note = ?, recorded_by = ?, recorded_at = ? WHERE id = ?`,
			status, note, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "invitation record")
		}
		return audit.Record(ctx, tx, "invitation.attendance", "invitation", id, map[string]any{"status": status, "note": note})
	})
	if err != nil {
		return Invitation{}, err
	}
	return s.Invitation(ctx, sc, id)
}

const invCols = `i.id, i.declaration_id, d.name, a.name, i.org_id, o.name, i.kind, COALESCE(i.meeting_id, i.activity_id, 0),
	i.team_id, i.title, i.held_on, i.status, i.note, i.created_at, i.recorded_at`

const invFrom = ` FROM invitations i JOIN declarations d ON d.id = i.declaration_id JOIN areas a ON a.id = d.area_id JOIN orgs o ON o.id = i.org_id`

func scanInvitation(r db.Scanner) (Invitation, error) {
	var x Invitation
	var rec *time.Time
	err := r.Scan(&x.ID, &x.DeclarationID, &x.MemberName, &x.AreaName, &x.OrgID, &x.OrgName, &x.Kind, &x.EventID, &x.TeamID,
		&x.Title, &x.HeldOn, &x.Status, &x.Note, &x.CreatedAt, &rec)
	x.RecordedAt = rec
	return x, err
}

// Invitation returns an invitation of an org in scope.
func (s *Store) Invitation(ctx context.Context, sc scope.Scope, id int64) (Invitation, error) {
	w, args := sc.Filter("i.area_path", "i.org_path")
	x, err := scanInvitation(s.DB.Read().QueryRowContext(ctx, `SELECT `+invCols+invFrom+` WHERE i.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Invitation{}, apperr.ErrNotFound
	}
	return x, apperr.Wrap(err, "invitation get")
}

// InvitationFilter narrows an invitation list.
type InvitationFilter struct {
	DeclarationID int64
	Status        InvitationStatus `query:"status,enum"`
	Kind          EventKind        `query:"kind,enum"`
	Q             string           `query:"q"` // the member's name or the event's title
	CreatedBy     int64            // the account that registered the member (their own view)
	// Clear keeps only registrations that are confirmed and not in
	// conflict (an account's own view: a squatter's registration shows
	// nothing once the real member's case is open).
	Clear   bool
	db.Page `query:"page"`
}

func invWhere(sc scope.Scope, f InvitationFilter) (string, []any) {
	where, args := sc.Filter("i.area_path", "i.org_path")
	add := func(cond string, v any) {
		where += " AND " + cond
		args = append(args, v)
	}
	if f.DeclarationID != 0 {
		add("i.declaration_id = ?", f.DeclarationID)
	}
	if f.Status != "" {
		add("i.status = ?", f.Status)
	}
	if f.Kind != "" {
		add("i.kind = ?", f.Kind)
	}
	if f.CreatedBy != 0 {
		add("d.created_by = ?", f.CreatedBy)
	}
	if f.Clear {
		add("d.status = ? AND "+conflictSQL+" = 0", Confirmed)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c1, a1 := db.Contains("d.name", q)
		c2, a2 := db.Contains("i.title", q)
		where += " AND (" + c1 + " OR " + c2 + ")"
		args = append(args, a1, a2)
	}
	return where, args
}

// Invitations returns a page of invitations of orgs in scope, latest event
// first, and the capped total.
func (s *Store) Invitations(ctx context.Context, sc scope.Scope, f InvitationFilter) ([]Invitation, int, error) {
	where, args := invWhere(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), invFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "invitation count")
	}
	pg := f.Page.Norm()
	var out []Invitation
	err = db.Each(ctx, s.DB.Read(), `SELECT `+invCols+invFrom+` WHERE `+where+` ORDER BY i.held_on DESC, i.id DESC LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanInvitation, func(x Invitation) error { out = append(out, x); return nil })
	return out, total, apperr.Wrap(err, "invitation list")
}

// EachInvitation streams every invitation in scope matching f (exports).
func (s *Store) EachInvitation(ctx context.Context, sc scope.Scope, f InvitationFilter, fn func(Invitation) error) error {
	where, args := invWhere(sc, f)
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+invCols+invFrom+` WHERE `+where+` ORDER BY i.held_on DESC, i.id DESC`,
		args, scanInvitation, fn), "invitation export")
}

func mobileWhere(sc scope.Scope, q string) (string, []any) {
	where, args := sc.Filter(areaCol, "")
	where += " AND d.kind = ? AND d.status = ?"
	args = append(args, Mobile, Confirmed)
	if q = strings.TrimSpace(q); q != "" {
		c, a := db.Contains("d.name", q)
		where += " AND " + c
		args = append(args, a)
	}
	return where, args
}

// MobileMembers returns a page of the confirmed mobile members living in
// the scope's area (a branch secretary's: the branch's area), by name,
// those whose name holds q, and the capped total: who may be invited.
func (s *Store) MobileMembers(ctx context.Context, sc scope.Scope, q string, page db.Page) ([]Declaration, int, error) {
	where, args := mobileWhere(sc, q)
	total, err := db.CountCapped(ctx, s.DB.Read(), ` FROM declarations d WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "mobile member count")
	}
	pg := page.Norm()
	var out []Declaration
	err = db.Each(ctx, s.DB.Read(), `SELECT `+cols+from+` WHERE `+where+` ORDER BY d.name, d.id LIMIT ? OFFSET ?`, append(args, pg.Limit, pg.Offset),
		scan, func(d Declaration) error { out = append(out, d); return nil })
	return out, total, apperr.Wrap(err, "mobile members")
}

// EachMobileMember streams the mobile members MobileMembers lists (exports).
func (s *Store) EachMobileMember(ctx context.Context, sc scope.Scope, q string, fn func(Declaration) error) error {
	where, args := mobileWhere(sc, q)
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+cols+from+` WHERE `+where+` ORDER BY d.name, d.id`, args, scan, fn), "mobile member export")
}

// InvitedTo counts the invitations to a vanguard activity (vanguard asks,
// through the hook app wires, before it deletes one).
func InvitedTo(ctx context.Context, q db.Querier, activityID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE activity_id = ?`, activityID).Scan(&n)
	return n, apperr.Wrap(err, "invitations to an activity")
}
