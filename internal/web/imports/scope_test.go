package imports_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// importsMatrix holds the import jobs' rows.
func importsMatrix(e *webtest.Env) map[string]webtest.MatrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	return map[string]webtest.MatrixCheck{
		"GET /imports": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "imports page", h.Do("GET", "/imports", nil), 200)
			webtest.Want(t, "branch imports", b.Do("GET", "/imports", nil), 403)
		},
		"GET /imports/template/{file}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "template", h.Do("GET", "/imports/template/people.csv", nil), 200)
		},
		"POST /imports": importCrossScope("/imports"),
		"GET /imports/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "someone else's job", h.Do("GET", "/imports/"+id(e.JYJob(t)), nil), 404)
		},
		"POST /api/v1/imports/{kind}": importCrossScope("/api/v1/imports/people"),
		"GET /api/v1/imports/{id}": func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
			webtest.Want(t, "someone else's job", h.Do("GET", "/api/v1/imports/"+id(e.JYJob(t)), nil), 404)
		},
	}
}

func TestScopeMatrixImports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		webtest.RunMatrix(t, e, e.S.RoutesOf("imports"), importsMatrix(e))
	})
}

// importCrossScope uploads a people file whose only row lands in 吉阳区 and
// expects the job to fail with a row error and write nothing.
func importCrossScope(path string) webtest.MatrixCheck {
	return func(t *testing.T, e *webtest.Env, h, b *webtest.Client) {
		csv := "姓名,政治面貌,所在区域编码,所属党组织编码\n越权,党员," + e.W.Jiyang.Village.Code + "," + e.W.Jiyang.Branches[0].Code + "\n"
		r := h.Do("POST", path, webtest.FileUpload(t, map[string]string{"kind": "people", "csrf": h.Csrf}, "p.csv", []byte(csv)))
		webtest.Want(t, "upload", r, 202, 303)
		job := e.WaitJob(t, h, r)
		if !strings.Contains(job, "failed") || !strings.Contains(job, "err.import.row_forbidden") {
			t.Errorf("cross-scope import job = %.400s", job)
		}
		var n int
		e.S.DB.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM people WHERE name = '越权'`).Scan(&n)
		if n != 0 {
			t.Errorf("cross-scope import wrote %d people", n)
		}
	}
}
