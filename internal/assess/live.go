package assess

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
)

// Scores of open periods follow the records. A run whose period has not
// ended is a live ranking: when a meeting of an org is written (created,
// edited or deleted), the org's score in every such run whose period holds
// the meeting's date is recomputed inside the meeting's transaction —
// only the meeting-driven indicators change, the others keep their values
// from the run — and ranks are computed when the run is read. A run of a
// closed period is a record and never changes.

var errBadDetail = errors.New("score detail does not match the version's indicators")

// MeetingRecorded updates the org's scores in the open runs that a meeting
// of that day can change (see above). It is orglife.Store's Changed hook.
func (s *Store) MeetingRecorded(ctx context.Context, tx *db.Tx, orgID int64, day string) error {
	today := s.Today()
	type hit struct {
		run, version int64
		period       string
		detail       string
	}
	var hits []hit
	err := db.Each(ctx, tx, `SELECT r.id, r.version_id, r.period, sc.detail FROM assess_scores sc JOIN assess_runs r ON r.id = sc.run_id
		WHERE sc.org_id = ? AND r.period_end >= ? AND r.period_end >= ?`, []any{orgID, today, day},
		func(r db.Scanner) (hit, error) {
			var h hit
			return h, r.Scan(&h.run, &h.version, &h.period, &h.detail)
		}, func(h hit) error { hits = append(hits, h); return nil })
	if err != nil {
		return apperr.Wrap(err, "assess live runs")
	}
	for _, h := range hits {
		p, err := ParsePeriod(h.period)
		if err != nil {
			return err
		}
		if from, to := p.Range(); day < from || day > to {
			continue
		}
		if err := s.rescore(ctx, tx, h.run, h.version, p, today, orgID, h.detail); err != nil {
			return err
		}
	}
	return nil
}

// rescore recomputes one org's meeting-driven values in one run.
func (s *Store) rescore(ctx context.Context, tx *db.Tx, runID, versionID int64, p Period, today string, orgID int64, detail string) error {
	xs, err := cachedIndicators(ctx, tx, versionID)
	if err != nil {
		return err
	}
	driven := false
	for _, x := range xs {
		driven = driven || x.Measure.MeetingDriven()
	}
	if !driven {
		return nil
	}
	var d struct{ Raw, Norm []float64 }
	if err := json.Unmarshal([]byte(detail), &d); err != nil || len(d.Raw) != len(xs) || len(d.Norm) != len(xs) {
		return apperr.Wrap(errBadDetail, "assess score detail")
	}
	f := newFacts(p, today, []int64{orgID}, []int64{0})
	// orglife refreshed the org's meeting_months before calling the hook.
	if err := orglife.YearMonths(ctx, tx, p.Year, `o.id = ?`, []any{orgID}, func(m orglife.Months) { f.addMonths(0, m) }); err != nil {
		return err
	}
	months, quarters, endedM, endedQ := f.periodMasks()
	for j, x := range xs {
		if x.Measure.MeetingDriven() {
			d.Raw[j] = f.value(x.Measure, 0, months, quarters, endedM, endedQ)
			d.Norm[j] = x.Normalise(d.Raw[j])
		}
	}
	score := total(xs, d.Norm)
	b, _ := json.Marshal(map[string]any{"raw": d.Raw, "norm": d.Norm})
	if _, err := tx.ExecContext(ctx, `UPDATE assess_scores SET score = ?, detail = ? WHERE run_id = ? AND org_id = ?`, score, string(b), runID, orgID); err != nil {
		return apperr.Wrap(err, "assess rescore")
	}
	return audit.Record(ctx, tx, "assess.rescore", "assess_run", runID, map[string]any{"org_id": orgID, "score": score})
}

// cachedIndicators reads a version's indicators once per transaction.
func cachedIndicators(ctx context.Context, tx *db.Tx, versionID int64) ([]Indicator, error) {
	v, err := tx.Memo("assess.indicators."+strconv.FormatInt(versionID, 10), func() (any, error) { return indicators(ctx, tx, versionID) })
	if err != nil {
		return nil, err
	}
	return v.([]Indicator), nil
}
