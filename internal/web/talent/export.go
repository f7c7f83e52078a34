package talent

import (
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the talent pool, the
// demand board and the supply and demand report, each for talent readers.
func (m *Module) Exports() map[string]kit.Export {
	ex := func(kind string) kit.Export {
		return kit.Export{Perm: auth.PermTalentRead, Prepare: func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
			return m.talentExport(r, p, kind)
		}}
	}
	return map[string]kit.Export{"talents": ex("talents"), "demands": ex("demands"), "talent-report": ex("talent-report")}
}

// talentExport writes the talent pool, the demand board or the supply
// and demand report as a sheet. Phones stay masked.
func (m *Module) talentExport(r *http.Request, p *kit.Principal, kind string) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	tax := m.Talents.Tax
	switch kind {
	case "talents":
		f, _, err := talentFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(kit.Tr(lang, "talent.name"), kit.Tr(lang, "talent.title"), kit.Tr(lang, "talent.skills"), kit.Tr(lang, "talent.phone"), kit.Tr(lang, "talent.party_member"),
				kit.Tr(lang, "talent.area"), kit.Tr(lang, "talent.stays"), kit.Tr(lang, "talent.mode"), kit.Tr(lang, "talent.travel_km"), kit.Tr(lang, "talent.load"),
				kit.Tr(lang, "talent.rating"), kit.Tr(lang, "talent.status"), kit.Tr(lang, "talent.expertise"))
			return m.Talents.EachTalent(r.Context(), p.Scope, f, func(t talent.Talent) error {
				return sw.Row(t.Name, t.Title, skillNames(tax, lang, t.Skills), t.PhoneMask, kit.YesNo(lang, t.PartyMember), t.AreaName, stayText(t.Stays),
					kit.Tr(lang, "talent.mode."+string(t.Mode)), strconv.Itoa(t.TravelKm), fmt.Sprintf("%d/%d", t.Load, t.Capacity), ratingText(t),
					kit.Tr(lang, "talent.status."+string(t.Status)), t.Expertise)
			})
		}, nil
	case "demands":
		f, _, err := demandFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(kit.Tr(lang, "demand.title"), kit.Tr(lang, "demand.org"), kit.Tr(lang, "demand.required"), kit.Tr(lang, "demand.optional"), kit.Tr(lang, "demand.dates"),
				kit.Tr(lang, "demand.area"), kit.Tr(lang, "demand.headcount"), kit.Tr(lang, "demand.status"), kit.Tr(lang, "demand.body"))
			return m.Talents.EachDemand(r.Context(), p.Scope, f, func(d talent.Demand) error {
				return sw.Row(d.Title, d.OrgName, skillNames(tax, lang, d.Required), skillNames(tax, lang, d.Optional), d.Start+" ~ "+d.End,
					d.AreaName, fmt.Sprintf("%d/%d", d.Taken, d.Headcount), kit.Tr(lang, "demand.status."+string(d.Status)), d.Body)
			})
		}, nil
	}
	start, months, err := reportParams(r)
	if err != nil {
		return nil, err
	}
	rep, err := m.Talents.Report(r.Context(), start, months)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "report.section"), kit.Tr(lang, "report.name"), kit.Tr(lang, "report.supply"), kit.Tr(lang, "report.demand"))
		for i, m := range rep.Months {
			sw.Row(kit.Tr(lang, "report.by_month"), m, strconv.Itoa(rep.Supply[i]), strconv.Itoa(rep.Demand[i]))
		}
		for _, x := range rep.Fields {
			sw.Row(kit.Tr(lang, "report.by_field"), x.Name, strconv.Itoa(x.Supply), strconv.Itoa(x.Demand))
		}
		for _, x := range rep.Districts {
			if err := sw.Row(kit.Tr(lang, "report.by_district"), x.Name, strconv.Itoa(x.Supply), strconv.Itoa(x.Demand)); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
