package post_test

import (
	"testing"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/post"
)

func TestHours(t *testing.T) {
	at := func(day, hm string) time.Time {
		tm, _ := time.Parse("2006-01-02 15:04", day+" "+hm)
		return tm
	}
	cases := []struct {
		in, canon string
		open      []time.Time
		closed    []time.Time
		bad       bool
	}{
		{in: "", canon: post.DefaultHours, open: []time.Time{at("2026-11-23", "08:30")}, closed: []time.Time{at("2026-11-23", "17:30"), at("2026-11-28", "10:00")}},
		{in: "Mo-Fr 08:30-17:30; Sa 09:00-12:00", canon: "Mo-Fr 08:30-17:30; Sa 09:00-12:00", open: []time.Time{at("2026-11-28", "11:59")}, closed: []time.Time{at("2026-11-28", "12:00"), at("2026-11-29", "10:00")}},
		{in: "Mo,We,Fr 00:00-24:00", canon: "Mo,We,Fr 00:00-24:00", open: []time.Time{at("2026-11-25", "23:59")}, closed: []time.Time{at("2026-11-24", "12:00")}},
		{in: "Su-Mo 08:00-12:00", bad: true},
		{in: "Mo-Fr 18:00-08:00", bad: true},
		{in: "每天 9点", bad: true},
		{in: "Mo-Fr 08:61-17:00", bad: true},
	}
	for _, c := range cases {
		h, err := post.ParseHours(c.in)
		if c.bad {
			if apperr.As(err).Key != "err.post.hours" {
				t.Errorf("%q: err = %v, want err.post.hours", c.in, err)
			}
			continue
		}
		if err != nil || h.String() != c.canon {
			t.Errorf("%q: %q %v, want %q", c.in, h.String(), err, c.canon)
			continue
		}
		for _, tm := range c.open {
			if !h.OpenAt(tm) {
				t.Errorf("%q: closed at %v", c.in, tm)
			}
		}
		for _, tm := range c.closed {
			if h.OpenAt(tm) {
				t.Errorf("%q: open at %v", c.in, tm)
			}
		}
	}
}

func TestItemAndAnswers(t *testing.T) {
	fields := []post.Field{{Code: "people", Name: "人数", Type: "number", Required: true},
		{Code: "when", Name: "时段", Type: "singlevaluelist", Values: []post.Value{{Key: "am", Name: "上午"}}},
		{Code: "days", Name: "日期", Type: "multivaluelist", Values: []post.Value{{Key: "sat", Name: "周六"}, {Key: "sun", Name: "周日"}}},
		{Code: "on", Name: "时间", Type: "datetime"}}
	good := post.Item{Code: "JY-1", Category: "health", Name: "上门体检", LimitDays: 3, Fields: fields}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid item: %v", err)
	}
	items := []struct {
		name string
		edit func(*post.Item)
		key  string
	}{
		{"no name", func(i *post.Item) { i.Name = " " }, "err.name_length"},
		{"bad code", func(i *post.Item) { i.Code = "上门" }, "err.post.code"},
		{"unknown category", func(i *post.Item) { i.Category = "astrology" }, "err.post.category"},
		{"limit 0", func(i *post.Item) { i.LimitDays = 0 }, "err.post.limit_days"},
		{"repeated field", func(i *post.Item) { i.Fields = append(i.Fields, fields[0]) }, "err.post.field"},
		{"bad type", func(i *post.Item) { i.Fields = []post.Field{{Code: "x", Name: "x", Type: "blob"}} }, "err.post.field_type"},
		{"list without values", func(i *post.Item) { i.Fields = []post.Field{{Code: "x", Name: "x", Type: "singlevaluelist"}} }, "err.post.field_values"},
	}
	for _, c := range items {
		it := good
		it.Fields = append([]post.Field(nil), good.Fields...)
		c.edit(&it)
		if err := it.Validate(); apperr.As(err).Key != c.key {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.key)
		}
	}
	answers := []struct {
		name string
		in   map[string][]string
		key  string
		kept int
	}{
		{"all good", map[string][]string{"people": {"2"}, "when": {"am"}, "days": {"sat", "sun"}, "on": {"2026-12-01T09:00"}, "junk": {"x"}}, "", 4},
		{"missing required", map[string][]string{"when": {"am"}}, "err.order.attr_required", 0},
		{"blank required", map[string][]string{"people": {" "}}, "err.order.attr_required", 0},
		{"not a number", map[string][]string{"people": {"两"}}, "err.order.attr_invalid", 0},
		{"NaN", map[string][]string{"people": {"NaN"}}, "err.order.attr_invalid", 0},
		{"infinite", map[string][]string{"people": {"1e999"}}, "err.order.attr_invalid", 0},
		{"not a choice", map[string][]string{"people": {"1"}, "when": {"night"}}, "err.order.attr_invalid", 0},
		{"two for a single choice", map[string][]string{"people": {"1"}, "when": {"am", "am"}}, "err.order.attr_invalid", 0},
		{"bad date", map[string][]string{"people": {"1"}, "on": {"tomorrow"}}, "err.order.attr_invalid", 0},
	}
	for _, c := range answers {
		kept, err := post.CheckAnswers(fields, c.in)
		if c.key == "" {
			if err != nil || len(kept) != c.kept {
				t.Errorf("%s: kept %v, err %v", c.name, kept, err)
			}
			continue
		}
		if apperr.As(err).Key != c.key {
			t.Errorf("%s: err = %v, want %s", c.name, err, c.key)
		}
	}
}
