package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/talent"
)

// TestTalentLifecycleAPI walks a talent from self-registration to a rated
// engagement over the API, and checks each kind of bad input the issue
// names: it gets a clear error and changes nothing.
func TestTalentLifecycleAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.w.Haitang
		staff := e.login("haitang")
		rows := func(table string) int {
			var n int
			d.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM `+table).Scan(&n)
			return n
		}
		stay := func(a, b int) map[string]any {
			return map[string]any{"start": day(a), "end": day(b), "slots": []string{"weekends"}}
		}
		profile := func(edit func(map[string]any)) map[string]any {
			p := map[string]any{"name": "王心", "phone": "13800138000", "skills": []string{"心内科"}, "expertise": "心内科主任医师，擅长高血压",
				"area_id": ht.Village.ID, "travel_km": 30, "mode": "both", "capacity": 1, "stays": []any{stay(1, 120)}}
			if edit != nil {
				edit(p)
			}
			return p
		}
		join := func(p map[string]any) resp {
			return e.anon().do("POST", "/api/v1/join", map[string]any{"username": "wangxin", "password": testPassword, "talent": p})
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
				p["stays"] = []any{map[string]any{"start": day(1), "end": day(9), "slots": []string{"mon_night"}}}
			}, "err.talent.slot_unknown"},
		} {
			wantAPIError(t, c.name, join(profile(c.edit)), 422, c.key)
		}
		if rows("talents") != 0 || rows("users WHERE username = 'wangxin'") != 0 {
			t.Fatalf("bad registrations left rows behind")
		}
		r := join(profile(nil))
		if r.code != 201 {
			t.Fatalf("join: %d %s", r.code, r.body)
		}
		var joined struct {
			Talent talent.Talent
			CSRF   string `json:"csrf_token"`
		}
		json.Unmarshal([]byte(r.body), &joined)
		me := e.login("wangxin")
		if r := me.do("GET", "/api/v1/me/talent", nil); r.code != 200 || !strings.Contains(r.body, `"status":"pending"`) {
			t.Fatalf("me: %d %s", r.code, r.body)
		}
		id := joined.Talent.ID
		if r := staff.do("POST", fmt.Sprintf("/api/v1/talents/%d/status", id), map[string]any{"status": "verified"}); r.code != 200 {
			t.Fatalf("verify: %d %s", r.code, r.body)
		}
		// A demand in the past is refused; a good one is posted.
		demand := func(title string, start int) map[string]any {
			return map[string]any{"org_id": ht.Committee.ID, "title": title, "body": "为老年村民义诊，测量血压", "required": []string{"心血管"},
				"mode": "onsite", "headcount": 1, "start": day(start), "end": day(start + 20), "slots": []string{"weekends"}}
		}
		wantAPIError(t, "demand in the past", staff.do("POST", "/api/v1/demands", demand("昨天的义诊", -1)), 422, "err.talent.demand_past")
		var dm1, dm2 talent.Demand
		json.Unmarshal([]byte(staff.do("POST", "/api/v1/demands", demand("马亮村义诊", 5)).body), &dm1)
		json.Unmarshal([]byte(staff.do("POST", "/api/v1/demands", demand("青法村义诊", 6)).body), &dm2)
		if dm1.ID == 0 || dm2.ID == 0 {
			t.Fatalf("demands not created")
		}
		// The ranking explains itself; the talent is first.
		var ranking struct {
			Items []talent.Ranked
		}
		json.Unmarshal([]byte(staff.do("GET", fmt.Sprintf("/api/v1/demands/%d/talents", dm1.ID), nil).body), &ranking)
		if len(ranking.Items) == 0 || ranking.Items[0].TalentID != id || ranking.Items[0].Parts.Skill != 1 || ranking.Items[0].Parts.Availability == 0 {
			t.Fatalf("ranking %+v", ranking.Items)
		}
		// A new demand that suits the talent well reached them.
		if r := me.do("GET", "/api/v1/notifications", nil); !strings.Contains(r.body, "demand_match") {
			t.Errorf("no demand_match notification: %s", r.body)
		}
		invite := func(dm talent.Demand) resp {
			return staff.do("POST", fmt.Sprintf("/api/v1/demands/%d/invitations", dm.ID), map[string]any{"talent_id": id})
		}
		r = invite(dm1)
		if r.code != 201 {
			t.Fatalf("invite: %d %s", r.code, r.body)
		}
		var eng talent.Engagement
		json.Unmarshal([]byte(r.body), &eng)
		// Capacity 1: a second demand cannot take the talent now.
		wantAPIError(t, "beyond capacity", invite(dm2), 409, "err.talent.capacity_full")
		wantAPIError(t, "same pair twice", invite(dm1), 409, "err.talent.already_engaged")
		if rows("engagements") != 1 {
			t.Fatalf("engagements = %d", rows("engagements"))
		}
		step := func(c *client, s string, body map[string]any) resp {
			return c.do("POST", fmt.Sprintf("/api/v1/engagements/%d/%s", eng.ID, s), body)
		}
		if r := step(me, "accept", map[string]any{"note": "乐意参加"}); r.code != 200 {
			t.Fatalf("accept: %d %s", r.code, r.body)
		}
		wantAPIError(t, "double acceptance", step(me, "accept", map[string]any{}), 409, "err.talent.engagement_transition")
		wantAPIError(t, "unknown step", step(me, "teleport", map[string]any{}), 422, "err.talent.step")
		step(staff, "start", map[string]any{})
		if r := step(staff, "complete", map[string]any{"hours": 4}); r.code != 200 {
			t.Fatalf("complete: %d %s", r.code, r.body)
		}
		var pts struct {
			Items   []talent.PointsEntry
			Balance int64
		}
		json.Unmarshal([]byte(staff.do("GET", fmt.Sprintf("/api/v1/talents/%d/points", id), nil).body), &pts)
		if pts.Balance != 40 || len(pts.Items) != 1 {
			t.Fatalf("points %+v", pts)
		}
		// Ledger entries are not edited or deleted; a correction is appended.
		entry := pts.Items[0].ID
		wantAPIError(t, "ledger edit", staff.do("PUT", fmt.Sprintf("/api/v1/points/%d", entry), map[string]any{"delta": 400}), 409, "err.ledger.append_only")
		wantAPIError(t, "ledger delete", staff.do("DELETE", fmt.Sprintf("/api/v1/points/%d", entry), nil), 409, "err.ledger.append_only")
		if r := staff.do("POST", fmt.Sprintf("/api/v1/points/%d/corrections", entry), map[string]any{"delta": -10, "note": "时长登记多了1小时"}); r.code != 201 {
			t.Fatalf("correction: %d %s", r.code, r.body)
		}
		json.Unmarshal([]byte(staff.do("GET", fmt.Sprintf("/api/v1/talents/%d/points", id), nil).body), &pts)
		if pts.Balance != 30 || len(pts.Items) != 2 || pts.Items[1].Delta != 40 {
			t.Errorf("after correction %+v", pts)
		}
		// Both sides rate, once each.
		if r := staff.do("POST", fmt.Sprintf("/api/v1/engagements/%d/rating", eng.ID), map[string]any{"stars": 5}); r.code != 200 {
			t.Errorf("staff rating: %d %s", r.code, r.body)
		}
		wantAPIError(t, "second rating", staff.do("POST", fmt.Sprintf("/api/v1/engagements/%d/rating", eng.ID), map[string]any{"stars": 4}), 409, "err.talent.rate_once")
		if r := me.do("POST", fmt.Sprintf("/api/v1/engagements/%d/rating", eng.ID), map[string]any{"stars": 4, "note": "组织有序"}); r.code != 200 {
			t.Errorf("talent rating: %d %s", r.code, r.body)
		}
	})
}

// TestConcurrentInvitesHTTP: two staff members of the same district invite
// the same talent (capacity 1) to different demands at the same moment;
// exactly one invitation stands.
func TestConcurrentInvitesHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.talents(t)
		one, two := e.login("haitang"), e.login("admin")
		var tl talent.Talent
		r := one.do("POST", "/api/v1/talents", map[string]any{"name": "抢手人才", "area_id": e.w.Haitang.Village.ID, "skills": []string{"心内科"},
			"mode": "both", "capacity": 1, "travel_km": 30, "stays": []any{map[string]any{"start": day(1), "end": day(100), "slots": []string{"all"}}}})
		json.Unmarshal([]byte(r.body), &tl)
		one.do("POST", fmt.Sprintf("/api/v1/talents/%d/status", tl.ID), map[string]any{"status": "verified"})
		var other talent.Demand
		json.Unmarshal([]byte(one.do("POST", "/api/v1/demands", map[string]any{"org_id": e.w.Haitang.Committee.ID, "title": "第二个义诊",
			"required": []string{"心内科"}, "mode": "onsite", "headcount": 1, "start": day(5), "end": day(30), "slots": []string{"weekends"}}).body), &other)
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i, c := range []*client{one, two} {
			wg.Add(1)
			go func(i int, c *client, dm int64) {
				defer wg.Done()
				codes[i] = c.do("POST", fmt.Sprintf("/api/v1/demands/%d/invitations", dm), map[string]any{"talent_id": tl.ID}).code
			}(i, c, []int64{w.htDemand.ID, other.ID}[i])
		}
		wg.Wait()
		var n int
		d.Read().QueryRowContext(t.Context(), `SELECT count(*) FROM engagements WHERE talent_id = ?`, tl.ID).Scan(&n)
		if n != 1 || !((codes[0] == 201 && codes[1] == 409) || (codes[0] == 409 && codes[1] == 201)) {
			t.Errorf("codes %v, engagements %d: want one 201, one 409, one row", codes, n)
		}
	})
}
