package vanguard

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

// Store records and reads vanguard teams and study plans. Every query joins
// the row's org and filters on its area path and path, so the scope is the
// org's.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
	// Invited counts the mobile members invited to an activity (the
	// declaration feature's invitations), in the caller's transaction;
	// app wires it. Without it, deleting an invited activity is still
	// refused, by the database's reference.
	Invited func(ctx context.Context, q db.Querier, activityID int64) (int, error)
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

const areaCol, orgCol = "o.area_path", "o.path"

// upper is the exclusive upper bound of a path's subtree range.
func upper(p string) string { return p[:len(p)-1] + "0" }

// orgIn returns the path of an org in scope, or a translated "unknown org"
// error on field.
func orgIn(ctx context.Context, q db.Querier, sc scope.Scope, orgID int64, field string) (string, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var path string
	err := q.QueryRowContext(ctx, `SELECT o.path FROM orgs o WHERE o.id = ? AND `+w, append([]any{orgID}, args...)...).Scan(&path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "", apperr.InvalidField(field, "err.vanguard.org_unknown")
	}
	return path, apperr.Wrap(err, "vanguard org")
}

// eligible returns the party members (member or probationary) of the org
// at orgPath and its descendants that lie in scope, by name.
func eligible(ctx context.Context, q db.Querier, sc scope.Scope, orgPath string) ([]Member, error) {
	w, args := sc.Filter("p.area_path", "p.org_path")
	var out []Member
	err := db.Each(ctx, q, `SELECT p.id, p.name, o.name FROM people p JOIN orgs o ON o.id = p.org_id
		WHERE p.org_path >= ? AND p.org_path < ? AND p.status IN ('member', 'probationary') AND `+w+` ORDER BY p.name, p.id`,
		append([]any{orgPath, upper(orgPath)}, args...), func(r db.Scanner) (Member, error) {
			var m Member
			return m, r.Scan(&m.ID, &m.Name, &m.OrgName)
		}, func(m Member) error { out = append(out, m); return nil })
	return out, apperr.Wrap(err, "vanguard eligible")
}

