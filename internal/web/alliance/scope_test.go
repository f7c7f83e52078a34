package alliance_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// allianceMatrix holds the scope-matrix rows of alliances (湾区大党委, chain alliances, pairings, 党建医联).
// A 吉阳区-led alliance with 吉阳 members only is invisible to a 海棠区
// official and a 海棠 branch secretary: not listed, not found, and every
// write to it is refused without writing.
func allianceMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	secret := []string{"JY旅游产业链联盟", "JY秘密备注", "JY联席会议程", "JY决定事项", "JY合作备忘录", "JY承诺事项"}
	clean := webtest.Hides(secret...)
	read := func(path func(*webtest.AllianceWorld) string, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := path(e.Alliance(t))
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("GET", p, nil)
				webtest.Want(t, who+" "+p, r, codes...)
				clean(t, who+" "+p, r)
			}
		}
	}
	write := func(path string, form func(*webtest.AllianceWorld) url.Values) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Alliance(t)
			n := webtest.AllianceWrites(t, e)
			p := strings.Replace(path, "{id}", id(w.Jy.ID), 1)
			webtest.FormWrite(path, id(w.Jy.ID), form(w), 404)(t, e, h, b)
			for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
				r := c.Do("POST", p, form(w))
				webtest.Want(t, who+" POST "+p, r, 404)
				clean(t, who+" POST "+p, r)
			}
			if got := webtest.AllianceWrites(t, e); got != n {
				t.Errorf("POST %s: refused writes wrote %d entries", p, got-n)
			}
		}
	}
	jy, ht := e.W.Jiyang, e.W.Haitang
	apiAlliance := func(suffix func(*webtest.AllianceWorld) string) func(*testing.T) string {
		return func(t *testing.T) string { w := e.Alliance(t); return "/api/v1/alliances/" + id(w.Jy.ID) + suffix(w) }
	}
	alit := func(s string) func(*webtest.AllianceWorld) string {
		return func(*webtest.AllianceWorld) string { return s }
	}
	return map[string]webtest.MatrixCheck{
		"GET /alliances": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := e.Alliance(t)
			for _, q := range []string{"", "?kind=industry_chain", "?q=JY", "?sort=-lead&per_page=500"} {
				read(func(*webtest.AllianceWorld) string { return "/alliances" + q }, 200)(t, e, h, b)
			}
			if r := e.Login("jiyang").Do("GET", "/alliances", nil); !strings.Contains(r.Body, w.Jy.Name) {
				t.Errorf("吉阳 does not list its own alliance")
			}
		},
		"GET /alliances/new": read(func(*webtest.AllianceWorld) string { return "/alliances/new" }, 200),
		"POST /alliances": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Alliance(t)
			n := webtest.AllianceWrites(t, e)
			f := func() url.Values {
				return url.Values{"kind": {"regional_committee"}, "name": {"越权联盟"}, "lead_org_id": {id(e.W.Jiyang.Committee.ID)}}
			}
			webtest.FormWrite("/alliances", "", f(), 422)(t, e, h, b)
			r := b.Do("POST", "/alliances", f())
			webtest.Want(t, "branch leads for 吉阳", r, 422)
			clean(t, "branch POST", r)
			if got := webtest.AllianceWrites(t, e); got != n {
				t.Errorf("refused alliances wrote %d entries", got-n)
			}
		},
		"GET /alliances/{id}": read(func(w *webtest.AllianceWorld) string { return "/alliances/" + id(w.Jy.ID) }, 404),
		"POST /alliances/{id}/members": write("/alliances/{id}/members", func(*webtest.AllianceWorld) url.Values {
			return url.Values{"org_id": {id(e.W.Haitang.Committee.ID)}}
		}),
		"POST /alliances/{id}/resources": write("/alliances/{id}/resources", func(w *webtest.AllianceWorld) url.Values {
			return url.Values{"name": {"越权资源"}, "owner_id": {id(w.M0.ID)}}
		}),
		"POST /alliances/{id}/meetings": write("/alliances/{id}/meetings", func(w *webtest.AllianceWorld) url.Values {
			return url.Values{"held_on": {"2026-10-01"}, "agenda": {"越权会议"}, "present": {id(w.M0.ID)}}
		}),
		"POST /alliances/{id}/tasks": write("/alliances/{id}/tasks", func(w *webtest.AllianceWorld) url.Values {
			return url.Values{"decision": {"越权任务"}, "owner_id": {id(w.M0.ID)}, "deadline": {"2026-12-31"}}
		}),
		"POST /alliances/{id}/tasks/done": write("/alliances/{id}/tasks/done", func(w *webtest.AllianceWorld) url.Values {
			return url.Values{"task_id": {id(w.Task)}}
		}),
		"POST /alliances/{id}/memoranda": write("/alliances/{id}/memoranda", func(w *webtest.AllianceWorld) url.Values {
			return url.Values{"title": {"越权备忘录"}, "signed_on": {"2026-10-01"}, "parties": {id(w.M0.ID), id(w.M1.ID)}}
		}),
		"GET /alliances/{id}/edit": read(func(w *webtest.AllianceWorld) string { return "/alliances/" + id(w.Jy.ID) + "/edit" }, 404),
		"POST /alliances/{id}": write("/alliances/{id}", func(*webtest.AllianceWorld) url.Values {
			return url.Values{"kind": {"regional_committee"}, "name": {"越权改名"}}
		}),
		"POST /alliances/{id}/delete": write("/alliances/{id}/delete", func(*webtest.AllianceWorld) url.Values {
			return url.Values{"confirm": {"1"}}
		}),
		"POST /alliances/{id}/progress": write("/alliances/{id}/progress", func(w *webtest.AllianceWorld) url.Values {
			return url.Values{"commitment_id": {id(w.Commitm)}, "progress": {"100"}}
		}),

		// The JSON API.
		"GET /api/v1/alliances": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Alliance(t)
			webtest.APIRead(webtest.Path("/api/v1/alliances"), "", []string{"", "?q=JY", "?kind=industry_chain", "?sort=-name&per_page=500"}, 200)(t, e, h, b)
		},
		"POST /api/v1/alliances": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			e.Alliance(t)
			webtest.APIRefused("POST", webtest.Path("/api/v1/alliances"), webtest.Body(map[string]any{"kind": "regional_committee", "name": "越权联盟", "lead_org_id": jy.Committee.ID}), 422)(t, e, h, b)
		},
		"GET /api/v1/alliances/{id}":          webtest.APIRead(apiAlliance(alit("")), "", nil, 404),
		"PUT /api/v1/alliances/{id}":          webtest.APIRefused("PUT", apiAlliance(alit("")), webtest.Body(map[string]any{"kind": "medical", "name": "越权改名", "lead_org_id": ht.Committee.ID}), 404),
		"DELETE /api/v1/alliances/{id}":       webtest.APIRefused("DELETE", apiAlliance(alit("")), webtest.Body(nil), 404),
		"POST /api/v1/alliances/{id}/members": webtest.APIRefused("POST", apiAlliance(alit("/members")), webtest.Body(map[string]any{"org_id": ht.Committee.ID}), 404),
		"POST /api/v1/alliances/{id}/resources": webtest.APIRefused("POST", apiAlliance(alit("/resources")), func(t *testing.T) any {
			return map[string]any{"name": "越权资源", "owner_id": e.Alliance(t).M0.ID}
		}, 404),
		"POST /api/v1/alliances/{id}/meetings": webtest.APIRefused("POST", apiAlliance(alit("/meetings")), func(t *testing.T) any {
			return map[string]any{"held_on": "2026-10-01", "agenda": "越权会议", "present": []int64{e.Alliance(t).M0.ID}}
		}, 404),
		"POST /api/v1/alliances/{id}/tasks": webtest.APIRefused("POST", apiAlliance(alit("/tasks")), func(t *testing.T) any {
			return map[string]any{"decision": "越权任务", "owner_id": e.Alliance(t).M0.ID, "deadline": "2026-12-31"}
		}, 404),
		"POST /api/v1/alliances/{id}/tasks/{task}/done": webtest.APIRefused("POST", apiAlliance(func(w *webtest.AllianceWorld) string { return "/tasks/" + id(w.Task) + "/done" }), webtest.Body(nil), 404),
		"POST /api/v1/alliances/{id}/memoranda": webtest.APIRefused("POST", apiAlliance(alit("/memoranda")), func(t *testing.T) any {
			w := e.Alliance(t)
			return map[string]any{"title": "越权备忘录", "signed_on": "2026-10-01", "parties": []int64{w.M0.ID, w.M1.ID}}
		}, 404),
		"POST /api/v1/alliances/{id}/commitments/{commitment}/progress": webtest.APIRefused("POST",
			apiAlliance(func(w *webtest.AllianceWorld) string { return "/commitments/" + id(w.Commitm) + "/progress" }), webtest.Body(map[string]any{"progress": 100}), 404),
	}
}

func TestScopeMatrixAlliance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("alliance")
		webtest.RunMatrix(t, e, routes, allianceMatrix(e))
	})
}
