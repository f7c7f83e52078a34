package alliance

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/validation"
)

// Store keeps alliances. Reads see an alliance whose lead org or one of
// whose member orgs or units is in scope; writes need the lead org in scope.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const allianceFrom = ` FROM alliances a JOIN orgs lo ON lo.id = a.lead_org_id`

const allianceCols = `a.id, a.kind, a.pairing, a.name, a.lead_org_id, lo.name, a.note, a.created_at,
	(SELECT count(*) FROM alliance_members cm WHERE cm.alliance_id = a.id)`

func scanAlliance(r db.Scanner) (Alliance, error) {
	var a Alliance
	err := r.Scan(&a.ID, &a.Kind, &a.Pairing, &a.Name, &a.LeadOrgID, &a.LeadOrgName, &a.Note, &a.CreatedAt, &a.MemberCount)
	return a, err
}

// visible is the read condition: the lead org, a member org or a member
// unit in scope.
func visible(sc scope.Scope) (string, []any) {
	if sc.All {
		return "1=1", nil
	}
	lw, la := sc.Filter("lo.area_path", "lo.path")
	ow, oa := sc.Filter("mo.area_path", "mo.path")
	uw, ua := sc.Filter("mu.area_path", "mu.org_path")
	cond := "(" + lw + ` OR EXISTS (SELECT 1 FROM alliance_members vm JOIN orgs mo ON mo.id = vm.org_id WHERE vm.alliance_id = a.id AND ` + ow +
		`) OR EXISTS (SELECT 1 FROM alliance_members vm JOIN units mu ON mu.id = vm.unit_id WHERE vm.alliance_id = a.id AND ` + uw + `))`
	args := append(append(append([]any{}, la...), oa...), ua...)
	return cond, args
}

// writable checks that the alliance exists and its lead org is in scope,
// and returns the lead org's path. A visible alliance led from outside the
// scope is forbidden; an invisible one is not found.
func writable(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (string, error) {
	lw, la := sc.Filter("lo.area_path", "lo.path")
	var path string
	err := q.QueryRowContext(ctx, `SELECT lo.path`+allianceFrom+` WHERE a.id = ? AND `+lw, append([]any{id}, la...)...).Scan(&path)
	if err == nil {
		return path, nil
	}
	if !errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "", apperr.Wrap(err, "alliance lead")
	}
	vw, va := visible(sc)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*)`+allianceFrom+` WHERE a.id = ? AND `+vw, append([]any{id}, va...)...).Scan(&n); err != nil {
		return "", apperr.Wrap(err, "alliance visible")
	}
	if n > 0 {
		return "", apperr.New(apperr.Forbidden, "err.alliance.not_lead")
	}
	return "", apperr.ErrNotFound
}

// Create makes an alliance led by an org in scope.
func (s *Store) Create(ctx context.Context, sc scope.Scope, d Draft) (Alliance, error) {
	if err := d.Validate(); err != nil {
		return Alliance{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		w, args := sc.Filter("o.area_path", "o.path")
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orgs o WHERE o.id = ? AND `+w, append([]any{d.LeadOrgID}, args...)...).Scan(&n); err != nil {
			return apperr.Wrap(err, "alliance lead org")
		}
		if n == 0 {
			return apperr.InvalidField("lead_org_id", "err.alliance.lead_unknown")
		}
		var err error
		id, err = s.insert(ctx, tx, d)
		return err
	})
	if err != nil {
		return Alliance{}, err
	}
	return s.Get(ctx, sc, id)
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, d Draft) (int64, error) {
	now := s.Clock.Stamp()
	id, err := db.InsertID(ctx, tx, `INSERT INTO alliances (kind, pairing, name, lead_org_id, note, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)`,
		d.Kind, d.Pairing, d.Name, d.LeadOrgID, d.Note, db.NullID(audit.ActorFrom(ctx).UserID), now, now)
	if err != nil {
		return 0, apperr.Wrap(err, "alliance insert")
	}
	return id, audit.Record(ctx, tx, "alliance.create", "alliance", id, map[string]any{"kind": d.Kind, "pairing": d.Pairing, "name": d.Name, "lead_org_id": d.LeadOrgID})
}

