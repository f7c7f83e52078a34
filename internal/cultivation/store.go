package cultivation

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/i18n"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/scope"
)

// Sanya is the platform's local time (UTC+8); "today" is Sanya's date.
var Sanya = clock.Sanya

// Store records and reads pipelines and dual cultivation. Every query
// joins the person and filters on their area and org paths, so the scope
// is the person's.
type Store struct {
	DB     *db.DB
	People *person.Store
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const areaCol, orgCol = "p.area_path", "p.org_path"

// subject is what a step needs of the person.
type subject struct {
	id                        int64
	name, status              string
	birthEnc                  []byte // sealed: opened by Store.birth for the age rule
	orgID                     int64
	orgPath, areaPath, joined string
}

// load reads the person (in scope) and their steps inside q.
func load(ctx context.Context, q db.Querier, sc scope.Scope, personID int64) (subject, []Step, History, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var p subject
	err := q.QueryRowContext(ctx, `SELECT p.id, p.name, p.birth_enc, p.status, COALESCE(p.org_id,0), COALESCE(p.org_path,''), p.area_path, p.joined_on
		FROM people p WHERE p.id = ? AND `+w, append([]any{personID}, args...)...).Scan(&p.id, &p.name, &p.birthEnc, &p.status, &p.orgID, &p.orgPath, &p.areaPath, &p.joined)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return p, nil, History{}, apperr.ErrNotFound
	} else if err != nil {
		return p, nil, History{}, apperr.Wrap(err, "cultivation person")
	}
	var steps []Step
	var h History
	err = db.Each(ctx, q, `SELECT s.id, s.person_id, s.stage, s.on_date, s.org_id, o.name, s.months, s.note FROM recruit_steps s JOIN orgs o ON o.id = s.org_id
		WHERE s.person_id = ? ORDER BY s.id`, []any{personID}, func(r db.Scanner) (Step, error) {
		var s Step
		return s, r.Scan(&s.ID, &s.PersonID, &s.Stage, &s.On, &s.OrgID, &s.OrgName, &s.Months, &s.Note)
	}, func(s Step) error { steps = append(steps, s); h.Add(s); return nil })
	return p, steps, h, apperr.Wrap(err, "cultivation steps")
}

// Get returns a person's pipeline, if the person is in scope.
func (s *Store) Get(ctx context.Context, sc scope.Scope, personID int64) (Pipeline, error) {
	p, err := s.People.Get(ctx, sc, personID)
	if err != nil {
		return Pipeline{}, err
	}
	_, steps, h, err := load(ctx, s.DB.Read(), sc, personID)
	return Pipeline{Person: p, Steps: steps, History: h}, err
}

