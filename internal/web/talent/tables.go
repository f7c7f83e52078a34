package talent

import (
	"fmt"
	"strconv"
	"strings"

	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// The talent pool's two lists, each one table for its page and its
// export.

// talentTable is the talent pool's columns: the list page and its
// export (phones stay masked; the export adds the columns the page has no
// room for).
func (m *Module) talentTable() kit.Table[talent.Talent] {
	tax := m.Talents.Tax
	return kit.Table[talent.Talent]{Columns: []kit.Column[talent.Talent]{
		{Key: "talent.name", Sort: "name", Cell: func(_ string, t talent.Talent) kit.Cell {
			return kit.Cell{Text: t.Name, Href: "/talents/" + kit.Itoa(t.ID)}
		}},
		{Key: "talent.title", Cell: kit.Text(func(_ string, t talent.Talent) string { return t.Title })},
		{Key: "talent.skills", Cell: kit.Text(func(lang string, t talent.Talent) string { return skillNames(tax, lang, t.Skills) })},
		{Key: "talent.phone", ExportOnly: true, Cell: kit.Text(func(_ string, t talent.Talent) string { return t.PhoneMask })},
		{Key: "talent.party_member", ExportOnly: true, Cell: kit.Text(func(lang string, t talent.Talent) string { return kit.YesNo(lang, t.PartyMember) })},
		{Key: "talent.area", Cell: kit.Text(func(_ string, t talent.Talent) string { return t.AreaName })},
		{Key: "talent.stays", Cell: kit.Text(func(_ string, t talent.Talent) string { return stayText(t.Stays) })},
		{Key: "talent.mode", Cell: kit.Text(func(lang string, t talent.Talent) string { return kit.Tr(lang, "talent.mode."+string(t.Mode)) })},
		{Key: "talent.travel_km", ExportOnly: true, Cell: kit.Text(func(_ string, t talent.Talent) string { return strconv.Itoa(t.TravelKm) })},
		{Key: "talent.load", Sort: "load", Cell: kit.Text(func(_ string, t talent.Talent) string { return fmt.Sprintf("%d/%d", t.Load, t.Capacity) })},
		{Key: "talent.rating", Sort: "rating", Cell: kit.Text(func(_ string, t talent.Talent) string { return ratingText(t) })},
		{Key: "talent.status", Sort: "status", Cell: kit.Text(func(lang string, t talent.Talent) string { return kit.Tr(lang, "talent.status."+string(t.Status)) })},
		{Key: "talent.expertise", ExportOnly: true, Cell: kit.Text(func(_ string, t talent.Talent) string { return t.Expertise })},
	}}
}

// demandTable is the demand board's columns: the staff's list (titles
// link to base, /demands/), the public board (/board/) and the export,
// which adds the optional skills and the description.
func (m *Module) demandTable(base string) kit.Table[talent.Demand] {
	tax := m.Talents.Tax
	return kit.Table[talent.Demand]{Columns: []kit.Column[talent.Demand]{
		{Key: "demand.title", Sort: "title", Cell: func(_ string, d talent.Demand) kit.Cell {
			return kit.Cell{Text: d.Title, Href: base + kit.Itoa(d.ID)}
		}},
		{Key: "demand.org", Cell: kit.Text(func(_ string, d talent.Demand) string { return d.OrgName })},
		{Key: "demand.required", Cell: kit.Text(func(lang string, d talent.Demand) string { return skillNames(tax, lang, d.Required) })},
		{Key: "demand.optional", ExportOnly: true, Cell: kit.Text(func(lang string, d talent.Demand) string { return skillNames(tax, lang, d.Optional) })},
		{Key: "demand.dates", Sort: "start", Cell: kit.Text(func(_ string, d talent.Demand) string { return d.Start + " ~ " + d.End })},
		{Key: "demand.area", Cell: kit.Text(func(_ string, d talent.Demand) string { return d.AreaName })},
		{Key: "demand.headcount", Sort: "headcount", Cell: kit.Text(func(_ string, d talent.Demand) string { return fmt.Sprintf("%d/%d", d.Taken, d.Headcount) })},
		{Key: "demand.status", Cell: kit.Text(func(lang string, d talent.Demand) string { return kit.Tr(lang, "demand.status."+string(d.Status)) })},
		{Key: "demand.body", ExportOnly: true, Cell: kit.Text(func(_ string, d talent.Demand) string { return d.Body })},
	}}
}

func stayText(stays []talent.Stay) string {
	var out []string
	for _, s := range stays {
		out = append(out, s.Start+" ~ "+s.End)
	}
	return strings.Join(out, "；")
}

func ratingText(t talent.Talent) string {
	if t.RatingN == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f (%d)", t.Rating, t.RatingN)
}