// Filter narrows the alliance list.
type Filter struct {
	Kind    Kind   `query:"kind,enum"`
	Q       string `query:"q"`
	Sort    string `query:"sort"`
	db.Page `query:"page"`
}

var sorts = map[string]string{"name": "a.name", "kind": "a.kind", "lead": "lo.name", "created": "a.created_at"}

func where(sc scope.Scope, f Filter) (string, []any) {
	w, args := visible(sc)
	if f.Kind != "" {
		w += " AND a.kind = ?"
		args = append(args, f.Kind)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, a := db.Contains("a.name", q)
		w += " AND " + c
		args = append(args, a)
	}
	return w, args
}

// List returns a page of visible alliances and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Alliance, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	w, args := where(sc, f)
	total, err := db.CountCapped(ctx, s.DB.Read(), allianceFrom+` WHERE `+w, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "alliance count")
	}
	pg := f.Page.Norm()
	var out []Alliance
	err = db.Each(ctx, s.DB.Read(), `SELECT `+allianceCols+allianceFrom+` WHERE `+w+db.OrderBy(f.Sort, sorts, "a.id DESC", "a.id")+` LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), scanAlliance, func(a Alliance) error { out = append(out, a); return nil })
	return out, total, apperr.Wrap(err, "alliance list")
}

// Each streams every alliance in scope that matches f (its page ignored),
// in the list's order, for an export.
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Alliance) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	w, args := where(sc, f)
	err := db.Each(ctx, s.DB.Read(), `SELECT `+allianceCols+allianceFrom+` WHERE `+w+db.OrderBy(f.Sort, sorts, "a.id DESC", "a.id"), args, scanAlliance, fn)
	return apperr.Wrap(err, "alliance each")
}

// Get returns a visible alliance with its members, resources, meetings,
// tasks and memoranda.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Alliance, error) {
	q := s.DB.Read()
	w, args := visible(sc)
	a, err := scanAlliance(q.QueryRowContext(ctx, `SELECT `+allianceCols+allianceFrom+` WHERE a.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Alliance{}, apperr.ErrNotFound
	} else if err != nil {
		return Alliance{}, apperr.Wrap(err, "alliance get")
	}
	if _, err := writable(ctx, q, sc, id); err == nil {
		a.Writable = true
	}
	today := s.Today()
	if a.Members, err = members(ctx, q, id); err != nil {
		return a, err
	}
	names := map[int64]Member{}
	for _, m := range a.Members {
		names[m.ID] = m
	}
	err = db.Each(ctx, q, `SELECT id, name, kind, owner_id, note FROM alliance_resources WHERE alliance_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (Resource, error) {
			var x Resource
			err := r.Scan(&x.ID, &x.Name, &x.Kind, &x.OwnerID, &x.Note)
			x.OwnerName = names[x.OwnerID].Name
			return x, err
		}, func(x Resource) error { a.Resources = append(a.Resources, x); return nil })
	if err != nil {
		return a, apperr.Wrap(err, "alliance resources")
	}
	err = db.Each(ctx, q, `SELECT id, held_on, agenda FROM alliance_meetings WHERE alliance_id = ? ORDER BY held_on DESC, id DESC`, []any{id},
		func(r db.Scanner) (Meeting, error) {
			var m Meeting
			return m, r.Scan(&m.ID, &m.HeldOn, &m.Agenda)
		}, func(m Meeting) error { a.Meetings = append(a.Meetings, m); return nil })
	if err != nil {
		return a, apperr.Wrap(err, "alliance meetings")
	}
	for i := range a.Meetings {
		m := &a.Meetings[i]
		err = db.Each(ctx, q, `SELECT member_id FROM alliance_attendance WHERE meeting_id = ? ORDER BY member_id`, []any{m.ID}, scanID,
			func(mid int64) error { m.Present = append(m.Present, names[mid]); return nil })
		if err != nil {
			return a, apperr.Wrap(err, "alliance attendance")
		}
	}
	err = db.Each(ctx, q, `SELECT id, COALESCE(meeting_id, 0), decision, owner_id, deadline, status, done_on FROM alliance_tasks WHERE alliance_id = ? ORDER BY deadline, id`,
		[]any{id}, func(r db.Scanner) (Task, error) {
			var t Task
			err := r.Scan(&t.ID, &t.MeetingID, &t.Decision, &t.OwnerID, &t.Deadline, &t.Status, &t.DoneOn)
			t.OwnerName = names[t.OwnerID].Name
			t.Overdue = t.Status == Open && t.Deadline < today
			return t, err
		}, func(t Task) error { a.Tasks = append(a.Tasks, t); return nil })
	if err != nil {
		return a, apperr.Wrap(err, "alliance tasks")
	}
	err = db.Each(ctx, q, `SELECT id, title, signed_on FROM alliance_memoranda WHERE alliance_id = ? ORDER BY signed_on DESC, id DESC`, []any{id},
		func(r db.Scanner) (Memorandum, error) {
			var m Memorandum
			return m, r.Scan(&m.ID, &m.Title, &m.SignedOn)
		}, func(m Memorandum) error { a.Memoranda = append(a.Memoranda, m); return nil })
	if err != nil {
		return a, apperr.Wrap(err, "alliance memoranda")
	}
	for i := range a.Memoranda {
		m := &a.Memoranda[i]
		err = db.Each(ctx, q, `SELECT member_id FROM alliance_memo_parties WHERE memo_id = ? ORDER BY member_id`, []any{m.ID}, scanID,
			func(mid int64) error { m.Parties = append(m.Parties, names[mid]); return nil })
		if err != nil {
			return a, apperr.Wrap(err, "alliance parties")
		}
		err = db.Each(ctx, q, `SELECT id, memo_id, content, owner_id, due_on, progress FROM alliance_commitments WHERE memo_id = ? ORDER BY id`, []any{m.ID},
			func(r db.Scanner) (Commitment, error) {
				var c Commitment
				err := r.Scan(&c.ID, &c.MemoID, &c.Content, &c.OwnerID, &c.DueOn, &c.Progress)
				c.OwnerName = names[c.OwnerID].Name
				c.Overdue = c.Progress < 100 && c.DueOn < today
				return c, err
			}, func(c Commitment) error { m.Commitments = append(m.Commitments, c); return nil })
		if err != nil {
			return a, apperr.Wrap(err, "alliance commitments")
		}
		for j := range m.Commitments {
			c := &m.Commitments[j]
			err = db.Each(ctx, q, `SELECT progress, note, recorded_at FROM alliance_progress WHERE commitment_id = ? ORDER BY id`, []any{c.ID},
				func(r db.Scanner) (Update, error) {
					var u Update
					return u, r.Scan(&u.Progress, &u.Note, &u.RecordedAt)
				}, func(u Update) error { c.Updates = append(c.Updates, u); return nil })
			if err != nil {
				return a, apperr.Wrap(err, "alliance progress")
			}
		}
	}
	return a, nil
}

func scanID(r db.Scanner) (int64, error) {
	var id int64
	return id, r.Scan(&id)
}

func members(ctx context.Context, q db.Querier, id int64) ([]Member, error) {
	var out []Member
	err := db.Each(ctx, q, `SELECT m.id, COALESCE(m.org_id, 0), COALESCE(m.unit_id, 0), COALESCE(o.name, u.name, ''), m.role
		FROM alliance_members m LEFT JOIN orgs o ON o.id = m.org_id LEFT JOIN units u ON u.id = m.unit_id
		WHERE m.alliance_id = ? ORDER BY m.id`, []any{id}, func(r db.Scanner) (Member, error) {
		var m Member
		return m, r.Scan(&m.ID, &m.OrgID, &m.UnitID, &m.Name, &m.Role)
	}, func(m Member) error { out = append(out, m); return nil })
	return out, apperr.Wrap(err, "alliance members")
}

// checkMembers refuses any id that is not a member of the alliance.
func checkMembers(ctx context.Context, q db.Querier, id int64, field string, ids ...int64) error {
	ms, err := members(ctx, q, id)
	if err != nil {
		return err
	}
	set := map[int64]bool{}
	for _, m := range ms {
		set[m.ID] = true
	}
	for _, x := range ids {
		if !set[x] {
			return apperr.InvalidField(field, "err.alliance.not_member").With("id", x)
		}
	}
	return nil
}

// write runs fn in a transaction once the alliance's lead org is in scope.
func (s *Store) write(ctx context.Context, sc scope.Scope, id int64, fn func(tx *db.Tx, leadPath string) error) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		path, err := writable(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		return fn(tx, path)
	})
}

// AddMember adds an org or a unit, from any district, that does not
// report to the lead org.
func (s *Store) AddMember(ctx context.Context, sc scope.Scope, id int64, d MemberDraft) (Member, error) {
	d.Role = strings.TrimSpace(d.Role)
	if (d.OrgID == 0) == (d.UnitID == 0) {
		return Member{}, apperr.InvalidField("org_id", "err.alliance.member_one")
	}
	if len([]rune(d.Role)) > 60 {
		return Member{}, apperr.InvalidField("role", "err.text_too_long")
	}
	var m Member
	err := s.write(ctx, sc, id, func(tx *db.Tx, lead string) error {
		var err error
		m, err = s.addMember(ctx, tx, id, lead, d)
		return err
	})
	return m, err
}

func (s *Store) addMember(ctx context.Context, tx *db.Tx, id int64, lead string, d MemberDraft) (Member, error) {
	m := Member{OrgID: d.OrgID, UnitID: d.UnitID, Role: d.Role}
	var path string
	var err error
	if d.OrgID != 0 {
		err = tx.QueryRowContext(ctx, `SELECT name, path FROM orgs WHERE id = ?`, d.OrgID).Scan(&m.Name, &path)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT name, COALESCE(org_path, '') FROM units WHERE id = ?`, d.UnitID).Scan(&m.Name, &path)
	}
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return m, apperr.InvalidField("org_id", "err.alliance.member_unknown")
	} else if err != nil {
		return m, apperr.Wrap(err, "alliance member lookup")
	}
	if path != "" && strings.HasPrefix(path, lead) {
		return m, apperr.InvalidField("org_id", "err.alliance.subordinate").With("name", m.Name)
	}
	m.ID, err = db.InsertID(ctx, tx, `INSERT INTO alliance_members (alliance_id, org_id, unit_id, role, created_at) VALUES (?,?,?,?,?)`,
		id, db.NullID(d.OrgID), db.NullID(d.UnitID), d.Role, s.Clock.Stamp())
	if errors.Is(err, db.ErrUnique) {
		return m, apperr.New(apperr.Conflict, "err.alliance.member_dup").With("name", m.Name)
	} else if err != nil {
		return m, apperr.Wrap(err, "alliance member insert")
	}
	return m, audit.Record(ctx, tx, "alliance.member", "alliance", id, map[string]any{"member_id": m.ID, "org_id": d.OrgID, "unit_id": d.UnitID, "role": d.Role})
}

