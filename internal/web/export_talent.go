package web

import (
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/talent"
)

// talentExport writes the talent pool, the demand board or the supply
// and demand report as a sheet. Phones stay masked.
func (s *Server) talentExport(r *http.Request, p *Principal, kind string) (func(sheetWriter) error, error) {
	lang := langOf(r)
	tax := s.Talents.Tax
	switch kind {
	case "talents":
		f, _, err := talentFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw sheetWriter) error {
			sw.row(tr(lang, "talent.name"), tr(lang, "talent.title"), tr(lang, "talent.skills"), tr(lang, "talent.phone"), tr(lang, "talent.party_member"),
				tr(lang, "talent.area"), tr(lang, "talent.stays"), tr(lang, "talent.mode"), tr(lang, "talent.travel_km"), tr(lang, "talent.load"),
				tr(lang, "talent.rating"), tr(lang, "talent.status"), tr(lang, "talent.expertise"))
			return s.Talents.EachTalent(r.Context(), p.Scope, f, func(t talent.Talent) error {
				return sw.row(t.Name, t.Title, skillNames(tax, lang, t.Skills), t.PhoneMask, yesNo(lang, t.PartyMember), t.AreaName, stayText(t.Stays),
					tr(lang, "talent.mode."+string(t.Mode)), strconv.Itoa(t.TravelKm), fmt.Sprintf("%d/%d", t.Load, t.Capacity), ratingText(t),
					tr(lang, "talent.status."+string(t.Status)), t.Expertise)
			})
		}, nil
	case "demands":
		f, _, err := demandFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw sheetWriter) error {
			sw.row(tr(lang, "demand.title"), tr(lang, "demand.org"), tr(lang, "demand.required"), tr(lang, "demand.optional"), tr(lang, "demand.dates"),
				tr(lang, "demand.area"), tr(lang, "demand.headcount"), tr(lang, "demand.status"), tr(lang, "demand.body"))
			return s.Talents.EachDemand(r.Context(), p.Scope, f, func(d talent.Demand) error {
				return sw.row(d.Title, d.OrgName, skillNames(tax, lang, d.Required), skillNames(tax, lang, d.Optional), d.Start+" ~ "+d.End,
					d.AreaName, fmt.Sprintf("%d/%d", d.Taken, d.Headcount), tr(lang, "demand.status."+string(d.Status)), d.Body)
			})
		}, nil
	}
	start, months, err := reportParams(r)
	if err != nil {
		return nil, err
	}
	rep, err := s.Talents.Report(r.Context(), start, months)
	if err != nil {
		return nil, err
	}
	return func(sw sheetWriter) error {
		sw.row(tr(lang, "report.section"), tr(lang, "report.name"), tr(lang, "report.supply"), tr(lang, "report.demand"))
		for i, m := range rep.Months {
			sw.row(tr(lang, "report.by_month"), m, strconv.Itoa(rep.Supply[i]), strconv.Itoa(rep.Demand[i]))
		}
		for _, x := range rep.Fields {
			sw.row(tr(lang, "report.by_field"), x.Name, strconv.Itoa(x.Supply), strconv.Itoa(x.Demand))
		}
		for _, x := range rep.Districts {
			if err := sw.row(tr(lang, "report.by_district"), x.Name, strconv.Itoa(x.Supply), strconv.Itoa(x.Demand)); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
