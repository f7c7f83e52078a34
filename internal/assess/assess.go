// Package assess keeps indicator schemes (考核指标体系), applies a version
// of a scheme to a period over the basic orgs in scope, and derives the four
// indices (四项指数) from the stored scores.
package assess

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/clock"
)

// Sanya is the platform's time zone.
var Sanya = clock.Sanya

// Measure is a quantity the platform holds for an org over a period.
type Measure string

// The measures an indicator's formula can name. Each is defined over the
// basic orgs (branches and joint branches) and one period; DESIGN: one
// definition in SQL (measure_sql.go, the plain GROUP BY recomputation) and
// one in the engine (engine.go), which the tests hold equal.
const (
	MeetingCompliance   Measure = "meeting_compliance"   // 三会一课 held/required, %
	MeetingAttendance   Measure = "meeting_attendance"   // members present/expected at the period's meetings, %
	OrderSatisfaction   Measure = "order_satisfaction"   // satisfied share of the rated orders placed in the org's area, %
	OrderOverdue        Measure = "order_overdue"        // overdue share of the orders placed in the org's area, % (negative)
	GapsClosed          Measure = "gaps_closed"          // closed share of the org's gap actions, %
	TalentEngagement    Measure = "talent_engagement"    // completed talent engagements on the org's demands starting in the period
	CultivationProgress Measure = "cultivation_progress" // recruitment steps the org recorded in the period
	ProjectProgress     Measure = "project_progress"     // mean rolled-up progress of the org's top projects, %
	SupervisionFindings Measure = "supervision_findings" // findings of visits in the period (negative)
)

// Measures are the known measures, in form order.
var Measures = []Measure{MeetingCompliance, MeetingAttendance, OrderSatisfaction, OrderOverdue, GapsClosed,
	TalentEngagement, CultivationProgress, ProjectProgress, SupervisionFindings}

// Negative reports whether a higher value is worse.
func (m Measure) Negative() bool { return m == SupervisionFindings || m == OrderOverdue }

// MeetingDriven reports whether a new or changed meeting can change m.
func (m Measure) MeetingDriven() bool { return m == MeetingCompliance || m == MeetingAttendance }

// Known reports whether m is a measure the platform holds.
func Known(m Measure) bool {
	for _, x := range Measures {
		if x == m {
			return true
		}
	}
	return false
}

// StandardIndicators is a scheme over every measure, weights summing to
// 100, each measure under its index: the demo's scheme and the
// benchmark's.
func StandardIndicators() []Indicator {
	return []Indicator{
		{Name: "三会一课落实", Weight: 20, Measure: MeetingCompliance, Target: 100, Index: "organization"},
		{Name: "组织生活参会率", Weight: 10, Measure: MeetingAttendance, Target: 90, Index: "organization"},
		{Name: "覆盖空白整改", Weight: 10, Measure: GapsClosed, Target: 100, Index: "organization"},
		{Name: "点单服务满意率", Weight: 15, Measure: OrderSatisfaction, Target: 90, Index: "service"},
		{Name: "点单超时率", Weight: 10, Measure: OrderOverdue, Target: 20, Index: "service"},
		{Name: "项目推进", Weight: 10, Measure: ProjectProgress, Target: 80, Index: "service"},
		{Name: "人才服务", Weight: 10, Measure: TalentEngagement, Target: 2, Index: "talent"},
		{Name: "发展党员", Weight: 5, Measure: CultivationProgress, Target: 2, Index: "talent"},
		{Name: "督查问题", Weight: 10, Measure: SupervisionFindings, Target: 4, Index: "integrity"},
	}
}

// Indices are the four indices (四项指数).
var Indices = []string{"organization", "service", "talent", "integrity"}

// Indicator is one weighted indicator of a version.
type Indicator struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Weight  int     `json:"weight"`
	Measure Measure `json:"measure"`
	Target  float64 `json:"target"`
	Index   string  `json:"index,omitempty"`
}

// Normalise maps a raw value to 0–100 against the target: for a positive
// measure value/target (capped at 100), for a negative one 100 at zero
// falling to 0 at the target.
func (i Indicator) Normalise(v float64) float64 {
	var n float64
	if i.Measure.Negative() {
		if i.Target <= 0 {
			if v <= 0 {
				return 100
			}
			return 0
		}
		n = 100 * (1 - v/i.Target)
	} else {
		n = 100 * v / i.Target
	}
	return math.Round(math.Max(0, math.Min(100, n))*100) / 100
}

// ValidateIndicators checks a version's indicators: named, weights 1–100
// summing to exactly 100, known measures, positive targets (zero allowed
// for a negative measure), known indices.
func ValidateIndicators(xs []Indicator) error {
	if len(xs) == 0 {
		return apperr.InvalidField("indicators", "err.assess.no_indicators")
	}
	sum := 0
	for i := range xs {
		x := &xs[i]
		x.Name = strings.TrimSpace(x.Name)
		if x.Name == "" {
			return apperr.InvalidField("name", "err.assess.name_required")
		}
		if x.Weight < 1 || x.Weight > 100 {
			return apperr.InvalidField("weight", "err.assess.weight_range").With("name", x.Name)
		}
		sum += x.Weight
		if !Known(x.Measure) {
			return apperr.InvalidField("measure", "err.assess.unknown_measure").With("measure", string(x.Measure))
		}
		if x.Target < 0 || (x.Target == 0 && !x.Measure.Negative()) || math.IsNaN(x.Target) || math.IsInf(x.Target, 0) {
			return apperr.InvalidField("target", "err.assess.target_range").With("name", x.Name)
		}
		if x.Index != "" && !knownIndex(x.Index) {
			return apperr.InvalidField("index", "err.assess.unknown_index")
		}
	}
	if sum != 100 {
		return apperr.InvalidField("weight", "err.assess.weight_sum").With("sum", sum)
	}
	return nil
}

func knownIndex(s string) bool {
	for _, x := range Indices {
		if x == s {
			return true
		}
	}
	return false
}

// Period is a year ("2026") or a quarter ("2026-Q3").
type Period struct {
	Year, Quarter int
}

// ParsePeriod reads "2026" or "2026-Q3".
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := apperr.InvalidField("period", "err.assess.period")
	y, q, ok := strings.Cut(s, "-Q")
	year, err := strconv.Atoi(y)
	if err != nil || year < 2000 || year > 2100 {
		return Period{}, bad
	}
	p := Period{Year: year}
	if ok {
		if p.Quarter, err = strconv.Atoi(q); err != nil || p.Quarter < 1 || p.Quarter > 4 {
			return Period{}, bad
		}
	}
	return p, nil
}

func (p Period) String() string {
	if p.Quarter != 0 {
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Quarter)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// Range is the first and last day, YYYY-MM-DD.
func (p Period) Range() (string, string) {
	if p.Quarter == 0 {
		return fmt.Sprintf("%04d-01-01", p.Year), fmt.Sprintf("%04d-12-31", p.Year)
	}
	first := time.Date(p.Year, time.Month(3*p.Quarter-2), 1, 0, 0, 0, 0, time.UTC)
	return first.Format("2006-01-02"), first.AddDate(0, 3, -1).Format("2006-01-02")
}
