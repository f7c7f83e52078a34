package orglife_test

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestMeetingAPI: a branch meeting through the JSON API (issue 6), with
// its photo, edit and delete; bad input refused with its code and nothing
// written; and the compliance view.
func TestMeetingAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.W.Haitang
		c := e.Login("haitang")

		// Meetings: a future date and a non-member's attendance are refused
		// and nothing is written.
		roster := webtest.Obj(t, webtest.Ok(t, "roster", c.Do("GET", fmt.Sprintf("/api/v1/orglife/orgs/%d/members", ht.Branches[0].ID), nil), 200))
		member := webtest.Num(t, roster, "items", 0, "id")
		meeting := func(day string, att ...int64) map[string]any {
			var as []map[string]any
			for _, p := range att {
				as = append(as, map[string]any{"person_id": p, "status": "present"})
			}
			return map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": day, "title": "十一月支委会", "attendance": as}
		}
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "future meeting", Method: "POST", Path: "/api/v1/meetings", Body: meeting("2099-01-01", member), Status: 422, Key: "err.orglife.future_date", Table: "meetings"},
			{Name: "non-member attends", Method: "POST", Path: "/api/v1/meetings", Body: meeting("2026-11-02", member, e.W.Jiyang.Members[0].ID), Status: 422, Key: "err.orglife.not_member", Table: "meetings"},
			{Name: "bad kind", Method: "POST", Path: "/api/v1/meetings", Body: map[string]any{"org_id": ht.Branches[0].ID, "kind": "party", "held_on": "2026-11-02", "title": "x"}, Status: 422, Key: "err.orglife.kind", Table: "meetings"},
			{Name: "not a photo", Method: "POST", Path: "/api/v1/meetings", Body: map[string]any{"org_id": ht.Branches[0].ID, "kind": "committee", "held_on": "2026-11-02", "title": "x",
				"photos": []map[string]any{{"name": "a.txt", "data": []byte("hello")}}}, Status: 422, Key: "err.orglife.photo_type", Table: "meetings"},
		})
		in := meeting("2026-11-02", member)
		in["photos"] = []map[string]any{{"name": "现场.png", "caption": "现场", "data": webtest.SamplePNG(t)}}
		m := webtest.Obj(t, webtest.Ok(t, "meeting", c.Do("POST", "/api/v1/meetings", in), 201))
		if webtest.Num(t, m, "present") != 1 || webtest.Num(t, m, "expected") < 2 {
			t.Errorf("attendance: %v/%v", m["present"], m["expected"])
		}
		mp := fmt.Sprintf("/api/v1/meetings/%d", webtest.Num(t, m, "id"))
		m = webtest.Obj(t, webtest.Ok(t, "meeting detail", c.Do("GET", mp, nil), 200))
		photo := webtest.Ok(t, "photo", c.Do("GET", fmt.Sprintf("%s/photos/%d", mp, webtest.Num(t, m, "photos", 0, "id")), nil), 200)
		if photo.Hdr.Get("Content-Type") != "image/png" {
			t.Errorf("photo type %q", photo.Hdr.Get("Content-Type"))
		}
		if r := c.Do("GET", "/api/v1/meetings?kind=committee", nil); !strings.Contains(r.Body, "十一月支委会") {
			t.Errorf("meeting list: %.300s", r.Body)
		}
		edit := meeting("2099-01-01", member)
		edit["remove_photos"] = []int64{webtest.Num(t, m, "photos", 0, "id")}
		webtest.RunBad(t, e, c, []webtest.BadCase{{Name: "edit to a future date", Method: "PUT", Path: mp, Body: edit, Status: 422, Key: "err.orglife.future_date", Table: "meeting_photos"}})
		edit["held_on"], edit["title"] = "2026-11-03", "十一月支委会（更正）"
		m = webtest.Obj(t, webtest.Ok(t, "edit", c.Do("PUT", mp, edit), 200))
		if m["title"] != "十一月支委会（更正）" || m["photos"] != nil {
			t.Errorf("edited meeting: %v", m)
		}
		webtest.Ok(t, "delete meeting", c.Do("DELETE", mp, nil), 204)
		webtest.Want(t, "deleted meeting", c.Do("GET", mp, nil), 404)
		r := webtest.Ok(t, "compliance", c.Do("GET", "/api/v1/orglife/compliance?year=2026&month=11", nil), 200)
		if !strings.Contains(r.Body, ht.Branches[0].Name) || webtest.Obj(t, r)["branches"] == nil {
			t.Errorf("compliance: %.300s", r.Body)
		}
		webtest.WantAPIError(t, "compliance month", c.Do("GET", "/api/v1/orglife/compliance?month=13", nil), 422, "err.param.range")
		webtest.Audited(t, e, "haitang", "meeting.create", "meeting.update", "meeting.delete")
	})
}
