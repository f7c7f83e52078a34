package declaration

import (
	"context"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/person"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Store records and decides declarations. Every staff query filters on the
// declaration's area and org paths (the claimed org's, or the area a mobile
// member lives in), so a declaration is seen and decided only in its scope.
type Store struct {
	DB    *db.DB
	Vault *pii.Vault
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
	// Source finds the meetings and activities a mobile member may be
	// invited to (app.Declarations sets it); nil refuses invitations.
	Source EventSource
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const cols = `d.id, d.kind, d.status, d.name, d.id_mask, d.phone_mask, COALESCE(d.unit_id,0), COALESCE(u.name, d.unit_name),
	COALESCE(d.org_id,0), COALESCE(o.name,''), d.home_org, d.area_id, a.name, d.area_path, COALESCE(d.org_path,''),
	d.joined_on, d.note, d.reason, COALESCE(d.person_id,0), d.created_at, d.decided_at, ` + conflictSQL + `, d.channel, d.verify_method, d.verify_note`

const from = ` FROM declarations d JOIN areas a ON a.id = d.area_id LEFT JOIN orgs o ON o.id = d.org_id LEFT JOIN units u ON u.id = d.unit_id`

const areaCol, orgCol = "d.area_path", "d.org_path"

func scan(r db.Scanner) (Declaration, error) {
	var d Declaration
	var decided *time.Time
	err := r.Scan(&d.ID, &d.Kind, &d.Status, &d.Name, &d.IDMask, &d.PhoneMask, &d.UnitID, &d.UnitName,
		&d.OrgID, &d.OrgName, &d.HomeOrg, &d.AreaID, &d.AreaName, &d.AreaPath, &d.OrgPath,
		&d.JoinedOn, &d.Note, &d.Reason, &d.PersonID, &d.CreatedAt, &decided, &d.Conflict, &d.Channel, &d.VerifyMethod, &d.VerifyNote)
	d.DecidedAt = decided
	return d, err
}

// target is where a declaration lands: its area and org.
type target struct {
	orgID, areaID, unitID int64
	areaPath, orgPath     string
}

// resolve finds the claimed org (by id, code or exact name), the unit (by
// id, or by exact name or credit code when exactly one matches) and, for a
// mobile member, the village or community. Lookups are city-wide: the
// public form may name any org in Sanya.
func resolve(ctx context.Context, q db.Querier, d *Draft) (target, error) {
	var t target
	if d.Kind == Mobile {
		var kind string
		err := q.QueryRowContext(ctx, `SELECT kind, path FROM areas WHERE id = ?`, d.AreaID).Scan(&kind, &t.areaPath)
		if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && kind != "village" && kind != "community") {
			return t, apperr.InvalidField("area_id", "err.declaration.area")
		} else if err != nil {
			return t, apperr.Wrap(err, "declaration area")
		}
		t.areaID = d.AreaID
		return t, nil
	}
	var rows []target
	query, args := `SELECT id, area_id, area_path, path FROM orgs WHERE id = ?`, []any{d.OrgID}
	if d.OrgID == 0 {
		query, args = `SELECT id, area_id, area_path, path FROM orgs WHERE code = ? OR name = ? ORDER BY id LIMIT 2`, []any{d.Org, d.Org}
	}
	err := db.Each(ctx, q, query, args, func(r db.Scanner) (target, error) {
		var x target
		return x, r.Scan(&x.orgID, &x.areaID, &x.areaPath, &x.orgPath)
	}, func(x target) error { rows = append(rows, x); return nil })
	if err != nil {
		return t, apperr.Wrap(err, "declaration org")
	}
	if len(rows) != 1 {
		return t, apperr.InvalidField("org", "err.declaration.org_unknown")
	}
	t = rows[0]
	if d.UnitID != 0 {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE id = ?`, d.UnitID).Scan(&n); err != nil {
			return t, apperr.Wrap(err, "declaration unit")
		}
		if n == 0 {
			return t, apperr.InvalidField("unit_name", "err.unit_missing")
		}
		t.unitID = d.UnitID
		return t, nil
	}
	var ids []int64
	err = db.Each(ctx, q, `SELECT id FROM units WHERE name = ? OR credit_code = ? ORDER BY id LIMIT 2`, []any{d.UnitName, d.UnitName},
		func(r db.Scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, func(id int64) error { ids = append(ids, id); return nil })
	if err != nil {
		return t, apperr.Wrap(err, "declaration unit")
	}
	if len(ids) == 1 {
		t.unitID = ids[0]
	}
	return t, nil
}

// Get returns a declaration in scope, masked.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Declaration, error) {
	return get(ctx, s.DB.Read(), sc, id)
}

func get(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Declaration, error) {
	w, args := sc.Filter(areaCol, orgCol)
	d, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE d.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Declaration{}, apperr.ErrNotFound
	}
	return d, apperr.Wrap(err, "declaration get")
}

// Filter narrows a declaration list.
type Filter struct {
	Status  Status `query:"status,enum"`
	Kind    Kind   `query:"kind,enum"`
	AreaID  int64  `query:"area_id"` // mobile members living in this area (exactly)
	db.Page `query:"page"`
}

// List returns a page of declarations in scope, newest first, and the
// capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Declaration, int, error) {
	where, args := listWhere(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), ` FROM declarations d WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "declaration count")
	}
	pg := f.Page.Norm()
	var out []Declaration
	err = db.Each(ctx, s.DB.Read(), `SELECT `+cols+from+` WHERE `+where+` ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scan, func(d Declaration) error { out = append(out, d); return nil })
	return out, total, apperr.Wrap(err, "declaration list")
}

// Each streams every declaration in scope that matches f (its page
// ignored), in the list's order, for an export.
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Declaration) error) error {
	where, args := listWhere(sc, f)
	err := db.Each(ctx, s.DB.Read(), `SELECT `+cols+from+` WHERE `+where+` ORDER BY d.created_at DESC, d.id DESC`, args, scan, fn)
	return apperr.Wrap(err, "declaration each")
}

// listWhere is the list's condition: the scope and f's filters.
func listWhere(sc scope.Scope, f Filter) (string, []any) {
	where, args := sc.Filter(areaCol, orgCol)
	if f.Status != "" {
		where += " AND d.status = ?"
		args = append(args, f.Status)
	}
	if f.Kind != "" {
		where += " AND d.kind = ?"
		args = append(args, f.Kind)
	}
	if f.AreaID != 0 {
		where += " AND d.area_id = ?"
		args = append(args, f.AreaID)
	}
	return where, args
}

// Decision is staff's confirmation. OrgID is the local org that manages a
// mobile member who has no person record yet (an org in scope); it is
// ignored otherwise. Method and Note say how the person in front of staff
// was checked (a phone call or the ID card in person) and by whom; both
// are required, stored on the declaration and audited.
type Decision struct {
	OrgID  int64
	Method VerifyMethod
	Note   string
}

// Confirm confirms a pending declaration in scope and attaches it, in one
// transaction with its audit entries. The person with the declared ID
// number is updated (a pocket member: no longer pocket, their org kept if
// they have one, else the claimed org; the unit set when the declared unit
// is in scope; a mobile member: marked mobile), or created as a member. A
// person with that ID number outside the scope is not touched and the
// confirmation is refused without saying where they are. Staff must say
// how they checked the person (Decision.Method and Note); a declaration
// whose ID number already has a confirmed case of the same kind is
// refused (the other open cases of a conflict stay pending, flagged, to
// be rejected explicitly).
func (s *Store) Confirm(ctx context.Context, sc scope.Scope, id int64, dec Decision) (Declaration, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		d, err := get(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if d.Status != Pending {
			return apperr.New(apperr.Conflict, "err.declaration.decided")
		}
		if err := dec.check(); err != nil {
			return err
		}
		var idEnc, phoneEnc []byte
		var hash string
		if err := tx.QueryRowContext(ctx, `SELECT id_enc, phone_enc, id_hash FROM declarations WHERE id = ?`, id).Scan(&idEnc, &phoneEnc, &hash); err != nil {
			return apperr.Wrap(err, "declaration secrets")
		}
		others, err := confirmable(ctx, tx, d, hash)
		if err != nil {
			return err
		}
		idNumber, err := s.Vault.Open(idEnc)
		if err != nil {
			return apperr.Wrap(err, "declaration id")
		}
		phone, err := s.Vault.Open(phoneEnc)
		if err != nil {
			return apperr.Wrap(err, "declaration phone")
		}
		pid, err := s.attach(ctx, tx, sc, d, dec, idNumber, phone)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE declarations SET status = ?, person_id = ?, verify_method = ?, verify_note = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND status = ?`, Confirmed, pid, dec.Method, dec.Note, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp(), id, Pending)
		if err != nil {
			return apperr.Wrap(err, "declaration confirm")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "err.declaration.decided")
		}
		return audit.Record(ctx, tx, "declaration.confirm", "declaration", id, map[string]any{"kind": d.Kind, "person_id": pid,
			"verify_method": dec.Method, "verify_note": dec.Note, "open_conflicts": others})
	})
	if err != nil {
		return Declaration{}, err
	}
	return s.Get(ctx, sc, id)
}

