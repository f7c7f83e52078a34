package assess

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
	"dangjian/internal/scope"
)

// Store keeps schemes, versions and runs. Schemes are shared definitions;
// the scores of a run are read through their org's scope, and a run with
// no org in scope is not found.
type Store struct {
	DB *db.DB
	// Clock is the time source for "today" and the rows' timestamps;
	// nil is the wall clock.
	Clock clock.Func
}

// Today is Sanya's date, YYYY-MM-DD.
func (s *Store) Today() string { return s.Clock.Today() }

// Scheme is a named set of versions.
type Scheme struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	Versions []Version `json:"versions,omitempty"`
	Count    int       `json:"version_count"`
}

// Version is one version of a scheme's indicators.
type Version struct {
	ID         int64       `json:"id"`
	Version    int         `json:"version"`
	Locked     bool        `json:"locked"` // applied to a closed period
	Indicators []Indicator `json:"indicators"`
	Runs       []Run       `json:"runs,omitempty"`
}

// Run is a version applied to a period.
type Run struct {
	ID         int64       `json:"id"`
	VersionID  int64       `json:"version_id"`
	SchemeID   int64       `json:"scheme_id"`
	SchemeName string      `json:"scheme_name"`
	Version    int         `json:"version"`
	Period     string      `json:"period"`
	Open       bool        `json:"open"` // the period has not ended: scores follow new meetings
	Indicators []Indicator `json:"indicators,omitempty"`
	Scores     []Score     `json:"scores,omitempty"`
}

// Score is one org's result in a run.
type Score struct {
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	ParentName string    `json:"parent_name"`
	Score      float64   `json:"score"`
	Rank       int       `json:"rank"`
	Raw        []float64 `json:"raw"`  // per indicator, in indicator order
	Norm       []float64 `json:"norm"` // per indicator, 0–100
}

// CreateScheme makes a scheme with an empty first version.
func (s *Store) CreateScheme(ctx context.Context, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, apperr.InvalidField("name", "err.assess.name_required")
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		now := s.Clock.Stamp()
		if id, err = db.InsertID(ctx, tx, `INSERT INTO assess_schemes (name, created_at) VALUES (?,?)`, name, now); err != nil {
			return apperr.Wrap(err, "assess scheme")
		}
		if _, err = db.InsertID(ctx, tx, `INSERT INTO assess_versions (scheme_id, version, created_at) VALUES (?,1,?)`, id, now); err != nil {
			return apperr.Wrap(err, "assess version")
		}
		return audit.Record(ctx, tx, "assess.scheme", "assess_scheme", id, map[string]any{"name": name})
	})
	return id, err
}

// ListSchemes returns every scheme with its number of versions.
func (s *Store) ListSchemes(ctx context.Context) ([]Scheme, error) {
	var out []Scheme
	err := db.Each(ctx, s.DB.Read(), `SELECT s.id, s.name, (SELECT count(*) FROM assess_versions v WHERE v.scheme_id = s.id) FROM assess_schemes s ORDER BY s.id`, nil,
		func(r db.Scanner) (Scheme, error) {
			var x Scheme
			return x, r.Scan(&x.ID, &x.Name, &x.Count)
		}, func(x Scheme) error { out = append(out, x); return nil })
	return out, apperr.Wrap(err, "assess schemes")
}

func indicators(ctx context.Context, q db.Querier, versionID int64) ([]Indicator, error) {
	var out []Indicator
	err := db.Each(ctx, q, `SELECT id, name, weight, measure, target, index_key FROM assess_indicators WHERE version_id = ? ORDER BY id`, []any{versionID},
		func(r db.Scanner) (Indicator, error) {
			var x Indicator
			return x, r.Scan(&x.ID, &x.Name, &x.Weight, &x.Measure, &x.Target, &x.Index)
		}, func(x Indicator) error { out = append(out, x); return nil })
	return out, apperr.Wrap(err, "assess indicators")
}

// runVisible is the condition that a run has a score of an org in scope.
func runVisible(sc scope.Scope) (string, []any) {
	w, args := sc.Filter("o.area_path", "o.path")
	return `EXISTS (SELECT 1 FROM assess_scores sc JOIN orgs o ON o.id = sc.org_id WHERE sc.run_id = r.id AND ` + w + `)`, args
}

