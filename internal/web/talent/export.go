package talent

import (
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the talent pool, the
// demand board and the supply and demand report, each for talent readers.
func (m *Module) Exports() map[string]kit.Export {
	ex := func(prepare func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error)) kit.Export {
		return kit.Export{Perm: auth.PermTalentRead, Prepare: prepare}
	}
	return map[string]kit.Export{"talents": ex(m.exportTalents), "demands": ex(m.exportDemands), "talent-report": ex(m.exportReport)}
}

// exportTalents writes the talent pool with the list's filters, from the
// list's table. Phones stay masked.
func (m *Module) exportTalents(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := talentFilter(r)
	if err != nil {
		return nil, err
	}
	return m.talentTable().Export(kit.LangOf(r), func(fn func(talent.Talent) error) error {
		return m.Talents.EachTalent(r.Context(), p.Scope, f, fn)
	}), nil
}

// exportDemands writes the demand board with the staff list's filters,
// from the list's table.
func (m *Module) exportDemands(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	f, _, err := demandFilter(r)
	if err != nil {
		return nil, err
	}
	return m.demandTable("/demands/").Export(kit.LangOf(r), func(fn func(talent.Demand) error) error {
		return m.Talents.EachDemand(r.Context(), p.Scope, f, fn)
	}), nil
}

// exportReport writes the supply and demand report: by month, by field
// and by district.
func (m *Module) exportReport(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
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