// attach creates or updates the declared person and returns their id.
func (s *Store) attach(ctx context.Context, tx *db.Tx, sc scope.Scope, d Declaration, dec Decision, idNumber, phone string) (int64, error) {
	// The unit is set only when it lies in the scope (a write never
	// attaches to another district's unit).
	unitID := d.UnitID
	if unitID != 0 {
		var ua, uo string
		if err := tx.QueryRowContext(ctx, `SELECT area_path, COALESCE(org_path,'') FROM units WHERE id = ?`, unitID).Scan(&ua, &uo); err != nil {
			return 0, apperr.Wrap(err, "declaration unit")
		}
		if !sc.HasRow(ua, uo) {
			unitID = 0
		}
	}
	var cur struct {
		id, orgID, unitID int64
		areaPath, orgPath string
		status            person.Status
		joinedOn          string
		name              string
	}
	err := tx.QueryRowContext(ctx, `SELECT id, name, COALESCE(org_id,0), COALESCE(unit_id,0), area_path, COALESCE(org_path,''), status, joined_on FROM people WHERE id_hash = ?`,
		s.Vault.Hash(idNumber)).Scan(&cur.id, &cur.name, &cur.orgID, &cur.unitID, &cur.areaPath, &cur.orgPath, &cur.status, &cur.joinedOn)
	switch {
	case errors.Is(db.Normalize(err), db.ErrNoRows):
		return s.create(ctx, tx, sc, d, dec, idNumber, phone, unitID)
	case err != nil:
		return 0, apperr.Wrap(err, "declaration person")
	}
	if !sc.HasRow(cur.areaPath, cur.orgPath) {
		return 0, apperr.New(apperr.Conflict, "err.declaration.person_elsewhere")
	}
	orgID, orgPath := cur.orgID, cur.orgPath
	if orgID == 0 {
		orgID, orgPath = d.OrgID, d.OrgPath
		if d.Kind == Mobile {
			if orgPath, err = s.localOrg(ctx, tx, sc, dec.OrgID); err != nil {
				return 0, err
			}
			orgID = dec.OrgID
		}
	}
	status, joined := cur.status, cur.joinedOn
	if !status.IsPartyMember() {
		status = person.Member
	}
	if joined == "" {
		joined = d.JoinedOn
	}
	if unitID == 0 {
		unitID = cur.unitID
	}
	flag := d.Kind == Mobile
	if err := person.Declared(ctx, tx, cur.id, person.Membership{Status: status, OrgID: orgID, OrgPath: orgPath, JoinedOn: joined}, unitID, flag, s.Clock.Stamp()); err != nil {
		return 0, err
	}
	return cur.id, audit.Record(ctx, tx, "person.update", "person", cur.id, map[string]any{"name": cur.name, "status": status, "org_id": orgID,
		"unit_id": unitID, "declaration_id": d.ID, string(d.Kind): flag})
}

