package talent

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/scope"
)

// Store reads and writes the talent pool. Live, when set, is the ranking
// index it keeps current.
type Store struct {
	DB    *db.DB
	Vault *pii.Vault
	Tax   *Taxonomy
	Live  *Live
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

// NotifyChannel is the PostgreSQL channel a write to talents or demands
// announces itself on, so other app servers refresh their index at once.
const NotifyChannel = "dj_talents"

// touch bumps the talents revision once per transaction and returns it;
// rows written in the transaction are stamped with it. On PostgreSQL it
// also queues a notification, delivered when the transaction commits.
func touch(ctx context.Context, tx *db.Tx) (int64, error) {
	v, err := tx.Memo("talents.rev", func() (any, error) {
		rev, err := db.BumpRevision(ctx, tx, "talents")
		if err == nil && tx.Dialect() == db.Postgres {
			_, err = tx.ExecContext(ctx, `SELECT pg_notify('`+NotifyChannel+`', '')`)
		}
		return rev, err
	})
	if err != nil {
		return 0, apperr.Wrap(err, "talents revision")
	}
	return v.(int64), nil
}

const talentCols = `t.id, COALESCE(t.user_id,0), t.name, t.phone_mask, t.title, t.party_member, t.expertise, t.experience,
	t.hometown, t.area_id, a.name, t.area_path, t.lat, t.lng, t.travel_km, t.mode, t.capacity, t.load, t.status,
	t.rating_sum, t.rating_n, t.updated_at`

const talentFrom = ` FROM talents t JOIN areas a ON a.id = t.area_id`

func scanTalent(r db.Scanner) (Talent, error) {
	var t Talent
	err := r.Scan(&t.ID, &t.UserID, &t.Name, &t.PhoneMask, &t.Title, &t.PartyMember, &t.Expertise, &t.Experience,
		&t.Hometown, &t.AreaID, &t.AreaName, &t.AreaPath, &t.Lat, &t.Lng, &t.TravelKm, &t.Mode, &t.Capacity, &t.Load, &t.Status,
		&t.RatingSum, &t.RatingN, &t.UpdatedAt)
	if t.RatingN > 0 {
		t.Rating = float64(t.RatingSum) / float64(t.RatingN)
	}
	return t, err
}

// Get returns a talent with skills and stays. Any account that may read
// the pool may read a profile (phone masked).
func (s *Store) Get(ctx context.Context, id int64) (Talent, error) {
	t, err := scanTalent(s.DB.Read().QueryRowContext(ctx, `SELECT `+talentCols+talentFrom+` WHERE t.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Talent{}, apperr.ErrNotFound
	}
	if err != nil {
		return Talent{}, apperr.Wrap(err, "talent get")
	}
	return t, s.details(ctx, s.DB.Read(), &t)
}

// ByUser returns the talent profile of an account.
func (s *Store) ByUser(ctx context.Context, userID int64) (Talent, error) {
	var id int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT id FROM talents WHERE user_id = ?`, userID).Scan(&id)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Talent{}, apperr.ErrNotFound
	}
	if err != nil {
		return Talent{}, apperr.Wrap(err, "talent by user")
	}
	return s.Get(ctx, id)
}

// details loads a talent's skills and stays.
func (s *Store) details(ctx context.Context, q db.Querier, t *Talent) error {
	t.Skills, t.Stays = []string{}, []Stay{}
	rows, err := q.QueryContext(ctx, `SELECT k.code FROM talent_skills ts JOIN skills k ON k.id = ts.skill_id WHERE ts.talent_id = ? ORDER BY k.code`, t.ID)
	if err != nil {
		return apperr.Wrap(err, "talent skills")
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return apperr.Wrap(err, "talent skills")
		}
		t.Skills = append(t.Skills, c)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT start_on, end_on, slots FROM talent_stays WHERE talent_id = ? ORDER BY start_on`, t.ID)
	if err != nil {
		return apperr.Wrap(err, "talent stays")
	}
	defer rows.Close()
	for rows.Next() {
		var st Stay
		if err := rows.Scan(&st.Start, &st.End, &st.Slots); err != nil {
			return apperr.Wrap(err, "talent stays")
		}
		t.Stays = append(t.Stays, st)
	}
	return apperr.Wrap(rows.Err(), "talent stays")
}

// prepare validates a talent, resolves its skills through the taxonomy
// (names and synonyms become codes) and checks its place: the area must
// exist and the point must lie in Sanya.
func (s *Store) prepare(ctx context.Context, q db.Querier, t *Talent) error {
	skills, err := s.Tax.ResolveAll("skills", t.Skills)
	if err != nil {
		return err
	}
	t.Skills = skills
	if err := t.Validate(); err != nil {
		return err
	}
	a, err := area.PathIn(ctx, q, scope.Everything, t.AreaID)
	if err != nil {
		return apperr.InvalidField("area_id", "err.area_missing")
	}
	t.AreaPath = a
	if t.Lat == 0 && t.Lng == 0 {
		if t.Lat, t.Lng, err = area.Centre(ctx, q, t.AreaID); err != nil {
			return err
		}
	}
	in, err := area.InCity(ctx, q, t.Lat, t.Lng)
	if err != nil {
		return err
	}
	if !in {
		return apperr.InvalidField("lat", "err.talent.outside_city")
	}
	return nil
}

// Create registers a talent. Staff create inside their scope (the talent's
// area). A new profile is pending until staff verify it.
func (s *Store) Create(ctx context.Context, sc scope.Scope, t Talent) (Talent, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		t.ID, err = s.insert(ctx, tx, sc, t)
		return err
	})
	if err != nil {
		return Talent{}, err
	}
	return s.Get(ctx, t.ID)
}

// Register is a talent's self-registration: the account (role talent) and
// the pending profile are written in one transaction, so neither exists
// without the other.
func (s *Store) Register(ctx context.Context, users *auth.Store, username, password string, t Talent) (Talent, int64, error) {
	var uid int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		// Check the profile first, so a bad form reports its own fields.
		probe := t
		if err := s.prepare(ctx, tx, &probe); err != nil {
			return err
		}
		var err error
		if uid, err = users.InsertUser(ctx, tx, auth.User{Username: username, DisplayName: t.Name, Roles: []string{auth.RoleTalent}}, password); err != nil {
			return err
		}
		t.UserID = uid
		t.ID, err = s.insert(ctx, tx, scope.Everything, t)
		return err
	})
	if err != nil {
		return Talent{}, 0, err
	}
	t, err = s.Get(ctx, t.ID)
	return t, uid, err
}

// Check validates a talent for writing inside sc without writing it: the
// skills resolve, the fields are valid, the place is in Sanya and the area
// in scope. Bulk imports check every row first.
func (s *Store) Check(ctx context.Context, q db.Querier, sc scope.Scope, t *Talent) error {
	if err := s.prepare(ctx, q, t); err != nil {
		return err
	}
	if !sc.HasArea(t.AreaPath) {
		return apperr.InvalidField("area_id", "err.area_missing")
	}
	return nil
}

// InsertTx registers a pending talent inside a caller's transaction (bulk
// imports write all rows in one).
func (s *Store) InsertTx(ctx context.Context, tx *db.Tx, sc scope.Scope, t Talent) (int64, error) {
	return s.insert(ctx, tx, sc, t)
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, sc scope.Scope, t Talent) (int64, error) {
	t.Status = Pending
	if err := s.Check(ctx, tx, sc, &t); err != nil {
		return 0, err
	}
	rev, err := touch(ctx, tx)
	if err != nil {
		return 0, err
	}
	now := s.Clock.Stamp()
	var enc []byte
	var hash any
	if t.Phone != "" {
		enc, hash = s.Vault.Seal(t.Phone), s.Vault.Hash(t.Phone)
	}
	t.ID, err = db.InsertID(ctx, tx, `INSERT INTO talents (user_id, name, phone_enc, phone_hash, phone_mask, title, party_member,
		expertise, experience, hometown, area_id, area_path, lat, lng, travel_km, mode, capacity, status, rev, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		db.NullID(t.UserID), t.Name, enc, hash, pii.MaskPhone(t.Phone), t.Title, t.PartyMember,
		t.Expertise, t.Experience, t.Hometown, t.AreaID, t.AreaPath, t.Lat, t.Lng, t.TravelKm, t.Mode, t.Capacity, t.Status, rev, now, now)
	if errors.Is(err, db.ErrUnique) {
		return 0, apperr.New(apperr.Conflict, "err.talent.user_has_profile")
	} else if err != nil {
		return 0, apperr.Wrap(err, "talent insert")
	}
	if err := s.writeDetails(ctx, tx, t); err != nil {
		return 0, err
	}
	return t.ID, audit.Record(ctx, tx, "talent.create", "talent", t.ID, map[string]any{"name": t.Name, "skills": t.Skills, "area_id": t.AreaID})
}

func (s *Store) writeDetails(ctx context.Context, tx *db.Tx, t Talent) error {
	for _, q := range []string{`DELETE FROM talent_skills WHERE talent_id = ?`, `DELETE FROM talent_stays WHERE talent_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, t.ID); err != nil {
			return apperr.Wrap(err, "talent details clear")
		}
	}
	for _, c := range t.Skills {
		sk, _ := s.Tax.Get(c)
		if _, err := tx.ExecContext(ctx, `INSERT INTO talent_skills (talent_id, skill_id) VALUES (?, ?)`, t.ID, sk.ID); err != nil {
			return apperr.Wrap(err, "talent skill insert")
		}
	}
	for i, st := range t.Stays {
		if _, err := tx.ExecContext(ctx, `INSERT INTO talent_stays (talent_id, seq, start_on, end_on, slots) VALUES (?, ?, ?, ?, ?)`,
			t.ID, i, strings.TrimSpace(st.Start), strings.TrimSpace(st.End), int64(st.Slots)); err != nil {
			return apperr.Wrap(err, "talent stay insert")
		}
	}
	return nil
}

// editable loads a talent for writing: staff need its area in scope; the
// talent's own account (self) may always edit its own profile.
func (s *Store) editable(ctx context.Context, q db.Querier, sc scope.Scope, id, self int64) (Talent, error) {
	t, err := scanTalent(q.QueryRowContext(ctx, `SELECT `+talentCols+talentFrom+` WHERE t.id = ?`, id))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Talent{}, apperr.ErrNotFound
	}
	if err != nil {
		return Talent{}, apperr.Wrap(err, "talent get")
	}
	if (self == 0 || t.UserID != self) && !sc.HasArea(t.AreaPath) {
		return Talent{}, apperr.ErrNotFound
	}
	return t, nil
}

// Editor is who writes a profile or its status: the talent's own account
// (Self), or staff with the talent's area in scope. Official marks staff
// holding talent.verify (district and city officials, administrators). A
// self-registered talent (one with an account) is written only by the
// talent and by officials; other staff (a branch secretary) write the
// profiles that staff entered.
type Editor struct {
	Self     int64
	Official bool
}

// Official is the editor of bulk loaders and the demo: an official.
var Official = Editor{Official: true}

// MayWrite refuses a write to a self-registered talent by staff who are
// not officials (pages ask it too, to offer only the forms that work).
func (ed Editor) MayWrite(cur Talent) error {
	if cur.UserID != 0 && cur.UserID != ed.Self && !ed.Official {
		return apperr.New(apperr.Forbidden, "err.talent.self_registered")
	}
	return nil
}

// Update changes a profile. An empty Phone keeps the stored one. ed.Self
// is the acting account when a talent edits their own profile (0 for
// staff); a self-edit of a verified profile keeps it verified only if its
// skills are unchanged, otherwise it goes back to pending.
func (s *Store) Update(ctx context.Context, sc scope.Scope, ed Editor, t Talent) (Talent, error) {
	self := ed.Self
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.editable(ctx, tx, sc, t.ID, self)
		if err != nil {
			return err
		}
		if err := ed.MayWrite(cur); err != nil {
			return err
		}
		if err := s.details(ctx, tx, &cur); err != nil {
			return err
		}
		if err := s.prepare(ctx, tx, &t); err != nil {
			return err
		}
		if self == 0 && !sc.HasArea(t.AreaPath) {
			return apperr.InvalidField("area_id", "err.area_missing")
		}
		t.Status = cur.Status
		if self != 0 && cur.Status == Verified && strings.Join(cur.Skills, ",") != strings.Join(t.Skills, ",") {
			t.Status = Pending
		}
		if t.Capacity < cur.Load {
			return apperr.InvalidField("capacity", "err.talent.capacity_below_load").With("load", cur.Load)
		}
		rev, err := touch(ctx, tx)
		if err != nil {
			return err
		}
		args := []any{t.Name, t.Title, t.PartyMember, t.Expertise, t.Experience, t.Hometown, t.AreaID, t.AreaPath,
			t.Lat, t.Lng, t.TravelKm, t.Mode, t.Capacity, t.Status, rev, s.Clock.Stamp()}
		set := `name=?, title=?, party_member=?, expertise=?, experience=?, hometown=?, area_id=?, area_path=?,
			lat=?, lng=?, travel_km=?, mode=?, capacity=?, status=?, rev=?, updated_at=?`
		if t.Phone != "" {
			set += `, phone_enc=?, phone_hash=?, phone_mask=?`
			args = append(args, s.Vault.Seal(t.Phone), s.Vault.Hash(t.Phone), pii.MaskPhone(t.Phone))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE talents SET `+set+` WHERE id = ?`, append(args, t.ID)...); err != nil {
			return apperr.Wrap(err, "talent update")
		}
		if err := s.writeDetails(ctx, tx, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "talent.update", "talent", t.ID, map[string]any{"name": t.Name, "skills": t.Skills, "status": t.Status})
	})
	if err != nil {
		return Talent{}, err
	}
	return s.Get(ctx, t.ID)
}

