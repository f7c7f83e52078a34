package web_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// importsMatrix holds the import jobs' rows.
func importsMatrix(e *env) map[string]matrixCheck {
	id := func(n int64) string { return fmt.Sprint(n) }
	return map[string]matrixCheck{
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
		"POST /api/v1/imports/{kind}": importCrossScope("/api/v1/imports/people"),
		"GET /api/v1/imports/{id}": func(t *testing.T, e *env, h, b *client) {
			want(t, "someone else's job", h.do("GET", "/api/v1/imports/"+id(e.jyJob(t)), nil), 404)
		},
	}
}

func TestScopeMatrixImports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		runMatrix(t, e, e.s.RoutesOf("imports"), importsMatrix(e))
	})
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