// localOrg checks the org staff chose for a new mobile member.
func (s *Store) localOrg(ctx context.Context, tx *db.Tx, sc scope.Scope, orgID int64) (string, error) {
	if orgID == 0 {
		return "", apperr.InvalidField("org_id", "err.declaration.local_org")
	}
	var areaPath, path string
	err := tx.QueryRowContext(ctx, `SELECT area_path, path FROM orgs WHERE id = ?`, orgID).Scan(&areaPath, &path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && !sc.HasRow(areaPath, path)) {
		return "", apperr.InvalidField("org_id", "err.declaration.local_org")
	}
	return path, apperr.Wrap(err, "declaration local org")
}

func (s *Store) create(ctx context.Context, tx *db.Tx, sc scope.Scope, d Declaration, dec Decision, idNumber, phone string, unitID int64) (int64, error) {
	p := person.Person{Name: d.Name, IDNumber: idNumber, Phone: phone, Status: person.Member, JoinedOn: d.JoinedOn,
		OrgID: d.OrgID, AreaID: d.AreaID, UnitID: unitID, Mobile: d.Kind == Mobile}
	if d.Kind == Mobile {
		if _, err := s.localOrg(ctx, tx, sc, dec.OrgID); err != nil {
			return 0, err
		}
		p.OrgID = dec.OrgID
	} else if unitID != 0 {
		// A pocket member lives on the record where they work.
		if err := tx.QueryRowContext(ctx, `SELECT area_id FROM units WHERE id = ?`, unitID).Scan(&p.AreaID); err != nil {
			return 0, apperr.Wrap(err, "declaration unit area")
		}
	}
	if err := p.Seal(s.Vault); err != nil {
		return 0, err
	}
	if err := person.Resolve(ctx, tx, sc, &p); err != nil {
		return 0, err
	}
	if err := person.InsertBatchAt(ctx, tx, []*person.Person{&p}, s.Clock.Stamp()); err != nil {
		return 0, err
	}
	var pid int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE id_hash = ?`, s.Vault.Hash(idNumber)).Scan(&pid); err != nil {
		return 0, apperr.Wrap(err, "declaration person id")
	}
	return pid, audit.Record(ctx, tx, "person.create", "person", pid, map[string]any{"name": p.Name, "status": p.Status, "org_id": p.OrgID,
		"area_id": p.AreaID, "unit_id": unitID, "declaration_id": d.ID})
}

// Reject rejects a pending declaration in scope with a reason; nothing is
// attached.
func (s *Store) Reject(ctx context.Context, sc scope.Scope, id int64, reason string) (Declaration, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > MaxReason {
		return Declaration{}, apperr.InvalidField("reason", "err.declaration.reason")
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		d, err := get(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE declarations SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = ?`,
			Rejected, reason, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp(), id, Pending)
		if err != nil {
			return apperr.Wrap(err, "declaration reject")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "err.declaration.decided")
		}
		return audit.Record(ctx, tx, "declaration.reject", "declaration", id, map[string]any{"kind": d.Kind, "reason": reason})
	})
	if err != nil {
		return Declaration{}, err
	}
	return s.Get(ctx, sc, id)
}
