package declaration_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// TestMobileSquatting: one account registers a mobile member's ID number
// first, the member registers too. The member's case has its own
// reference; confirmed, it is not invited (API or page) while the first
// case is open, and the first account sees no invitation; once staff
// reject the squatter's case the member is invited.
func TestMobileSquatting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		vw := e.Vanguard(t)
		ht, br, squatter, member := e.Login("haitang"), e.Login("htbranch"), e.Login("viewer"), e.Login("admin")
		reg := map[string]any{"name": "候鸟党员老孙", "id_number": testfix.IDNumber(985), "phone": "13900000985",
			"area_id": e.W.Haitang.Village.ID, "home_org": "吉林某村党支部"}
		fake := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "squatter", squatter.Do("POST", "/api/v1/mobile", reg), 202)), "reference")
		reg["phone"] = "13900000986"
		mine := webtest.Num(t, webtest.Obj(t, webtest.Ok(t, "member", member.Do("POST", "/api/v1/mobile", reg), 202)), "reference")
		if mine == fake {
			t.Fatalf("the member's registration was merged into the squatter's #%d", fake)
		}
		checked := map[string]any{"org_id": e.W.Haitang.Branches[1].ID, "verify_method": "in_person", "verify_note": "村书记当面核验身份证"}
		webtest.Ok(t, "confirm", ht.Do("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", mine), checked), 200)

		mp := fmt.Sprintf("/mobile/%d", mine)
		webtest.RunBad(t, e, br, []webtest.BadCase{
			{Name: "API invite while another case is open", Method: "POST", Path: "/api/v1" + mp + "/invitations", Body: map[string]any{"kind": "activity", "event_id": vw.HtAct.ID}, Status: 409, Key: "err.invitation.conflict", Table: "invitations"},
			{Name: "unconfirmed squatter", Method: "POST", Path: fmt.Sprintf("/api/v1/mobile/%d/invitations", fake), Body: map[string]any{"kind": "activity", "event_id": vw.HtAct.ID}, Status: 422, Key: "err.invitation.mobile", Table: "invitations"},
		})
		webtest.Want(t, "page invite while another case is open", br.Do("POST", mp+"/invitations", url.Values{"kind": {"activity"}, "activity_id": {fmt.Sprint(vw.HtAct.ID)}}), 409)
		page := br.Do("GET", mp, nil)
		webtest.Want(t, "member page", page, 200)
		if !strings.Contains(page.Body, `id="declaration-conflict"`) || strings.Contains(page.Body, `name="activity_id"`) {
			t.Errorf("member page: conflict not shown or invitation offered")
		}

		webtest.Ok(t, "reject the squatter", ht.Do("POST", fmt.Sprintf("/api/v1/declarations/%d/reject", fake), map[string]any{"reason": "当面核验非本人"}), 200)
		webtest.Ok(t, "invite the checked member", br.Do("POST", "/api/v1"+mp+"/invitations", map[string]any{"kind": "activity", "event_id": vw.HtAct.ID}), 201)
		if r := squatter.Do("GET", "/api/v1/mobile/invitations", nil); webtest.Num(t, webtest.Obj(t, r), "total") != 0 {
			t.Errorf("the squatter's account sees invitations: %.300s", r.Body)
		}
		if r := member.Do("GET", "/api/v1/mobile/invitations", nil); webtest.Num(t, webtest.Obj(t, r), "total") != 1 {
			t.Errorf("the member's account: %.300s", r.Body)
		}
	})
}
