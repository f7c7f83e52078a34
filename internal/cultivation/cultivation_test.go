package cultivation_test

import (
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/cultivation"
)

func TestCheckRules(t *testing.T) {
	const today = "2026-09-29"
	none := cultivation.History{}
	hist := func(steps ...cultivation.Step) cultivation.History {
		var h cultivation.History
		for _, s := range steps {
			h.Add(s)
		}
		return h
	}
	app := cultivation.Step{Stage: cultivation.Applicant, On: "2023-03-01"}
	act := cultivation.Step{Stage: cultivation.Activist, On: "2023-06-01"}
	cand := cultivation.Step{Stage: cultivation.Candidate, On: "2024-06-01"}
	prob := cultivation.Step{Stage: cultivation.Probationary, On: "2025-01-10"}
	ext := cultivation.Step{Stage: cultivation.Extension, On: "2025-12-01", Months: 6, Note: "考察不充分"}
	step := func(st cultivation.Stage, on string) cultivation.Step { return cultivation.Step{Stage: st, On: on} }
	cases := []struct {
		name  string
		h     cultivation.History
		s     cultivation.Step
		birth string
		key   string // "" when allowed
	}{
		{"apply", none, app, "1990-01-01", ""},
		{"apply, birth unknown", none, app, "", ""},
		{"apply under 18", none, step(cultivation.Applicant, "2026-01-01"), "2008-01-02", "err.cultivation.under_18"},
		{"apply on the 18th birthday", none, step(cultivation.Applicant, "2026-01-02"), "2008-01-02", ""},
		{"skip to activist", none, act, "", "err.cultivation.order"},
		{"skip to candidate", hist(app), cand, "", "err.cultivation.order"},
		{"go back", hist(app, act), step(cultivation.Applicant, "2024-01-01"), "", "err.cultivation.order"},
		{"repeat the stage", hist(app, act), step(cultivation.Activist, "2024-01-01"), "", "err.cultivation.order"},
		{"future date", hist(app), step(cultivation.Activist, "2026-09-30"), "", "err.cultivation.future"},
		{"before the previous step", hist(app), step(cultivation.Activist, "2023-02-28"), "", "err.cultivation.before_previous"},
		{"bad date", hist(app), step(cultivation.Activist, "2023-13-01"), "", "err.date.invalid"},
		{"candidate too early", hist(app, act), step(cultivation.Candidate, "2024-05-31"), "", "err.cultivation.activist_year"},
		{"candidate after a year", hist(app, act), cand, "", ""},
		{"probationary", hist(app, act, cand), prob, "", ""},
		{"full member before a year", hist(app, act, cand, prob), step(cultivation.Member, "2026-01-09"), "", "err.cultivation.probation_year"},
		{"full member after a year", hist(app, act, cand, prob), step(cultivation.Member, "2026-01-10"), "", ""},
		{"extension", hist(app, act, cand, prob), ext, "", ""},
		{"extended probation too early", hist(app, act, cand, prob, ext), step(cultivation.Member, "2026-07-09"), "", "err.cultivation.probation_year"},
		{"extended probation over", hist(app, act, cand, prob, ext), step(cultivation.Member, "2026-07-10"), "", ""},
		{"extension over a year", hist(app, act, cand, prob, ext), cultivation.Step{Stage: cultivation.Extension, On: "2026-01-01", Months: 7, Note: "x"}, "", "err.cultivation.extension_months"},
		{"extension without a reason", hist(app, act, cand, prob), cultivation.Step{Stage: cultivation.Extension, On: "2025-12-01", Months: 6}, "", "err.cultivation.extension_reason"},
		{"extension after probation ended", hist(app, act, cand, prob), cultivation.Step{Stage: cultivation.Extension, On: "2026-02-01", Months: 6, Note: "x"}, "", "err.cultivation.extension_late"},
		{"extension of an activist", hist(app, act), cultivation.Step{Stage: cultivation.Extension, On: "2024-01-01", Months: 6, Note: "x"}, "", "err.cultivation.extension_not_probation"},
		{"past full member", hist(app, act, cand, prob, step(cultivation.Member, "2026-01-10")), step(cultivation.Member, "2026-02-01"), "", "err.cultivation.finished"},
		{"unknown stage", none, step("elder", "2026-01-01"), "", "err.cultivation.stage"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := cultivation.Check(c.h, c.s, c.birth, today)
			if c.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if ae := apperr.As(err); err == nil || ae.Code != apperr.Invalid || ae.Key != c.key {
				t.Fatalf("err = %v, want %s", err, c.key)
			}
		})
	}
}

func TestDue(t *testing.T) {
	var h cultivation.History
	h.Add(cultivation.Step{Stage: cultivation.Applicant, On: "2023-03-01"})
	if h.Due() != "" {
		t.Errorf("applicant due %q", h.Due())
	}
	h.Add(cultivation.Step{Stage: cultivation.Activist, On: "2024-02-29"})
	if h.Due() != "2025-03-01" {
		t.Errorf("activist due %q", h.Due())
	}
}
