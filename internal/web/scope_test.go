package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// The access-scope matrix: every route of the table has a row here, and each
// row proves that a 海棠区 account (and a 海棠 branch secretary) can reach
// its own data through the route but nothing of 吉阳区 — no list, search,
// filter, export, detail or write gets around the scope. A route added
// without a row fails TestScopeMatrixCoversEveryRoute.

type matrixCheck func(t *testing.T, e *env, ht, br *client)

// noLeak fails when a response mentions 吉阳 fixture data.
func noLeak(t *testing.T, what string, r resp) {
	t.Helper()
	for _, s := range []string{"JY党员", "JY旅游", "JY-B", "JY-C", "JY区委", "吉阳区"} {
		if strings.Contains(r.body, s) {
			t.Errorf("%s leaks %q: %.300s", what, s, r.body)
		}
	}
}

func want(t *testing.T, what string, r resp, codes ...int) {
	t.Helper()
	for _, c := range codes {
		if r.code == c {
			return
		}
	}
	t.Errorf("%s: status %d, want %v: %.300s", what, r.code, codes, r.body)
}

func matrix(e *env) map[string]matrixCheck {
	ht, jy := e.w.Haitang, e.w.Jiyang
	id := func(n int64) string { return fmt.Sprint(n) }
	jyPerson, htPerson := id(jy.Members[0].ID), id(ht.Members[0].ID)
	jyOrg, htOrg := id(jy.Branches[0].ID), id(ht.Branches[0].ID)
	jyUnit, htUnit := id(jy.Unit.ID), id(ht.Unit.ID)
	jyArea, htArea := id(jy.Village.ID), id(ht.Village.ID)
	list := func(path string, own string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			for _, q := range []string{"", "?q=JY", "?org_id=" + jyOrg, "?area_id=" + jyArea, "?per_page=500", "?sort=-name"} {
				r := h.do("GET", path+q, nil)
				want(t, path+q, r, 200)
				noLeak(t, path+q, r)
				rb := b.do("GET", path+q, nil)
				noLeak(t, "branch "+path+q, rb)
				if strings.Contains(rb.body, "HT党员1") {
					t.Errorf("branch secretary sees the other branch through %s", path+q)
				}
			}
			if own != "" {
				if r := h.do("GET", path, nil); !strings.Contains(r.body, own) {
					t.Errorf("%s: own data %q missing", path, own)
				}
			}
		}
	}
	detail := func(pattern, own, foreign, ownText string) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", strings.Replace(pattern, "{id}", own, 1), nil)
			want(t, "own "+pattern, r, 200)
			if ownText != "" && !strings.Contains(r.body, ownText) {
				t.Errorf("own %s lacks %q", pattern, ownText)
			}
			r = h.do("GET", strings.Replace(pattern, "{id}", foreign, 1), nil)
			want(t, "foreign "+pattern, r, 404)
			noLeak(t, "foreign "+pattern, r)
		}
	}
	// A refused write is refused with its status and leaves the registry
	// and the audit log as they were (a 422 for a bad body would also pass
	// the status check alone).
	apiWrite := func(method, pattern, foreign string, body any, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			before := dbtest.Contents(t, e.s.DB, registryTables...)
			r := h.do(method, strings.Replace(pattern, "{id}", foreign, 1), body)
			want(t, method+" foreign "+pattern, r, codes...)
			noLeak(t, method+" "+pattern, r)
			if after := dbtest.Contents(t, e.s.DB, registryTables...); after != before {
				t.Errorf("%s foreign %s changed the registry or the audit log", method, pattern)
			}
		}
	}
	formWrite := func(pattern, foreign string, form url.Values, codes ...int) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			before := dbtest.Contents(t, e.s.DB, registryTables...)
			r := h.do("POST", strings.Replace(pattern, "{id}", foreign, 1), form)
			want(t, "POST foreign "+pattern, r, codes...)
			noLeak(t, "POST "+pattern, r)
			if after := dbtest.Contents(t, e.s.DB, registryTables...); after != before {
				t.Errorf("POST foreign %s changed the registry or the audit log", pattern)
			}
		}
	}
	adminOnly := func(method, path string, body any) matrixCheck {
		return func(t *testing.T, e *env, h, b *client) {
			want(t, "district "+path, h.do(method, path, body), 403)
			want(t, "branch "+path, b.do(method, path, body), 403)
		}
	}
	personJSON := map[string]any{"name": "越权", "status": "member", "org_id": jy.Branches[0].ID, "area_id": jy.Village.ID}
	orgJSON := map[string]any{"code": "X1", "name": "越权支部", "kind": "branch", "sector": "village", "area_id": jy.Village.ID, "parent_id": jy.Committee.ID}
	unitJSON := map[string]any{"name": "越权公司", "kind": "enterprise", "area_id": jy.Village.ID}
	m := map[string]matrixCheck{
		"GET /login": func(t *testing.T, e *env, h, b *client) {
			want(t, "login page", e.anon().do("GET", "/login", nil), 200)
		},
		"POST /login": func(t *testing.T, e *env, h, b *client) {
			want(t, "login without token", e.anon().do("POST", "/login", url.Values{"username": {"haitang"}}), 403)
		},
		"POST /logout": func(t *testing.T, e *env, h, b *client) {
			want(t, "logout no csrf", e.anon().do("POST", "/logout", nil), 303)
		},
		"GET /lang/{lang}":      func(t *testing.T, e *env, h, b *client) { want(t, "lang", h.do("GET", "/lang/en", nil), 303) },
		"GET /{$}":              list("/", ""),
		"GET /areas":            list("/areas", "海棠区"),
		"GET /areas/{id}":       detail("/areas/{id}", htArea, jyArea, ht.Village.Name),
		"GET /orgs":             list("/orgs", "HT"),
		"GET /orgs/tree":        list("/orgs/tree", "HT"),
		"GET /orgs/new":         func(t *testing.T, e *env, h, b *client) { want(t, "org form", h.do("GET", "/orgs/new", nil), 200) },
		"POST /orgs":            formWrite("/orgs", "", url.Values{"name": {"越权支部"}, "code": {"X2"}, "kind": {"branch"}, "sector": {"village"}, "area_id": {jyArea}}, 403),
		"GET /orgs/{id}":        detail("/orgs/{id}", htOrg, jyOrg, ht.Branches[0].Name),
		"GET /units":            list("/units", "HT旅游"),
		"GET /orgs/{id}/edit":   detail("/orgs/{id}/edit", htOrg, jyOrg, ht.Branches[0].Name),
		"POST /orgs/{id}":       formWrite("/orgs/{id}", jyOrg, url.Values{"name": {"改名"}, "kind": {"branch"}, "sector": {"village"}}, 404),
		"GET /units/{id}/edit":  detail("/units/{id}/edit", htUnit, jyUnit, "HT旅游"),
		"POST /units/{id}":      formWrite("/units/{id}", jyUnit, url.Values{"name": {"改名"}, "kind": {"enterprise"}, "area_id": {htArea}}, 404),
		"GET /units/new":        func(t *testing.T, e *env, h, b *client) { want(t, "unit form", h.do("GET", "/units/new", nil), 200) },
		"POST /units":           formWrite("/units", "", url.Values{"name": {"越权公司"}, "kind": {"enterprise"}, "area_id": {jyArea}}, 422),
		"GET /units/{id}":       detail("/units/{id}", htUnit, jyUnit, "HT旅游"),
		"GET /people":           list("/people", "HT党员"),
		"GET /people/new":       func(t *testing.T, e *env, h, b *client) { want(t, "person form", h.do("GET", "/people/new", nil), 200) },
		"POST /people":          formWrite("/people", "", url.Values{"name": {"越权"}, "status": {"member"}, "org_id": {jyOrg}, "area_id": {jyArea}}, 422),
		"GET /people/{id}":      detail("/people/{id}", htPerson, jyPerson, "46**************"),
		"GET /people/{id}/edit": detail("/people/{id}/edit", htPerson, jyPerson, "HT党员"),
		"POST /people/{id}":     formWrite("/people/{id}", jyPerson, url.Values{"name": {"改"}, "status": {"member"}, "org_id": {jyOrg}, "area_id": {jyArea}}, 404),
		"POST /people/{id}/reveal": func(t *testing.T, e *env, h, b *client) {
			r := h.do("POST", "/people/"+jyPerson+"/reveal", url.Values{})
			want(t, "reveal foreign", r, 404)
			noLeak(t, "reveal foreign", r)
			want(t, "branch has no reveal permission", b.do("POST", "/people/"+htPerson+"/reveal", url.Values{}), 403)
			r = h.do("POST", "/people/"+htPerson+"/reveal", url.Values{})
			want(t, "reveal own", r, 200)
			if !strings.Contains(r.body, testfix_ID(1)) {
				t.Errorf("reveal own lacks the full ID")
			}
		},
		"GET /export/{kind}": func(t *testing.T, e *env, h, b *client) {
			for _, k := range []string{"people", "orgs", "units"} {
				for _, q := range []string{"?format=csv", "?format=csv&q=JY", "?format=csv&org_id=" + jyOrg} {
					r := h.do("GET", "/export/"+k+q, nil)
					want(t, "export "+k+q, r, 200)
					noLeak(t, "export "+k+q, r)
				}
			}
			r := h.do("GET", "/export/people?format=csv", nil)
			if !strings.Contains(r.body, "HT党员") || strings.Contains(r.body, testfix_ID(1)) || !strings.Contains(r.body, "138****0001") {
				t.Errorf("people export: own rows missing or not masked: %.300s", r.body)
			}
		},
		"GET /pick/{kind}": func(t *testing.T, e *env, h, b *client) {
			for _, k := range []string{"areas", "orgs", "units"} {
				list("/pick/"+k, "")(t, e, h, b)
			}
			if r := h.do("GET", "/pick/orgs?q=HT", nil); !strings.Contains(r.body, "HT区委") || !strings.Contains(r.body, `data-id="`) {
				t.Errorf("org picker lacks own org: %.300s", r.body)
			}
			want(t, "bad picker kind", h.do("GET", "/pick/people", nil), 422)
		},
		"GET /imports": func(t *testing.T, e *env, h, b *client) {
			want(t, "imports page", h.do("GET", "/imports", nil), 200)
			want(t, "branch imports", b.do("GET", "/imports", nil), 403)
		},
		"GET /imports/template/{file}": func(t *testing.T, e *env, h, b *client) {
			want(t, "template", h.do("GET", "/imports/template/people.csv", nil), 200)
		},
		"POST /imports": importCrossScope("/imports"),
		"GET /imports/{id}": func(t *testing.T, e *env, h, b *client) {
			want(t, "someone else's job", h.do("GET", "/imports/"+id(e.jyJob(t)), nil), 404)
		},
		"GET /transfers":  list("/transfers", ""),
		"POST /transfers": formWrite("/transfers", "", url.Values{"person_id": {jyPerson}, "to_org_id": {htOrg}}, 404),
		"GET /transfers/{id}": func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", "/transfers/"+id(e.jyTransfer(t)), nil)
			want(t, "foreign transfer", r, 404)
			noLeak(t, "transfer", r)
		},
		"POST /transfers/{id}/approve-out": func(t *testing.T, e *env, h, b *client) {
			want(t, "approve foreign", h.do("POST", "/transfers/"+id(e.jyTransfer(t))+"/approve-out", url.Values{}), 404)
		},
		"POST /transfers/{id}/approve-in": func(t *testing.T, e *env, h, b *client) {
			want(t, "approve foreign", h.do("POST", "/transfers/"+id(e.jyTransfer(t))+"/approve-in", url.Values{}), 404)
		},
		"POST /transfers/{id}/reject": func(t *testing.T, e *env, h, b *client) {
			want(t, "reject foreign", h.do("POST", "/transfers/"+id(e.jyTransfer(t))+"/reject", url.Values{"note": {"x"}}), 404)
		},
		"POST /transfers/{id}/revoke": func(t *testing.T, e *env, h, b *client) {
			want(t, "revoke foreign", h.do("POST", "/transfers/"+id(e.jyTransfer(t))+"/revoke", url.Values{"note": {"x"}}), 404)
		},
		"GET /audit":              adminOnly("GET", "/audit", nil),
		"GET /users":              adminOnly("GET", "/users", nil),
		"POST /users":             adminOnly("POST", "/users", url.Values{"username": {"x"}}),
		"GET /users/{id}":         adminOnly("GET", "/users/1", nil),
		"POST /users/{id}":        adminOnly("POST", "/users/1", url.Values{"display_name": {"x"}}),
		"POST /users/{id}/unlock": adminOnly("POST", "/users/1/unlock", url.Values{}),

		"GET /api/v1/openapi.json": func(t *testing.T, e *env, h, b *client) {
			want(t, "openapi", e.anon().do("GET", "/api/v1/openapi.json", nil), 200)
		},
		"GET /api/v1/challenge": func(t *testing.T, e *env, h, b *client) {
			// Public, and carries nothing of anybody: a challenge (empty
			// here, where no proof is asked).
			r := e.anon().do("GET", "/api/v1/challenge", nil)
			if r.code != 200 || !strings.Contains(r.body, `"bits":0`) {
				t.Errorf("challenge: %s", r.body)
			}
		},
		"POST /api/v1/session": func(t *testing.T, e *env, h, b *client) {
			want(t, "bad login", e.anon().do("POST", "/api/v1/session", map[string]string{"username": "haitang", "password": "nope"}), 401)
		},
		"DELETE /api/v1/session": func(t *testing.T, e *env, h, b *client) {
			want(t, "anon logout", e.anon().do("DELETE", "/api/v1/session", nil), 401)
		},
		"GET /api/v1/me": func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", "/api/v1/me", nil)
			want(t, "me", r, 200)
			noLeak(t, "me", r)
		},
		"GET /api/v1/areas":               list("/api/v1/areas", "海棠区"),
		"POST /api/v1/areas":              apiWrite("POST", "/api/v1/areas", "", map[string]any{"parent_id": jy.Village.ID, "code": "GX", "name": "越权网格", "kind": "grid"}, 403),
		"GET /api/v1/areas/{id}":          detail("/api/v1/areas/{id}", htArea, jyArea, ht.Village.Name),
		"GET /api/v1/orgs":                list("/api/v1/orgs", "HT"),
		"POST /api/v1/orgs":               apiWrite("POST", "/api/v1/orgs", "", orgJSON, 403),
		"GET /api/v1/orgs/{id}":           detail("/api/v1/orgs/{id}", htOrg, jyOrg, "HT-B0"),
		"PUT /api/v1/orgs/{id}":           apiWrite("PUT", "/api/v1/orgs/{id}", jyOrg, orgJSON, 404),
		"DELETE /api/v1/orgs/{id}":        apiWrite("DELETE", "/api/v1/orgs/{id}", jyOrg, nil, 404),
		"GET /api/v1/units":               list("/api/v1/units", "HT旅游"),
		"POST /api/v1/units":              apiWrite("POST", "/api/v1/units", "", unitJSON, 422),
		"GET /api/v1/units/{id}":          detail("/api/v1/units/{id}", htUnit, jyUnit, "HT旅游"),
		"PUT /api/v1/units/{id}":          apiWrite("PUT", "/api/v1/units/{id}", jyUnit, unitJSON, 404),
		"GET /api/v1/people":              list("/api/v1/people", "HT党员"),
		"POST /api/v1/people":             apiWrite("POST", "/api/v1/people", "", personJSON, 422),
		"GET /api/v1/people/{id}":         detail("/api/v1/people/{id}", htPerson, jyPerson, "138****"),
		"PUT /api/v1/people/{id}":         apiWrite("PUT", "/api/v1/people/{id}", jyPerson, personJSON, 404),
		"POST /api/v1/people/{id}/reveal": apiWrite("POST", "/api/v1/people/{id}/reveal", jyPerson, nil, 404),
		"GET /api/v1/export/{kind}": func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", "/api/v1/export/people?format=csv&q=JY", nil)
			want(t, "api export", r, 200)
			noLeak(t, "api export", r)
		},
		"POST /api/v1/imports/{kind}": importCrossScope("/api/v1/imports/people"),
		"GET /api/v1/imports/{id}": func(t *testing.T, e *env, h, b *client) {
			want(t, "someone else's job", h.do("GET", "/api/v1/imports/"+id(e.jyJob(t)), nil), 404)
		},
		"GET /api/v1/transfers":  list("/api/v1/transfers", ""),
		"POST /api/v1/transfers": apiWrite("POST", "/api/v1/transfers", "", map[string]any{"person_id": jy.Members[0].ID, "to_org_id": ht.Branches[0].ID}, 404),
		"GET /api/v1/transfers/{id}": func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", "/api/v1/transfers/"+id(e.jyTransfer(t)), nil)
			want(t, "foreign transfer", r, 404)
			noLeak(t, "api transfer", r)
		},
		"POST /api/v1/transfers/{id}/approve-out": func(t *testing.T, e *env, h, b *client) {
			want(t, "x", h.do("POST", "/api/v1/transfers/"+id(e.jyTransfer(t))+"/approve-out", map[string]string{}), 404)
		},
		"POST /api/v1/transfers/{id}/approve-in": func(t *testing.T, e *env, h, b *client) {
			want(t, "x", h.do("POST", "/api/v1/transfers/"+id(e.jyTransfer(t))+"/approve-in", map[string]string{}), 404)
		},
		"POST /api/v1/transfers/{id}/reject": func(t *testing.T, e *env, h, b *client) {
			want(t, "x", h.do("POST", "/api/v1/transfers/"+id(e.jyTransfer(t))+"/reject", map[string]string{"note": "x"}), 404)
		},
		"POST /api/v1/transfers/{id}/revoke": func(t *testing.T, e *env, h, b *client) {
			want(t, "x", h.do("POST", "/api/v1/transfers/"+id(e.jyTransfer(t))+"/revoke", map[string]string{"note": "x"}), 404)
		},
		"GET /api/v1/audit":              adminOnly("GET", "/api/v1/audit", nil),
		"GET /api/v1/users":              adminOnly("GET", "/api/v1/users", nil),
		"POST /api/v1/users":             adminOnly("POST", "/api/v1/users", map[string]string{}),
		"PUT /api/v1/users/{id}":         adminOnly("PUT", "/api/v1/users/1", map[string]string{}),
		"POST /api/v1/users/{id}/unlock": adminOnly("POST", "/api/v1/users/1/unlock", nil),
	}
	for k, v := range talentMatrix(e, apiWrite, formWrite, adminOnly) {
		m[k] = v
	}
	for k, v := range serviceMatrix(e, formWrite) {
		m[k] = v
	}
	for k, v := range open311Matrix(e) {
		m[k] = v
	}
	for k, v := range orglifeMatrix(e, formWrite) {
		m[k] = v
	}
	for k, v := range gapMatrix(e, formWrite) {
		m[k] = v
	}
	for _, part := range []func(*env, func(string, string, url.Values, ...int) matrixCheck) map[string]matrixCheck{allianceMatrix, cultivationMatrix, declarationMatrix, projectMatrix, weakMatrix, assessMatrix, vanguardMatrix, orgnetAPIMatrix} {
		for k, v := range part(e, formWrite) {
			m[k] = v
		}
	}
	return m
}

