package assess_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestAssessAPI: an assessment scheme through the JSON API (issue 6):
// weights and measures are checked; a locked version is kept and the
// change becomes a new version.
func TestAssessAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		// Assessment: weights and measures are checked; a locked version
		// is kept and the change becomes a new version.
		s := webtest.Obj(t, webtest.Ok(t, "scheme", c.Do("POST", "/api/v1/assess/schemes", map[string]any{"name": "HT年度考核"}), 201))
		sp := fmt.Sprintf("/api/v1/assess/schemes/%d", webtest.Num(t, s, "id"))
		v1 := webtest.Num(t, s, "versions", 0, "id")
		ip := fmt.Sprintf("/api/v1/assess/versions/%d/indicators", v1)
		ind := func(w1, w2 int, measure string) map[string]any {
			return map[string]any{"indicators": []map[string]any{{"name": "三会一课", "weight": w1, "measure": "meeting_compliance", "target": 100, "index": "organization"},
				{"name": "项目", "weight": w2, "measure": measure, "target": 100}}}
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "weights sum to 90", Method: "PUT", Path: ip, Body: ind(60, 30, "project_progress"), Status: 422, Key: "err.assess.weight_sum", Table: "assess_indicators"},
			{Name: "unknown measure", Method: "PUT", Path: ip, Body: ind(60, 40, "happiness"), Status: 422, Key: "err.assess.unknown_measure", Table: "assess_indicators"},
			{Name: "no indicators", Method: "PUT", Path: ip, Body: map[string]any{"indicators": []any{}}, Status: 422, Key: "err.assess.no_indicators", Table: "assess_indicators"},
			{Name: "bad period", Method: "POST", Path: "/api/v1/assess/runs", Body: map[string]any{"version_id": v1, "period": "2026-Q5"}, Status: 422, Key: "err.assess.period", Table: "assess_runs"},
		})
		r := webtest.Ok(t, "indicators", c.Do("PUT", ip, ind(60, 40, "project_progress")), 200)
		if x := webtest.Obj(t, r); webtest.Num(t, x, "version_id") != v1 || x["created"] != false {
			t.Errorf("unlocked version: %s", r.Body)
		}
		webtest.WantAPIError(t, "apply without indicators elsewhere", c.Do("POST", "/api/v1/assess/runs", map[string]any{"version_id": 999999, "period": "2025"}), 404, "err.not_found")
		runJ := webtest.Obj(t, webtest.Ok(t, "apply 2025", c.Do("POST", "/api/v1/assess/runs", map[string]any{"version_id": v1, "period": "2025"}), 201))
		if !strings.Contains(fmt.Sprint(runJ["scores"]), ht.Branches[0].Name) {
			t.Errorf("run: %v", runJ)
		}
		webtest.Ok(t, "run", c.Do("GET", fmt.Sprintf("/api/v1/assess/runs/%d", webtest.Num(t, runJ, "id")), nil), 200)
		ix := webtest.Obj(t, webtest.Ok(t, "indices", c.Do("GET", "/api/v1/assess/indices", nil), 200))
		if webtest.Num(t, ix, "run_id") != webtest.Num(t, runJ, "id") || len(ix["rows"].([]any)) == 0 {
			t.Errorf("indices of the latest run: %v", ix)
		}
		// 2025 has ended: the version is locked.
		r = webtest.Ok(t, "indicators on a locked version", c.Do("PUT", ip, ind(50, 50, "gaps_closed")), 201)
		v2 := webtest.Num(t, webtest.Obj(t, r), "version_id")
		if v2 == v1 {
			t.Fatalf("a locked version was changed in place: %s", r.Body)
		}
		sch := webtest.Obj(t, webtest.Ok(t, "scheme detail", c.Do("GET", sp, nil), 200))
		for _, vv := range sch["versions"].([]any) {
			ver := vv.(map[string]any)
			w := webtest.Num(t, ver, "indicators", 0, "weight")
			switch webtest.Num(t, ver, "id") {
			case v1:
				if w != 60 || ver["locked"] != true {
					t.Errorf("the locked version changed: %v", ver)
				}
			case v2:
				if w != 50 {
					t.Errorf("the new version: %v", ver)
				}
			}
		}
		if r := c.Do("GET", "/api/v1/assess/schemes", nil); !strings.Contains(r.Body, "HT年度考核") {
			t.Errorf("schemes: %.300s", r.Body)
		}
		webtest.Audited(t, e, "haitang", "assess.scheme", "assess.indicators", "assess.apply")
	})
}