// Advance records the person's next step (or a probation extension) and
// moves their registry status, in one transaction with its audit entries.
// The person must be in scope; the deciding org must be in scope and be
// the person's branch (an applicant without an org names the branch they
// apply to, which they join as an activist). A step breaking a rule is
// refused and nothing is written.
func (s *Store) Advance(ctx context.Context, sc scope.Scope, st Step) (Step, error) {
	st.Note = strings.TrimSpace(st.Note)
	st.On = strings.TrimSpace(st.On)
	today := s.Today()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, _, h, err := load(ctx, tx, sc, st.PersonID)
		if err != nil {
			return err
		}
		if err := Check(h, st, s.birth(p), today); err != nil {
			return err
		}
		// The registry must agree with the pipeline before the step.
		want := h.Stage.Status()
		if h.Stage == "" {
			want = person.Masses
		}
		if person.Status(p.status) != want {
			return apperr.InvalidField("stage", "err.cultivation.status_mismatch").With("status", i18n.Key("status."+p.status))
		}
		branch := p.orgID
		if branch == 0 && h.Stage != "" {
			branch = firstOrg(ctx, tx, st.PersonID)
		}
		if st.OrgID == 0 {
			st.OrgID = branch
		}
		if st.OrgID == 0 {
			return apperr.InvalidField("org_id", "err.org_missing")
		}
		if branch != 0 && st.OrgID != branch {
			return apperr.InvalidField("org_id", "err.cultivation.not_branch")
		}
		orgPath, err := org.PathIn(ctx, tx, sc, st.OrgID, "org_id")
		if err != nil {
			return err
		}
		actor := audit.ActorFrom(ctx)
		now := s.Clock.Stamp()
		if st.ID, err = db.InsertID(ctx, tx, `INSERT INTO recruit_steps (person_id, stage, on_date, org_id, months, note, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)`,
			st.PersonID, st.Stage, st.On, st.OrgID, st.Months, st.Note, db.NullID(actor.UserID), now); err != nil {
			return apperr.Wrap(err, "recruit step insert")
		}
		h.Add(st)
		if st.Stage == Applicant {
			_, err = tx.ExecContext(ctx, `INSERT INTO recruits (person_id, org_id, stage, stage_on, due_on, extension_months, updated_at) VALUES (?,?,?,?,?,?,?)`,
				st.PersonID, st.OrgID, h.Stage, h.StageOn, h.Due(), h.ExtensionMonths, now)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE recruits SET stage = ?, stage_on = ?, due_on = ?, extension_months = ?, updated_at = ? WHERE person_id = ?`,
				h.Stage, h.StageOn, h.Due(), h.ExtensionMonths, now, st.PersonID)
		}
		if err != nil {
			return apperr.Wrap(err, "recruit save")
		}
		if err := audit.Record(ctx, tx, "cultivation.step", "person", st.PersonID, map[string]any{"stage": st.Stage, "on": st.On, "org_id": st.OrgID, "months": st.Months}); err != nil {
			return err
		}
		if st.Stage == Extension || st.Stage == Applicant {
			return nil // the registry status does not change
		}
		return s.setStatus(ctx, tx, sc, p, st, orgPath)
	})
	return st, err
}

// firstOrg is the org an org-less person applied to.
func firstOrg(ctx context.Context, q db.Querier, personID int64) int64 {
	var id int64
	q.QueryRowContext(ctx, `SELECT org_id FROM recruits WHERE person_id = ?`, personID).Scan(&id)
	return id
}

// setStatus moves the person's registry status to the step's (and attaches
// a new activist to the branch; a probationary member's joined_on is the
// day they were admitted), stamping the people revision so every name index
// sees the change, with the person.update audit entry.
func (s *Store) setStatus(ctx context.Context, tx *db.Tx, sc scope.Scope, p subject, st Step, orgPath string) error {
	if !sc.HasRow(p.areaPath, orgPath) {
		return apperr.ErrForbidden
	}
	status := st.Stage.Status()
	joined := p.joined
	if st.Stage == Probationary {
		joined = st.On
	}
	if err := person.SetMembership(ctx, tx, p.id, person.Membership{Status: status, OrgID: st.OrgID, OrgPath: orgPath, JoinedOn: joined}, s.Clock.Stamp()); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "person.update", "person", p.id, map[string]any{"name": p.name, "status": status, "org_id": st.OrgID, "via": "cultivation"})
}

// Filter narrows the pipeline list.
type Filter struct {
	Stage   Stage   `query:"stage,enum"`
	Overdue bool    `query:"overdue"` // past the due date (and not yet moved on)
	OrgID   int64   `query:"org_id"`
	Page    db.Page `query:"page"`
}

func (s *Store) where(sc scope.Scope, f Filter) (string, []any) {
	w, args := sc.Filter(areaCol, orgCol)
	if f.Stage != "" {
		w += " AND r.stage = ?"
		args = append(args, f.Stage)
	}
	if f.Overdue {
		w += " AND r.due_on <> '' AND r.due_on < ?"
		args = append(args, s.Today())
	}
	if f.OrgID != 0 {
		w += " AND r.org_id = ?"
		args = append(args, f.OrgID)
	}
	return w, args
}

const entryFrom = ` FROM recruits r JOIN people p ON p.id = r.person_id JOIN orgs o ON o.id = r.org_id`

// List returns a page of the people in the pipeline in scope (by due date,
// then name) and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Entry, int, error) {
	w, args := s.where(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), entryFrom+` WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "cultivation count")
	}
	pg := f.Page.Norm()
	var out []Entry
	err = s.each(ctx, `SELECT r.person_id, p.name, r.org_id, o.name, r.stage, r.stage_on, r.due_on, r.extension_months`+entryFrom+` WHERE `+w+
		` ORDER BY CASE WHEN r.due_on = '' THEN 1 ELSE 0 END, r.due_on, p.name, r.person_id LIMIT ? OFFSET ?`, append(args, pg.Limit, pg.Offset),
		func(e Entry) error { out = append(out, e); return nil })
	return out, total, err
}

// Each streams every entry in scope matching f (for exports).
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Entry) error) error {
	w, args := s.where(sc, f)
	return s.each(ctx, `SELECT r.person_id, p.name, r.org_id, o.name, r.stage, r.stage_on, r.due_on, r.extension_months`+entryFrom+` WHERE `+w+
		` ORDER BY p.name, r.person_id`, args, fn)
}

func (s *Store) each(ctx context.Context, q string, args []any, fn func(Entry) error) error {
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), q, args, func(r db.Scanner) (Entry, error) {
		var e Entry
		return e, r.Scan(&e.PersonID, &e.Name, &e.OrgID, &e.OrgName, &e.Stage, &e.StageOn, &e.DueOn, &e.Extension)
	}, fn), "cultivation list")
}

