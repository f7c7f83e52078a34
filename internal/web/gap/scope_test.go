package gap_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func gapLeak(t *testing.T, what string, r webtest.Resp) {
	t.Helper()
	webtest.NoLeak(t, what, r)
	for _, s := range []string{"JY快递驿站", "吉阳物流链"} {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s leaks %q", what, s)
		}
	}
}

// gapMatrix holds the two-new coverage routes' rows of the scope matrix:
// gap actions and coverage follow the unit's (or member's) area and org,
// so 海棠区 accounts neither see nor change 吉阳区's.
func gapMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyGap := func(t *testing.T) string { return id(e.Gaps(t).JyGap) }
	both := func(t *testing.T, h, b *webtest.Client, method, path string, body url.Values, codes ...int) {
		for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
			var r webtest.Resp
			if method == "GET" {
				r = c.Do("GET", path, nil)
			} else {
				r = c.Do("POST", path, webtest.CloneForm(body))
			}
			webtest.Want(t, who+" "+method+" "+path, r, codes...)
			gapLeak(t, who+" "+path, r)
		}
	}
	jy, ht := e.W.Jiyang, e.W.Haitang
	apiGap := func(suffix string) func(*testing.T) string {
		return func(t *testing.T) string { return "/api/v1/gaps/" + id(e.Gaps(t).JyGap) + suffix }
	}
	return map[string]webtest.MatrixCheck{
		"GET /gaps": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			g := e.Gaps(t)
			for _, q := range []string{"", "?q=JY", "?unit_id=" + id(g.JyUnit.ID), "?area_id=" + id(e.W.Jiyang.Village.ID), "?owner_org_id=" + id(e.W.Jiyang.Branches[0].ID),
				"?state=open&per_page=500", "?sort=-deadline", "?overdue=1", "?kind=instructor"} {
				both(t, h, b, "GET", "/gaps"+q, nil, 200)
			}
			if r := h.Do("GET", "/gaps", nil); !strings.Contains(r.Body, "海棠湾快递站") {
				t.Errorf("own gap missing from /gaps")
			}
			if r := h.Do("GET", "/export/gaps?format=csv", nil); r.Code != 200 || !strings.Contains(r.Body, "海棠湾快递站") {
				t.Errorf("own gap export: %d", r.Code)
			} else {
				gapLeak(t, "gap export", r)
			}
			gapLeak(t, "coverage export", h.Do("GET", "/export/gap-coverage?format=csv", nil))
		},
		"POST /gaps/scan": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			g := e.Gaps(t)
			r := h.Do("POST", "/gaps/scan", url.Values{})
			webtest.Want(t, "scan", r, 303)
			// 海棠's scan neither closes nor duplicates 吉阳's action.
			var open, total int
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ? AND status = 'open'`), g.JyUnit.ID).Scan(&open)
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ?`), g.JyUnit.ID).Scan(&total)
			if open != 1 || total != 1 {
				t.Errorf("吉阳's action after 海棠's scan: %d open of %d", open, total)
			}
		},
		"GET /gaps/coverage": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Gaps(t)
			both(t, h, b, "GET", "/gaps/coverage", nil, 200)
			if r := h.Do("GET", "/gaps/coverage", nil); !strings.Contains(r.Body, "海棠区") || !strings.Contains(r.Body, "新就业群体") {
				t.Errorf("own coverage rows missing")
			}
		},
		"GET /gaps/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			both(t, h, b, "GET", "/gaps/"+jyGap(t), nil, 404)
			if r := h.Do("GET", "/gaps/"+id(e.Gaps(t).HtGap), nil); r.Code != 200 || !strings.Contains(r.Body, "海棠湾快递站") {
				t.Errorf("own gap: %d", r.Code)
			}
		},
		"POST /gaps/{id}/{step}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			for step, form := range map[string]url.Values{"assign": {"owner_org_id": {id(e.W.Haitang.Branches[0].ID)}}, "note": {"note": {"越权"}}, "close": {"reason": {"越权"}}} {
				both(t, h, b, "POST", "/gaps/"+jyGap(t)+"/"+step, form, 404)
			}
			// An own action cannot be given to 吉阳's org.
			r := h.Do("POST", "/gaps/"+id(e.Gaps(t).HtGap)+"/assign", url.Values{"owner_org_id": {id(e.W.Jiyang.Branches[0].ID)}})
			webtest.Want(t, "assign to a foreign org", r, 422)
			gapLeak(t, "assign foreign org", r)
			var status string
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT status FROM gap_actions WHERE id = ?`), e.Gaps(t).JyGap).Scan(&status)
			if status != "open" {
				t.Errorf("吉阳's action is %s", status)
			}
		},

		// The JSON API.
		"GET /api/v1/gaps": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			g := e.Gaps(t)
			webtest.APIRead(webtest.Path("/api/v1/gaps"), "海棠湾快递站", []string{"", "?q=JY", "?unit_id=" + id(g.JyUnit.ID), "?area_id=" + id(jy.Village.ID),
				"?owner_org_id=" + id(jy.Branches[0].ID), "?state=open&per_page=500", "?sort=-deadline", "?overdue=1"}, 200)(t, e, h, b)
		},
		"POST /api/v1/gaps/scan": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			g := e.Gaps(t)
			for who, c := range webtest.Both(h, b) {
				r := c.Do("POST", "/api/v1/gaps/scan", nil)
				webtest.Want(t, who+" scan", r, 200)
				webtest.Clean(t, e, who+" scan", r)
			}
			var open, total int
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ? AND status = 'open'`), g.JyUnit.ID).Scan(&open)
			e.S.DB.Read().QueryRowContext(t.Context(), e.S.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ?`), g.JyUnit.ID).Scan(&total)
			if open != 1 || total != 1 {
				t.Errorf("吉阳's action after 海棠's scans: %d open of %d", open, total)
			}
		},
		"GET /api/v1/gaps/{id}":         webtest.APIRead(apiGap(""), "", nil, 404),
		"POST /api/v1/gaps/{id}/assign": webtest.APIRefused("POST", apiGap("/assign"), webtest.Body(map[string]any{"owner_org_id": ht.Branches[0].ID}), 404),
		"POST /api/v1/gaps/{id}/notes":  webtest.APIRefused("POST", apiGap("/notes"), webtest.Body(map[string]any{"note": "越权备注"}), 404),
		"POST /api/v1/gaps/{id}/close":  webtest.APIRefused("POST", apiGap("/close"), webtest.Body(map[string]any{"reason": "越权关闭"}), 404),
		"GET /api/v1/gap-coverage": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Gaps(t)
			webtest.APIRead(webtest.Path("/api/v1/gap-coverage"), "海棠", nil, 200)(t, e, h, b)
		},
	}
}

func TestScopeMatrixGap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("gap")
		webtest.RunMatrix(t, e, routes, gapMatrix(e))
	})
}