// memberOf checks that a person is a party member of the org at orgPath or
// one of its descendants, in scope; refused on field with key otherwise.
func memberOf(ctx context.Context, q db.Querier, sc scope.Scope, orgPath string, personID int64, field string) error {
	w, args := sc.Filter("p.area_path", "p.org_path")
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM people p WHERE p.id = ? AND p.org_path >= ? AND p.org_path < ?
		AND p.status IN ('member', 'probationary') AND `+w, append([]any{personID, orgPath, upper(orgPath)}, args...)...).Scan(&n)
	if err != nil {
		return apperr.Wrap(err, "vanguard member check")
	}
	if n == 0 {
		return apperr.InvalidField(field, "err.vanguard.not_member").With("id", personID)
	}
	return nil
}

// Eligible returns who may join a team of an org in scope (or lead it):
// the party members of the org and its descendants.
func (s *Store) Eligible(ctx context.Context, sc scope.Scope, orgID int64) ([]Member, error) {
	path, err := orgIn(ctx, s.DB.Read(), sc, orgID, "org_id")
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			return nil, apperr.ErrNotFound
		}
		return nil, err
	}
	return eligible(ctx, s.DB.Read(), sc, path)
}

// CreateTeam records a team of an org in scope, its leader as its first
// member, with the audit entry. A leader who is not a party member of the
// org or its descendants, or a founding date after today, is refused and
// nothing is written.
func (s *Store) CreateTeam(ctx context.Context, sc scope.Scope, d TeamDraft) (Team, error) {
	if err := d.Validate(s.Today()); err != nil {
		return Team{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		path, err := orgIn(ctx, tx, sc, d.OrgID, "org_id")
		if err != nil {
			return err
		}
		if err := memberOf(ctx, tx, sc, path, d.LeaderID, "leader_id"); err != nil {
			return err
		}
		now := s.Clock.Stamp()
		id, err = db.InsertID(ctx, tx, `INSERT INTO vanguard_teams (org_id, name, focus, leader_id, founded_on, note, created_by, created_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, d.OrgID, d.Name, d.Focus, d.LeaderID, d.FoundedOn, d.Note, db.NullID(audit.ActorFrom(ctx).UserID), now, now)
		if err != nil {
			return apperr.Wrap(err, "vanguard team insert")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vanguard_members (team_id, person_id, added_at) VALUES (?,?,?)`, id, d.LeaderID, now); err != nil {
			return apperr.Wrap(err, "vanguard leader")
		}
		return audit.Record(ctx, tx, "vanguard.create", "vanguard_team", id, map[string]any{"org_id": d.OrgID, "name": d.Name,
			"focus": d.Focus, "leader_id": d.LeaderID, "founded_on": d.FoundedOn})
	})
	if err != nil {
		return Team{}, err
	}
	return s.GetTeam(ctx, sc, id)
}

// teamIn returns the org path of a team in scope.
func teamIn(ctx context.Context, q db.Querier, sc scope.Scope, id int64) (string, error) {
	w, args := sc.Filter(areaCol, orgCol)
	var path string
	err := q.QueryRowContext(ctx, `SELECT o.path FROM vanguard_teams t JOIN orgs o ON o.id = t.org_id WHERE t.id = ? AND `+w,
		append([]any{id}, args...)...).Scan(&path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "", apperr.ErrNotFound
	}
	return path, apperr.Wrap(err, "vanguard team")
}

// AddMember puts a party member of the team's org (or of a descendant) on
// a team in scope. Anyone else is refused with a clear error; a member
// already on the team is a conflict.
func (s *Store) AddMember(ctx context.Context, sc scope.Scope, teamID, personID int64) error {
	if personID <= 0 {
		return apperr.InvalidField("person_id", "err.vanguard.member_required")
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		path, err := teamIn(ctx, tx, sc, teamID)
		if err != nil {
			return err
		}
		if err := memberOf(ctx, tx, sc, path, personID, "person_id"); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM vanguard_members WHERE team_id = ? AND person_id = ?`, teamID, personID).Scan(&n); err != nil {
			return apperr.Wrap(err, "vanguard member")
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "err.vanguard.already_member")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vanguard_members (team_id, person_id, added_at) VALUES (?,?,?)`, teamID, personID, s.Clock.Stamp()); err != nil {
			if errors.Is(db.Normalize(err), db.ErrUnique) {
				return apperr.New(apperr.Conflict, "err.vanguard.already_member")
			}
			return apperr.Wrap(err, "vanguard member insert")
		}
		return audit.Record(ctx, tx, "vanguard.member_add", "vanguard_team", teamID, map[string]any{"person_id": personID})
	})
}

// AddActivity records an activity of a team in scope: a date not in the
// future and not before the team was founded, a title and the hours.
func (s *Store) AddActivity(ctx context.Context, sc scope.Scope, teamID int64, d ActivityDraft) (Activity, error) {
	if err := d.Validate(s.Today()); err != nil {
		return Activity{}, err
	}
	var a Activity
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := teamIn(ctx, tx, sc, teamID); err != nil {
			return err
		}
		var founded string
		if err := tx.QueryRowContext(ctx, `SELECT founded_on FROM vanguard_teams WHERE id = ?`, teamID).Scan(&founded); err != nil {
			return apperr.Wrap(err, "vanguard founded")
		}
		if d.HeldOn < founded {
			return apperr.InvalidField("held_on", "err.vanguard.before_founded").With("founded_on", founded)
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO vanguard_activities (team_id, held_on, title, hours, note, created_by, created_at) VALUES (?,?,?,?,?,?,?)`,
			teamID, d.HeldOn, d.Title, d.Hours, d.Note, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp())
		if err != nil {
			return apperr.Wrap(err, "vanguard activity insert")
		}
		a = Activity{ID: id, TeamID: teamID, HeldOn: d.HeldOn, Title: d.Title, Hours: d.Hours, Note: d.Note}
		return audit.Record(ctx, tx, "vanguard.activity", "vanguard_team", teamID, map[string]any{"activity_id": id, "held_on": d.HeldOn,
			"title": d.Title, "hours": d.Hours})
	})
	return a, err
}

const teamCols = `t.id, t.org_id, o.name, t.name, t.focus, t.leader_id, l.name, t.founded_on, t.note, t.created_at,
	(SELECT count(*) FROM vanguard_members m WHERE m.team_id = t.id),
	(SELECT count(*) FROM vanguard_activities a WHERE a.team_id = t.id),
	(SELECT COALESCE(sum(a.hours), 0) FROM vanguard_activities a WHERE a.team_id = t.id)`

const teamFrom = ` FROM vanguard_teams t JOIN orgs o ON o.id = t.org_id JOIN people l ON l.id = t.leader_id`

func scanTeam(r db.Scanner) (Team, error) {
	var t Team
	err := r.Scan(&t.ID, &t.OrgID, &t.OrgName, &t.Name, &t.Focus, &t.LeaderID, &t.LeaderName, &t.FoundedOn, &t.Note, &t.CreatedAt,
		&t.MemberN, &t.ActivityN, &t.Hours)
	return t, err
}

