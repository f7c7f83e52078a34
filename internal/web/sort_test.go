package web_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// TestAPIOrgMoveRefused: PUT /api/v1/orgs/{id} with another parent_id is a
// 422 on parent_id with a clear message and changes nothing; the same
// body with the org's own parent updates the name.
func TestAPIOrgMoveRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		c := e.Login("haitang")
		b := e.W.Haitang.Branches[0]
		body := map[string]any{"name": "改了名", "kind": b.Kind, "sector": b.Sector, "parent_id": e.W.Haitang.Branches[1].ID}
		r := c.Do("PUT", fmt.Sprintf("/api/v1/orgs/%d", b.ID), body)
		webtest.Want(t, "move by PUT", r, 422)
		var out struct {
			Error struct{ Field, Message string }
		}
		json.Unmarshal([]byte(r.Body), &out)
		if out.Error.Field != "parent_id" || !strings.Contains(out.Error.Message, "不能更改上级党组织") {
			t.Errorf("move by PUT: %s", r.Body)
		}
		parent := fmt.Sprintf(`"parent_id":%d,`, b.ParentID)
		if g := c.Do("GET", fmt.Sprintf("/api/v1/orgs/%d", b.ID), nil); strings.Contains(g.Body, "改了名") || !strings.Contains(g.Body, parent) {
			t.Errorf("refused move changed the org: %s", g.Body)
		}
		body["parent_id"] = b.ParentID
		webtest.Want(t, "edit with own parent", c.Do("PUT", fmt.Sprintf("/api/v1/orgs/%d", b.ID), body), 200)
		if g := c.Do("GET", fmt.Sprintf("/api/v1/orgs/%d", b.ID), nil); !strings.Contains(g.Body, "改了名") || !strings.Contains(g.Body, parent) {
			t.Errorf("edit with own parent: %s", g.Body)
		}
	})
}
