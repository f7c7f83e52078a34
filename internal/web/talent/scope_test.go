package talent_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The talent pool's rows of the scope matrix. The pool and the demand
// board are city-wide by design (候鸟智库 serves every district), so
// reads show other districts' talents and open demands, masked; every
// write, reveal, engagement, run, ledger correction and fund request is
// confined to the caller's scope, and a cancelled demand is seen only by
// its own org's scope.
func talentMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyArea := id(e.W.Jiyang.Village.ID)
	jyOrg := id(e.W.Jiyang.Committee.ID)
	tw := func(t *testing.T) *webtest.TalentWorld { return e.Talents(t) }
	// cityList checks a city-wide list: every filter answers 200 with the
	// caller's own rows, and no member record or phone number shows.
	cityList := func(path, own, sort string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			for _, q := range []string{"", "?q=JY", "?org_id=" + jyOrg, "?area_id=" + jyArea, "?per_page=500", "?sort=-" + sort} {
				for who, c := range map[string]*webtest.Client{"district": h, "branch": b} {
					r := c.Do("GET", path+q, nil)
					webtest.Want(t, who+" "+path+q, r, 200)
					if strings.Contains(r.Body, "JY党员") || strings.Contains(r.Body, "13900139000") {
						t.Errorf("%s %s%s shows member records or a phone", who, path, q)
					}
				}
			}
			if r := h.Do("GET", path, nil); !strings.Contains(r.Body, own) {
				t.Errorf("%s: own data %q missing", path, own)
			}
		}
	}
	// pool checks a city-wide read: both districts' talents are listed,
	// mine=1 keeps only the caller's.
	pool := func(path string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			cityList(path, "HT人才", "name")(t, e, h, b)
			if r := h.Do("GET", path, nil); !strings.Contains(r.Body, "JY人才") || strings.Contains(r.Body, "13900139000") {
				t.Errorf("%s: the pool should list JY人才, masked: %.300s", path, r.Body)
			}
			if r := h.Do("GET", path+"?mine=1", nil); strings.Contains(r.Body, "JY人才") || !strings.Contains(r.Body, "HT人才") {
				t.Errorf("%s?mine=1 shows another district's talent", path)
			}
		}
	}
	board := func(path string) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			cityList(path, "HT需求", "title")(t, e, h, b)
			for _, q := range []string{"", "?status=cancelled", "?q=JY"} {
				if r := h.Do("GET", path+q, nil); strings.Contains(r.Body, "JY撤回需求") {
					t.Errorf("%s%s shows another district's cancelled demand", path, q)
				}
			}
			if r := h.Do("GET", path+"?mine=1", nil); path != "/board" && strings.Contains(r.Body, "JY需求") {
				t.Errorf("%s?mine=1 shows another district's demand", path)
			}
		}
	}
	// foreignTalent expects a staff write on the 吉阳 talent to be refused.
	foreignTalent := func(method, path string, body any, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := strings.Replace(path, "{id}", id(tw(t).JyTalent.ID), 1)
			r := h.Do(method, p, body)
			webtest.Want(t, method+" "+p, r, codes...)
			if strings.Contains(r.Body, "13900139000") {
				t.Errorf("%s leaks the phone", p)
			}
		}
	}
	foreignDemand := func(method, path string, body any, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := strings.Replace(path, "{id}", id(tw(t).JyDemand.ID), 1)
			webtest.Want(t, method+" "+p, h.Do(method, p, body), codes...)
			p = strings.Replace(path, "{id}", id(tw(t).JyGone.ID), 1)
			webtest.Want(t, method+" cancelled "+p, h.Do(method, p, body), 404)
		}
	}
	foreign := func(method, path string, which func(*webtest.TalentWorld) int64, body any, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			p := strings.Replace(path, "{id}", id(which(tw(t))), 1)
			r := h.Do(method, p, body)
			webtest.Want(t, method+" "+p, r, codes...)
			webtest.NoLeak(t, p, r)
		}
	}
	ok := func(method, path string, body any, codes ...int) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			webtest.Want(t, method+" "+path, h.Do(method, path, body), codes...)
		}
	}
	selfOnly := func(method, path string, body any) webtest.MatrixCheck {
		return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			webtest.Want(t, "staff "+path, h.Do(method, path, body), 403)
			me := e.Login("selfie")
			if method == "GET" {
				// The account has no profile yet: not found, nothing else.
				webtest.Want(t, "self "+path, me.Do(method, path, body), 404)
			}
		}
	}
	eng := func(w *webtest.TalentWorld) int64 { return w.JyEng }
	run := func(w *webtest.TalentWorld) int64 { return w.JyRun }
	points := func(w *webtest.TalentWorld) int64 { return w.JyPoints }
	interest := func(w *webtest.TalentWorld) int64 { return w.JyInterest }
	talentForm := url.Values{"name": {"越权"}, "area_id": {jyArea}, "skills": {"心内科"}, "mode": {"both"}, "capacity": {"1"}, "travel_km": {"5"},
		"stay0_start": {webtest.Day(1)}, "stay0_end": {webtest.Day(9)}, "stay0_slots": {"mon_am"}}
	talentJSON := map[string]any{"name": "越权", "area_id": e.W.Jiyang.Village.ID, "skills": []string{"心内科"}, "mode": "both", "capacity": 1,
		"travel_km": 5, "stays": []map[string]any{{"start": webtest.Day(1), "end": webtest.Day(9), "slots": []string{"mon_am"}}}}
	demandForm := url.Values{"title": {"越权需求"}, "org_id": {jyOrg}, "required": {"心内科"}, "mode": {"onsite"}, "headcount": {"1"},
		"when0_start": {webtest.Day(3)}, "when0_end": {webtest.Day(9)}, "when0_slots": {"sat_am"}}
	demandJSON := map[string]any{"title": "越权需求", "org_id": e.W.Jiyang.Committee.ID, "required": []string{"心内科"}, "mode": "onsite",
		"headcount": 1, "start": webtest.Day(3), "end": webtest.Day(9), "slots": []string{"sat_am"}}
	return map[string]webtest.MatrixCheck{
		"GET /board": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			r := e.Anon().Do("GET", "/board", nil)
			webtest.Want(t, "public board", r, 200)
			if !strings.Contains(r.Body, "JY需求义诊") || strings.Contains(r.Body, "JY撤回需求") {
				t.Errorf("public board: %.300s", r.Body)
			}
			board("/board")(t, e, h, b)
		},
		"GET /board/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			w := tw(t)
			webtest.Want(t, "public demand", e.Anon().Do("GET", "/board/"+id(w.JyDemand.ID), nil), 200)
			webtest.Want(t, "cancelled demand", e.Anon().Do("GET", "/board/"+id(w.JyGone.ID), nil), 404)
		},
		"GET /join": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "join", e.Anon().Do("GET", "/join", nil), 200)
		},
		"POST /join": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "join without token", e.Anon().Do("POST", "/join", url.Values{"username": {"x"}}), 403)
		},
		"GET /me/talent":            selfOnly("GET", "/me/talent", nil),
		"GET /me/talent/edit":       selfOnly("GET", "/me/talent/edit", nil),
		"POST /me/talent":           selfOnly("POST", "/me/talent", url.Values{"name": {"x"}}),
		"GET /talents":              pool("/talents"),
		"GET /talents/new":          ok("GET", "/talents/new", nil, 200),
		"POST /talents":             webtest.FormWrite("/talents", "", talentForm, 422),
		"GET /talents/{id}":         foreignTalent("GET", "/talents/{id}", nil, 200),
		"GET /talents/{id}/edit":    foreignTalent("GET", "/talents/{id}/edit", nil, 404),
		"POST /talents/{id}":        foreignTalent("POST", "/talents/{id}", talentForm, 404),
		"POST /talents/{id}/status": foreignTalent("POST", "/talents/{id}/status", url.Values{"status": {"rejected"}}, 404),
		"POST /talents/{id}/reveal": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			foreignTalent("POST", "/talents/{id}/reveal", url.Values{}, 404)(t, e, h, b)
			webtest.Want(t, "branch reveal", b.Do("POST", "/talents/"+id(tw(t).HtTalent.ID)+"/reveal", url.Values{}), 403)
			if r := h.Do("POST", "/talents/"+id(tw(t).HtTalent.ID)+"/reveal", url.Values{}); r.Code != 200 || !strings.Contains(r.Body, "13900139000") {
				t.Errorf("reveal own talent: %d", r.Code)
			}
		},
		"POST /talents/{id}/honours": foreignTalent("POST", "/talents/{id}/honours", url.Values{"title": {"越权"}, "awarded_on": {webtest.Day(0)}}, 404),
		"POST /points/correct": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "correct foreign points", h.Do("POST", "/points/correct", url.Values{"entry_id": {id(tw(t).JyPoints)}, "delta": {"5"}, "note": {"越权"}}), 404)
		},
		"GET /demands":                  board("/demands"),
		"GET /demands/new":              ok("GET", "/demands/new", nil, 200),
		"POST /demands":                 webtest.FormWrite("/demands", "", demandForm, 422),
		"GET /demands/{id}":             foreignDemand("GET", "/demands/{id}", nil, 200),
		"GET /demands/{id}/edit":        foreignDemand("GET", "/demands/{id}/edit", nil, 404),
		"POST /demands/{id}":            foreignDemand("POST", "/demands/{id}", demandForm, 404),
		"POST /demands/{id}/status":     foreignDemand("POST", "/demands/{id}/status?to=closed", url.Values{}, 404),
		"POST /demands/{id}/invite":     foreignDemand("POST", "/demands/{id}/invite", url.Values{"talent_id": {"1"}}, 404),
		"POST /engagements/{id}/rate":   foreign("POST", "/engagements/{id}/rate", eng, url.Values{"stars": {"5"}}, 404),
		"POST /engagements/{id}/{step}": foreign("POST", "/engagements/{id}/cancel", eng, url.Values{}, 404),
		"GET /matching":                 ok("GET", "/matching", nil, 200),
		"POST /matching":                ok("POST", "/matching", url.Values{}, 303),
		"GET /matching/{id}":            foreign("GET", "/matching/{id}", run, nil, 404),
		"POST /matching/{id}/apply":     foreign("POST", "/matching/{id}/apply", run, url.Values{}, 404),
		"GET /talent-report":            ok("GET", "/talent-report", nil, 200),
		"GET /fund": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			r := h.Do("GET", "/fund", nil)
			webtest.Want(t, "fund", r, 200)
			if strings.Contains(r.Body, "JY交通补贴") {
				t.Errorf("fund page shows another district's request")
			}
		},
		"POST /fund/requests":         webtest.FormWrite("/fund/requests", "", url.Values{"org_id": {jyOrg}, "purpose": {"越权"}, "amount": {"1"}}, 422),
		"POST /fund/decide":           webtest.AdminOnly("POST", "/fund/decide", url.Values{"request_id": {"1"}, "decision": {"approve"}}),
		"POST /fund/allocate":         webtest.AdminOnly("POST", "/fund/allocate", url.Values{"amount": {"1"}, "note": {"x"}}),
		"POST /fund/correct":          webtest.AdminOnly("POST", "/fund/correct", url.Values{"entry_id": {"1"}, "amount": {"1"}, "note": {"x"}}),
		"GET /notifications":          ok("GET", "/notifications", nil, 200),
		"POST /notifications/read":    ok("POST", "/notifications/read", url.Values{}, 303),
		"POST /interests":             ok("POST", "/interests", url.Values{"kind": {"demands"}, "skill": {"康复"}}, 303),
		"POST /interests/{id}/delete": foreign("POST", "/interests/{id}/delete", interest, url.Values{}, 404),

		"GET /api/v1/skills":                    ok("GET", "/api/v1/skills?q=心内科", nil, 200),
		"GET /api/v1/talents":                   pool("/api/v1/talents"),
		"POST /api/v1/talents":                  webtest.APIWrite("POST", "/api/v1/talents", "", talentJSON, 422),
		"GET /api/v1/talents/{id}":              foreignTalent("GET", "/api/v1/talents/{id}", nil, 200),
		"PUT /api/v1/talents/{id}":              foreignTalent("PUT", "/api/v1/talents/{id}", talentJSON, 404),
		"POST /api/v1/talents/{id}/status":      foreignTalent("POST", "/api/v1/talents/{id}/status", map[string]any{"status": "rejected"}, 404),
		"POST /api/v1/talents/{id}/reveal":      foreignTalent("POST", "/api/v1/talents/{id}/reveal", nil, 404),
		"GET /api/v1/talents/{id}/demands":      foreignTalent("GET", "/api/v1/talents/{id}/demands", nil, 200),
		"GET /api/v1/talents/{id}/points":       foreignTalent("GET", "/api/v1/talents/{id}/points", nil, 200),
		"POST /api/v1/points/{id}/corrections":  foreign("POST", "/api/v1/points/{id}/corrections", points, map[string]any{"delta": 5, "note": "越权"}, 404),
		"PUT /api/v1/points/{id}":               foreign("PUT", "/api/v1/points/{id}", points, map[string]any{}, 409),
		"DELETE /api/v1/points/{id}":            foreign("DELETE", "/api/v1/points/{id}", points, nil, 409),
		"GET /api/v1/demands":                   board("/api/v1/demands"),
		"POST /api/v1/demands":                  webtest.APIWrite("POST", "/api/v1/demands", "", demandJSON, 422),
		"GET /api/v1/demands/{id}":              foreignDemand("GET", "/api/v1/demands/{id}", nil, 200),
		"PUT /api/v1/demands/{id}":              foreignDemand("PUT", "/api/v1/demands/{id}", demandJSON, 404),
		"POST /api/v1/demands/{id}/status":      foreignDemand("POST", "/api/v1/demands/{id}/status", map[string]any{"status": "closed"}, 404),
		"GET /api/v1/demands/{id}/talents":      foreignDemand("GET", "/api/v1/demands/{id}/talents", nil, 200),
		"POST /api/v1/demands/{id}/invitations": foreignDemand("POST", "/api/v1/demands/{id}/invitations", map[string]any{"talent_id": 1}, 404),
		"GET /api/v1/engagements/{id}":          foreign("GET", "/api/v1/engagements/{id}", eng, nil, 404),
		"POST /api/v1/engagements/{id}/rating":  foreign("POST", "/api/v1/engagements/{id}/rating", eng, map[string]any{"stars": 5}, 404),
		"POST /api/v1/engagements/{id}/{step}":  foreign("POST", "/api/v1/engagements/{id}/cancel", eng, map[string]any{}, 404),
		"POST /api/v1/matching":                 ok("POST", "/api/v1/matching", map[string]any{}, 201),
		"GET /api/v1/matching/{id}":             foreign("GET", "/api/v1/matching/{id}", run, nil, 404),
		"POST /api/v1/matching/{id}/apply":      foreign("POST", "/api/v1/matching/{id}/apply", run, nil, 404),
		"GET /api/v1/fund": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			tw(t)
			if r := h.Do("GET", "/api/v1/fund", nil); r.Code != 200 || strings.Contains(r.Body, "JY交通补贴") {
				t.Errorf("api fund: %d %.300s", r.Code, r.Body)
			}
		},
		"POST /api/v1/fund/allocations":              webtest.AdminOnly("POST", "/api/v1/fund/allocations", map[string]any{"amount_cents": 1, "note": "x"}),
		"POST /api/v1/fund/requests":                 webtest.APIWrite("POST", "/api/v1/fund/requests", "", map[string]any{"org_id": e.W.Jiyang.Committee.ID, "purpose": "越权", "amount_cents": 1}, 422),
		"POST /api/v1/fund/requests/{id}/decision":   webtest.AdminOnly("POST", "/api/v1/fund/requests/1/decision", map[string]any{"approve": true}),
		"POST /api/v1/fund/entries/{id}/corrections": webtest.AdminOnly("POST", "/api/v1/fund/entries/1/corrections", map[string]any{"amount_cents": 1, "note": "x"}),
		"PUT /api/v1/fund/entries/{id}":              webtest.AdminOnly("PUT", "/api/v1/fund/entries/1", map[string]any{}),
		"DELETE /api/v1/fund/entries/{id}":           webtest.AdminOnly("DELETE", "/api/v1/fund/entries/1", nil),
		"GET /api/v1/talent-report":                  ok("GET", "/api/v1/talent-report", nil, 200),
		"GET /api/v1/notifications":                  ok("GET", "/api/v1/notifications", nil, 200),
		"POST /api/v1/join": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "join bad", e.Anon().Do("POST", "/api/v1/join", map[string]any{"username": "x"}), 422)
		},
		"GET /api/v1/me/talent": selfOnly("GET", "/api/v1/me/talent", nil),
		"PUT /api/v1/me/talent": selfOnly("PUT", "/api/v1/me/talent", map[string]any{}),
	}
}

func TestScopeMatrixTalent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		routes := e.S.RoutesOf("talent")
		webtest.RunMatrix(t, e, routes, talentMatrix(e))
	})
}