// importCrossScope uploads a people file whose only row lands in 吉阳区 and
// expects the job to fail with a row error and write nothing.
func importCrossScope(path string) matrixCheck {
	return func(t *testing.T, e *env, h, b *client) {
		csv := "姓名,政治面貌,所在区域编码,所属党组织编码\n越权,党员," + e.w.Jiyang.Village.Code + "," + e.w.Jiyang.Branches[0].Code + "\n"
		r := h.do("POST", path, fileUpload(t, map[string]string{"kind": "people", "csrf": h.csrf}, "p.csv", []byte(csv)))
		want(t, "upload", r, 202, 303)
		job := e.waitJob(t, h, r)
		if !strings.Contains(job, "failed") || !strings.Contains(job, "err.import.row_forbidden") {
			t.Errorf("cross-scope import job = %.400s", job)
		}
		var n int
		e.s.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM people WHERE name = '越权'`).Scan(&n)
		if n != 0 {
			t.Errorf("cross-scope import wrote %d people", n)
		}
	}
}

func TestScopeMatrixCoversEveryRoute(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m := matrix(e)
		seen := map[string]bool{}
		for _, rt := range e.s.Routes() {
			key := rt.Method + " " + rt.Pattern
			seen[key] = true
			if _, ok := m[key]; !ok {
				t.Errorf("route %s has no row in the scope matrix", key)
			}
		}
		for key := range m {
			if !seen[key] {
				t.Errorf("matrix row %s names no route", key)
			}
		}
	})
}

func TestScopeMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht, br := e.login("haitang"), e.login("htbranch")
		for _, rt := range e.s.Routes() {
			key := rt.Method + " " + rt.Pattern
			check, ok := matrix(e)[key]
			if !ok {
				continue
			}
			t.Run(key, func(t *testing.T) { check(t, e, ht, br) })
		}
	})
}

// registryTables are what a refused registry write must leave unchanged;
// the audit log without sign-ins, which the matrix's own logins add.
var registryTables = []string{"areas", "orgs", "units", "people", "transfers",
	"(SELECT * FROM audit_log WHERE action NOT LIKE 'login%' AND action <> 'logout') a"}
