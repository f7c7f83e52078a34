package web

import (
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/assess"
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
	case "assess-run":
		return s.assessRunExport(r, p)
	case "assess-indices":
		return s.assessIndicesExport(r, p)
	}
	return nil, apperr.InvalidField("kind", "err.param.enum")
}

// assessRunExport writes a run's ranking: one row per org in scope with its
// rank, score and each indicator's raw and normalised value, the
// indicators' names in the header.
func (s *Server) assessRunExport(r *http.Request, p *Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	x, err := s.exportedRun(r, p)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		h := []string{kit.Tr(lang, "assess.rank"), kit.Tr(lang, "assess.org"), kit.Tr(lang, "assess.parent"), kit.Tr(lang, "assess.score")}
		for _, i := range x.Indicators {
			h = append(h, fmt.Sprintf("%s %s", i.Name, kit.Tr(lang, "assess.raw")), fmt.Sprintf("%s %s", i.Name, kit.Tr(lang, "assess.norm")))
		}
		sw.Row(h...)
		for _, sc := range x.Scores {
			row := []string{strconv.Itoa(sc.Rank), sc.OrgName, sc.ParentName, num(sc.Score)}
			for i := range x.Indicators {
				raw, norm := "", ""
				if i < len(sc.Raw) {
					raw = num(sc.Raw[i])
				}
				if i < len(sc.Norm) {
					norm = num(sc.Norm[i])
				}
				row = append(row, raw, norm)
			}
			if err := sw.Row(row...); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// exportedRun is the run named by ?run=, visible in scope.
func (s *Server) exportedRun(r *http.Request, p *Principal) (assess.Run, error) {
	id, err := kit.QueryID(r, "run")
	if err != nil {
		return assess.Run{}, err
	}
	if id == 0 {
		return assess.Run{}, apperr.InvalidField("run", "err.assess.run_required")
	}
	return s.assessStore().GetRun(r.Context(), p.Scope, id)
}

// assessIndicesExport writes a run's four indices (四项指数) per committee,
// as the indices page shows them.
func (s *Server) assessIndicesExport(r *http.Request, p *Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	x, err := s.exportedRun(r, p)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		h := []string{kit.Tr(lang, "assess.group")}
		for _, k := range assess.Indices {
			h = append(h, kit.Tr(lang, "assess.index."+k))
		}
		sw.Row(h...)
		for _, g := range assess.IndexRows(x) {
			row := []string{g.Group}
			for _, k := range assess.Indices {
				v, ok := g.Values[k]
				row = append(row, map[bool]string{true: num(v), false: ""}[ok])
			}
			if err := sw.Row(row...); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
