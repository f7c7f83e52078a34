package talent_test

import (
	"testing"

	"dangjian/internal/apperr"
	"dangjian/internal/talent"
)

func TestTaxonomy(t *testing.T) {
	tax := talent.DefaultTaxonomy()
	for _, c := range []struct{ in, code string }{
		{"心内科", "med.internal.cardio"}, {"心血管", "med.internal.cardio"}, {"Cardiology", "med.internal.cardio"},
		{"med.internal", "med.internal"}, {"黎锦", "culture.heritage"}, {" 心脏内科 ", "med.internal.cardio"},
	} {
		if s, ok := tax.Resolve(c.in); !ok || s.Code != c.code {
			t.Errorf("Resolve(%q) = %v %v, want %s", c.in, s.Code, ok, c.code)
		}
	}
	if _, ok := tax.Resolve("占星术"); ok {
		t.Error("an unknown skill resolved")
	}
	if _, err := tax.ResolveAll("skills", []string{"心内科", "占星术"}); apperr.As(err).Key != "err.talent.skill_unknown" {
		t.Errorf("ResolveAll unknown: %v", err)
	}
	for _, c := range []struct {
		w, t string
		want float32
	}{
		{"med.internal.cardio", "med.internal.cardio", 1},
		{"med.internal", "med.internal.cardio", 0.9},
		{"med.internal.cardio", "med.internal", 0.6},
		{"med.internal.cardio", "med.internal.resp", 0.4},
		{"med.internal.cardio", "med", 0.3},
		{"med.internal.cardio", "med.surgery.ortho", 0.15},
		{"med.internal.cardio", "edu.primary.math", 0},
	} {
		if got := tax.Relation(c.w, c.t); got != c.want {
			t.Errorf("Relation(%s, %s) = %v, want %v", c.w, c.t, got, c.want)
		}
	}
	if got := tax.Search("心", 3); len(got) == 0 || got[0].Code != "med.internal.cardio" && got[0].Name != "心血管" && got[0].Name != "心理健康" {
		t.Errorf("Search(心) = %v", got)
	}
}

func TestTalentValidate(t *testing.T) {
	ok := func() talent.Talent {
		return talent.Talent{Name: "王医生", Mode: talent.Both, Capacity: 1, TravelKm: 10, AreaID: 1, Skills: []string{"med"},
			Stays: []talent.Stay{{Start: "2026-11-01", End: "2027-03-31", Slots: talent.AllSlots}}}
	}
	cases := []struct {
		name  string
		edit  func(*talent.Talent)
		field string
		key   string
	}{
		{"valid", func(*talent.Talent) {}, "", ""},
		{"no name", func(x *talent.Talent) { x.Name = " " }, "name", "err.name_length"},
		{"bad phone", func(x *talent.Talent) { x.Phone = "123" }, "phone", "err.person.phone"},
		{"bad mode", func(x *talent.Talent) { x.Mode = "teleport" }, "mode", "err.talent.mode"},
		{"capacity 0", func(x *talent.Talent) { x.Capacity = 0 }, "capacity", "err.talent.capacity"},
		{"travel far", func(x *talent.Talent) { x.TravelKm = 5000 }, "travel_km", "err.talent.travel_km"},
		{"no skills", func(x *talent.Talent) { x.Skills = nil }, "skills", "err.talent.skills_count"},
		{"no stays", func(x *talent.Talent) { x.Stays = nil }, "stays", "err.talent.stays_count"},
		{"end before start", func(x *talent.Talent) { x.Stays[0].End = "2026-10-01" }, "stays", "err.talent.date_order"},
		{"impossible date", func(x *talent.Talent) { x.Stays[0].Start = "2026-02-30" }, "stays", "err.talent.date"},
		{"too long", func(x *talent.Talent) { x.Stays[0].End = "2028-03-31" }, "stays", "err.talent.date_span"},
		{"no slots", func(x *talent.Talent) { x.Stays[0].Slots = 0 }, "stays", "err.talent.slots_empty"},
		{"overlap", func(x *talent.Talent) {
			x.Stays = append(x.Stays, talent.Stay{Start: "2027-03-01", End: "2027-04-30", Slots: talent.Weekends})
		}, "stays", "err.talent.stays_overlap"},
	}
	for _, c := range cases {
		x := ok()
		c.edit(&x)
		err := x.Validate()
		if c.key == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if ae := apperr.As(err); err == nil || ae.Field != c.field || ae.Key != c.key {
			t.Errorf("%s: err = %v, want %s %s", c.name, err, c.field, c.key)
		}
	}
}

func TestDemandValidate(t *testing.T) {
	today, _ := talent.ParseDay("2026-11-27")
	ok := func() talent.Demand {
		return talent.Demand{OrgID: 1, Title: "义诊", Mode: talent.Onsite, Start: "2026-12-01", End: "2026-12-31",
			Slots: talent.Weekends, Headcount: 2, Required: []string{"med.internal.cardio"}}
	}
	cases := []struct {
		name string
		edit func(*talent.Demand)
		key  string
	}{
		{"valid", func(*talent.Demand) {}, ""},
		{"in the past", func(x *talent.Demand) { x.Start = "2026-11-01" }, "err.talent.demand_past"},
		{"end before start", func(x *talent.Demand) { x.End = "2026-11-30" }, "err.talent.date_order"},
		{"no headcount", func(x *talent.Demand) { x.Headcount = 0 }, "err.talent.headcount"},
		{"no required skill", func(x *talent.Demand) { x.Required = nil }, "err.talent.skills_count"},
		{"skill twice", func(x *talent.Demand) { x.Optional = []string{"med.internal.cardio"} }, "err.talent.skill_twice"},
		{"long body", func(x *talent.Demand) { x.Body = string(make([]rune, 4001)) }, "err.talent.text_length"},
		{"bad channel", func(x *talent.Demand) { x.Channel = "wechat" }, "err.talent.channel"},
	}
	for _, c := range cases {
		x := ok()
		c.edit(&x)
		err := x.Validate(today, true)
		if (c.key == "") != (err == nil) || (err != nil && apperr.As(err).Key != c.key) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.key)
		}
	}
}

func TestSlots(t *testing.T) {
	s, err := talent.ParseSlots([]string{"mon_am", "sun_eve"})
	if err != nil || s.Count() != 2 || !s.Has(0) || !s.Has(20) {
		t.Fatalf("ParseSlots = %b %v", s, err)
	}
	if _, err := talent.ParseSlots([]string{"mon_night"}); apperr.As(err).Key != "err.talent.slot_unknown" {
		t.Errorf("unknown slot: %v", err)
	}
	if talent.Weekends.Count() != 6 || talent.Weekdays.Count() != 10 || talent.AllSlots.Count() != 21 {
		t.Errorf("counts %d %d %d", talent.Weekends.Count(), talent.Weekdays.Count(), talent.AllSlots.Count())
	}
}
