package registry

import (
	"net/http"
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
	return map[string]kit.Export{"people": {Prepare: m.exportPeople}, "orgs": {Prepare: m.exportOrgs}, "units": {Prepare: m.exportUnits}}
}

func (m *Module) exportPeople(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := personFilter(r)
	if err != nil {
		return nil, err
	}
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "person.name"), kit.Tr(lang, "person.status"), kit.Tr(lang, "person.gender"), kit.Tr(lang, "person.age"), kit.Tr(lang, "person.id_number"), kit.Tr(lang, "person.phone"), kit.Tr(lang, "person.joined_on"), kit.Tr(lang, "person.org"), kit.Tr(lang, "person.area"), kit.Tr(lang, "person.unit"), kit.Tr(lang, "person.flags"), kit.Tr(lang, "person.seasonal_months"))
		return m.People.Each(r.Context(), p.Scope, f, func(x person.Person) error {
			return sw.Row(x.Name, kit.Tr(lang, "status."+string(x.Status)), kit.Tr(lang, "gender."+x.Gender), ageText(lang, x), x.IDMask, x.PhoneMask, x.JoinedOn, x.OrgName, x.AreaName, x.UnitName, flagsText(lang, x), monthsText(lang, x.SeasonalMonths))
		})
	}, nil
}

func (m *Module) exportOrgs(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := orgFilter(r)
	if err != nil {
		return nil, err
	}
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "org.code"), kit.Tr(lang, "org.name"), kit.Tr(lang, "org.kind"), kit.Tr(lang, "org.sector"), kit.Tr(lang, "org.area"), kit.Tr(lang, "org.parent"), kit.Tr(lang, "org.secretary"), kit.Tr(lang, "org.members"))
		return m.Orgs.Each(r.Context(), p.Scope, f, func(o org.Org) error {
			return sw.Row(o.Code, o.Name, kit.Tr(lang, "org.kind."+string(o.Kind)), kit.Tr(lang, "org.sector."+string(o.Sector)), o.AreaName, o.ParentName, o.SecretaryName, strconv.Itoa(o.Members))
		})
	}, nil
}

func (m *Module) exportUnits(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := unitFilter(r)
	if err != nil {
		return nil, err
	}
	lang := kit.LangOf(r)
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "unit.name"), kit.Tr(lang, "unit.credit_code"), kit.Tr(lang, "unit.kind"), kit.Tr(lang, "unit.industry"), kit.Tr(lang, "unit.chain_tags"), kit.Tr(lang, "unit.employees"), kit.Tr(lang, "unit.area"), kit.Tr(lang, "unit.org"))
		return m.Units.Each(r.Context(), p.Scope, f, func(u unit.Unit) error {
			return sw.Row(u.Name, u.CreditCode, kit.Tr(lang, "unit.kind."+string(u.Kind)), u.Industry, strings.Join(u.ChainTags, ","), strconv.Itoa(u.Employees), u.AreaName, u.OrgName)
		})
	}, nil
}
