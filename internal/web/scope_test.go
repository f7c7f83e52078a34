package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// serverMatrix holds the rows of the routes no module holds.
func serverMatrix(e *env) map[string]matrixCheck {
	jyOrg := fmt.Sprint(e.w.Jiyang.Branches[0].ID)
	return map[string]matrixCheck{
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
		"GET /api/v1/export/{kind}": func(t *testing.T, e *env, h, b *client) {
			r := h.do("GET", "/api/v1/export/people?format=csv&q=JY", nil)
			want(t, "api export", r, 200)
			noLeak(t, "api export", r)
		},
	}
}

func TestScopeMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		runMatrix(t, e, e.s.RoutesOf(""), serverMatrix(e))
	})
}

// TestSharedMatrixRowsNameRoutes checks the shared parts of the matrix,
// whose rows the modules' tests pick by route: each row names a route.
func TestSharedMatrixRowsNameRoutes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		routes := map[string]bool{}
		for _, rt := range e.s.Routes() {
			routes[rt.Method+" "+rt.Pattern] = true
		}
		for key := range merge(serviceMatrix(e), orgnetAPIMatrix(e)) {
			if !routes[key] {
				t.Errorf("matrix row %s names no route", key)
			}
		}
	})
}