// AddResource adds a shared resource owned by a member.
func (s *Store) AddResource(ctx context.Context, sc scope.Scope, id int64, d ResourceDraft) (int64, error) {
	d.Name, d.Kind, d.Note = strings.TrimSpace(d.Name), strings.TrimSpace(d.Kind), strings.TrimSpace(d.Note)
	if validation.Text(d.Name, "", 1, 100) != nil {
		return 0, apperr.InvalidField("name", "err.alliance.resource_name")
	}
	if len([]rune(d.Kind)) > 40 || len([]rune(d.Note)) > 500 {
		return 0, apperr.InvalidField("note", "err.text_too_long")
	}
	if d.OwnerID == 0 {
		return 0, apperr.InvalidField("owner_id", "err.alliance.owner_required")
	}
	var rid int64
	err := s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		var err error
		rid, err = s.addResource(ctx, tx, id, d)
		return err
	})
	return rid, err
}

func (s *Store) addResource(ctx context.Context, tx *db.Tx, id int64, d ResourceDraft) (int64, error) {
	if err := checkMembers(ctx, tx, id, "owner_id", d.OwnerID); err != nil {
		return 0, err
	}
	rid, err := db.InsertID(ctx, tx, `INSERT INTO alliance_resources (alliance_id, name, kind, owner_id, note, created_at) VALUES (?,?,?,?,?,?)`,
		id, d.Name, d.Kind, d.OwnerID, d.Note, s.Clock.Stamp())
	if err != nil {
		return 0, apperr.Wrap(err, "alliance resource insert")
	}
	return rid, audit.Record(ctx, tx, "alliance.resource", "alliance", id, map[string]any{"resource_id": rid, "name": d.Name, "owner_id": d.OwnerID})
}