// SetStatus verifies, rejects or deactivates a profile (staff, in scope;
// ed.Self is ignored: nobody verifies themself).
func (s *Store) SetStatus(ctx context.Context, sc scope.Scope, ed Editor, id int64, st Status, note string) (Talent, error) {
	if st != Verified && st != Rejected && st != Inactive && st != Pending {
		return Talent{}, apperr.InvalidField("status", "err.talent.status")
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		cur, err := s.editable(ctx, tx, sc, id, 0)
		if err != nil {
			return err
		}
		if err := (Editor{Official: ed.Official}).MayWrite(cur); err != nil {
			return err
		}
		if cur.Status == st {
			return apperr.New(apperr.Conflict, "err.talent.status_same")
		}
		rev, err := touch(ctx, tx)
		if err != nil {
			return err
		}
		a := audit.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE talents SET status = ?, verified_by = ?, verified_at = ?, rev = ?, updated_at = ? WHERE id = ?`,
			st, db.NullID(a.UserID), s.Clock.Stamp(), rev, s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "talent status")
		}
		return audit.Record(ctx, tx, "talent.status", "talent", id, map[string]any{"from": cur.Status, "to": st, "note": note})
	})
	if err != nil {
		return Talent{}, err
	}
	t, err := s.Get(ctx, id)
	if err == nil && st == Verified {
		announce(s.AnnounceTalent(ctx, t), "talent", id)
	}
	return t, err
}

// Reveal returns a talent's phone number for staff with pii.reveal and the
// talent's area in scope, and audits the view.
func (s *Store) Reveal(ctx context.Context, sc scope.Scope, id int64) (string, error) {
	if _, err := s.editable(ctx, s.DB.Read(), sc, id, 0); err != nil {
		return "", err
	}
	var enc []byte
	if err := s.DB.Read().QueryRowContext(ctx, `SELECT phone_enc FROM talents WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", apperr.Wrap(err, "talent phone")
	}
	phone := ""
	if len(enc) > 0 {
		var err error
		if phone, err = s.Vault.Open(enc); err != nil {
			return "", apperr.Wrap(err, "talent phone open")
		}
	}
	return phone, apperr.Wrap(audit.Record(ctx, s.DB.Write(), "talent.reveal", "talent", id, map[string]any{"fields": []string{"phone"}}), "talent reveal audit")
}

// announce logs a failed notification round: the write it follows has
// committed, and notifications are a courtesy that must not undo it.
func announce(err error, kind string, id int64) {
	if err != nil {
		slog.Error("talent: notifications failed", "kind", kind, "id", id, "err", err)
	}
}
