package gap

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Store reads and writes gap actions. Every read and write is filtered by
// the caller's scope on the subject's area and org paths.
type Store struct {
	DB *db.DB
	// Clock is the time source; tests move it. Nil is the wall clock.
	Clock clock.Func
}

func (s *Store) now() time.Time { return s.Clock.Stamp() }

const areaCol, orgCol = "g.area_path", "g.org_path"

const actionCols = `g.id, g.kind, COALESCE(g.unit_id, 0), COALESCE(g.person_id, 0), COALESCE(u.name, p.name, ''), COALESCE(pu.name, ''),
	g.area_id, a.name, g.area_path, COALESCE(g.org_path, ''), g.members, COALESCE(g.owner_org_id, 0), COALESCE(o.name, ''),
	COALESCE(g.owner_user_id, 0), COALESCE(us.display_name, ''), g.deadline, g.status, g.settled_key IS NOT NULL,
	g.close_reason, g.close_note, g.closed_at, g.created_at, g.updated_at`

const actionFrom = ` FROM gap_actions g JOIN areas a ON a.id = g.area_id LEFT JOIN units u ON u.id = g.unit_id
	LEFT JOIN people p ON p.id = g.person_id LEFT JOIN units pu ON pu.id = p.unit_id
	LEFT JOIN orgs o ON o.id = g.owner_org_id LEFT JOIN users us ON us.id = g.owner_user_id`

func (s *Store) scanner(now time.Time) func(db.Scanner) (Action, error) {
	return func(r db.Scanner) (Action, error) {
		var x Action
		err := r.Scan(&x.ID, &x.Kind, &x.UnitID, &x.PersonID, &x.Subject, &x.UnitName, &x.AreaID, &x.AreaName, &x.AreaPath, &x.OrgPath,
			&x.Members, &x.OwnerOrgID, &x.OwnerOrg, &x.OwnerUserID, &x.OwnerUser, &x.Deadline, &x.Status, &x.Settled,
			&x.CloseReason, &x.CloseNote, &x.ClosedAt, &x.CreatedAt, &x.UpdatedAt)
		x.Deadline = x.Deadline.UTC()
		x.Overdue = x.Status == Open && x.Deadline.Before(now)
		return x, err
	}
}

// Get returns an action inside the scope, with its history.
func (s *Store) Get(ctx context.Context, sc scope.Scope, id int64) (Action, error) {
	w, args := sc.Filter(areaCol, orgCol)
	q := s.DB.Read()
	x, err := s.scanner(s.now())(q.QueryRowContext(ctx, `SELECT `+actionCols+actionFrom+` WHERE g.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Action{}, apperr.ErrNotFound
	}
	if err != nil {
		return Action{}, apperr.Wrap(err, "gap get")
	}
	err = db.Each(ctx, q, `SELECT id, action, actor_name, body, created_at FROM gap_events WHERE action_id = ? ORDER BY id`, []any{id},
		func(r db.Scanner) (Event, error) {
			var e Event
			return e, r.Scan(&e.ID, &e.Action, &e.ActorName, &e.Body, &e.CreatedAt)
		}, func(e Event) error { x.Events = append(x.Events, e); return nil })
	return x, apperr.Wrap(err, "gap events")
}

// Filter narrows the action list.
type Filter struct {
	Status     Status
	Kind       Kind
	Overdue    bool
	OwnerOrgID int64
	OwnerUser  int64 // actions assigned to this account
	UnitID     int64
	AreaID     int64
	Q          string // the subject's name
	Sort       string
	Page       db.Page
}

var sorts = map[string]string{"id": "g.id", "deadline": "g.deadline", "kind": "g.kind", "status": "g.status", "members": "g.members", "area": "a.name"}

func (s *Store) where(sc scope.Scope, f Filter, now time.Time) (string, []any) {
	where, args := sc.Filter(areaCol, orgCol)
	add := func(cond string, v ...any) {
		where += " AND " + cond
		args = append(args, v...)
	}
	if f.Status != "" {
		add("g.status = ?", f.Status)
	}
	if f.Kind != "" {
		add("g.kind = ?", f.Kind)
	}
	if f.Overdue {
		add("g.status = ? AND g.deadline < ?", Open, now)
	}
	if f.OwnerOrgID != 0 {
		add("g.owner_org_id = ?", f.OwnerOrgID)
	}
	if f.OwnerUser != 0 {
		add("g.owner_user_id = ?", f.OwnerUser)
	}
	if f.UnitID != 0 {
		add("(g.unit_id = ? OR g.person_id IN (SELECT id FROM people WHERE unit_id = ?))", f.UnitID, f.UnitID)
	}
	if f.AreaID != 0 {
		add("g.area_id = ?", f.AreaID)
	}
	if f.Q != "" {
		c1, a1 := db.Contains("u.name", f.Q)
		c2, a2 := db.Contains("p.name", f.Q)
		add("("+c1+" OR "+c2+")", a1, a2)
	}
	return where, args
}

// List returns a page of actions in scope and the capped total.
func (s *Store) List(ctx context.Context, sc scope.Scope, f Filter) ([]Action, int, error) {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return nil, 0, err
	}
	now := s.now()
	where, args := s.where(sc, f, now)
	q := s.DB.Read()
	total, err := db.CountCapped(ctx, q, actionFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "gap count")
	}
	pg := f.Page.Norm()
	var out []Action
	err = db.Each(ctx, q, `SELECT `+actionCols+actionFrom+` WHERE `+where+db.OrderBy(f.Sort, sorts, "g.id DESC", "g.id")+` LIMIT ? OFFSET ?`,
		append(args, pg.Limit, pg.Offset), s.scanner(now), func(x Action) error { out = append(out, x); return nil })
	return out, total, apperr.Wrap(err, "gap list")
}

// Each streams every action in scope matching f (exports).
func (s *Store) Each(ctx context.Context, sc scope.Scope, f Filter, fn func(Action) error) error {
	if err := db.CheckSort(f.Sort, sorts); err != nil {
		return err
	}
	now := s.now()
	where, args := s.where(sc, f, now)
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+actionCols+actionFrom+` WHERE `+where+db.OrderBy(f.Sort, sorts, "g.id DESC", "g.id"),
		args, s.scanner(now), fn), "gap export")
}

// Counts are the open actions in scope by kind, and how many are overdue.
type Counts struct {
	Open    int          `json:"open"`
	Overdue int          `json:"overdue"`
	ByKind  map[Kind]int `json:"by_kind"`
}

// OpenCounts counts the open actions in scope exactly.
func (s *Store) OpenCounts(ctx context.Context, sc scope.Scope) (Counts, error) {
	where, args := sc.Filter(areaCol, orgCol)
	c := Counts{ByKind: map[Kind]int{}}
	err := db.Each(ctx, s.DB.Read(), `SELECT g.kind, count(*), COALESCE(sum(CASE WHEN g.deadline < ? THEN 1 ELSE 0 END), 0) FROM gap_actions g
		WHERE g.status = ? AND `+where+` GROUP BY g.kind`, append([]any{s.now(), Open}, args...),
		func(r db.Scanner) ([3]any, error) {
			var k Kind
			var n, od int
			err := r.Scan(&k, &n, &od)
			return [3]any{k, n, od}, err
		}, func(v [3]any) error {
			n, od := v[1].(int), v[2].(int)
			c.ByKind[v[0].(Kind)] = n
			c.Open += n
			c.Overdue += od
			return nil
		})
	return c, apperr.Wrap(err, "gap counts")
}
