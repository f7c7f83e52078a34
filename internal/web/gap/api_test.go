package gap_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestGapAPI: a gap is listed, noted, assigned and closed through the
// JSON API (issue 6), bad input refused with its code and nothing written;
// a closed gap refuses a second close; scans and coverage answer.
func TestGapAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		g := e.Gaps(t)
		gp := fmt.Sprintf("/api/v1/gaps/%d", g.HtGap)

		r := webtest.Ok(t, "list", c.Do("GET", "/api/v1/gaps?state=open&per_page=5", nil), 200)
		if !strings.Contains(r.Body, "海棠湾快递站") || webtest.Num(t, webtest.Obj(t, r), "per_page") != 5 {
			t.Errorf("gap list: %.300s", r.Body)
		}
		webtest.Ok(t, "note", c.Do("POST", gp+"/notes", map[string]any{"note": "已联系企业"}), 200)
		webtest.Ok(t, "assign", c.Do("POST", gp+"/assign", map[string]any{"owner_org_id": ht.Branches[0].ID, "deadline": "2026-12-31"}), 200)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "close without a reason", Method: "POST", Path: gp + "/close", Body: map[string]any{"reason": " "}, Status: 422, Key: "err.gap.note_needed", Table: "gap_actions"},
			{Name: "bad deadline", Method: "POST", Path: gp + "/assign", Body: map[string]any{"deadline": "31/12/2026"}, Status: 422, Key: "err.date_format", Table: ""},
			{Name: "unknown field", Method: "POST", Path: gp + "/close", Body: map[string]any{"why": "x"}, Status: 422, Key: "err.json.unknown_field", Table: ""},
			{Name: "bad id", Method: "GET", Path: "/api/v1/gaps/abc", Body: nil, Status: 422, Key: "err.param.id", Table: ""},
			{Name: "bad state", Method: "GET", Path: "/api/v1/gaps?state=maybe", Body: nil, Status: 422, Key: "err.param.enum", Table: ""},
		})
		r = webtest.Ok(t, "close", c.Do("POST", gp+"/close", map[string]any{"reason": "已派驻党建指导员"}), 200)
		if x := webtest.Obj(t, r); x["status"] != "closed" || len(x["events"].([]any)) < 3 {
			t.Errorf("closed gap: %.400s", r.Body)
		}
		webtest.WantAPIError(t, "close twice", c.Do("POST", gp+"/close", map[string]any{"reason": "again"}), 409, "err.gap.closed")
		r = webtest.Ok(t, "scan", c.Do("POST", "/api/v1/gaps/scan", nil), 200)
		if _, has := webtest.Obj(t, r)["opened"]; !has {
			t.Errorf("scan result: %s", r.Body)
		}
		r = webtest.Ok(t, "coverage", c.Do("GET", "/api/v1/gap-coverage", nil), 200)
		if x := webtest.Obj(t, r); x["by_district"] == nil || webtest.Num(t, x, "total", "units") == 0 {
			t.Errorf("coverage: %.300s", r.Body)
		}
		webtest.Audited(t, e, "haitang", "gap.note", "gap.assign", "gap.close", "gap.scan")
	})
}