// AddMeeting records a joint meeting with its attendance; each decision
// becomes an open task.
func (s *Store) AddMeeting(ctx context.Context, sc scope.Scope, id int64, d MeetingDraft) (int64, error) {
	if err := d.Validate(s.Today()); err != nil {
		return 0, err
	}
	var mid int64
	err := s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		var err error
		mid, err = s.addMeeting(ctx, tx, id, d)
		return err
	})
	return mid, err
}

func (s *Store) addMeeting(ctx context.Context, tx *db.Tx, id int64, d MeetingDraft) (int64, error) {
	if err := checkMembers(ctx, tx, id, "present", d.Present...); err != nil {
		return 0, err
	}
	for _, t := range d.Decisions {
		if err := checkMembers(ctx, tx, id, "owner_id", t.OwnerID); err != nil {
			return 0, err
		}
	}
	mid, err := db.InsertID(ctx, tx, `INSERT INTO alliance_meetings (alliance_id, held_on, agenda, created_by, created_at) VALUES (?,?,?,?,?)`,
		id, d.HeldOn, d.Agenda, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
	if err != nil {
		return 0, apperr.Wrap(err, "alliance meeting insert")
	}
	seen := map[int64]bool{}
	for _, p := range d.Present {
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO alliance_attendance (meeting_id, member_id) VALUES (?,?)`, mid, p); err != nil {
			return 0, apperr.Wrap(err, "alliance attendance insert")
		}
	}
	if err := audit.Record(ctx, tx, "alliance.meeting", "alliance", id, map[string]any{"meeting_id": mid, "held_on": d.HeldOn,
		"present": len(seen), "decisions": len(d.Decisions)}); err != nil {
		return 0, err
	}
	for _, t := range d.Decisions {
		t.MeetingID = mid
		if _, err := s.addTask(ctx, tx, id, t); err != nil {
			return 0, err
		}
	}
	return mid, nil
}

// AddTask adds a task (a decision, of a meeting of the alliance or none)
// owned by a member.
func (s *Store) AddTask(ctx context.Context, sc scope.Scope, id int64, d TaskDraft) (int64, error) {
	if err := d.validate(); err != nil {
		return 0, err
	}
	var tid int64
	err := s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		var err error
		tid, err = s.addTask(ctx, tx, id, d)
		return err
	})
	return tid, err
}

func (s *Store) addTask(ctx context.Context, tx *db.Tx, id int64, d TaskDraft) (int64, error) {
	if err := checkMembers(ctx, tx, id, "owner_id", d.OwnerID); err != nil {
		return 0, err
	}
	if d.MeetingID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM alliance_meetings WHERE id = ? AND alliance_id = ?`, d.MeetingID, id).Scan(&n); err != nil {
			return 0, apperr.Wrap(err, "alliance task meeting")
		}
		if n == 0 {
			return 0, apperr.InvalidField("meeting_id", "err.alliance.meeting_unknown")
		}
	}
	now := s.Clock.Stamp()
	tid, err := db.InsertID(ctx, tx, `INSERT INTO alliance_tasks (alliance_id, meeting_id, decision, owner_id, deadline, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)`,
		id, db.NullID(d.MeetingID), d.Decision, d.OwnerID, d.Deadline, Open, now, now)
	if err != nil {
		return 0, apperr.Wrap(err, "alliance task insert")
	}
	return tid, audit.Record(ctx, tx, "alliance.task", "alliance", id, map[string]any{"task_id": tid, "meeting_id": d.MeetingID,
		"decision": d.Decision, "owner_id": d.OwnerID, "deadline": d.Deadline})
}

