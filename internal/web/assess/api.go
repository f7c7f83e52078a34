package assess

import (
	"dangjian/internal/assess"
	"dangjian/internal/web/kit"
	"net/http"
)

// JSON API of assessment: schemes, indicators, runs and the indices.

// apiSchemes is every scheme. By hand: the list is one unpaged
// {"items"}, which kit.APIList's paged shape is not.
func (m *Module) apiSchemes(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	xs, err := m.Assess.ListSchemes(r.Context())
	if err != nil {
		return err
	}
	if xs == nil {
		xs = []assess.Scheme{}
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"items": xs})
	return nil
}

type schemeInput struct {
	Name string `json:"name"`
}

func (m *Module) apiSchemeCreate(r *http.Request, p *kit.Principal, in schemeInput) (any, error) {
	id, err := m.Assess.CreateScheme(r.Context(), in.Name)
	if err != nil {
		return nil, err
	}
	return m.Assess.GetScheme(r.Context(), p.Scope, id)
}

type indicatorsInput struct {
	Indicators []assess.Indicator `json:"indicators"`
}

// apiIndicators replaces a version's indicators. A locked version (applied
// to a closed period) is left as it is: the indicators become a new
// version, answered with 201 and its id. By hand: the status depends on
// the outcome, which the fixed-code kit.APIChange does not allow.
func (m *Module) apiIndicators(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	vid, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in indicatorsInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	for i := range in.Indicators {
		in.Indicators[i].ID = 0
	}
	id, created, err := m.Assess.SetIndicators(r.Context(), vid, in.Indicators)
	if err != nil {
		return err
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
	}
	kit.WriteJSON(w, code, map[string]any{"version_id": id, "created": created, "from_version_id": vid})
	return nil
}

type runInput struct {
	VersionID int64  `json:"version_id"`
	Period    string `json:"period"` // 2026 or 2026-Q1
}

// apiRunApply applies a version to a period over the caller's branches.
func (m *Module) apiRunApply(r *http.Request, p *kit.Principal, in runInput) (any, error) {
	id, err := m.Assess.Apply(r.Context(), p.Scope, in.VersionID, in.Period)
	if err != nil {
		return nil, err
	}
	return m.Assess.GetRun(r.Context(), p.Scope, id)
}

// apiIndices is the four indices (组织力, 服务力, 人才力, 廉洁力) per
// committee of a run in scope (by default the latest), as on the page.
// By hand: the run is named by ?run_id= or by none, not by the path.
func (m *Module) apiIndices(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.QueryID(r, "run_id")
	if err != nil {
		return err
	}
	if id == 0 {
		if id, err = m.Assess.LatestRun(r.Context(), p.Scope); err != nil {
			return err
		}
	}
	out := map[string]any{"run_id": id, "indices": assess.Indices, "rows": []assess.IndexRow{}}
	if id != 0 {
		x, err := m.Assess.GetRun(r.Context(), p.Scope, id)
		if err != nil {
			return err
		}
		if rows := assess.IndexRows(x); rows != nil {
			out["rows"] = rows
		}
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
