package orglife_test

import (
	"fmt"
	"reflect"
	"testing"

	"dangjian/internal/orglife"
)

// held builds a held-lookup from "kind|period" entries.
func held(entries ...string) func(orglife.Kind, string) bool {
	set := map[string]bool{}
	for _, e := range entries {
		set[e] = true
	}
	return func(k orglife.Kind, p string) bool { return set[string(k)+"|"+p] }
}

// fullYear is every requirement of 2026 met, except the entries in skip.
func fullYear(skip ...string) []string {
	drop := map[string]bool{}
	for _, s := range skip {
		drop[s] = true
	}
	var out []string
	for m := 1; m <= 12; m++ {
		for _, k := range []string{"committee", "group", "theme_day"} {
			out = append(out, fmt.Sprintf("%s|2026-%02d", k, m))
		}
	}
	for q := 1; q <= 4; q++ {
		for _, k := range []string{"general_meeting", "lecture"} {
			out = append(out, fmt.Sprintf("%s|2026-Q%d", k, q))
		}
	}
	var kept []string
	for _, e := range out {
		if !drop[e] {
			kept = append(kept, e)
		}
	}
	return kept
}

// TestComplianceRules checks the rules against hand-computed expectations.
func TestComplianceRules(t *testing.T) {
	type want struct {
		byKind  map[orglife.Kind][2]int // kind → required, held
		missing []orglife.Gap
	}
	year := orglife.Period{Year: 2026}
	cases := []struct {
		name  string
		p     orglife.Period
		today string
		held  []string
		want  want
	}{
		{
			// 11 of 12 committee meetings (none in July) and 3 of 4 lectures
			// (none in Q3): 36 monthly + 8 quarterly = 44 required, 42 held.
			name: "a year with two gaps", p: year, today: "2027-01-15",
			held: fullYear("committee|2026-07", "lecture|2026-Q3"),
			want: want{byKind: map[orglife.Kind][2]int{"general_meeting": {4, 4}, "committee": {12, 11}, "group": {12, 12}, "lecture": {4, 3}, "theme_day": {12, 12}},
				missing: []orglife.Gap{{Kind: "committee", Period: "2026-07"}, {Kind: "lecture", Period: "2026-Q3"}}},
		},
		{
			// On 10 May: January–April have ended (4 each), May is running —
			// met for the committee (counted), not yet for the others
			// (pending); Q1 has ended, Q2 is running and not met.
			name: "mid-year", p: year, today: "2026-05-10",
			held: []string{"committee|2026-01", "committee|2026-02", "committee|2026-04", "committee|2026-05",
				"group|2026-01", "group|2026-02", "group|2026-03", "group|2026-04",
				"theme_day|2026-01", "theme_day|2026-02", "theme_day|2026-03", "lecture|2026-Q1"},
			want: want{byKind: map[orglife.Kind][2]int{"general_meeting": {1, 0}, "committee": {5, 4}, "group": {4, 4}, "lecture": {1, 1}, "theme_day": {4, 3}},
				missing: []orglife.Gap{{Kind: "general_meeting", Period: "2026-Q1"}, {Kind: "committee", Period: "2026-03"}, {Kind: "theme_day", Period: "2026-04"}}},
		},
		{
			name: "a quarter", p: orglife.Period{Year: 2026, Quarter: 3}, today: "2027-01-15",
			held: fullYear("committee|2026-07", "lecture|2026-Q3", "theme_day|2026-01"),
			want: want{byKind: map[orglife.Kind][2]int{"general_meeting": {1, 1}, "committee": {3, 2}, "group": {3, 3}, "lecture": {1, 0}, "theme_day": {3, 3}},
				missing: []orglife.Gap{{Kind: "committee", Period: "2026-07"}, {Kind: "lecture", Period: "2026-Q3"}}},
		},
		{
			// A month counts only the monthly requirements.
			name: "a month", p: orglife.Period{Year: 2026, Month: 7}, today: "2027-01-15",
			held: fullYear("committee|2026-07"),
			want: want{byKind: map[orglife.Kind][2]int{"committee": {1, 0}, "group": {1, 1}, "theme_day": {1, 1}},
				missing: []orglife.Gap{{Kind: "committee", Period: "2026-07"}}},
		},
		{
			name: "nothing held, a future year", p: orglife.Period{Year: 2027}, today: "2026-06-01",
			want: want{byKind: map[orglife.Kind][2]int{}},
		},
		{
			name: "nothing held in 2026", p: year, today: "2027-01-01",
			want: want{byKind: map[orglife.Kind][2]int{"general_meeting": {4, 0}, "committee": {12, 0}, "group": {12, 0}, "lecture": {4, 0}, "theme_day": {12, 0}}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var row orglife.Row
			row.Add(orglife.Evaluate(c.p, c.today, held(c.held...)), true)
			got := map[orglife.Kind][2]int{}
			req, hd := 0, 0
			for k, s := range row.ByKind {
				if s.Required > 0 {
					got[k] = [2]int{s.Required, s.Held}
				}
				req, hd = req+s.Required, hd+s.Held
			}
			if !reflect.DeepEqual(got, c.want.byKind) {
				t.Errorf("by kind = %v, want %v", got, c.want.byKind)
			}
			if row.Total.Required != req || row.Total.Held != hd {
				t.Errorf("total %+v, kinds sum to %d/%d", row.Total, hd, req)
			}
			if c.want.missing != nil && !reflect.DeepEqual(row.Missing, c.want.missing) {
				t.Errorf("missing = %v, want %v", row.Missing, c.want.missing)
			}
		})
	}
	var r orglife.Row
	r.Add(orglife.Evaluate(year, "2027-01-15", held(fullYear("committee|2026-07", "lecture|2026-Q3")...)), false)
	if rate, ok := r.Total.Rate(); !ok || fmt.Sprintf("%.4f", rate) != "0.9545" { // 42/44
		t.Errorf("rate = %v %v", rate, ok)
	}
	if _, ok := (orglife.Score{}).Rate(); ok {
		t.Errorf("a rate with nothing required")
	}
}

func TestPeriod(t *testing.T) {
	for _, c := range []struct {
		p        orglife.Period
		from, to string
		ok       bool
	}{
		{orglife.Period{Year: 2026}, "2026-01-01", "2026-12-31", true},
		{orglife.Period{Year: 2026, Quarter: 1}, "2026-01-01", "2026-03-31", true},
		{orglife.Period{Year: 2024, Month: 2}, "2024-02-01", "2024-02-29", true},
		{orglife.Period{Year: 2026, Quarter: 5}, "", "", false},
		{orglife.Period{Year: 2026, Quarter: 1, Month: 2}, "", "", false},
		{orglife.Period{Year: 1999}, "", "", false},
	} {
		if err := c.p.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: validate %v", c.p, err)
			continue
		}
		if c.ok {
			if from, to := c.p.Range(); from != c.from || to != c.to {
				t.Errorf("%+v: range %s–%s", c.p, from, to)
			}
		}
	}
	if m, q := orglife.PeriodOf("2026-08-01"); m != "2026-08" || q != "2026-Q3" {
		t.Errorf("PeriodOf = %s %s", m, q)
	}
}
