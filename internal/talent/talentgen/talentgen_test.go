package talentgen

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/talent"
)

var tax = talent.DefaultTaxonomy()

func TestDeterministic(t *testing.T) {
	a, b := Talents(42, 9000, tax), Talents(42, 9000, tax)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different talents")
	}
	if reflect.DeepEqual(a[:100], Talents(43, 100, tax)) {
		t.Fatal("different seeds, same talents")
	}
	// A prefix does not depend on n (nor on the number of cores).
	if !reflect.DeepEqual(a[:5000], Talents(42, 5000, tax)) {
		t.Fatal("Talents(s, n)[:m] != Talents(s, m)")
	}
	d1, d2 := Demands(42, 300, tax), Demands(42, 300, tax)
	if !reflect.DeepEqual(d1, d2) {
		t.Fatal("same seed, different demands")
	}
	if reflect.DeepEqual(d1[:20], Demands(43, 20, tax)) {
		t.Fatal("different seeds, same demands")
	}
}

func TestCounts(t *testing.T) {
	for _, n := range []int{0, 1, chunk - 1, chunk, chunk + 1} {
		ts := Talents(1, n, tax)
		if len(ts) != n {
			t.Fatalf("Talents(%d): %d", n, len(ts))
		}
		for i, x := range ts {
			if x.Doc.ID != int64(i+1) {
				t.Fatalf("talent %d has id %d", i, x.Doc.ID)
			}
		}
		if got := len(Demands(1, n, tax)); got != n {
			t.Fatalf("Demands(%d): %d", n, got)
		}
	}
}

// TestTalentsValid checks every talent against the taxonomy, the profile
// validator and the generator's own promises.
func TestTalentsValid(t *testing.T) {
	for _, x := range Talents(7, 20000, tax) {
		lat, ok := tax.Get(x.Latent)
		if !ok || lat.Depth == 0 {
			t.Fatalf("talent %d: latent %q is not a skill below a field", x.Doc.ID, x.Latent)
		}
		for _, c := range x.Doc.Skills {
			if _, ok := tax.Get(c); !ok {
				t.Fatalf("talent %d: unknown skill %q", x.Doc.ID, c)
			}
		}
		if got := slices.Contains(x.Doc.Skills, x.Latent); got != x.Tagged {
			t.Fatalf("talent %d: Tagged %v but skills %v, latent %s", x.Doc.ID, x.Tagged, x.Doc.Skills, x.Latent)
		}
		if !x.Tagged {
			// Sloppy registration: the parent or a sibling instead.
			if r := tax.Relation(x.Latent, x.Doc.Skills[0]); r != 0.6 && r != 0.4 {
				t.Fatalf("talent %d: untagged %s registered as %s", x.Doc.ID, x.Latent, x.Doc.Skills[0])
			}
		}
		if x.Doc.Text != x.Title+" "+x.Expertise+" "+x.Experience {
			t.Fatalf("talent %d: Text is not title, expertise and experience: %q", x.Doc.ID, x.Doc.Text)
		}
		if !mentions(x.Expertise, x.Latent) {
			t.Fatalf("talent %d: expertise %q does not describe %s", x.Doc.ID, x.Expertise, x.Latent)
		}
		if !inSanya(x.Doc.Lat, x.Doc.Lng) {
			t.Fatalf("talent %d: at %v,%v", x.Doc.ID, x.Doc.Lat, x.Doc.Lng)
		}
		d := x.Doc
		if d.TravelKm < 5 || d.TravelKm > 50 || d.Capacity < 1 || d.Capacity > 3 || d.Load < 0 || d.Load > d.Capacity ||
			d.RatingN < 0 || d.RatingSum < 3*d.RatingN || d.RatingSum > 5*d.RatingN {
			t.Fatalf("talent %d: service fields %+v", x.Doc.ID, d)
		}
		p := talent.Talent{Name: x.Name, Title: x.Title, Expertise: x.Expertise, Experience: x.Experience,
			Hometown: x.Hometown, AreaID: 1, Lat: d.Lat, Lng: d.Lng, TravelKm: d.TravelKm, Mode: d.Mode,
			Capacity: d.Capacity, Load: d.Load, Skills: d.Skills, Stays: slices.Clone(d.Stays), Status: d.Status}
		if err := p.Validate(); err != nil {
			t.Fatalf("talent %d does not validate: %v (%+v)", x.Doc.ID, err, p)
		}
		if d.Status != talent.Verified && d.Status != talent.Pending {
			t.Fatalf("talent %d: status %s", x.Doc.ID, d.Status)
		}
	}
}

// mentions reports whether text uses a term of the skill's vocabulary.
func mentions(text, code string) bool {
	for _, term := range model(tax).skills[code].terms {
		if strings.Contains(text, term) {
			return true
		}
	}
	return false
}

func inSanya(lat, lng float64) bool {
	if lat >= latMin && lat <= latMax && lng >= lngMin && lng <= lngMax {
		return true
	}
	near := func(a, b float64) bool { return math.Abs(lat-a) < 0.1 && math.Abs(lng-b) < 0.1 }
	return near(18.36, 109.17) || near(18.45, 109.40)
}