// CompleteTask marks an open task done today.
func (s *Store) CompleteTask(ctx context.Context, sc scope.Scope, id, taskID int64) error {
	today := s.Today()
	return s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		res, err := tx.ExecContext(ctx, `UPDATE alliance_tasks SET status = ?, done_on = ?, updated_at = ? WHERE id = ? AND alliance_id = ? AND status = ?`,
			Done, today, s.Clock.Stamp(), taskID, id, Open)
		if err != nil {
			return apperr.Wrap(err, "alliance task done")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var st string
			err := tx.QueryRowContext(ctx, `SELECT status FROM alliance_tasks WHERE id = ? AND alliance_id = ?`, taskID, id).Scan(&st)
			if errors.Is(db.Normalize(err), db.ErrNoRows) {
				return apperr.ErrNotFound
			}
			return apperr.New(apperr.Conflict, "err.alliance.task_done")
		}
		return audit.Record(ctx, tx, "alliance.task_done", "alliance", id, map[string]any{"task_id": taskID, "done_on": today})
	})
}

// AddMemo records a memorandum between members with its commitments.
func (s *Store) AddMemo(ctx context.Context, sc scope.Scope, id int64, d MemoDraft) (int64, error) {
	if err := d.Validate(s.Today()); err != nil {
		return 0, err
	}
	var mid int64
	err := s.write(ctx, sc, id, func(tx *db.Tx, _ string) error {
		var err error
		mid, err = s.addMemo(ctx, tx, id, d)
		return err
	})
	return mid, err
}

