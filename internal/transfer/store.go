package transfer

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// Store reads and writes transfers. The acting user comes from the context
// (audit.ActorFrom).
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

const cols = `t.id, t.person_id, p.name, t.from_org_id, fo.name, t.to_org_id, tg.name, t.reason, t.status, t.requested_by,
	t.created_at, t.updated_at, t.from_path, t.from_area_path, t.to_path, t.to_area_path`

const from = ` FROM transfers t JOIN people p ON p.id = t.person_id JOIN orgs fo ON fo.id = t.from_org_id JOIN orgs tg ON tg.id = t.to_org_id`

func scan(r interface{ Scan(...any) error }) (Transfer, error) {
	var t Transfer
	err := r.Scan(&t.ID, &t.PersonID, &t.PersonName, &t.FromOrgID, &t.FromOrgName, &t.ToOrgID, &t.ToOrgName, &t.Reason, &t.Status, &t.RequestedBy,
		&t.CreatedAt, &t.UpdatedAt, &t.FromPath, &t.FromAreaPath, &t.ToPath, &t.ToAreaPath)
	return t, err
}

// badState is the error for a step the transfer's status does not allow.
func badState(st Status) error {
	return apperr.New(apperr.Conflict, "err.transfer.bad_state").With("status", st)
}

// checkText validates a reason or note of at most MaxText characters.
func checkText(field, s string) error {
	if utf8.RuneCountInString(s) > MaxText {
		return apperr.InvalidField(field, "err.transfer.text_length").With("max", MaxText)
	}
	return nil
}

// orgRow is the part of an orgs row a transfer needs.
type orgRow struct {
	name, kind, path, areaPath string
}

func loadOrg(ctx context.Context, q db.Querier, id int64) (orgRow, error) {
	var o orgRow
	err := q.QueryRowContext(ctx, `SELECT name, kind, path, area_path FROM orgs WHERE id = ?`, id).Scan(&o.name, &o.kind, &o.path, &o.areaPath)
	return o, db.Normalize(err)
}

// Request opens a transfer of a party member, visible in sc, from their
// current org (which must be in sc) to the branch toOrgID (which may be
// anywhere). A person has at most one open transfer.
func (s *Store) Request(ctx context.Context, sc scope.Scope, personID, toOrgID int64, reason string) (Transfer, error) {
	reason = strings.TrimSpace(reason)
	if err := checkText("reason", reason); err != nil {
		return Transfer{}, err
	}
	a := audit.ActorFrom(ctx)
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		pl, err := checkRequest(ctx, tx, sc, personID, toOrgID)
		if err != nil {
			return err
		}
		now := s.Clock.Stamp()
		id, err = db.InsertID(ctx, tx, `INSERT INTO transfers (person_id, from_org_id, to_org_id, from_path, to_path, from_area_path, to_area_path, reason, status, requested_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			personID, pl.fromID, toOrgID, pl.from.path, pl.to.path, pl.from.areaPath, pl.to.areaPath, reason, Pending, a.UserID, now, now)
		if err != nil {
			return apperr.Wrap(err, "transfer insert")
		}
		if err := s.addEvent(ctx, tx, id, ActRequested, reason); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "transfer.request", "transfer", id, map[string]any{"person_id": personID, "from_org_id": pl.fromID, "to_org_id": toOrgID})
	})
	if err != nil {
		return Transfer{}, err
	}
	t, err := s.load(ctx, s.DB.Read(), sc, id)
	return t.Redact(sc), err
}

// plan is a validated request: the person's current org and both orgs.
type plan struct {
	fromID   int64
	from, to orgRow
}

// checkRequest validates a new transfer inside tx and returns its plan. On PostgreSQL it locks the person's row so
// two concurrent requests for one person cannot both pass the open check
// (SQLite serializes writers anyway).
func checkRequest(ctx context.Context, tx *db.Tx, sc scope.Scope, personID, toOrgID int64) (plan, error) {
	var st person.Status
	var fromID int64
	var orgPath, areaPath string
	q := `SELECT status, COALESCE(org_id,0), COALESCE(org_path,''), area_path FROM people WHERE id = ?`
	if tx.Dialect() == db.Postgres {
		q += ` FOR UPDATE`
	}
	err := tx.QueryRowContext(ctx, q, personID).Scan(&st, &fromID, &orgPath, &areaPath)
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasRow(areaPath, orgPath)) {
		return plan{}, apperr.ErrNotFound
	} else if err != nil {
		return plan{}, apperr.Wrap(err, "transfer person")
	}
	if !st.IsPartyMember() {
		return plan{}, apperr.InvalidField("person_id", "err.transfer.not_member")
	}
	if fromID == 0 {
		return plan{}, apperr.InvalidField("person_id", "err.transfer.no_org")
	}
	fromOrg, err := loadOrg(ctx, tx, fromID)
	if err != nil {
		return plan{}, apperr.Wrap(err, "transfer from org")
	}
	if !sc.HasRow(fromOrg.areaPath, fromOrg.path) {
		return plan{}, apperr.ErrForbidden
	}
	toOrg, err := loadOrg(ctx, tx, toOrgID)
	if errors.Is(err, db.ErrNoRows) {
		return plan{}, apperr.InvalidField("to_org_id", "err.transfer.to_missing")
	} else if err != nil {
		return plan{}, apperr.Wrap(err, "transfer to org")
	}
	switch {
	case toOrgID == fromID:
		return plan{}, apperr.InvalidField("to_org_id", "err.transfer.same_org")
	case org.Kind(toOrg.kind) != org.Branch && org.Kind(toOrg.kind) != org.JointBranch:
		return plan{}, apperr.InvalidField("to_org_id", "err.transfer.to_not_branch")
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM transfers WHERE person_id = ? AND status IN (?, ?)`, personID, Pending, OutApproved).Scan(&n); err != nil {
		return plan{}, apperr.Wrap(err, "transfer open check")
	}
	if n > 0 {
		return plan{}, apperr.New(apperr.Conflict, "err.transfer.already_open")
	}
	return plan{fromID, fromOrg, toOrg}, nil
}