// GetTeam returns a team in scope with its members and activities (newest
// first).
func (s *Store) GetTeam(ctx context.Context, sc scope.Scope, id int64) (Team, error) {
	w, args := sc.Filter(areaCol, orgCol)
	q := s.DB.Read()
	t, err := scanTeam(q.QueryRowContext(ctx, `SELECT `+teamCols+teamFrom+` WHERE t.id = ? AND `+w, append([]any{id}, args...)...))
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return Team{}, apperr.ErrNotFound
	} else if err != nil {
		return Team{}, apperr.Wrap(err, "vanguard team get")
	}
	err = db.Each(ctx, q, `SELECT p.id, p.name, COALESCE(po.name, '') FROM vanguard_members m JOIN people p ON p.id = m.person_id
		LEFT JOIN orgs po ON po.id = p.org_id WHERE m.team_id = ? ORDER BY p.name, p.id`, []any{id}, func(r db.Scanner) (Member, error) {
		var m Member
		return m, r.Scan(&m.ID, &m.Name, &m.OrgName)
	}, func(m Member) error { t.Members = append(t.Members, m); return nil })
	if err != nil {
		return t, apperr.Wrap(err, "vanguard team members")
	}
	err = db.Each(ctx, q, `SELECT id, team_id, held_on, title, hours, note FROM vanguard_activities WHERE team_id = ? ORDER BY held_on DESC, id DESC`,
		[]any{id}, func(r db.Scanner) (Activity, error) {
			var a Activity
			return a, r.Scan(&a.ID, &a.TeamID, &a.HeldOn, &a.Title, &a.Hours, &a.Note)
		}, func(a Activity) error { t.Activities = append(t.Activities, a); return nil })
	return t, apperr.Wrap(err, "vanguard team activities")
}

// TeamFilter narrows a team list.
type TeamFilter struct {
	OrgID   int64  `query:"org_id"` // the org and its subtree
	Focus   Focus  `query:"focus,enum"`
	Q       string `query:"q"` // team name or leader's name
	Sort    string `query:"sort"`
	db.Page `query:"page"`
}

var teamSorts = map[string]string{"name": "t.name", "org": "o.name", "focus": "t.focus", "founded_on": "t.founded_on", "leader": "l.name"}

// orgSubtree adds an org-subtree condition; an unknown org matches nothing.
func orgSubtree(ctx context.Context, q db.Querier, orgID int64) (string, []any, error) {
	var path string
	err := q.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = ?`, orgID).Scan(&path)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return "1=0", nil, nil
	} else if err != nil {
		return "", nil, apperr.Wrap(err, "vanguard org filter")
	}
	return "o.path >= ? AND o.path < ?", []any{path, upper(path)}, nil
}

// where is a list's condition: the scope, the org subtree, an exact value
// of one column (when not empty) and a text search over some columns.
func (s *Store) where(ctx context.Context, sc scope.Scope, orgID int64, eqCol, eq, q string, qCols ...string) (string, []any, error) {
	where, args := sc.Filter(areaCol, orgCol)
	if orgID != 0 {
		c, a, err := orgSubtree(ctx, s.DB.Read(), orgID)
		if err != nil {
			return "", nil, err
		}
		where += " AND " + c
		args = append(args, a...)
	}
	if eq != "" {
		where += " AND " + eqCol + " = ?"
		args = append(args, eq)
	}
	if q = strings.TrimSpace(q); q != "" {
		var ors []string
		for _, col := range qCols {
			c, a := db.Contains(col, q)
			ors = append(ors, c)
			args = append(args, a)
		}
		where += " AND (" + strings.Join(ors, " OR ") + ")"
	}
	return where, args, nil
}

func (s *Store) teamWhere(ctx context.Context, sc scope.Scope, f TeamFilter) (string, []any, error) {
	return s.where(ctx, sc, f.OrgID, "t.focus", string(f.Focus), f.Q, "t.name", "l.name")
}

// ListTeams returns a page of teams in scope (by name by default) and the
// capped total.
func (s *Store) ListTeams(ctx context.Context, sc scope.Scope, f TeamFilter) ([]Team, int, error) {
	if err := db.CheckSort(f.Sort, teamSorts); err != nil {
		return nil, 0, err
	}
	where, args, err := s.teamWhere(ctx, sc, f)
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, s.DB.Read(), teamCols, teamFrom, where, db.OrderBy(f.Sort, teamSorts, "t.name, t.id", "t.id"), args, f.Page, scanTeam)
}

// EachTeam streams every team in scope matching f (exports).
func (s *Store) EachTeam(ctx context.Context, sc scope.Scope, f TeamFilter, fn func(Team) error) error {
	if err := db.CheckSort(f.Sort, teamSorts); err != nil {
		return err
	}
	where, args, err := s.teamWhere(ctx, sc, f)
	if err != nil {
		return err
	}
	return apperr.Wrap(db.Each(ctx, s.DB.Read(), `SELECT `+teamCols+teamFrom+` WHERE `+where+db.OrderBy(f.Sort, teamSorts, "t.name, t.id", "t.id"),
		args, scanTeam, fn), "vanguard export")
}

// listPage reads one page of a list and its capped total.
func listPage[T any](ctx context.Context, q db.Querier, cols, from, where, order string, args []any, page db.Page, scan func(db.Scanner) (T, error)) ([]T, int, error) {
	total, err := db.CountCapped(ctx, q, from+` WHERE `+where, args...)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "vanguard count")
	}
	pg := page.Norm()
	var out []T
	err = db.Each(ctx, q, `SELECT `+cols+from+` WHERE `+where+order+` LIMIT ? OFFSET ?`, append(args, pg.Limit, pg.Offset), scan,
		func(x T) error { out = append(out, x); return nil })
	return out, total, apperr.Wrap(err, "vanguard list")
}
