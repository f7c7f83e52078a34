package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/testfix"
)

// TestMobileSquatting: one account registers a mobile member's ID number
// first, the member registers too. The member's case has its own
// reference; confirmed, it is not invited (API or page) while the first
// case is open, and the first account sees no invitation; once staff
// reject the squatter's case the member is invited.
func TestMobileSquatting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		vw := e.vanguard(t)
		ht, br, squatter, member := e.login("haitang"), e.login("htbranch"), e.login("viewer"), e.login("admin")
		reg := map[string]any{"name": "候鸟党员老孙", "id_number": testfix.IDNumber(985), "phone": "13900000985",
			"area_id": e.w.Haitang.Village.ID, "home_org": "吉林某村党支部"}
		fake := num(t, obj(t, ok(t, "squatter", squatter.do("POST", "/api/v1/mobile", reg), 202)), "reference")
		reg["phone"] = "13900000986"
		mine := num(t, obj(t, ok(t, "member", member.do("POST", "/api/v1/mobile", reg), 202)), "reference")
		if mine == fake {
			t.Fatalf("the member's registration was merged into the squatter's #%d", fake)
		}
		checked := map[string]any{"org_id": e.w.Haitang.Branches[1].ID, "verify_method": "in_person", "verify_note": "村书记当面核验身份证"}
		ok(t, "confirm", ht.do("POST", fmt.Sprintf("/api/v1/declarations/%d/confirm", mine), checked), 200)

		mp := fmt.Sprintf("/mobile/%d", mine)
		runBad(t, e, br, []badCase{
			{"API invite while another case is open", "POST", "/api/v1" + mp + "/invitations", map[string]any{"kind": "activity", "event_id": vw.htAct.ID},
				409, "err.invitation.conflict", "invitations"},
			{"unconfirmed squatter", "POST", fmt.Sprintf("/api/v1/mobile/%d/invitations", fake), map[string]any{"kind": "activity", "event_id": vw.htAct.ID},
				422, "err.invitation.mobile", "invitations"},
		})
		want(t, "page invite while another case is open", br.do("POST", mp+"/invitations", url.Values{"kind": {"activity"}, "activity_id": {fmt.Sprint(vw.htAct.ID)}}), 409)
		page := br.do("GET", mp, nil)
		want(t, "member page", page, 200)
		if !strings.Contains(page.body, `id="declaration-conflict"`) || strings.Contains(page.body, `name="activity_id"`) {
			t.Errorf("member page: conflict not shown or invitation offered")
		}

		ok(t, "reject the squatter", ht.do("POST", fmt.Sprintf("/api/v1/declarations/%d/reject", fake), map[string]any{"reason": "当面核验非本人"}), 200)
		ok(t, "invite the checked member", br.do("POST", "/api/v1"+mp+"/invitations", map[string]any{"kind": "activity", "event_id": vw.htAct.ID}), 201)
		if r := squatter.do("GET", "/api/v1/mobile/invitations", nil); num(t, obj(t, r), "total") != 0 {
			t.Errorf("the squatter's account sees invitations: %.300s", r.body)
		}
		if r := member.do("GET", "/api/v1/mobile/invitations", nil); num(t, obj(t, r), "total") != 1 {
			t.Errorf("the member's account: %.300s", r.body)
		}
	})
}
