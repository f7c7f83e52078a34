package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// registryMatrix holds the registry's rows: areas, orgs, units, people,
// transfers, the pickers and the audit log.
func registryMatrix(e *env) map[string]matrixCheck {
	ht, jy := e.w.Haitang, e.w.Jiyang
	id := func(n int64) string { return fmt.Sprint(n) }
	jyPerson, htPerson := id(jy.Members[0].ID), id(ht.Members[0].ID)
	jyOrg, htOrg := id(jy.Branches[0].ID), id(ht.Branches[0].ID)
	jyUnit, htUnit := id(jy.Unit.ID), id(ht.Unit.ID)
	jyArea, htArea := id(jy.Village.ID), id(ht.Village.ID)
	personJSON := map[string]any{"name": "越权", "status": "member", "org_id": jy.Branches[0].ID, "area_id": jy.Village.ID}
	orgJSON := map[string]any{"code": "X1", "name": "越权支部", "kind": "branch", "sector": "village", "area_id": jy.Village.ID, "parent_id": jy.Committee.ID}
	unitJSON := map[string]any{"name": "越权公司", "kind": "enterprise", "area_id": jy.Village.ID}
	return map[string]matrixCheck{
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
		"GET /pick/{kind}": func(t *testing.T, e *env, h, b *client) {
			for _, k := range []string{"areas", "orgs", "units"} {
				list("/pick/"+k, "")(t, e, h, b)
			}
			if r := h.do("GET", "/pick/orgs?q=HT", nil); !strings.Contains(r.body, "HT区委") || !strings.Contains(r.body, `data-id="`) {
				t.Errorf("org picker lacks own org: %.300s", r.body)
			}
			want(t, "bad picker kind", h.do("GET", "/pick/people", nil), 422)
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
		"GET /audit":                      adminOnly("GET", "/audit", nil),
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
		"GET /api/v1/transfers":           list("/api/v1/transfers", ""),
		"POST /api/v1/transfers":          apiWrite("POST", "/api/v1/transfers", "", map[string]any{"person_id": jy.Members[0].ID, "to_org_id": ht.Branches[0].ID}, 404),
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
		"GET /api/v1/audit": adminOnly("GET", "/api/v1/audit", nil),
	}
}

func TestScopeMatrixRegistry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		runMatrix(t, e, e.s.RoutesOf("registry"), registryMatrix(e))
	})
}
