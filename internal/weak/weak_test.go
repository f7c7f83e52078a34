package weak_test

import (
	"reflect"
	"testing"

	"dangjian/internal/weak"
)

// TestRules applies the rules to hand-made facts.
func TestRules(t *testing.T) {
	const today = "2026-10-20"
	healthy := weak.Facts{OrgID: 1, Required: 10, Held: 6, LastCommittee: "2026-07-20", Members: 3, SecretaryID: 9}
	with := func(f func(*weak.Facts)) weak.Facts { x := healthy; f(&x); return x }
	cases := []struct {
		name string
		f    weak.Facts
		want []weak.Reason
	}{
		{"healthy at every threshold", healthy, nil},
		{"compliance below 60%", with(func(f *weak.Facts) { f.Held = 5 }), []weak.Reason{{"compliance", "50%"}}},
		{"nothing required yet", with(func(f *weak.Facts) { f.Required, f.Held = 0, 0 }), nil},
		{"committee a day too old", with(func(f *weak.Facts) { f.LastCommittee = "2026-07-19" }), []weak.Reason{{"no_committee", "2026-07-19"}}},
		{"never a committee", with(func(f *weak.Facts) { f.LastCommittee = "" }), []weak.Reason{{"no_committee", ""}}},
		{"two members", with(func(f *weak.Facts) { f.Members = 2 }), []weak.Reason{{"few_members", "2"}}},
		{"no secretary", with(func(f *weak.Facts) { f.SecretaryID = 0 }), []weak.Reason{{"no_secretary", ""}}},
		{"overdue gap actions", with(func(f *weak.Facts) { f.OverdueGaps = 2 }), []weak.Reason{{"overdue_gaps", "2"}}},
		{"everything", weak.Facts{Required: 4}, []weak.Reason{{"compliance", "0%"}, {"no_committee", ""}, {"few_members", "0"}, {"no_secretary", ""}}},
	}
	for _, c := range cases {
		if got := weak.Evaluate(c.f, today); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestVisitDraft(t *testing.T) {
	for _, c := range []struct {
		d  weak.VisitDraft
		ok bool
	}{
		{weak.VisitDraft{OrgID: 1, VisitedOn: "2026-10-20", Inspectors: "张三"}, true},
		{weak.VisitDraft{OrgID: 1, VisitedOn: "2026-10-21", Inspectors: "张三"}, false},
		{weak.VisitDraft{OrgID: 1, VisitedOn: "2026-10-20", Inspectors: " "}, false},
		{weak.VisitDraft{OrgID: 1, VisitedOn: "2026-10-20", Inspectors: "张三", Findings: []weak.Finding{{Body: "x", Severity: "huge"}}}, false},
	} {
		if err := c.d.Validate("2026-10-20"); (err == nil) != c.ok {
			t.Errorf("%+v: err = %v", c.d, err)
		}
	}
}
