package assess

import (
	"dangjian/internal/apperr"
	"dangjian/internal/assess"
	"dangjian/internal/web/kit"
	"fmt"
	"net/http"
	"strconv"
)

// Exports are the module's kinds of /export/{kind}: a run's ranking and a
// run's four indices.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"assess-run": {Prepare: m.assessRunExport}, "assess-indices": {Prepare: m.assessIndicesExport}}
}

// assessRunExport writes a run's ranking: one row per org in scope with its
// rank, score and each indicator's raw and normalised value, the
// indicators' names in the header.
func (m *Module) assessRunExport(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	x, err := m.exportedRun(r, p)
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
func (m *Module) exportedRun(r *http.Request, p *kit.Principal) (assess.Run, error) {
	id, err := kit.QueryID(r, "run")
	if err != nil {
		return assess.Run{}, err
	}
	if id == 0 {
		return assess.Run{}, apperr.InvalidField("run", "err.assess.run_required")
	}
	return m.Assess.GetRun(r.Context(), p.Scope, id)
}

// assessIndicesExport writes a run's four indices (四项指数) per committee,
// as the indices page shows them.
func (m *Module) assessIndicesExport(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	x, err := m.exportedRun(r, p)
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
