package registry

import (
	"strconv"
	"strings"

	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: people, orgs and
// units, each with its list's filters. Personal data stays masked.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{
		"people": exportOf(personTable, personFilter, m.People.Each),
		"orgs":   exportOf(orgTable, orgFilter, m.Orgs.Each),
		"units":  exportOf(unitTable, unitFilter, m.Units.Each),
	}
}

// personTable is the people list's columns: the export's in its order,
// the page's by key.
var personTable = newListTable(kit.Table[person.Person]{Columns: []kit.Column[person.Person]{
	{Key: "person.name", Sort: "name", Cell: func(_ string, x person.Person) kit.Cell {
		return kit.Cell{Text: x.Name, Href: "/people/" + kit.Itoa(x.ID)}
	}},
	{Key: "person.status", Sort: "status", Cell: kit.Text(func(lang string, x person.Person) string { return kit.Tr(lang, "status."+string(x.Status)) })},
	{Key: "person.gender", Cell: kit.Text(func(lang string, x person.Person) string { return kit.Tr(lang, "gender."+x.Gender) })},
	{Key: "person.age", Cell: kit.Text(ageText)},
	{Key: "person.id_number", Cell: kit.Text(func(_ string, x person.Person) string { return x.IDMask })},
	{Key: "person.phone", Cell: kit.Text(func(_ string, x person.Person) string { return x.PhoneMask })},
	{Key: "person.joined_on", Cell: kit.Text(func(_ string, x person.Person) string { return x.JoinedOn })},
	{Key: "person.org", Cell: kit.Text(func(_ string, x person.Person) string { return x.OrgName })},
	{Key: "person.area", Cell: kit.Text(func(_ string, x person.Person) string { return x.AreaName })},
	{Key: "person.unit", Cell: kit.Text(func(_ string, x person.Person) string { return x.UnitName })},
	{Key: "person.flags", Cell: kit.Text(flagsText)},
	{Key: "person.seasonal_months", Cell: kit.Text(func(lang string, x person.Person) string { return monthsText(lang, x.SeasonalMonths) })},
}}, nil, "person.name", "person.status", "person.org", "person.area", "person.id_number", "person.phone", "person.flags")

// orgTable is the org list's columns.
var orgTable = newListTable(kit.Table[org.Org]{Columns: []kit.Column[org.Org]{
	{Key: "org.code", Sort: "code", Cell: kit.Text(func(_ string, o org.Org) string { return o.Code })},
	{Key: "org.name", Sort: "name", Cell: func(_ string, o org.Org) kit.Cell { return kit.Cell{Text: o.Name, Href: "/orgs/" + kit.Itoa(o.ID)} }},
	{Key: "org.kind", Sort: "kind", Cell: kit.Text(func(lang string, o org.Org) string { return kit.Tr(lang, "org.kind."+string(o.Kind)) })},
	{Key: "org.sector", Sort: "sector", Cell: kit.Text(func(lang string, o org.Org) string { return kit.Tr(lang, "org.sector."+string(o.Sector)) })},
	{Key: "org.area", Sort: "area", Cell: kit.Text(func(_ string, o org.Org) string { return o.AreaName })},
	{Key: "org.parent", Cell: kit.Text(func(_ string, o org.Org) string { return o.ParentName })},
	{Key: "org.secretary", Cell: kit.Text(func(_ string, o org.Org) string { return o.SecretaryName })},
	{Key: "org.members", Cell: kit.Text(func(_ string, o org.Org) string { return strconv.Itoa(o.Members) })},
}}, nil, "org.name", "org.code", "org.kind", "org.sector", "org.area", "org.secretary", "org.members")

// unitTable is the unit list's columns; the page joins chain tags with
// "、" and names an uncovered unit so, where the export keeps the raw
// values.
var unitTable = newListTable(kit.Table[unit.Unit]{Columns: []kit.Column[unit.Unit]{
	{Key: "unit.name", Sort: "name", Cell: func(_ string, u unit.Unit) kit.Cell { return kit.Cell{Text: u.Name, Href: "/units/" + kit.Itoa(u.ID)} }},
	{Key: "unit.credit_code", Cell: kit.Text(func(_ string, u unit.Unit) string { return u.CreditCode })},
	{Key: "unit.kind", Sort: "kind", Cell: kit.Text(func(lang string, u unit.Unit) string { return kit.Tr(lang, "unit.kind."+string(u.Kind)) })},
	{Key: "unit.industry", Cell: kit.Text(func(_ string, u unit.Unit) string { return u.Industry })},
	{Key: "unit.chain_tags", Cell: kit.Text(func(_ string, u unit.Unit) string { return strings.Join(u.ChainTags, ",") })},
	{Key: "unit.employees", Sort: "employees", Cell: kit.Text(func(_ string, u unit.Unit) string { return strconv.Itoa(u.Employees) })},
	{Key: "unit.area", Sort: "area", Cell: kit.Text(func(_ string, u unit.Unit) string { return u.AreaName })},
	{Key: "unit.org", Cell: kit.Text(func(_ string, u unit.Unit) string { return u.OrgName })},
}}, []kit.Column[unit.Unit]{
	{Key: "unit.chain_tags", Cell: kit.Text(func(_ string, u unit.Unit) string { return strings.Join(u.ChainTags, "、") })},
	{Key: "unit.org", Cell: kit.Text(unitCoverage)},
}, "unit.name", "unit.kind", "unit.industry", "unit.chain_tags", "unit.employees", "unit.area", "unit.org")

// unitCoverage is the org covering u, or that none does.
func unitCoverage(lang string, u unit.Unit) string {
	if u.Covered() {
		return u.OrgName
	}
	return kit.Tr(lang, "unit.uncovered")
}
