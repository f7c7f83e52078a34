package web_test

import (
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
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
func talentMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	jyArea := id(e.w.Jiyang.Village.ID)
	jyOrg := id(e.w.Jiyang.Committee.ID)
	tw := func(t *testing.T) *talentWorld { return e.talents(t) }
	// cityList checks a city-wide list: every filter answers 200 with the
	// caller's own rows, and no member record or phone number shows.
	cityList := func(path, own, sort string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			for _, q := range []string{"", "?q=JY", "?org_id=" + jyOrg, "?area_id=" + jyArea, "?per_page=500", "?sort=-" + sort} {
				for who, c := range map[string]*client{"district": h, "branch": b} {
					r := c.do("GET", path+q, nil)
					want(t, who+" "+path+q, r, 200)
					if strings.Contains(r.body, "JY党员") || strings.Contains(r.body, "13900139000") {
						t.Errorf("%s %s%s shows member records or a phone", who, path, q)
					}
				}
			}
			if r := h.do("GET", path, nil); !strings.Contains(r.body, own) {
				t.Errorf("%s: own data %q missing", path, own)
			}
		}
	}
	// pool checks a city-wide read: both districts' talents are listed,
	// mine=1 keeps only the caller's.
	pool := func(path string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			tw(t)
			cityList(path, "HT人才", "name")(t, e, h, b)
			if r := h.do("GET", path, nil); !strings.Contains(r.body, "JY人才") || strings.Contains(r.body, "13900139000") {
				t.Errorf("%s: the pool should list JY人才, masked: %.300s", path, r.body)
			}
			if r := h.do("GET", path+"?mine=1", nil); strings.Contains(r.body, "JY人才") || !strings.Contains(r.body, "HT人才") {
				t.Errorf("%s?mine=1 shows another district's talent", path)
			}
		}
	}
	board := func(path string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			tw(t)
			cityList(path, "HT需求", "title")(t, e, h, b)
			for _, q := range []string{"", "?status=cancelled", "?q=JY"} {
				if r := h.do("GET", path+q, nil); strings.Contains(r.body, "JY撤回需求") {
					t.Errorf("%s%s shows another district's cancelled demand", path, q)
				}
			}
			if r := h.do("GET", path+"?mine=1", nil); path != "/board" && strings.Contains(r.body, "JY需求") {
				t.Errorf("%s?mine=1 shows another district's demand", path)
			}
		}
	}
	// foreignTalent expects a staff write on the 吉阳 talent to be refused.
	foreignTalent := func(method, path string, body any, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := strings.Replace(path, "{id}", id(tw(t).jyTalent.ID), 1)
			r := h.do(method, p, body)
			want(t, method+" "+p, r, codes...)
			if strings.Contains(r.body, "13900139000") {
				t.Errorf("%s leaks the phone", p)
			}
		}
	}
	foreignDemand := func(method, path string, body any, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := strings.Replace(path, "{id}", id(tw(t).jyDemand.ID), 1)
			want(t, method+" "+p, h.do(method, p, body), codes...)
			p = strings.Replace(path, "{id}", id(tw(t).jyGone.ID), 1)
			want(t, method+" cancelled "+p, h.do(method, p, body), 404)
		}
	}
	foreign := func(method, path string, which func(*talentWorld) int64, body any, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			p := strings.Replace(path, "{id}", id(which(tw(t))), 1)
			r := h.do(method, p, body)
			want(t, method+" "+p, r, codes...)
			noLeak(t, p, r)
		}
	}
	ok := func(method, path string, body any, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			tw(t)
			want(t, method+" "+path, h.do(method, path, body), codes...)
		}
	}
	selfOnly := func(method, path string, body any) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			tw(t)
			want(t, "staff "+path, h.do(method, path, body), 403)
			me := e.login("selfie")
			if method == "GET" {
				// The account has no profile yet: not found, nothing else.
				want(t, "self "+path, me.do(method, path, body), 404)
			}
		}
	}
	eng := func(w *talentWorld) int64 { return w.jyEng }
	run := func(w *talentWorld) int64 { return w.jyRun }
	points := func(w *talentWorld) int64 { return w.jyPoints }
	interest := func(w *talentWorld) int64 { return w.jyInterest }
	talentForm := url.Values{"name": {"越权"}, "area_id": {jyArea}, "skills": {"心内科"}, "mode": {"both"}, "capacity": {"1"}, "travel_km": {"5"},
		"stay0_start": {day(1)}, "stay0_end": {day(9)}, "stay0_slots": {"mon_am"}}
	talentJSON := map[string]any{"name": "越权", "area_id": e.w.Jiyang.Village.ID, "skills": []string{"心内科"}, "mode": "both", "capacity": 1,
		"travel_km": 5, "stays": []map[string]any{{"start": day(1), "end": day(9), "slots": []string{"mon_am"}}}}
	demandForm := url.Values{"title": {"越权需求"}, "org_id": {jyOrg}, "required": {"心内科"}, "mode": {"onsite"}, "headcount": {"1"},
		"when0_start": {day(3)}, "when0_end": {day(9)}, "when0_slots": {"sat_am"}}
	demandJSON := map[string]any{"title": "越权需求", "org_id": e.w.Jiyang.Committee.ID, "required": []string{"心内科"}, "mode": "onsite",
		"headcount": 1, "start": day(3), "end": day(9), "slots": []string{"sat_am"}}
	return map[string]matrixCheck{
		"GET /board": func(t *testing.T, e *env, h, b *client) {
			tw(t)
			r := e.anon().do("GET", "/board", nil)
			want(t, "public board", r, 200)
			if !strings.Contains(r.body, "JY需求义诊") || strings.Contains(r.body, "JY撤回需求") {
				t.Errorf("public board: %.300s", r.body)
			}
			board("/board")(t, e, h, b)
		},
		"GET /board/{id}": func(t *testing.T, e *env, h, b *client) {
			w := tw(t)
			want(t, "public demand", e.anon().do("GET", "/board/"+id(w.jyDemand.ID), nil), 200)
			want(t, "cancelled demand", e.anon().do("GET", "/board/"+id(w.jyGone.ID), nil), 404)
		},
		"GET /join": func(t *testing.T, e *env, h, b *client) { want(t, "join", e.anon().do("GET", "/join", nil), 200) },
		"POST /join": func(t *testing.T, e *env, h, b *client) {
			want(t, "join without token", e.anon().do("POST", "/join", url.Values{"username": {"x"}}), 403)
		},
		"GET /me/talent":            selfOnly("GET", "/me/talent", nil),
		"GET /me/talent/edit":       selfOnly("GET", "/me/talent/edit", nil),
		"POST /me/talent":           selfOnly("POST", "/me/talent", url.Values{"name": {"x"}}),
		"GET /talents":              pool("/talents"),
		"GET /talents/new":          ok("GET", "/talents/new", nil, 200),
		"POST /talents":             formWrite("/talents", "", talentForm, 422),
		"GET /talents/{id}":         foreignTalent("GET", "/talents/{id}", nil, 200),
		"GET /talents/{id}/edit":    foreignTalent("GET", "/talents/{id}/edit", nil, 404),
		"POST /talents/{id}":        foreignTalent("POST", "/talents/{id}", talentForm, 404),
		"POST /talents/{id}/status": foreignTalent("POST", "/talents/{id}/status", url.Values{"status": {"rejected"}}, 404),
		"POST /talents/{id}/reveal": func(t *testing.T, e *env, h, b *client) {
			foreignTalent("POST", "/talents/{id}/reveal", url.Values{}, 404)(t, e, h, b)
			want(t, "branch reveal", b.do("POST", "/talents/"+id(tw(t).htTalent.ID)+"/reveal", url.Values{}), 403)
			if r := h.do("POST", "/talents/"+id(tw(t).htTalent.ID)+"/reveal", url.Values{}); r.code != 200 || !strings.Contains(r.body, "13900139000") {
				t.Errorf("reveal own talent: %d", r.code)
			}
		},
		"POST /talents/{id}/honours": foreignTalent("POST", "/talents/{id}/honours", url.Values{"title": {"越权"}, "awarded_on": {day(0)}}, 404),
		"POST /points/correct": func(t *testing.T, e *env, h, b *client) {
			want(t, "correct foreign points", h.do("POST", "/points/correct", url.Values{"entry_id": {id(tw(t).jyPoints)}, "delta": {"5"}, "note": {"越权"}}), 404)
		},
		"GET /demands":                  board("/demands"),
		"GET /demands/new":              ok("GET", "/demands/new", nil, 200),
		"POST /demands":                 formWrite("/demands", "", demandForm, 422),
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
		"GET /fund": func(t *testing.T, e *env, h, b *client) {
			tw(t)
			r := h.do("GET", "/fund", nil)
			want(t, "fund", r, 200)
			if strings.Contains(r.body, "JY交通补贴") {
				t.Errorf("fund page shows another district's request")
			}
		},
		"POST /fund/requests":         formWrite("/fund/requests", "", url.Values{"org_id": {jyOrg}, "purpose": {"越权"}, "amount": {"1"}}, 422),
		"POST /fund/decide":           adminOnly("POST", "/fund/decide", url.Values{"request_id": {"1"}, "decision": {"approve"}}),
		"POST /fund/allocate":         adminOnly("POST", "/fund/allocate", url.Values{"amount": {"1"}, "note": {"x"}}),
		"POST /fund/correct":          adminOnly("POST", "/fund/correct", url.Values{"entry_id": {"1"}, "amount": {"1"}, "note": {"x"}}),
		"GET /notifications":          ok("GET", "/notifications", nil, 200),
		"POST /notifications/read":    ok("POST", "/notifications/read", url.Values{}, 303),
		"POST /interests":             ok("POST", "/interests", url.Values{"kind": {"demands"}, "skill": {"康复"}}, 303),
		"POST /interests/{id}/delete": foreign("POST", "/interests/{id}/delete", interest, url.Values{}, 404),

		"GET /api/v1/skills":                    ok("GET", "/api/v1/skills?q=心内科", nil, 200),
		"GET /api/v1/talents":                   pool("/api/v1/talents"),
		"POST /api/v1/talents":                  apiWrite("POST", "/api/v1/talents", "", talentJSON, 422),
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
		"POST /api/v1/demands":                  apiWrite("POST", "/api/v1/demands", "", demandJSON, 422),
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
		"GET /api/v1/fund": func(t *testing.T, e *env, h, b *client) {
			tw(t)
			if r := h.do("GET", "/api/v1/fund", nil); r.code != 200 || strings.Contains(r.body, "JY交通补贴") {
				t.Errorf("api fund: %d %.300s", r.code, r.body)
			}
		},
		"POST /api/v1/fund/allocations":              adminOnly("POST", "/api/v1/fund/allocations", map[string]any{"amount_cents": 1, "note": "x"}),
		"POST /api/v1/fund/requests":                 apiWrite("POST", "/api/v1/fund/requests", "", map[string]any{"org_id": e.w.Jiyang.Committee.ID, "purpose": "越权", "amount_cents": 1}, 422),
		"POST /api/v1/fund/requests/{id}/decision":   adminOnly("POST", "/api/v1/fund/requests/1/decision", map[string]any{"approve": true}),
		"POST /api/v1/fund/entries/{id}/corrections": adminOnly("POST", "/api/v1/fund/entries/1/corrections", map[string]any{"amount_cents": 1, "note": "x"}),
		"PUT /api/v1/fund/entries/{id}":              adminOnly("PUT", "/api/v1/fund/entries/1", map[string]any{}),
		"DELETE /api/v1/fund/entries/{id}":           adminOnly("DELETE", "/api/v1/fund/entries/1", nil),
		"GET /api/v1/talent-report":                  ok("GET", "/api/v1/talent-report", nil, 200),
		"GET /api/v1/notifications":                  ok("GET", "/api/v1/notifications", nil, 200),
		"POST /api/v1/join": func(t *testing.T, e *env, h, b *client) {
			want(t, "join bad", e.anon().do("POST", "/api/v1/join", map[string]any{"username": "x"}), 422)
		},
		"GET /api/v1/me/talent": selfOnly("GET", "/api/v1/me/talent", nil),
		"PUT /api/v1/me/talent": selfOnly("PUT", "/api/v1/me/talent", map[string]any{}),
	}
}

func TestScopeMatrixTalent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := e.s.RoutesOf("talent")
		runMatrix(t, e, routes, merge(talentMatrix(e), only(routes, orgnetAPIMatrix(e))))
	})
}
