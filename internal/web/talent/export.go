package talent

import (
	"context"
	"net/http"
	"strconv"

	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: the talent pool (phones
// stay masked) and the demand board with their lists' filters and tables,
// and the supply and demand report, each for talent readers.
func (m *Module) Exports() map[string]kit.Export {
	ex := func(prepare func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error)) kit.Export {
		return kit.Export{Perm: auth.PermTalentRead, Prepare: prepare}
	}
	talents := func(ctx context.Context, sc scope.Scope, f talent.Filter, fn func(talent.Talent) error) error {
		return m.Talents.EachTalent(ctx, sc, f, fn)
	}
	demands := func(ctx context.Context, sc scope.Scope, f talent.DemandFilter, fn func(talent.Demand) error) error {
		return m.Talents.EachDemand(ctx, sc, f, fn)
	}
	// The tables read the store's taxonomy, so they are made per export.
	return map[string]kit.Export{
		"talents": ex(func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
			return kit.ListExport(talentFilter, m.talentTable(), talents)(r, p)
		}),
		"demands": ex(func(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
			return kit.ListExport(demandFilter, m.demandTable("/demands/"), demands)(r, p)
		}),
		"talent-report": ex(m.exportReport),
	}
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
