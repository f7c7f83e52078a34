package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// serverMatrix holds the rows of the routes no module holds.
func serverMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	jyOrg := fmt.Sprint(e.W.Jiyang.Branches[0].ID)
	return map[string]webtest.MatrixCheck{
		"GET /export/{kind}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			for _, k := range []string{"people", "orgs", "units"} {
				for _, q := range []string{"?format=csv", "?format=csv&q=JY", "?format=csv&org_id=" + jyOrg} {
					r := h.Do("GET", "/export/"+k+q, nil)
					webtest.Want(t, "export "+k+q, r, 200)
					webtest.NoLeak(t, "export "+k+q, r)
				}
			}
			r := h.Do("GET", "/export/people?format=csv", nil)
			if !strings.Contains(r.Body, "HT党员") || strings.Contains(r.Body, webtest.IDNumber(1)) || !strings.Contains(r.Body, "138****0001") {
				t.Errorf("people export: own rows missing or not masked: %.300s", r.Body)
			}
		},
		"GET /api/v1/openapi.json": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "openapi", e.Anon().Do("GET", "/api/v1/openapi.json", nil), 200)
		},
		"GET /api/v1/challenge": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			// Public, and carries nothing of anybody: a challenge (empty
			// here, where no proof is asked).
			r := e.Anon().Do("GET", "/api/v1/challenge", nil)
			if r.Code != 200 || !strings.Contains(r.Body, `"bits":0`) {
				t.Errorf("challenge: %s", r.Body)
			}
		},
		"GET /api/v1/export/{kind}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			r := h.Do("GET", "/api/v1/export/people?format=csv&q=JY", nil)
			webtest.Want(t, "api export", r, 200)
			webtest.NoLeak(t, "api export", r)
		},
	}
}

func TestScopeMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		webtest.RunMatrix(t, e, e.S.RoutesOf(""), serverMatrix(e))
	})
}