// VersionScheme is the scheme a version belongs to (schemes are the
// city's, like GetScheme's); apperr.ErrNotFound for no such version.
func (s *Store) VersionScheme(ctx context.Context, versionID int64) (int64, error) {
	var id int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT scheme_id FROM assess_versions WHERE id = ?`, versionID).Scan(&id)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return 0, apperr.ErrNotFound
	}
	return id, apperr.Wrap(err, "assess version scheme")
}

// GetScheme returns a scheme with its versions, their indicators and the
// runs visible in scope.
func (s *Store) GetScheme(ctx context.Context, sc scope.Scope, id int64) (Scheme, error) {
	q := s.DB.Read()
	var x Scheme
	err := q.QueryRowContext(ctx, `SELECT id, name FROM assess_schemes WHERE id = ?`, id).Scan(&x.ID, &x.Name)
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return x, apperr.ErrNotFound
	} else if err != nil {
		return x, apperr.Wrap(err, "assess scheme")
	}
	today := s.Today()
	err = db.Each(ctx, q, `SELECT v.id, v.version, (SELECT count(*) FROM assess_runs r WHERE r.version_id = v.id AND r.period_end < ?)
		FROM assess_versions v WHERE v.scheme_id = ? ORDER BY v.version DESC`, []any{today, id},
		func(r db.Scanner) (Version, error) {
			var v Version
			var n int
			err := r.Scan(&v.ID, &v.Version, &n)
			v.Locked = n > 0
			return v, err
		}, func(v Version) error { x.Versions = append(x.Versions, v); return nil })
	if err != nil {
		return x, apperr.Wrap(err, "assess versions")
	}
	vis, args := runVisible(sc)
	for i := range x.Versions {
		v := &x.Versions[i]
		if v.Indicators, err = indicators(ctx, q, v.ID); err != nil {
			return x, err
		}
		err = db.Each(ctx, q, `SELECT r.id, r.period FROM assess_runs r WHERE r.version_id = ? AND `+vis+` ORDER BY r.id DESC`, append([]any{v.ID}, args...),
			func(r db.Scanner) (Run, error) {
				var run Run
				return run, r.Scan(&run.ID, &run.Period)
			}, func(r Run) error { v.Runs = append(v.Runs, r); return nil })
		if err != nil {
			return x, apperr.Wrap(err, "assess runs")
		}
	}
	return x, nil
}

// SetIndicators replaces the indicators of a version. A locked version is
// left as it is: the indicators become a new version of its scheme, whose
// id is returned with created set.
func (s *Store) SetIndicators(ctx context.Context, versionID int64, xs []Indicator) (id int64, created bool, err error) {
	if err := ValidateIndicators(xs); err != nil {
		return 0, false, err
	}
	today := s.Today()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var schemeID int64
		var locked int
		err := tx.QueryRowContext(ctx, `SELECT v.scheme_id, (SELECT count(*) FROM assess_runs r WHERE r.version_id = v.id AND r.period_end < ?)
			FROM assess_versions v WHERE v.id = ?`, today, versionID).Scan(&schemeID, &locked)
		if errors.Is(db.Normalize(err), db.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return apperr.Wrap(err, "assess version")
		}
		id = versionID
		if locked > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT max(version) FROM assess_versions WHERE scheme_id = ?`, schemeID).Scan(&n); err != nil {
				return apperr.Wrap(err, "assess version max")
			}
			if id, err = db.InsertID(ctx, tx, `INSERT INTO assess_versions (scheme_id, version, created_at) VALUES (?,?,?)`, schemeID, n+1, s.Clock.Stamp()); err != nil {
				return apperr.Wrap(err, "assess version insert")
			}
			created = true
		} else if _, err := tx.ExecContext(ctx, `DELETE FROM assess_indicators WHERE version_id = ?`, id); err != nil {
			return apperr.Wrap(err, "assess indicators delete")
		}
		for _, x := range xs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assess_indicators (version_id, name, weight, measure, target, index_key) VALUES (?,?,?,?,?,?)`,
				id, x.Name, x.Weight, string(x.Measure), x.Target, x.Index); err != nil {
				return apperr.Wrap(err, "assess indicator insert")
			}
		}
		return audit.Record(ctx, tx, "assess.indicators", "assess_version", id, map[string]any{"from_version_id": versionID, "new_version": created, "indicators": xs})
	})
	return id, created, err
}

// Apply computes a version over a period for every basic org in scope,
// stores the scores and ranking, and returns the run's id.
func (s *Store) Apply(ctx context.Context, sc scope.Scope, versionID int64, period string) (int64, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return 0, err
	}
	q := s.DB.Read()
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM assess_versions WHERE id = ?`, versionID).Scan(&n); err != nil {
		return 0, apperr.Wrap(err, "assess version")
	}
	if n == 0 {
		return 0, apperr.ErrNotFound
	}
	xs, err := indicators(ctx, q, versionID)
	if err != nil {
		return 0, err
	}
	if len(xs) == 0 {
		return 0, apperr.InvalidField("version_id", "err.assess.no_indicators")
	}
	f, err := LoadFacts(ctx, s.DB, sc, p, s.Today())
	if err != nil {
		return 0, err
	}
	if len(f.IDs) == 0 {
		return 0, apperr.InvalidField("period", "err.assess.no_orgs")
	}
	scores := f.Score(xs)
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].Score > scores[j].Score })
	for i := range scores {
		scores[i].Rank = i + 1
		if i > 0 && scores[i].Score == scores[i-1].Score {
			scores[i].Rank = scores[i-1].Rank
		}
	}
	_, end := p.Range()
	var id int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if id, err = db.InsertID(ctx, tx, `INSERT INTO assess_runs (version_id, period, period_end, created_by, created_at) VALUES (?,?,?,?,?)`,
			versionID, p.String(), end, db.NullID(audit.ActorFrom(ctx).UserID), s.Clock.Stamp()); err != nil {
			return apperr.Wrap(err, "assess run")
		}
		if err := insertScores(ctx, tx, id, scores); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "assess.apply", "assess_run", id, map[string]any{"version_id": versionID, "period": p.String(), "orgs": len(scores)})
	})
	return id, err
}

