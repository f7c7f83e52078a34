package talent_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/talent"
	"dangjian/internal/web/webtest"
)

// TestTalentLifecycleAPI walks a talent from self-registration to a rated
// engagement over the API, and checks each kind of bad input the issue
// names: it gets a clear error and changes nothing.
func TestTalentLifecycleAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		staff := e.Login("haitang")
		rows := func(table string) int {
			var n int
			d.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM `+table).Scan(&n)
			return n
		}
		stay := func(a, b int) map[string]any {
			return map[string]any{"start": webtest.Day(a), "end": webtest.Day(b), "slots": []string{"weekends"}}
		}
		profile := func(edit func(map[string]any)) map[string]any {
			p := map[string]any{"name": "王心", "phone": "13800138000", "skills": []string{"心内科"}, "expertise": "心内科主任医师，擅长高血压",
				"area_id": ht.Village.ID, "travel_km": 30, "mode": "both", "capacity": 1, "stays": []any{stay(1, 120)}}
			if edit != nil {
				edit(p)
			}
			return p
		}
		join := func(p map[string]any) webtest.Resp {
			return e.Anon().Do("POST", "/api/v1/join", map[string]any{"username": "wangxin", "password": webtest.TestPassword, "talent": p})
		}
		// Bad registrations: nothing is created, not even the account.
		for _, c := range []struct {
			name string
			edit func(map[string]any)
			key  string
		}{
			{"overlapping stays", func(p map[string]any) { p["stays"] = []any{stay(1, 60), stay(30, 90)} }, "err.talent.stays_overlap"},
			{"impossible range", func(p map[string]any) { p["stays"] = []any{stay(60, 1)} }, "err.talent.date_order"},
			{"impossible date", func(p map[string]any) {
				p["stays"] = []any{map[string]any{"start": "2027-02-30", "end": "2027-03-30", "slots": []string{"all"}}}
			}, "err.talent.date"},
			{"unknown skill", func(p map[string]any) { p["skills"] = []string{"占星术"} }, "err.talent.skill_unknown"},
			{"unknown slot", func(p map[string]any) {
				p["stays"] = []any{map[string]any{"start": webtest.Day(1), "end": webtest.Day(9), "slots": []string{"mon_night"}}}
			}, "err.talent.slot_unknown"},
		} {
			webtest.WantAPIError(t, c.name, join(profile(c.edit)), 422, c.key)
		}
		if rows("talents") != 0 || rows("users WHERE username = 'wangxin'") != 0 {
			t.Fatalf("bad registrations left rows behind")
		}
		r := join(profile(nil))
		if r.Code != 201 {
			t.Fatalf("join: %d %s", r.Code, r.Body)
		}
		var joined struct {
			Talent talent.Talent
			CSRF   string `json:"csrf_token"`
		}
		json.Unmarshal([]byte(r.Body), &joined)
		me := e.Login("wangxin")
		if r := me.Do("GET", "/api/v1/me/talent", nil); r.Code != 200 || !strings.Contains(r.Body, `"status":"pending"`) {
			t.Fatalf("me: %d %s", r.Code, r.Body)
		}
		id := joined.Talent.ID
		if r := staff.Do("POST", fmt.Sprintf("/api/v1/talents/%d/status", id), map[string]any{"status": "verified"}); r.Code != 200 {
			t.Fatalf("verify: %d %s", r.Code, r.Body)
		}
		// A demand in the past is refused; a good one is posted.
		demand := func(title string, start int) map[string]any {
			return map[string]any{"org_id": ht.Committee.ID, "title": title, "body": "为老年村民义诊，测量血压", "required": []string{"心血管"},
				"mode": "onsite", "headcount": 1, "start": webtest.Day(start), "end": webtest.Day(start + 20), "slots": []string{"weekends"}}
		}
		webtest.WantAPIError(t, "demand in the past", staff.Do("POST", "/api/v1/demands", demand("昨天的义诊", -1)), 422, "err.talent.demand_past")
		var dm1, dm2 talent.Demand
		json.Unmarshal([]byte(staff.Do("POST", "/api/v1/demands", demand("马亮村义诊", 5)).Body), &dm1)
		json.Unmarshal([]byte(staff.Do("POST", "/api/v1/demands", demand("青法村义诊", 6)).Body), &dm2)
		if dm1.ID == 0 || dm2.ID == 0 {
			t.Fatalf("demands not created")
		}
		// The ranking explains itself; the talent is first.
		var ranking struct {
			Items []talent.Ranked
		}
		json.Unmarshal([]byte(staff.Do("GET", fmt.Sprintf("/api/v1/demands/%d/talents", dm1.ID), nil).Body), &ranking)
		if len(ranking.Items) == 0 || ranking.Items[0].TalentID != id || ranking.Items[0].Parts.Skill != 1 || ranking.Items[0].Parts.Availability == 0 {
			t.Fatalf("ranking %+v", ranking.Items)
		}
		// A new demand that suits the talent well reached them.
		if r := me.Do("GET", "/api/v1/notifications", nil); !strings.Contains(r.Body, "demand_match") {
			t.Errorf("no demand_match notification: %s", r.Body)
		}
		invite := func(dm talent.Demand) webtest.Resp {
			return staff.Do("POST", fmt.Sprintf("/api/v1/demands/%d/invitations", dm.ID), map[string]any{"talent_id": id})
		}
		r = invite(dm1)
		if r.Code != 201 {
			t.Fatalf("invite: %d %s", r.Code, r.Body)
		}
		var eng talent.Engagement
		json.Unmarshal([]byte(r.Body), &eng)
		// Capacity 1: a second demand cannot take the talent now.
		webtest.WantAPIError(t, "beyond capacity", invite(dm2), 409, "err.talent.capacity_full")
		webtest.WantAPIError(t, "same pair twice", invite(dm1), 409, "err.talent.already_engaged")
		if rows("engagements") != 1 {
			t.Fatalf("engagements = %d", rows("engagements"))
		}
		step := func(c *webtest.Client, s string, body map[string]any) webtest.Resp {
			return c.Do("POST", fmt.Sprintf("/api/v1/engagements/%d/%s", eng.ID, s), body)
		}
		if r := step(me, "accept", map[string]any{"note": "乐意参加"}); r.Code != 200 {
			t.Fatalf("accept: %d %s", r.Code, r.Body)
		}
		webtest.WantAPIError(t, "double acceptance", step(me, "accept", map[string]any{}), 409, "err.talent.engagement_transition")
		webtest.WantAPIError(t, "unknown step", step(me, "teleport", map[string]any{}), 422, "err.talent.step")
		step(staff, "start", map[string]any{})
		if r := step(staff, "complete", map[string]any{"hours": 4}); r.Code != 200 {
			t.Fatalf("complete: %d %s", r.Code, r.Body)
		}
		var pts struct {
			Items   []talent.PointsEntry
			Balance int64
		}
		json.Unmarshal([]byte(staff.Do("GET", fmt.Sprintf("/api/v1/talents/%d/points", id), nil).Body), &pts)
		if pts.Balance != 40 || len(pts.Items) != 1 {
			t.Fatalf("points %+v", pts)
		}
		// Ledger entries are not edited or deleted; a correction is appended.
		entry := pts.Items[0].ID
		webtest.WantAPIError(t, "ledger edit", staff.Do("PUT", fmt.Sprintf("/api/v1/points/%d", entry), map[string]any{"delta": 400}), 409, "err.ledger.append_only")
		webtest.WantAPIError(t, "ledger delete", staff.Do("DELETE", fmt.Sprintf("/api/v1/points/%d", entry), nil), 409, "err.ledger.append_only")
		if r := staff.Do("POST", fmt.Sprintf("/api/v1/points/%d/corrections", entry), map[string]any{"delta": -10, "note": "时长登记多了1小时"}); r.Code != 201 {
			t.Fatalf("correction: %d %s", r.Code, r.Body)
		}
		json.Unmarshal([]byte(staff.Do("GET", fmt.Sprintf("/api/v1/talents/%d/points", id), nil).Body), &pts)
		if pts.Balance != 30 || len(pts.Items) != 2 || pts.Items[1].Delta != 40 {
			t.Errorf("after correction %+v", pts)
		}
		// Both sides rate, once each.
		if r := staff.Do("POST", fmt.Sprintf("/api/v1/engagements/%d/rating", eng.ID), map[string]any{"stars": 5}); r.Code != 200 {
			t.Errorf("staff rating: %d %s", r.Code, r.Body)
		}
		webtest.WantAPIError(t, "second rating", staff.Do("POST", fmt.Sprintf("/api/v1/engagements/%d/rating", eng.ID), map[string]any{"stars": 4}), 409, "err.talent.rate_once")
		if r := me.Do("POST", fmt.Sprintf("/api/v1/engagements/%d/rating", eng.ID), map[string]any{"stars": 4, "note": "组织有序"}); r.Code != 200 {
			t.Errorf("talent rating: %d %s", r.Code, r.Body)
		}
	})
}

// TestConcurrentInvitesHTTP: two staff members of the same district invite
// the same talent (capacity 1) to different demands at the same moment;
// exactly one invitation stands.
func TestConcurrentInvitesHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		w := e.Talents(t)
		one, two := e.Login("haitang"), e.Login("admin")
		var tl talent.Talent
		r := one.Do("POST", "/api/v1/talents", map[string]any{"name": "抢手人才", "area_id": e.W.Haitang.Village.ID, "skills": []string{"心内科"},
			"mode": "both", "capacity": 1, "travel_km": 30, "stays": []any{map[string]any{"start": webtest.Day(1), "end": webtest.Day(100), "slots": []string{"all"}}}})
		json.Unmarshal([]byte(r.Body), &tl)
		one.Do("POST", fmt.Sprintf("/api/v1/talents/%d/status", tl.ID), map[string]any{"status": "verified"})
		var other talent.Demand
		json.Unmarshal([]byte(one.Do("POST", "/api/v1/demands", map[string]any{"org_id": e.W.Haitang.Committee.ID, "title": "第二个义诊",
			"required": []string{"心内科"}, "mode": "onsite", "headcount": 1, "start": webtest.Day(5), "end": webtest.Day(30), "slots": []string{"weekends"}}).Body), &other)
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i, c := range []*webtest.Client{one, two} {
			wg.Add(1)
			go func(i int, c *webtest.Client, dm int64) {
				defer wg.Done()
				codes[i] = c.Do("POST", fmt.Sprintf("/api/v1/demands/%d/invitations", dm), map[string]any{"talent_id": tl.ID}).Code
			}(i, c, []int64{w.HtDemand.ID, other.ID}[i])
		}
		wg.Wait()
		var n int
		d.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM engagements WHERE talent_id = ?`, tl.ID).Scan(&n)
		if n != 1 || !((codes[0] == 201 && codes[1] == 409) || (codes[0] == 409 && codes[1] == 201)) {
			t.Errorf("codes %v, engagements %d: want one 201, one 409, one row", codes, n)
		}
	})
}