func (s *Store) addMemo(ctx context.Context, tx *db.Tx, id int64, d MemoDraft) (int64, error) {
	if err := checkMembers(ctx, tx, id, "parties", d.Parties...); err != nil {
		return 0, err
	}
	for _, c := range d.Commitments {
		if err := checkMembers(ctx, tx, id, "owner_id", c.OwnerID); err != nil {
			return 0, err
		}
	}
	now := s.Clock.Stamp()
	mid, err := db.InsertID(ctx, tx, `INSERT INTO alliance_memoranda (alliance_id, title, signed_on, created_by, created_at) VALUES (?,?,?,?,?)`,
		id, d.Title, d.SignedOn, db.NullID(audit.ActorFrom(ctx).UserID), now)
	if err != nil {
		return 0, apperr.Wrap(err, "alliance memo insert")
	}
	seen := map[int64]bool{}
	for _, p := range d.Parties {
		if seen[p] {
			continue
		}
		seen[p] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO alliance_memo_parties (memo_id, member_id) VALUES (?,?)`, mid, p); err != nil {
			return 0, apperr.Wrap(err, "alliance memo party")
		}
	}
	for _, c := range d.Commitments {
		if _, err := tx.ExecContext(ctx, `INSERT INTO alliance_commitments (memo_id, content, owner_id, due_on, progress, updated_at) VALUES (?,?,?,?,0,?)`,
			mid, c.Content, c.OwnerID, c.DueOn, now); err != nil {
			return 0, apperr.Wrap(err, "alliance commitment")
		}
	}
	return mid, audit.Record(ctx, tx, "alliance.memo", "alliance", id, map[string]any{"memo_id": mid, "title": d.Title, "signed_on": d.SignedOn,
		"parties": len(seen), "commitments": len(d.Commitments)})
}

// SetProgress records a commitment's progress (0–100) with a note.
func (s *Store) SetProgress(ctx context.Context, sc scope.Scope, id, commitmentID int64, progress int, note string) error {
	note = strings.TrimSpace(note)
	if err := ValidProgress(progress); err != nil {
		return err
	}
	if len([]rune(note)) > 500 {
		return apperr.InvalidField("note", "err.text_too_long")
	}
	return s.write(ctx, sc, id, func(tx *db.Tx, _ string) error { return s.setProgress(ctx, tx, id, commitmentID, progress, note) })
}

func (s *Store) setProgress(ctx context.Context, tx *db.Tx, id, commitmentID int64, progress int, note string) error {
	now := s.Clock.Stamp()
	res, err := tx.ExecContext(ctx, `UPDATE alliance_commitments SET progress = ?, updated_at = ? WHERE id = ?
		AND memo_id IN (SELECT id FROM alliance_memoranda WHERE alliance_id = ?)`, progress, now, commitmentID, id)
	if err != nil {
		return apperr.Wrap(err, "alliance progress")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO alliance_progress (commitment_id, progress, note, recorded_by, recorded_at) VALUES (?,?,?,?,?)`,
		commitmentID, progress, note, db.NullID(audit.ActorFrom(ctx).UserID), now); err != nil {
		return apperr.Wrap(err, "alliance progress insert")
	}
	return audit.Record(ctx, tx, "alliance.progress", "alliance", id, map[string]any{"commitment_id": commitmentID, "progress": progress, "note": note})
}
