package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/webtest"
)

// TestOfficialOnlyWrites holds the owners of three writes a branch
// secretary used to make inside their branch's village:
//   - grids (the area tree): district officials and administrators;
//   - a self-registered talent's profile and review status: the talent
//     and officials, not a branch secretary (who still edits the profiles
//     staff entered);
//   - points corrections: officials.
//
// Each refusal is a 403 with a clear message that writes nothing and
// audits nothing; each owner's write goes through.
func TestOfficialOnlyWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
		br, ht := e.Login("htbranch"), e.Login("haitang")
		village := e.W.Haitang.Branches[0].AreaID
		st := e.S.Talents
		profile := talent.Talent{Name: "HT自助人才", Phone: "13900139001", Title: "主治医师", Expertise: "儿科", AreaID: village, Lat: 18.32, Lng: 109.62,
			TravelKm: 20, Mode: talent.Both, Capacity: 2, Skills: []string{"儿科"}, Stays: []talent.Stay{{Start: webtest.Day(1), End: webtest.Day(90), Slots: talent.AllSlots}}}
		self, _, err := st.Register(ctx, e.S.Auth, "htself", webtest.TestPassword, profile)
		if err != nil {
			t.Fatal(err)
		}
		staffProfile := profile
		staffProfile.Name, staffProfile.Phone = "HT录入人才", "13900139002"
		entered, err := st.Create(ctx, scope.Everything, staffProfile)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Award(ctx, e.W.Haitang.Scope, self.ID, "HT优秀人才", webtest.Day(0)); err != nil {
			t.Fatal(err)
		}
		entries, _, _ := st.Points(ctx, self.ID)
		entry := entries[0].ID
		count := func(q string, args ...any) int {
			var n int
			if err := d.Read().QueryRowContext(context.Background(), d.Rebind(q), args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		audits := func(action string) int { return count(`SELECT count(*) FROM audit_log WHERE action = ?`, action) }
		body := func(name string) map[string]any {
			return map[string]any{"name": name, "title": profile.Title, "expertise": profile.Expertise, "area_id": village, "lat": profile.Lat,
				"lng": profile.Lng, "travel_km": 20, "mode": "both", "capacity": 2, "skills": []string{"儿科"}, "stays": profile.Stays}
		}
		form := url.Values{"name": {"支部改名"}, "title": {"x"}, "expertise": {"儿科"}, "area_id": {fmt.Sprint(village)}, "lat": {"18.32"},
			"lng": {"109.62"}, "travel_km": {"20"}, "mode": {"both"}, "capacity": {"2"}, "skills": {"儿科"}}
		grid := map[string]any{"parent_id": village, "code": "HT-G9", "name": "支部网格", "kind": "grid"}
		refusals := []struct {
			what, method, path string
			body               any
			message            string
		}{
			{"grid", "POST", "/api/v1/areas", grid, "支部书记不能新建"},
			{"self-registered profile", "PUT", fmt.Sprintf("/api/v1/talents/%d", self.ID), body("支部改名"), "只能由本人或区级以上"},
			{"self-registered profile form", "POST", fmt.Sprintf("/talents/%d", self.ID), form, "只能由本人或区级以上"},
			{"self-registered edit page", "GET", fmt.Sprintf("/talents/%d/edit", self.ID), nil, "只能由本人或区级以上"},
			{"self-registered status", "POST", fmt.Sprintf("/api/v1/talents/%d/status", self.ID), map[string]any{"status": "verified"}, "只能由本人或区级以上"},
			{"self-registered status form", "POST", fmt.Sprintf("/talents/%d/status", self.ID), url.Values{"status": {"rejected"}}, "只能由本人或区级以上"},
			{"points correction", "POST", fmt.Sprintf("/api/v1/points/%d/corrections", entry), map[string]any{"delta": 5, "note": "支部补记"}, ""},
			{"points correction form", "POST", "/points/correct", url.Values{"entry_id": {fmt.Sprint(entry)}, "delta": {"5"}, "note": {"支部补记"}}, ""},
		}
		for _, c := range refusals {
			r := br.Do(c.method, c.path, c.body)
			webtest.Want(t, "branch "+c.what, r, 403)
			if !strings.Contains(r.Body, c.message) || strings.Contains(r.Body, `"message":"err.`) || strings.Contains(r.Body, ">err.") {
				t.Errorf("branch %s: message %.300s", c.what, r.Body)
			}
		}
		if n := count(`SELECT count(*) FROM areas WHERE code = 'HT-G9'`); n != 0 {
			t.Errorf("refused grid written")
		}
		if got, _ := st.Get(ctx, self.ID); got.Name != profile.Name || got.Status != talent.Pending {
			t.Errorf("refused writes changed the self-registered talent: %+v", got)
		}
		if n := count(`SELECT count(*) FROM points_ledger WHERE talent_id = ?`, self.ID); n != 1 {
			t.Errorf("refused correction written: %d entries", n)
		}
		for _, a := range []string{"area.create", "talent.update", "talent.status", "points.correct"} {
			if n := audits(a); n != 0 {
				t.Errorf("refused writes audited %s %d times", a, n)
			}
		}
		// The profile page offers the branch secretary neither the edit
		// link, the review nor the correction form.
		if r := br.Do("GET", fmt.Sprintf("/talents/%d", self.ID), nil); r.Code != 200 || strings.Contains(r.Body, "/edit\"") ||
			strings.Contains(r.Body, "/status\"") || strings.Contains(r.Body, "/points/correct") || !strings.Contains(r.Body, "/honours") {
			t.Errorf("branch sees forms it may not use (%d)", r.Code)
		}
		// What each owner may do goes through.
		webtest.Want(t, "branch edits a staff-entered profile", br.Do("PUT", fmt.Sprintf("/api/v1/talents/%d", entered.ID), body("支部录入改名")), 200)
		webtest.Want(t, "branch reviews a staff-entered profile", br.Do("POST", fmt.Sprintf("/api/v1/talents/%d/status", entered.ID), map[string]any{"status": "verified"}), 200)
		webtest.Want(t, "district grid", ht.Do("POST", "/api/v1/areas", grid), 201)
		webtest.Want(t, "district edits the self-registered profile", ht.Do("PUT", fmt.Sprintf("/api/v1/talents/%d", self.ID), body("区里改名")), 200)
		webtest.Want(t, "district verifies", ht.Do("POST", fmt.Sprintf("/api/v1/talents/%d/status", self.ID), map[string]any{"status": "verified"}), 200)
		webtest.Want(t, "district corrects points", ht.Do("POST", fmt.Sprintf("/api/v1/points/%d/corrections", entry), map[string]any{"delta": -5, "note": "多记"}), 201)
		me := e.Login("htself")
		webtest.Want(t, "the talent edits their own profile", me.Do("PUT", "/api/v1/me/talent", body("本人改名")), 200)
		if got, _ := st.Get(ctx, self.ID); got.Name != "本人改名" {
			t.Errorf("self edit: %+v", got)
		}
		for a, n := range map[string]int{"area.create": 1, "talent.update": 3, "talent.status": 2, "points.correct": 1} {
			if got := audits(a); got != n {
				t.Errorf("%s audited %d times, want %d", a, got, n)
			}
		}
	})
}
