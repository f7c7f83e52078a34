package coverage

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/coverage"
	"dangjian/internal/web/kit"
)

// Exports are the module's kinds of /export/{kind}: a coverage run's
// result, for those who may read the service network.
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"coverage": {Perm: auth.PermServiceRead, Prepare: m.exportRun}}
}

// exportRun writes a coverage run's areas and uncovered clusters.
func (m *Module) exportRun(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	id, err := kit.QueryID(r, "run")
	if err != nil {
		return nil, err
	}
	run, err := m.Coverage.GetRun(r.Context(), p.Scope, id)
	if err != nil {
		return nil, err
	}
	var res coverage.Result
	if run.Kind != "coverage" || run.Status != coverage.Done || json.Unmarshal(run.Result, &res) != nil {
		return nil, apperr.InvalidField("run", "err.coverage.not_done")
	}
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "coverage.mode"), kit.Tr(lang, "coverage.mode."+string(res.Mode)), kit.Tr(lang, "coverage.share"), fmt.Sprintf("%.4f", res.City.Share))
		var hdr []string
		for _, k := range statCols {
			hdr = append(hdr, kit.Tr(lang, k))
		}
		sw.Row(hdr...)
		for _, a := range res.Areas {
			var cells []string
			for _, c := range statRow(lang, a) {
				cells = append(cells, c.Text)
			}
			sw.Row(cells...)
		}
		sw.Row()
		sw.Row(kit.Tr(lang, "coverage.clusters"), kit.Tr(lang, "coverage.area_name"), kit.Tr(lang, "coverage.homes_n"), kit.Tr(lang, "coverage.people"), kit.Tr(lang, "post.lat"), kit.Tr(lang, "post.lng"))
		for i, c := range res.Clusters {
			sw.Row(strconv.Itoa(i+1), c.AreaNam, strconv.Itoa(c.Homes), strconv.Itoa(c.People), fmt.Sprintf("%.6f", c.Lat), fmt.Sprintf("%.6f", c.Lng))
		}
		return nil
	}, nil
}
