package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/cultivation"
	"dangjian/internal/db"
	"dangjian/internal/declaration"
	"dangjian/internal/web/kit"
)

// orgnetExport writes the organization network's lists as a sheet: the
// alliances, projects and risk points, the recruitment pipeline and the
// 双培养 register, declarations and mobile members, weak-branch cases and
// supervision visits, and an assessment run's scores. Each reads the list
// page's filters and goes through the store's scoped queries, so an export
// holds exactly the rows the page would page through.
func (s *Server) orgnetExport(r *http.Request, p *Principal, kind string) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	hdr := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = kit.Tr(lang, k)
		}
		return out
	}
	switch kind {
	case "recruits":
		f, _, err := recruitFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(hdr("cultivation.name", "cultivation.org", "cultivation.stage", "cultivation.stage_on", "cultivation.due_on", "cultivation.extension_months")...)
			return s.cultivation().Each(r.Context(), p.Scope, f, func(e cultivation.Entry) error {
				return sw.Row(e.Name, e.OrgName, kit.Tr(lang, "cultivation.stage."+string(e.Stage)), e.StageOn, e.DueOn, strconv.Itoa(e.Extension))
			})
		}, nil
	case "dual":
		sector, dir, err := dualFilter(r)
		if err != nil {
			return nil, err
		}
		return func(sw kit.Sheet) error {
			sw.Row(hdr("cultivation.name", "cultivation.org", "cultivation.sector", "cultivation.direction", "cultivation.mentor",
				"cultivation.started_on", "cultivation.target_on", "cultivation.progress")...)
			return s.cultivation().EachDual(r.Context(), p.Scope, sector, dir, func(d cultivation.Dual) error {
				return sw.Row(d.Name, d.OrgName, kit.Tr(lang, "org.sector."+d.Sector), kit.Tr(lang, "cultivation.dir."+string(d.Direction)), d.Mentor,
					d.StartedOn, d.TargetOn, d.Progress)
			})
		}, nil
	case "declarations", "mobile":
		f, _, err := declarationFilter(r)
		if err != nil {
			return nil, err
		}
		if kind == "mobile" {
			f.Kind = declaration.Mobile
		}
		return func(sw kit.Sheet) error {
			sw.Row(hdr(append(append([]string{}, declarationCols...), "declaration.joined_on", "declaration.note", "declaration.reason")...)...)
			return kit.PagedRows(sw, func(pg db.Page) ([]declaration.Declaration, error) {
				f.Page = pg
				items, _, err := s.declarations().List(r.Context(), p.Scope, f)
				return items, err
			}, func(d declaration.Declaration) []string {
				var cells []string
				for _, c := range declarationRow(lang, d) {
					cells = append(cells, c.Text)
				}
				return append(cells, d.JoinedOn, d.Note, d.Reason)
			})
		}, nil
	}
	return nil, apperr.InvalidField("kind", "err.param.enum")
}
