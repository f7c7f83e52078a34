package registry_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// registryMatrix holds the registry's rows: areas, orgs, units, people,
// transfers, the pickers and the audit log.
func registryMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	ht, jy := e.W.Haitang, e.W.Jiyang
	id := func(n int64) string { return fmt.Sprint(n) }
	jyPerson, htPerson := id(jy.Members[0].ID), id(ht.Members[0].ID)
	jyOrg, htOrg := id(jy.Branches[0].ID), id(ht.Branches[0].ID)
	jyUnit, htUnit := id(jy.Unit.ID), id(ht.Unit.ID)
	jyArea, htArea := id(jy.Village.ID), id(ht.Village.ID)
	personJSON := map[string]any{"name": "越权", "status": "member", "org_id": jy.Branches[0].ID, "area_id": jy.Village.ID}
	orgJSON := map[string]any{"code": "X1", "name": "越权支部", "kind": "branch", "sector": "village", "area_id": jy.Village.ID, "parent_id": jy.Committee.ID}
	unitJSON := map[string]any{"name": "越权公司", "kind": "enterprise", "area_id": jy.Village.ID}
	return map[string]webtest.MatrixCheck{
		"GET /{$}":        webtest.List("/", ""),
		"GET /areas":      webtest.List("/areas", "海棠区"),
		"GET /areas/{id}": webtest.Detail("/areas/{id}", htArea, jyArea, ht.Village.Name),
		"GET /orgs":       webtest.List("/orgs", "HT"),
		"GET /orgs/tree":  webtest.List("/orgs/tree", "HT"),
		"GET /orgs/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "org form", h.Do("GET", "/orgs/new", nil), 200)
		},
		"POST /orgs":           webtest.FormWrite("/orgs", "", url.Values{"name": {"越权支部"}, "code": {"X2"}, "kind": {"branch"}, "sector": {"village"}, "area_id": {jyArea}}, 403),
		"GET /orgs/{id}":       webtest.Detail("/orgs/{id}", htOrg, jyOrg, ht.Branches[0].Name),
		"GET /units":           webtest.List("/units", "HT旅游"),
		"GET /orgs/{id}/edit":  webtest.Detail("/orgs/{id}/edit", htOrg, jyOrg, ht.Branches[0].Name),
		"POST /orgs/{id}":      webtest.FormWrite("/orgs/{id}", jyOrg, url.Values{"name": {"改名"}, "kind": {"branch"}, "sector": {"village"}}, 404),
		"GET /units/{id}/edit": webtest.Detail("/units/{id}/edit", htUnit, jyUnit, "HT旅游"),
		"POST /units/{id}":     webtest.FormWrite("/units/{id}", jyUnit, url.Values{"name": {"改名"}, "kind": {"enterprise"}, "area_id": {htArea}}, 404),
		"GET /units/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "unit form", h.Do("GET", "/units/new", nil), 200)
		},
		"POST /units":     webtest.FormWrite("/units", "", url.Values{"name": {"越权公司"}, "kind": {"enterprise"}, "area_id": {jyArea}}, 422),
		"GET /units/{id}": webtest.Detail("/units/{id}", htUnit, jyUnit, "HT旅游"),
		"GET /people":     webtest.List("/people", "HT党员"),
		"GET /people/new": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "person form", h.Do("GET", "/people/new", nil), 200)
		},
		"POST /people":          webtest.FormWrite("/people", "", url.Values{"name": {"越权"}, "status": {"member"}, "org_id": {jyOrg}, "area_id": {jyArea}}, 422),
		"GET /people/{id}":      webtest.Detail("/people/{id}", htPerson, jyPerson, "46**************"),
		"GET /people/{id}/edit": webtest.Detail("/people/{id}/edit", htPerson, jyPerson, "HT党员"),
		"POST /people/{id}":     webtest.FormWrite("/people/{id}", jyPerson, url.Values{"name": {"改"}, "status": {"member"}, "org_id": {jyOrg}, "area_id": {jyArea}}, 404),
		"POST /people/{id}/reveal": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("POST", "/people/"+jyPerson+"/reveal", url.Values{})
			webtest.Want(t, "reveal foreign", r, 404)
			webtest.NoLeak(t, "reveal foreign", r)
			webtest.Want(t, "branch has no reveal permission", b.Do("POST", "/people/"+htPerson+"/reveal", url.Values{}), 403)
			r = h.Do("POST", "/people/"+htPerson+"/reveal", url.Values{})
			webtest.Want(t, "reveal own", r, 200)
			if !strings.Contains(r.Body, webtest.IDNumber(1)) {
				t.Errorf("reveal own lacks the full ID")
			}
		},
		"GET /pick/{kind}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			for _, k := range []string{"areas", "orgs", "units"} {
				webtest.List("/pick/"+k, "")(t, e, h, b)
			}
			if r := h.Do("GET", "/pick/orgs?q=HT", nil); !strings.Contains(r.Body, "HT区委") || !strings.Contains(r.Body, `data-id="`) {
				t.Errorf("org picker lacks own org: %.300s", r.Body)
			}
			webtest.Want(t, "bad picker kind", h.Do("GET", "/pick/people", nil), 422)
		},
		"GET /transfers":  webtest.List("/transfers", ""),
		"POST /transfers": webtest.FormWrite("/transfers", "", url.Values{"person_id": {jyPerson}, "to_org_id": {htOrg}}, 404),
		"GET /transfers/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("GET", "/transfers/"+id(e.JYTransfer(t)), nil)
			webtest.Want(t, "foreign transfer", r, 404)
			webtest.NoLeak(t, "transfer", r)
		},
		"POST /transfers/{id}/approve-out": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "approve foreign", h.Do("POST", "/transfers/"+id(e.JYTransfer(t))+"/approve-out", url.Values{}), 404)
		},
		"POST /transfers/{id}/approve-in": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "approve foreign", h.Do("POST", "/transfers/"+id(e.JYTransfer(t))+"/approve-in", url.Values{}), 404)
		},
		"POST /transfers/{id}/reject": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "reject foreign", h.Do("POST", "/transfers/"+id(e.JYTransfer(t))+"/reject", url.Values{"note": {"x"}}), 404)
		},
		"POST /transfers/{id}/revoke": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "revoke foreign", h.Do("POST", "/transfers/"+id(e.JYTransfer(t))+"/revoke", url.Values{"note": {"x"}}), 404)
		},
		"GET /audit":                      webtest.AdminOnly("GET", "/audit", nil),
		"GET /api/v1/areas":               webtest.List("/api/v1/areas", "海棠区"),
		"POST /api/v1/areas":              webtest.APIWrite("POST", "/api/v1/areas", "", map[string]any{"parent_id": jy.Village.ID, "code": "GX", "name": "越权网格", "kind": "grid"}, 403),
		"GET /api/v1/areas/{id}":          webtest.Detail("/api/v1/areas/{id}", htArea, jyArea, ht.Village.Name),
		"GET /api/v1/orgs":                webtest.List("/api/v1/orgs", "HT"),
		"POST /api/v1/orgs":               webtest.APIWrite("POST", "/api/v1/orgs", "", orgJSON, 403),
		"GET /api/v1/orgs/{id}":           webtest.Detail("/api/v1/orgs/{id}", htOrg, jyOrg, "HT-B0"),
		"PUT /api/v1/orgs/{id}":           webtest.APIWrite("PUT", "/api/v1/orgs/{id}", jyOrg, orgJSON, 404),
		"DELETE /api/v1/orgs/{id}":        webtest.APIWrite("DELETE", "/api/v1/orgs/{id}", jyOrg, nil, 404),
		"GET /api/v1/units":               webtest.List("/api/v1/units", "HT旅游"),
		"POST /api/v1/units":              webtest.APIWrite("POST", "/api/v1/units", "", unitJSON, 422),
		"GET /api/v1/units/{id}":          webtest.Detail("/api/v1/units/{id}", htUnit, jyUnit, "HT旅游"),
		"PUT /api/v1/units/{id}":          webtest.APIWrite("PUT", "/api/v1/units/{id}", jyUnit, unitJSON, 404),
		"GET /api/v1/people":              webtest.List("/api/v1/people", "HT党员"),
		"POST /api/v1/people":             webtest.APIWrite("POST", "/api/v1/people", "", personJSON, 422),
		"GET /api/v1/people/{id}":         webtest.Detail("/api/v1/people/{id}", htPerson, jyPerson, "138****"),
		"PUT /api/v1/people/{id}":         webtest.APIWrite("PUT", "/api/v1/people/{id}", jyPerson, personJSON, 404),
		"POST /api/v1/people/{id}/reveal": webtest.APIWrite("POST", "/api/v1/people/{id}/reveal", jyPerson, nil, 404),
		"GET /api/v1/transfers":           webtest.List("/api/v1/transfers", ""),
		"POST /api/v1/transfers":          webtest.APIWrite("POST", "/api/v1/transfers", "", map[string]any{"person_id": jy.Members[0].ID, "to_org_id": ht.Branches[0].ID}, 404),
		"GET /api/v1/transfers/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("GET", "/api/v1/transfers/"+id(e.JYTransfer(t)), nil)
			webtest.Want(t, "foreign transfer", r, 404)
			webtest.NoLeak(t, "api transfer", r)
		},
		"POST /api/v1/transfers/{id}/approve-out": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "x", h.Do("POST", "/api/v1/transfers/"+id(e.JYTransfer(t))+"/approve-out", map[string]string{}), 404)
		},
		"POST /api/v1/transfers/{id}/approve-in": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "x", h.Do("POST", "/api/v1/transfers/"+id(e.JYTransfer(t))+"/approve-in", map[string]string{}), 404)
		},
		"POST /api/v1/transfers/{id}/reject": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "x", h.Do("POST", "/api/v1/transfers/"+id(e.JYTransfer(t))+"/reject", map[string]string{"note": "x"}), 404)
		},
		"POST /api/v1/transfers/{id}/revoke": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "x", h.Do("POST", "/api/v1/transfers/"+id(e.JYTransfer(t))+"/revoke", map[string]string{"note": "x"}), 404)
		},
		"GET /api/v1/audit": webtest.AdminOnly("GET", "/api/v1/audit", nil),
	}
}

func TestScopeMatrixRegistry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		webtest.RunMatrix(t, e, e.S.RoutesOf("registry"), registryMatrix(e))
	})
}
