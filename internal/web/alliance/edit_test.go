package alliance_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/alliance"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestAllianceEditPages: the lead's district edits an alliance, is refused
// deleting one with meetings (409, saying why) and deletes an empty one; a
// member's district that does not lead it may not edit it.
func TestAllianceEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		w := e.Alliance(t)
		jy := e.Login("jiyang")
		path := fmt.Sprintf("/alliances/%d", w.Jy.ID)
		if r := jy.Do("GET", path, nil); !strings.Contains(r.Body, path+"/edit") || !strings.Contains(r.Body, path+"/delete") {
			t.Errorf("alliance page lacks edit and delete")
		}
		if r := jy.Do("GET", path+"/edit", nil); r.Code != 200 || !strings.Contains(r.Body, "JY秘密备注") {
			t.Errorf("edit form: %d", r.Code)
		}
		r := jy.Do("POST", path, url.Values{"kind": {"pairing"}, "name": {"JY结对"}})
		if r.Code != 422 || !strings.Contains(r.Body, "结对类型") {
			t.Errorf("pairing without type: %d %.300s", r.Code, r.Body)
		}
		webtest.Want(t, "edit", jy.Do("POST", path, url.Values{"kind": {"pairing"}, "pairing": {"village_enterprise"}, "name": {"JY村企联手"}, "note": {"新说明"}}), 303)
		if r := jy.Do("GET", path, nil); !strings.Contains(r.Body, "JY村企联手") || !strings.Contains(r.Body, "新说明") {
			t.Errorf("edited alliance not shown")
		}
		r = jy.Do("POST", path+"/delete", url.Values{"confirm": {"1"}})
		if r.Code != 409 || !strings.Contains(r.Body, "不能删除") {
			t.Errorf("delete with meetings: %d %.300s", r.Code, r.Body)
		}
		webtest.Want(t, "still there", jy.Do("GET", path, nil), 200)

		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
		st := &alliance.Store{DB: d}
		empty, err := st.Create(ctx, e.W.Jiyang.Scope, alliance.Draft{Kind: alliance.Medical, Name: "JY空联盟", LeadOrgID: e.W.Jiyang.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMember(ctx, e.W.Jiyang.Scope, empty.ID, alliance.MemberDraft{UnitID: e.W.Haitang.Unit.ID}); err != nil {
			t.Fatal(err)
		}
		// 海棠 sees it through its unit but does not lead it.
		ht := e.Login("haitang")
		ep := fmt.Sprintf("/alliances/%d", empty.ID)
		webtest.Want(t, "member's district reads", ht.Do("GET", ep, nil), 200)
		webtest.Want(t, "member's district edit form", ht.Do("GET", ep+"/edit", nil), 403)
		webtest.Want(t, "member's district edits", ht.Do("POST", ep, url.Values{"kind": {"medical"}, "name": {"越权"}}), 403)
		webtest.Want(t, "member's district deletes", ht.Do("POST", ep+"/delete", url.Values{"confirm": {"1"}}), 403)
		webtest.Want(t, "delete", jy.Do("POST", ep+"/delete", url.Values{"confirm": {"1"}}), 303)
		webtest.Want(t, "deleted alliance", jy.Do("GET", ep, nil), 404)
	})
}
