package assess

import (
	"math"
	"math/bits"
	"time"

	"dangjian/internal/orglife"
)

// Facts are the per-org quantities of one period from which every measure
// is computed: a column per quantity, one slot per basic org in scope. Two
// loaders fill them — LoadFactsSQL, where the database aggregates with
// GROUP BY, and LoadFacts, the engine, which streams the raw records in
// parallel and aggregates in Go — and the tests hold them equal.
type Facts struct {
	Period Period
	Today  string
	IDs    []int64 // basic orgs in scope, by id
	Area   []int64 // each org's area (orders are counted by area)
	pos    map[int64]int32

	// held is, per org and required kind (orglife.Rules order), the months
	// (bit m-1) of the period in which at least one such meeting was held.
	held              []uint16
	expected, present []int64
	ordTotal          []int32
	ordOverdue        []int32
	ordRated          []int32
	ordSatisfied      []int32
	gapTotal          []int32
	gapClosed         []int32
	engaged           []int32
	steps             []int32
	findings          []int32
	projSum           []float64
	projN             []int32
}

// nRules is the number of required meeting kinds.
var nRules = len(orglife.Rules)

func newFacts(p Period, today string, ids, area []int64) *Facts {
	n := len(ids)
	f := &Facts{Period: p, Today: today, IDs: ids, Area: area, pos: make(map[int64]int32, n),
		held: make([]uint16, n*nRules), expected: make([]int64, n), present: make([]int64, n),
		ordTotal: make([]int32, n), ordOverdue: make([]int32, n), ordRated: make([]int32, n), ordSatisfied: make([]int32, n),
		gapTotal: make([]int32, n), gapClosed: make([]int32, n), engaged: make([]int32, n), steps: make([]int32, n),
		findings: make([]int32, n), projSum: make([]float64, n), projN: make([]int32, n)}
	for i, id := range ids {
		f.pos[id] = int32(i)
	}
	return f
}

// Index is the slot of an org, false when it is not in the facts.
func (f *Facts) Index(orgID int64) (int, bool) {
	i, ok := f.pos[orgID]
	return int(i), ok
}

// addMeeting counts meetings of kind index k (or -1) in month m (1–12).
func (f *Facts) addMeeting(i, k, m int, expected, present int64) {
	if k >= 0 && m >= 1 && m <= 12 {
		f.held[i*nRules+k] |= 1 << (m - 1)
	}
	f.expected[i] += expected
	f.present[i] += present
}

// addMonths counts an org's meeting summary of the period's year: the
// months held (masked to the period by the rules) and the members expected
// and present in the period's quarters.
func (f *Facts) addMonths(i int, m orglife.Months) {
	for k := 0; k < nRules; k++ {
		f.held[i*nRules+k] |= m.Held(k)
	}
	for q := 1; q <= 4; q++ {
		if f.Period.Quarter == 0 || f.Period.Quarter == q {
			f.expected[i] += m.Expected[q-1]
			f.present[i] += m.Present[q-1]
		}
	}
}

// periodMasks are the months and quarters of the period (bit m-1, bit
// q-1) and those among them that have ended before today.
func (f *Facts) periodMasks() (months, quarters, endedM, endedQ uint16) {
	p := f.Period
	if p.Quarter == 0 {
		months, quarters = 0xfff, 0xf
	} else {
		months, quarters = 7<<(3*(p.Quarter-1)), 1<<(p.Quarter-1)
	}
	for m := 1; m <= 12; m++ {
		last := time.Date(p.Year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		if last < f.Today {
			endedM |= 1 << (m - 1)
			if m%3 == 0 {
				endedQ |= 1 << (m/3 - 1)
			}
		}
	}
	return months & 0xfff, quarters, endedM & months, endedQ & quarters
}

// quarterBits folds month bits into quarter bits.
func quarterBits(m uint16) uint16 {
	var q uint16
	for i := 0; i < 4; i++ {
		if m&(7<<(3*i)) != 0 {
			q |= 1 << i
		}
	}
	return q
}

// compliance is held/required of the 三会一课 rules for org i, with the
// same counting as orglife.Evaluate and Row.Add: a requirement whose month
// or quarter is still running and not yet met is not counted.
func (f *Facts) compliance(i int, months, quarters, endedM, endedQ uint16) (held, required int) {
	for k, r := range orglife.Rules {
		h := f.held[i*nRules+k]
		if r.Quarterly {
			q := quarterBits(h) & quarters
			held += bits.OnesCount16(q)
			required += bits.OnesCount16(quarters & (q | endedQ))
			continue
		}
		mo := h & months
		held += bits.OnesCount16(mo)
		required += bits.OnesCount16(months & (mo | endedM))
	}
	return held, required
}

func pct(num, den float64, none float64) float64 {
	if den <= 0 {
		return none
	}
	return math.Round(10000*num/den) / 100
}

// Values computes a measure for every org, in IDs order.
func (f *Facts) Values(m Measure) []float64 {
	out := make([]float64, len(f.IDs))
	months, quarters, endedM, endedQ := f.periodMasks()
	for i := range out {
		out[i] = f.value(m, i, months, quarters, endedM, endedQ)
	}
	return out
}

func (f *Facts) value(m Measure, i int, months, quarters, endedM, endedQ uint16) float64 {
	switch m {
	case MeetingCompliance:
		h, r := f.compliance(i, months, quarters, endedM, endedQ)
		return pct(float64(h), float64(r), 100) // nothing required yet
	case MeetingAttendance:
		return pct(float64(f.present[i]), float64(f.expected[i]), 100) // no meeting with a roster
	case OrderSatisfaction:
		return pct(float64(f.ordSatisfied[i]), float64(f.ordRated[i]), 100) // nothing rated
	case OrderOverdue:
		return pct(float64(f.ordOverdue[i]), float64(f.ordTotal[i]), 0) // no order
	case GapsClosed:
		return pct(float64(f.gapClosed[i]), float64(f.gapTotal[i]), 100) // nothing to close
	case TalentEngagement:
		return float64(f.engaged[i])
	case CultivationProgress:
		return float64(f.steps[i])
	case ProjectProgress:
		if f.projN[i] == 0 {
			return 0
		}
		return math.Round(100*f.projSum[i]/float64(f.projN[i])) / 100
	case SupervisionFindings:
		return float64(f.findings[i])
	}
	return 0
}

// Score weighs the indicators over the facts: one Score per org, in IDs
// order, with each indicator's raw and normalised value (ranks unset).
func (f *Facts) Score(xs []Indicator) []Score {
	vals := make([][]float64, len(xs))
	for j, x := range xs {
		vals[j] = f.Values(x.Measure)
	}
	out := make([]Score, len(f.IDs))
	for i, id := range f.IDs {
		s := Score{OrgID: id, Raw: make([]float64, len(xs)), Norm: make([]float64, len(xs))}
		for j, x := range xs {
			s.Raw[j] = vals[j][i]
			s.Norm[j] = x.Normalise(vals[j][i])
		}
		s.Score = total(xs, s.Norm)
		out[i] = s
	}
	return out
}

// total is the weighted score of normalised values.
func total(xs []Indicator, norm []float64) float64 {
	t := 0.0
	for j, x := range xs {
		t += float64(x.Weight) * norm[j] / 100
	}
	return math.Round(t*100) / 100
}
