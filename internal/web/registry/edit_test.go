package registry_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestTransferFormByCode: the person page's transfer form takes the
// receiving org's code; an unknown code is a field error.
func TestTransferFormByCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		c := e.Login("haitang")
		m := e.W.Haitang.Members[0]
		r := c.Do("POST", "/transfers", url.Values{"person_id": {webtest.Itoa(m.ID)}, "to_org_id": {"NO-SUCH"}})
		if r.Code != 422 {
			t.Errorf("unknown code: %d", r.Code)
		}
		r = c.Do("POST", "/transfers", url.Values{"person_id": {webtest.Itoa(m.ID)}, "to_org_id": {e.W.Haitang.Branches[1].Code}, "reason": {"工作调动"}})
		loc := r.Hdr.Get("Location")
		if r.Code != 303 || !strings.HasPrefix(loc, "/transfers/") {
			t.Fatalf("request by code: %d %s", r.Code, loc)
		}
		page := c.Do("GET", loc, nil)
		if page.Code != 200 || !strings.Contains(page.Body, e.W.Haitang.Branches[1].Name) || !strings.Contains(page.Body, "工作调动") {
			t.Errorf("transfer page: %d %.300s", page.Code, page.Body)
		}
	})
}

// TestEditPages: orgs and units are edited through their pages; a bad
// value comes back on the form with its field marked.
func TestEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		c := e.Login("haitang")
		ht := e.W.Haitang
		b := ht.Branches[0]
		sec := ht.Members[0]
		r := c.Do("POST", "/orgs/"+webtest.Itoa(b.ID), url.Values{"name": {"永宁第一支部"}, "kind": {"branch"}, "sector": {"community"}, "secretary_id": {webtest.Itoa(sec.ID)}})
		if r.Code != 303 {
			t.Fatalf("org update: %d %.300s", r.Code, r.Body)
		}
		got, err := e.S.Orgs.Get(t.Context(), ht.Scope, b.ID)
		if err != nil || got.Name != "永宁第一支部" || got.SecretaryID != sec.ID || got.Sector != "community" {
			t.Errorf("org after edit = %+v, %v", got, err)
		}
		r = c.Do("POST", "/orgs/"+webtest.Itoa(b.ID), url.Values{"name": {""}, "kind": {"branch"}, "sector": {"community"}})
		if r.Code != 422 || !strings.Contains(r.Body, "组织名称不能为空") {
			t.Errorf("org update with no name: %d", r.Code)
		}
		r = c.Do("POST", "/units/"+webtest.Itoa(ht.Unit.ID), url.Values{"name": {"海棠湾文旅集团"}, "kind": {"enterprise"}, "employees": {"abc"}, "area_id": {webtest.Itoa(ht.Village.ID)}})
		if r.Code != 422 || !strings.Contains(r.Body, "职工人数") {
			t.Errorf("unit update with bad employees: %d", r.Code)
		}
		r = c.Do("POST", "/units/"+webtest.Itoa(ht.Unit.ID), url.Values{"name": {"海棠湾文旅集团"}, "kind": {"enterprise"}, "employees": {"300"}, "area_id": {webtest.Itoa(ht.Village.ID)}, "org_id": {webtest.Itoa(b.ID)}})
		if r.Code != 303 {
			t.Fatalf("unit update: %d %.300s", r.Code, r.Body)
		}
		u, err := e.S.Units.Get(t.Context(), ht.Scope, ht.Unit.ID)
		if err != nil || u.Name != "海棠湾文旅集团" || u.Employees != 300 || u.OrgID != b.ID {
			t.Errorf("unit after edit = %+v, %v", u, err)
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
