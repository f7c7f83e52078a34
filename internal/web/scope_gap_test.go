package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func gapLeak(t *testing.T, what string, r resp) {
	t.Helper()
	noLeak(t, what, r)
	for _, s := range []string{"JY快递驿站", "吉阳物流链"} {
		if strings.Contains(r.body, s) {
			t.Errorf("%s leaks %q", what, s)
		}
	}
}

// gapMatrix holds the two-new coverage routes' rows of the scope matrix:
// gap actions and coverage follow the unit's (or member's) area and org,
// so 海棠区 accounts neither see nor change 吉阳区's.
func gapMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyGap := func(t *testing.T) string { return id(e.gaps(t).jyGap) }
	both := func(t *testing.T, h, b *client, method, path string, body url.Values, codes ...int) {
		for who, c := range map[string]*client{"district": h, "branch": b} {
			var r resp
			if method == "GET" {
				r = c.do("GET", path, nil)
			} else {
				r = c.do("POST", path, cloneForm(body))
			}
			want(t, who+" "+method+" "+path, r, codes...)
			gapLeak(t, who+" "+path, r)
		}
	}
	return map[string]matrixCheck{
		"GET /gaps": func(t *testing.T, e *env, h, b *client) {
			g := e.gaps(t)
			for _, q := range []string{"", "?q=JY", "?unit_id=" + id(g.jyUnit.ID), "?area_id=" + id(e.w.Jiyang.Village.ID), "?owner_org_id=" + id(e.w.Jiyang.Branches[0].ID),
				"?state=open&per_page=500", "?sort=-deadline", "?overdue=1", "?kind=instructor"} {
				both(t, h, b, "GET", "/gaps"+q, nil, 200)
			}
			if r := h.do("GET", "/gaps", nil); !strings.Contains(r.body, "海棠湾快递站") {
				t.Errorf("own gap missing from /gaps")
			}
			if r := h.do("GET", "/export/gaps?format=csv", nil); r.code != 200 || !strings.Contains(r.body, "海棠湾快递站") {
				t.Errorf("own gap export: %d", r.code)
			} else {
				gapLeak(t, "gap export", r)
			}
			gapLeak(t, "coverage export", h.do("GET", "/export/gap-coverage?format=csv", nil))
		},
		"POST /gaps/scan": func(t *testing.T, e *env, h, b *client) {
			g := e.gaps(t)
			r := h.do("POST", "/gaps/scan", url.Values{})
			want(t, "scan", r, 303)
			// 海棠's scan neither closes nor duplicates 吉阳's action.
			var open, total int
			e.s.DB.Read().QueryRowContext(t.Context(), e.s.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ? AND status = 'open'`), g.jyUnit.ID).Scan(&open)
			e.s.DB.Read().QueryRowContext(t.Context(), e.s.DB.Rebind(`SELECT count(*) FROM gap_actions WHERE unit_id = ?`), g.jyUnit.ID).Scan(&total)
			if open != 1 || total != 1 {
				t.Errorf("吉阳's action after 海棠's scan: %d open of %d", open, total)
			}
		},
		"GET /gaps/coverage": func(t *testing.T, e *env, h, b *client) {
			e.gaps(t)
			both(t, h, b, "GET", "/gaps/coverage", nil, 200)
			if r := h.do("GET", "/gaps/coverage", nil); !strings.Contains(r.body, "海棠区") || !strings.Contains(r.body, "新就业群体") {
				t.Errorf("own coverage rows missing")
			}
		},
		"GET /gaps/{id}": func(t *testing.T, e *env, h, b *client) {
			both(t, h, b, "GET", "/gaps/"+jyGap(t), nil, 404)
			if r := h.do("GET", "/gaps/"+id(e.gaps(t).htGap), nil); r.code != 200 || !strings.Contains(r.body, "海棠湾快递站") {
				t.Errorf("own gap: %d", r.code)
			}
		},
		"POST /gaps/{id}/{step}": func(t *testing.T, e *env, h, b *client) {
			for step, form := range map[string]url.Values{"assign": {"owner_org_id": {id(e.w.Haitang.Branches[0].ID)}}, "note": {"note": {"越权"}}, "close": {"reason": {"越权"}}} {
				both(t, h, b, "POST", "/gaps/"+jyGap(t)+"/"+step, form, 404)
			}
			// An own action cannot be given to 吉阳's org.
			r := h.do("POST", "/gaps/"+id(e.gaps(t).htGap)+"/assign", url.Values{"owner_org_id": {id(e.w.Jiyang.Branches[0].ID)}})
			want(t, "assign to a foreign org", r, 422)
			gapLeak(t, "assign foreign org", r)
			var status string
			e.s.DB.Read().QueryRowContext(t.Context(), e.s.DB.Rebind(`SELECT status FROM gap_actions WHERE id = ?`), e.gaps(t).jyGap).Scan(&status)
			if status != "open" {
				t.Errorf("吉阳's action is %s", status)
			}
		},
	}
}

func TestScopeMatrixGap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("gap")
		runMatrix(t, e, routes, merge(gapMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