// addEvent appends a step to a transfer's history for the actor in ctx.
func (s *Store) addEvent(ctx context.Context, q db.Querier, id int64, action, note string) error {
	a := audit.ActorFrom(ctx)
	_, err := q.ExecContext(ctx, `INSERT INTO transfer_events (transfer_id, at, user_id, username, action, note) VALUES (?,?,?,?,?,?)`,
		id, s.Clock.Stamp(), a.UserID, a.Username, action, note)
	return apperr.Wrap(err, "transfer event")
}

// load returns a transfer, unredacted, if either side is in sc.
func (s *Store) load(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Transfer, error) {
	t, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE t.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !t.Visible(sc)) {
		return Transfer{}, apperr.ErrNotFound
	}
	return t, apperr.Wrap(err, "transfer get")
}

// Get returns a transfer that either side of is in sc, redacted for sc, and
// its history, oldest first.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Transfer, []Event, error) {
	t, err := s.load(ctx, s.DB.Read(), sc, id)
	if err != nil {
		return Transfer{}, nil, err
	}
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT id, transfer_id, at, user_id, username, action, note FROM transfer_events WHERE transfer_id = ? ORDER BY id`, id)
	if err != nil {
		return Transfer{}, nil, apperr.Wrap(err, "transfer events")
	}
	defer rows.Close()
	evs := []Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.TransferID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Note); err != nil {
			return Transfer{}, nil, apperr.Wrap(err, "transfer event scan")
		}
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		return Transfer{}, nil, apperr.Wrap(err, "transfer event rows")
	}
	return t.Redact(sc), evs, nil
}

// where builds the WHERE clause of a list: scope (by direction) and filter.
func where(sc scope.Scope, f Filter) (string, []any, error) {
	fw, fargs := sc.Filter("t.from_area_path", "t.from_path")
	tw, targs := sc.Filter("t.to_area_path", "t.to_path")
	var w string
	var args []any
	switch f.Direction {
	case "":
		w, args = "(("+fw+") OR ("+tw+"))", append(fargs, targs...)
	case "out":
		w, args = "("+fw+")", fargs
	case "in":
		w, args = "("+tw+")", targs
	default:
		return "", nil, apperr.InvalidField("direction", "err.transfer.direction")
	}
	if f.Status != "" {
		if !ValidStatus(f.Status) {
			return "", nil, apperr.InvalidField("status", "err.transfer.status")
		}
		w += " AND t.status = ?"
		args = append(args, f.Status)
	}
	if f.PersonID != 0 {
		w += " AND t.person_id = ?"
		args = append(args, f.PersonID)
	}
	return w, args, nil
}

// List returns a page of transfers that either side of is in sc (narrowed
// by f.Direction), newest first, redacted for sc, and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Transfer, int, error) {
	w, args, err := where(sc, f)
	if err != nil {
		return nil, 0, err
	}
	total, err := db.CountCapped(ctx, s.DB.Read(), ` FROM transfers t WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "transfer count")
	}
	p := f.Page.Norm()
	rows, err := s.DB.Read().QueryContext(ctx, `SELECT `+cols+from+` WHERE `+w+` ORDER BY t.id DESC LIMIT ? OFFSET ?`, append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "transfer list")
	}
	defer rows.Close()
	out := []Transfer{}
	for rows.Next() {
		t, err := scan(rows)
		if err != nil {
			return nil, 0, apperr.Wrap(err, "transfer scan")
		}
		out = append(out, t.Redact(sc))
	}
	return out, total, apperr.Wrap(rows.Err(), "transfer rows")
}