func TestTalentShares(t *testing.T) {
	const n = 50000
	ts := Talents(11, n, tax)
	var untagged, pending, past, secondaryTagged, nameless, outskirts, two int
	field := map[string]int{}
	for _, x := range ts {
		sk, _ := tax.Get(x.Latent)
		field[sk.Field]++
		if !x.Tagged {
			untagged++
		}
		if x.Doc.Status == talent.Pending {
			pending++
		}
		if len(x.Doc.Stays) == 2 {
			two++
		}
		if x.Doc.Stays[len(x.Doc.Stays)-1].End < "2026-10-01" {
			past++
		}
		for _, c := range x.Doc.Skills {
			s, _ := tax.Get(c)
			if s.Field != sk.Field {
				secondaryTagged++
				break
			}
		}
		if !strings.Contains(x.Doc.Text, sk.Name) {
			nameless++
		}
		if x.Doc.Lng < lngMin || x.Doc.Lat > latMax {
			outskirts++
		}
	}
	share := func(k int) float64 { return float64(k) / n }
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s: share %.3f, want %.3f±%.3f", name, got, want, tol)
		}
	}
	near("untagged", share(untagged), UntaggedShare, 0.01)
	near("pending", share(pending), PendingShare, 0.005)
	near("past season only", share(past), PastSeasonShare, 0.005)
	near("two stays", share(two), 0.15, 0.01)
	// A secondary civic skill from another field (a few are in the talent's own field).
	near("secondary skill from another field", share(secondaryTagged), SecondaryShare, 0.02)
	near("outside the built-up box (崖州, 育才)", share(outskirts), 0.10, 0.02)
	for _, f := range fields {
		near("field "+f.code, share(field[f.code]), f.talentW, 0.01)
	}
	// Much of the text never names the skill: synonyms and domain words only.
	if s := share(nameless); s < 0.3 || s > 0.8 {
		t.Errorf("text without the skill's name: %.3f, want between 0.3 and 0.8", s)
	}
}

func TestDemands(t *testing.T) {
	const n = 5000
	ds := Demands(5, n, tax)
	var parent, optional int
	field := map[string]int{}
	for i, d := range ds {
		q := d.Query
		lat, ok := tax.Get(d.Latent)
		if !ok || lat.Depth == 0 {
			t.Fatalf("demand %d: latent %q", i, d.Latent)
		}
		field[lat.Field]++
		if len(q.Required) != 1 {
			t.Fatalf("demand %d: required %v", i, q.Required)
		}
		switch q.Required[0] {
		case d.Latent:
		case lat.Parent:
			parent++
		default:
			t.Fatalf("demand %d: required %v for latent %s", i, q.Required, d.Latent)
		}
		for _, c := range q.Optional {
			if _, ok := tax.Get(c); !ok || c == q.Required[0] {
				t.Fatalf("demand %d: optional %v", i, q.Optional)
			}
			optional++
		}
		if q.Start < day(2026, 11, 1) || q.End > SeasonEnd || q.End < q.Start {
			t.Fatalf("demand %d: %s..%s outside the season", i, talent.FormatDay(q.Start), talent.FormatDay(q.End))
		}
		if q.Slots&talent.AllSlots == 0 || q.Slots&^talent.AllSlots != 0 {
			t.Fatalf("demand %d: slots %b", i, q.Slots)
		}
		if q.Text != d.Title+" "+d.Body || d.Org == "" || !strings.Contains(d.Title, d.Org) {
			t.Fatalf("demand %d: text %q", i, q.Text)
		}
		if !mentions(d.Body, d.Latent) {
			t.Fatalf("demand %d: body %q does not describe %s", i, d.Body, d.Latent)
		}
		if math.Abs(q.Lat-18.35) > 0.2 || math.Abs(q.Lng-109.45) > 0.35 {
			t.Fatalf("demand %d: at %v,%v", i, q.Lat, q.Lng)
		}
		dem := talent.Demand{Title: d.Title, Body: d.Body, Mode: q.Mode, Headcount: 1, OrgID: 1,
			Start: talent.FormatDay(q.Start), End: talent.FormatDay(q.End), Slots: q.Slots,
			Required: q.Required, Optional: q.Optional}
		if err := dem.Validate(q.Start, true); err != nil {
			t.Fatalf("demand %d does not validate: %v", i, err)
		}
	}
	if s := float64(parent) / n; math.Abs(s-ParentShare) > 0.015 {
		t.Errorf("parent required: %.3f, want %.3f", s, ParentShare)
	}
	// Optional skills the required one already covers are dropped.
	if s := float64(optional) / n; s < OptionalShare-0.08 || s > OptionalShare+0.015 {
		t.Errorf("optional: %.3f, want a little under %.3f", s, OptionalShare)
	}
	for _, f := range fields {
		if s := float64(field[f.code]) / n; math.Abs(s-f.demandW) > 0.015 {
			t.Errorf("demand field %s: %.3f, want %.3f", f.code, s, f.demandW)
		}
	}
}

// TestLexicon checks the vocabulary covers the taxonomy and names only its
// skills, and that field shares sum to 1.
func TestLexicon(t *testing.T) {
	g := model(tax) // panics on unknown or missing skills
	var tw, dw float64
	for _, f := range fields {
		tw += f.talentW
		dw += f.demandW
	}
	if math.Abs(tw-1) > 1e-9 || math.Abs(dw-1) > 1e-9 {
		t.Fatalf("field shares sum to %v and %v", tw, dw)
	}
	for code, m := range g.skills {
		if len(m.terms) < 4 || len(m.roles) == 0 || len(m.acts) == 0 || len(m.depts) == 0 || len(m.insts) == 0 {
			t.Errorf("%s: thin vocabulary %+v", code, m)
		}
	}
}

func BenchmarkTalents(b *testing.B) {
	const n = 100000
	for b.Loop() {
		Talents(1, n, tax)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/talent")
}
