package assess

import (
	"math/rand/v2"
	"testing"

	"dangjian/internal/orglife"
)

// TestComplianceMatchesOrglife checks the engine's month-mask arithmetic
// against the 三会一课 rules as orglife evaluates them (Evaluate, Row.Add),
// over random meeting months, every period of a year and "today" before,
// inside and after it.
func TestComplianceMatchesOrglife(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	todays := []string{"2025-12-31", "2026-01-15", "2026-03-31", "2026-04-01", "2026-06-30", "2026-08-10", "2026-12-31", "2027-01-01"}
	checked := map[int]bool{}
	for round := 0; round < 400; round++ {
		held := make([]uint16, nRules)
		for k := range held {
			held[k] = uint16(r.IntN(1 << 12))
			if r.IntN(4) == 0 {
				held[k] = 0
			}
		}
		labels := map[orglife.Kind]map[string]bool{}
		for i, rule := range orglife.Rules {
			labels[rule.Kind] = map[string]bool{}
			for mo := 1; mo <= 12; mo++ {
				if held[i]&(1<<(mo-1)) != 0 {
					month, quarter := orglife.PeriodOf(orglife.MonthLabel(2026, mo) + "-01")
					labels[rule.Kind][month], labels[rule.Kind][quarter] = true, true
				}
			}
		}
		for q := 0; q <= 4; q++ {
			for _, today := range todays {
				p := Period{Year: 2026, Quarter: q}
				f := newFacts(p, today, []int64{1}, []int64{1})
				copy(f.held, held)
				m, qs, em, eq := f.periodMasks()
				h, req := f.compliance(0, m, qs, em, eq)

				var row orglife.Row
				row.Add(orglife.Evaluate(orglife.Period{Year: 2026, Quarter: q}, today, func(k orglife.Kind, label string) bool { return labels[k][label] }), false)
				if h != row.Total.Held || req != row.Total.Required {
					t.Fatalf("held %012b, period %v, today %s: engine %d/%d, orglife %d/%d", held, p, today, h, req, row.Total.Held, row.Total.Required)
				}
				checked[req] = true
			}
		}
	}
	if len(checked) < 10 {
		t.Errorf("only %d distinct requirement counts checked", len(checked))
	}
}
