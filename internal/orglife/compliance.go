package orglife

import (
	"fmt"
	"time"

	"dangjian/internal/apperr"
)

// The rules of 三会一课 and the theme day: what a branch must hold in each
// month or quarter.
//
//   - committee meeting (支委会), party group meeting (党小组会) and theme
//     day (主题党日): at least one each month;
//   - general meeting (党员大会) and party lecture (党课): at least one each
//     quarter.
//
// A period counts once it has ended (its last day is before today), or
// earlier if it is already met; a period still running and not yet met is
// pending, neither required nor missing. Several meetings of a kind in one
// period count once. Study sessions have no requirement. A month's window
// counts only the monthly requirements; a quarter or a year counts both.

// Rule is one requirement: a kind, monthly or quarterly.
type Rule struct {
	Kind      Kind
	Quarterly bool
}

// Rules lists the requirements in display order.
var Rules = []Rule{{GeneralMeeting, true}, {CommitteeMeet, false}, {GroupMeeting, false}, {Lecture, true}, {ThemeDay, false}}

// Period is the window of a compliance report: a year, or one quarter or
// one month of it.
type Period struct {
	Year    int
	Quarter int // 1–4, or 0
	Month   int // 1–12, or 0
}

// Validate checks the window.
func (p Period) Validate() error {
	if p.Year < 2000 || p.Year > 2100 {
		return apperr.InvalidField("year", "err.param.range").With("min", 2000).With("max", 2100)
	}
	if p.Quarter < 0 || p.Quarter > 4 {
		return apperr.InvalidField("quarter", "err.param.range").With("min", 1).With("max", 4)
	}
	if p.Month < 0 || p.Month > 12 {
		return apperr.InvalidField("month", "err.param.range").With("min", 1).With("max", 12)
	}
	if p.Quarter != 0 && p.Month != 0 {
		return apperr.InvalidField("month", "err.orglife.period_both")
	}
	return nil
}

// Months lists the months of the window.
func (p Period) Months() []int {
	switch {
	case p.Month != 0:
		return []int{p.Month}
	case p.Quarter != 0:
		q := 3*(p.Quarter-1) + 1
		return []int{q, q + 1, q + 2}
	}
	return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
}

// Quarters lists the quarters whose quarterly requirements the window
// counts (none for a month).
func (p Period) Quarters() []int {
	switch {
	case p.Month != 0:
		return nil
	case p.Quarter != 0:
		return []int{p.Quarter}
	}
	return []int{1, 2, 3, 4}
}

// Range is the window's first and last day (YYYY-MM-DD).
func (p Period) Range() (string, string) {
	ms := p.Months()
	from := time.Date(p.Year, time.Month(ms[0]), 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(p.Year, time.Month(ms[len(ms)-1])+1, 0, 0, 0, 0, 0, time.UTC)
	return from.Format("2006-01-02"), to.Format("2006-01-02")
}

// MonthLabel and QuarterLabel name periods: "2026-03", "2026-Q1".
func MonthLabel(y, m int) string   { return fmt.Sprintf("%04d-%02d", y, m) }
func QuarterLabel(y, q int) string { return fmt.Sprintf("%04d-Q%d", y, q) }

// PeriodOf returns the month and quarter labels of a date (YYYY-MM-DD).
func PeriodOf(day string) (month, quarter string) {
	var y, m int
	fmt.Sscanf(day, "%d-%d", &y, &m)
	return MonthLabel(y, m), QuarterLabel(y, (m+2)/3)
}

// Outcome is one requirement in one period.
type Outcome struct {
	Kind    Kind
	Period  string // "2026-03" or "2026-Q1"
	Month   int    // the month (monthly rules), else 0
	Met     bool
	Pending bool // still running and not yet met: not counted
}

// Evaluate applies the rules to one org over a window. held reports
// whether the org held a meeting of a kind in a period (by label).
func Evaluate(p Period, today string, held func(k Kind, period string) bool) []Outcome {
	var out []Outcome
	ended := func(lastDay time.Time) bool { return lastDay.Format("2006-01-02") < today }
	for _, r := range Rules {
		if r.Quarterly {
			for _, q := range p.Quarters() {
				label := QuarterLabel(p.Year, q)
				last := time.Date(p.Year, time.Month(3*q)+1, 0, 0, 0, 0, 0, time.UTC)
				o := Outcome{Kind: r.Kind, Period: label, Met: held(r.Kind, label)}
				o.Pending = !o.Met && !ended(last)
				out = append(out, o)
			}
			continue
		}
		for _, m := range p.Months() {
			label := MonthLabel(p.Year, m)
			last := time.Date(p.Year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
			o := Outcome{Kind: r.Kind, Period: label, Month: m, Met: held(r.Kind, label)}
			o.Pending = !o.Met && !ended(last)
			out = append(out, o)
		}
	}
	return out
}

// Score is required against held.
type Score struct {
	Required int `json:"required"`
	Held     int `json:"held"`
}

// Rate is Held/Required, and false when nothing was required.
func (s Score) Rate() (float64, bool) {
	if s.Required == 0 {
		return 0, false
	}
	return float64(s.Held) / float64(s.Required), true
}

func (s *Score) add(o Score) { s.Required += o.Required; s.Held += o.Held }

// Gap is a requirement missed in a period.
type Gap struct {
	Kind   Kind   `json:"kind"`
	Period string `json:"period"`
}

// Row is one org's compliance: a branch's own, or a committee's or general
// branch's as the sum of the branches in its subtree.
type Row struct {
	OrgID    int64          `json:"org_id"`
	ParentID int64          `json:"parent_id,omitempty"`
	Name     string         `json:"name"`
	OrgKind  string         `json:"org_kind"`
	Path     string         `json:"-"`
	Branches int            `json:"branches"`
	ByKind   map[Kind]Score `json:"by_kind"`
	Total    Score          `json:"total"`
	Missing  []Gap          `json:"missing,omitempty"`
}

// Add counts a branch's outcomes into the row; keep records its gaps.
func (r *Row) Add(outs []Outcome, keep bool) {
	if r.ByKind == nil {
		r.ByKind = map[Kind]Score{}
	}
	for _, o := range outs {
		if o.Pending {
			continue
		}
		s := Score{Required: 1}
		if o.Met {
			s.Held = 1
		} else if keep {
			r.Missing = append(r.Missing, Gap{o.Kind, o.Period})
		}
		k := r.ByKind[o.Kind]
		k.add(s)
		r.ByKind[o.Kind] = k
		r.Total.add(s)
	}
}

func (r *Row) merge(b Row) {
	if r.ByKind == nil {
		r.ByKind = map[Kind]Score{}
	}
	for k, s := range b.ByKind {
		x := r.ByKind[k]
		x.add(s)
		r.ByKind[k] = x
	}
	r.Total.add(b.Total)
	r.Branches += b.Branches
}

// MonthScore is the monthly requirements of every branch in one month.
type MonthScore struct {
	Month int   `json:"month"`
	Score Score `json:"score"`
}

// Report is a window's compliance in a scope.
type Report struct {
	Period   Period       `json:"period"`
	Today    string       `json:"today"`
	Branches []Row        `json:"branches"` // the basic orgs that hold 三会一课
	Groups   []Row        `json:"groups"`   // committees and general branches: their subtrees' sums
	Top      []Row        `json:"top"`      // the subordinate orgs of the report's root (the chart)
	Total    Row          `json:"total"`
	Months   []MonthScore `json:"months"`
}