// AddDual registers a person (in scope, of a school or hospital org) for
// dual cultivation. Backbone-to-member applies to non-members, member-to-
// backbone to members and probationary members.
func (s *Store) AddDual(ctx context.Context, sc scope.Scope, d Dual) (Dual, error) {
	if err := d.Validate(s.Today()); err != nil {
		return Dual{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		w, args := sc.Filter(areaCol, orgCol)
		var status, sector string
		err := tx.QueryRowContext(ctx, `SELECT p.status, COALESCE(o.sector,'') FROM people p LEFT JOIN orgs o ON o.id = p.org_id WHERE p.id = ? AND `+w,
			append([]any{d.PersonID}, args...)...).Scan(&status, &sector)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.InvalidField("person_id", "err.cultivation.person_unknown")
		} else if err != nil {
			return apperr.Wrap(err, "dual person")
		}
		if sector != "school" && sector != "hospital" {
			return apperr.InvalidField("person_id", "err.cultivation.dual_sector")
		}
		member := person.Status(status).IsPartyMember()
		if d.Direction == BackboneToMember && member || d.Direction == MemberToBackbone && !member {
			return apperr.InvalidField("direction", "err.cultivation.dual_status")
		}
		now := s.Clock.Stamp()
		d.ID, err = db.InsertID(ctx, tx, `INSERT INTO dual_cultivation (person_id, direction, mentor, started_on, target_on, progress, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)`,
			d.PersonID, d.Direction, d.Mentor, d.StartedOn, d.TargetOn, d.Progress, now, now)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("person_id", "err.cultivation.dual_taken")
		} else if err != nil {
			return apperr.Wrap(err, "dual insert")
		}
		return audit.Record(ctx, tx, "cultivation.dual", "person", d.PersonID, map[string]any{"direction": d.Direction, "mentor": d.Mentor, "started_on": d.StartedOn})
	})
	if err != nil {
		return Dual{}, err
	}
	return s.GetDual(ctx, sc, d.ID)
}

// Progress appends a dated progress note to a dual-cultivation entry in scope.
func (s *Store) Progress(ctx context.Context, sc scope.Scope, id int64, note string) error {
	note = strings.TrimSpace(note)
	if note == "" || len([]rune(note)) > maxNote {
		return apperr.InvalidField("note", "err.cultivation.progress")
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		d, err := getDual(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		text := s.Today() + " " + note
		if d.Progress != "" {
			text = d.Progress + "\n" + text
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dual_cultivation SET progress = ?, updated_at = ? WHERE id = ?`, text, s.Clock.Stamp(), id); err != nil {
			return apperr.Wrap(err, "dual progress")
		}
		return audit.Record(ctx, tx, "cultivation.dual_progress", "person", d.PersonID, map[string]any{"id": id, "note": note})
	})
}

const dualCols = `d.id, d.person_id, p.name, p.status, COALESCE(o.name,''), COALESCE(o.sector,''), d.direction, d.mentor, d.started_on, d.target_on, d.progress`

const dualFrom = ` FROM dual_cultivation d JOIN people p ON p.id = d.person_id LEFT JOIN orgs o ON o.id = p.org_id`

func scanDual(r db.Scanner) (Dual, error) {
	var d Dual
	return d, r.Scan(&d.ID, &d.PersonID, &d.Name, &d.Status, &d.OrgName, &d.Sector, &d.Direction, &d.Mentor, &d.StartedOn, &d.TargetOn, &d.Progress)
}

// GetDual returns a dual-cultivation entry of a person in scope.
func (s *Store) GetDual(ctx context.Context, sc scope.Scope, id int64) (Dual, error) {
	return getDual(ctx, s.DB.Read(), sc, id)
}

func getDual(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (Dual, error) {
	w, args := sc.Filter(areaCol, orgCol)
	d, err := scanDual(q.QueryRowContext(ctx, `SELECT `+dualCols+dualFrom+` WHERE d.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Dual{}, apperr.ErrNotFound
	}
	return d, apperr.Wrap(err, "dual get")
}

func dualWhere(sc scope.Scope, sector string, dir Direction) (string, []any) {
	w, args := sc.Filter(areaCol, orgCol)
	if sector != "" {
		w += " AND o.sector = ?"
		args = append(args, sector)
	}
	if dir != "" {
		w += " AND d.direction = ?"
		args = append(args, dir)
	}
	return w, args
}

// Duals lists the dual-cultivation register in scope, optionally of one
// sector (school or hospital) and direction, by start date.
func (s *Store) Duals(ctx context.Context, sc scope.Scope, sector string, dir Direction) ([]Dual, error) {
	w, args := dualWhere(sc, sector, dir)
	var out []Dual
	err := db.Each(ctx, s.DB.Read(), `SELECT `+dualCols+dualFrom+` WHERE `+w+` ORDER BY d.started_on DESC, d.id LIMIT 500`, args, scanDual,
		func(d Dual) error { out = append(out, d); return nil })
	return out, apperr.Wrap(err, "dual list")
}

// EachDual streams the whole register in scope with the same filters as
// Duals (exports; no cap).
func (s *Store) EachDual(ctx context.Context, sc scope.Scope, sector string, dir Direction, fn func(Dual) error) error {
	w, args := dualWhere(sc, sector, dir)
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+dualCols+dualFrom+` WHERE `+w+` ORDER BY d.started_on DESC, d.id`, args, scanDual, fn), "dual export")
}

// birth opens the person's sealed birth date for the age rule; without the
// people store's key (the demo generator) the rule has no date to check.
func (s *Store) birth(p subject) string {
	if s.People == nil || s.People.Vault == nil {
		return ""
	}
	b, err := s.People.Vault.Open(p.birthEnc)
	if err != nil {
		return ""
	}
	return b
}