// insertScores writes a run's scores 500 rows per statement (a province's
// 100k orgs in 200 statements instead of 100k round trips).
func insertScores(ctx context.Context, tx *db.Tx, runID int64, scores []Score) error {
	const batch = 500
	for lo := 0; lo < len(scores); lo += batch {
		part := scores[lo:min(lo+batch, len(scores))]
		args := make([]any, 0, 5*len(part))
		for _, x := range part {
			b, _ := json.Marshal(map[string]any{"raw": x.Raw, "norm": x.Norm})
			args = append(args, runID, x.OrgID, x.Score, x.Rank, string(b))
		}
		q := `INSERT INTO assess_scores (run_id, org_id, score, place, detail) VALUES ` + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?),", len(part)), ",")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return apperr.Wrap(err, "assess scores")
		}
	}
	return nil
}

// GetRun returns a run with the scores of the orgs in scope, best first.
func (s *Store) GetRun(ctx context.Context, sc scope.Scope, id int64) (Run, error) {
	q := s.DB.Read()
	vis, args := runVisible(sc)
	var x Run
	var end string
	err := q.QueryRowContext(ctx, `SELECT r.id, r.version_id, v.scheme_id, s.name, v.version, r.period, r.period_end FROM assess_runs r
		JOIN assess_versions v ON v.id = r.version_id JOIN assess_schemes s ON s.id = v.scheme_id WHERE r.id = ? AND `+vis, append([]any{id}, args...)...).
		Scan(&x.ID, &x.VersionID, &x.SchemeID, &x.SchemeName, &x.Version, &x.Period, &end)
	x.Open = end >= s.Today()
	if errors.Is(db.Normalize(err), db.ErrNoRows) {
		return x, apperr.ErrNotFound
	} else if err != nil {
		return x, apperr.Wrap(err, "assess run")
	}
	if x.Indicators, err = indicators(ctx, q, x.VersionID); err != nil {
		return x, err
	}
	w, wargs := sc.Filter("o.area_path", "o.path")
	// Ranks are over the whole run and computed on reading: the scores of
	// a run of an open period follow new meetings (live.go).
	err = db.Each(ctx, q, `SELECT sc.org_id, o.name, COALESCE(po.name, ''), sc.score, sc.place, sc.detail
		FROM (SELECT org_id, score, detail, rank() OVER (ORDER BY score DESC) AS place FROM assess_scores WHERE run_id = ?) sc
		JOIN orgs o ON o.id = sc.org_id LEFT JOIN orgs po ON po.id = o.parent_id WHERE `+w+` ORDER BY sc.place, o.path`,
		append([]any{id}, wargs...), func(r db.Scanner) (Score, error) {
			var x Score
			var detail string
			if err := r.Scan(&x.OrgID, &x.OrgName, &x.ParentName, &x.Score, &x.Rank, &detail); err != nil {
				return x, err
			}
			var d struct{ Raw, Norm []float64 }
			err := json.Unmarshal([]byte(detail), &d)
			x.Raw, x.Norm = d.Raw, d.Norm
			return x, err
		}, func(s Score) error { x.Scores = append(x.Scores, s); return nil })
	return x, apperr.Wrap(err, "assess scores")
}

// LatestRun is the id of the latest run visible in scope, 0 if none.
func (s *Store) LatestRun(ctx context.Context, sc scope.Scope) (int64, error) {
	vis, args := runVisible(sc)
	var id int64
	err := s.DB.Read().QueryRowContext(ctx, `SELECT COALESCE(max(r.id), 0) FROM assess_runs r WHERE `+vis, args...).Scan(&id)
	return id, apperr.Wrap(err, "assess latest run")
}

// IndexRow is the four indices of a group of orgs (a committee).
type IndexRow struct {
	Group  string             `json:"group"`
	Values map[string]float64 `json:"values"` // by index; absent when no indicator feeds it
}

// IndexRows averages, per parent org of the scored orgs, each index's
// indicators' normalised values.
func IndexRows(r Run) []IndexRow {
	type acc struct{ sum, n float64 }
	groups := map[string]map[string]*acc{}
	var order []string
	for _, sco := range r.Scores {
		g := sco.ParentName
		if groups[g] == nil {
			groups[g] = map[string]*acc{}
			order = append(order, g)
		}
		for i, x := range r.Indicators {
			if x.Index == "" || i >= len(sco.Norm) {
				continue
			}
			a := groups[g][x.Index]
			if a == nil {
				a = &acc{}
				groups[g][x.Index] = a
			}
			a.sum += sco.Norm[i]
			a.n++
		}
	}
	sort.Strings(order)
	var out []IndexRow
	for _, g := range order {
		row := IndexRow{Group: g, Values: map[string]float64{}}
		for k, a := range groups[g] {
			row.Values[k] = math.Round(a.sum/a.n*100) / 100
		}
		out = append(out, row)
	}
	return out
}
