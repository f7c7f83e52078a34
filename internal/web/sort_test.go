package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// sortedLists are the pages and API lists that read ?sort=, each with a
// key it knows.
var sortedLists = []struct{ path, known string }{
	{"/areas", "name"}, {"/orgs", "name"}, {"/units", "name"}, {"/people", "name"}, {"/talents", "name"}, {"/demands", "title"},
	{"/alliances", "name"}, {"/gaps", "deadline"}, {"/orglife", "held_on"}, {"/posts", "code"}, {"/orders", "created"},
	{"/vanguard", "name"}, {"/training", "title"},
	{"/api/v1/areas", "name"}, {"/api/v1/orgs", "name"}, {"/api/v1/units", "name"}, {"/api/v1/people", "name"},
	{"/api/v1/talents", "name"}, {"/api/v1/demands", "title"}, {"/api/v1/gaps", "deadline"}, {"/api/v1/alliances", "name"},
	{"/api/v1/meetings", "held_on"}, {"/api/v1/vanguard", "name"}, {"/api/v1/training", "title"},
	{"/export/people", "name"}, {"/export/orders", "created"},
}

// TestUnknownSortRefused: every list that reads ?sort= answers an unknown
// key with 422 and a message naming the keys it knows (JSON on the API, the
// error page elsewhere), and still sorts by a known key either way.
func TestUnknownSortRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		admin := e.Login("admin")
		for _, l := range sortedLists {
			sep := "?"
			if strings.HasPrefix(l.path, "/export/") {
				sep = "?format=csv&"
			}
			for _, k := range []string{l.known, "-" + l.known} {
				webtest.Want(t, l.path+" sort "+k, admin.Do("GET", l.path+sep+"sort="+k, nil), 200)
			}
			r := admin.Do("GET", l.path+sep+"sort=bogus", nil)
			webtest.Want(t, l.path+" sort=bogus", r, 422)
			if strings.HasPrefix(l.path, "/export/") {
				var n int
				d.Read().QueryRowContext(context.Background(), d.Rebind(`SELECT count(*) FROM audit_log WHERE action = ? AND detail LIKE '%bogus%'`), "export."+strings.TrimPrefix(l.path, "/export/")).Scan(&n)
				if n != 0 {
					t.Errorf("%s: a refused export is audited", l.path)
				}
			}
			if !strings.Contains(r.Body, "不支持该排序方式") || !strings.Contains(r.Body, l.known+"（") && !strings.Contains(r.Body, l.known+", ") || strings.Contains(r.Body, "{allowed}") {
				t.Errorf("%s sort=bogus: message %.300s", l.path, r.Body)
			}
			if strings.HasPrefix(l.path, "/api/") {
				var out struct {
					Error struct{ Code, Key, Field string }
				}
				if json.Unmarshal([]byte(r.Body), &out); out.Error.Field != "sort" || out.Error.Key != "err.param.sort" {
					t.Errorf("%s sort=bogus: %+v", l.path, out.Error)
				}
			}
		}
	})
}
