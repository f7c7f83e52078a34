package web_test

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
)

// TestMeetingEditPages: a branch secretary opens their meeting's edit form
// (their branch's roster, no photo slots), is refused a future date and a
// member of another branch with the form shown again and nothing changed,
// saves a correction, and deletes the meeting only with the confirmation.
func TestMeetingEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.orglife(t)
		br := e.login("htbranch")
		ht := e.w.Haitang
		path := fmt.Sprintf("/orglife/%d", w.ht0.ID)
		r := br.do("GET", path, nil)
		if r.code != 200 || !strings.Contains(r.body, path+"/edit") || !strings.Contains(r.body, path+"/delete") {
			t.Fatalf("meeting page lacks edit and delete: %d", r.code)
		}
		r = br.do("GET", path+"/edit", nil)
		if r.code != 200 || !strings.Contains(r.body, `action="`+path+`"`) || !strings.Contains(r.body, "HT一支部十月支委会") ||
			!strings.Contains(r.body, ht.Members[0].Name) || !strings.Contains(r.body, `name="photo_1"`) {
			t.Fatalf("edit form: %d %.400s", r.code, r.body)
		}
		form := func(kv ...string) url.Values {
			f := url.Values{"kind": {"committee"}, "held_on": {"2026-10-09"}, "title": {"改正后的支委会"}, "place": {"村委会"}, "minutes": {"补记纪要"},
				"att_" + fmt.Sprint(ht.Members[0].ID): {"present"}, "att_" + fmt.Sprint(ht.Members[1].ID): {"leave"}, "reason_" + fmt.Sprint(ht.Members[1].ID): {"出海"}}
			for i := 0; i+1 < len(kv); i += 2 {
				f.Set(kv[i], kv[i+1])
			}
			return f
		}
		r = br.do("POST", path, form("held_on", "2099-01-01"))
		if r.code != 422 || !strings.Contains(r.body, "不能晚于今天") || !strings.Contains(r.body, "改正后的支委会") {
			t.Errorf("future date: %d %.300s", r.code, r.body)
		}
		r = br.do("POST", path, form("att_"+fmt.Sprint(ht.Members[3].ID), "present"))
		if r.code != 422 || !strings.Contains(r.body, "不是该组织的党员") {
			t.Errorf("another branch's member: %d %.300s", r.code, r.body)
		}
		if r := br.do("GET", path, nil); strings.Contains(r.body, "改正后的支委会") {
			t.Errorf("a refused edit was saved")
		}
		r = br.do("POST", path, form())
		want(t, "edit", r, 303)
		r = br.do("GET", path, nil)
		if !strings.Contains(r.body, "改正后的支委会") || !strings.Contains(r.body, "补记纪要") || !strings.Contains(r.body, "出海") || !strings.Contains(r.body, ">1/3<") {
			t.Errorf("edited meeting: %.600s", r.body)
		}
		// A photo added while editing, then removed.
		fields := map[string]string{"kind": "committee", "held_on": "2026-10-09", "title": "改正后的支委会", "att_" + fmt.Sprint(ht.Members[0].ID): "present"}
		want(t, "edit with a photo", br.do("POST", path, meetingUpload(t, br.csrf, fields, map[string][]byte{"photo_1": testPNG(t)})), 303)
		var photo int64
		if err := d.Read().QueryRowContext(context.Background(), `SELECT id FROM meeting_photos WHERE meeting_id = ?`, w.ht0.ID).Scan(&photo); err != nil {
			t.Fatalf("the added photo: %v", err)
		}
		if r := br.do("GET", path+"/edit", nil); !strings.Contains(r.body, fmt.Sprintf(`name="remove_photo" value="%d"`, photo)) {
			t.Errorf("the edit form does not offer to remove the photo")
		}
		fields["remove_photo"] = fmt.Sprint(photo)
		want(t, "remove the photo", br.do("POST", path, meetingUpload(t, br.csrf, fields, nil)), 303)
		if r := br.do("GET", fmt.Sprintf("%s/photos/%d", path, photo), nil); r.code != 404 {
			t.Errorf("the removed photo is still served: %d", r.code)
		}
		fields["remove_photo"] = fmt.Sprint(vwPhoto(t, e))
		r = br.do("POST", path, meetingUpload(t, br.csrf, fields, nil))
		if r.code != 422 || !strings.Contains(r.body, "不属于该会议") {
			t.Errorf("removing another meeting's photo: %d", r.code)
		}
		want(t, "delete without confirmation", br.do("POST", path+"/delete", url.Values{}), 422)
		want(t, "delete", br.do("POST", path+"/delete", url.Values{"confirm": {"1"}}), 303)
		want(t, "deleted meeting", br.do("GET", path, nil), 404)
		var n int
		if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('meeting.update', 'meeting.delete') AND entity_id = ?`, w.ht0.ID).Scan(&n); err != nil || n != 4 {
			t.Errorf("audited %d edits and deletes (%v)", n, err)
		}
		// A meeting a mobile member was invited to stays, whole.
		vw := e.vanguard(t)
		inv := fmt.Sprintf("/orglife/%d", vw.htMeeting.ID)
		att := func() int {
			var n int
			d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM meeting_attendance WHERE meeting_id = ?`, vw.htMeeting.ID).Scan(&n)
			return n
		}
		before, attBefore := meetingWrites(t, e), att()
		r = e.login("haitang").do("POST", inv+"/delete", url.Values{"confirm": {"1"}})
		if r.code != 409 || !strings.Contains(r.body, "不能删除") {
			t.Errorf("delete an invited meeting: %d %.300s", r.code, r.body)
		}
		if meetingWrites(t, e) != before || br.do("GET", inv, nil).code != 200 || attBefore == 0 || att() != attBefore {
			t.Errorf("a refused delete wrote or removed the meeting")
		}
	})
}

// TestAllianceEditPages: the lead's district edits an alliance, is refused
// deleting one with meetings (409, saying why) and deletes an empty one; a
// member's district that does not lead it may not edit it.
func TestAllianceEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.alliance(t)
		jy := e.login("jiyang")
		path := fmt.Sprintf("/alliances/%d", w.jy.ID)
		if r := jy.do("GET", path, nil); !strings.Contains(r.body, path+"/edit") || !strings.Contains(r.body, path+"/delete") {
			t.Errorf("alliance page lacks edit and delete")
		}
		if r := jy.do("GET", path+"/edit", nil); r.code != 200 || !strings.Contains(r.body, "JY秘密备注") {
			t.Errorf("edit form: %d", r.code)
		}
		r := jy.do("POST", path, url.Values{"kind": {"pairing"}, "name": {"JY结对"}})
		if r.code != 422 || !strings.Contains(r.body, "结对类型") {
			t.Errorf("pairing without type: %d %.300s", r.code, r.body)
		}
		want(t, "edit", jy.do("POST", path, url.Values{"kind": {"pairing"}, "pairing": {"village_enterprise"}, "name": {"JY村企联手"}, "note": {"新说明"}}), 303)
		if r := jy.do("GET", path, nil); !strings.Contains(r.body, "JY村企联手") || !strings.Contains(r.body, "新说明") {
			t.Errorf("edited alliance not shown")
		}
		r = jy.do("POST", path+"/delete", url.Values{"confirm": {"1"}})
		if r.code != 409 || !strings.Contains(r.body, "不能删除") {
			t.Errorf("delete with meetings: %d %.300s", r.code, r.body)
		}
		want(t, "still there", jy.do("GET", path, nil), 200)

		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
		st := &alliance.Store{DB: d}
		empty, err := st.Create(ctx, e.w.Jiyang.Scope, alliance.Draft{Kind: alliance.Medical, Name: "JY空联盟", LeadOrgID: e.w.Jiyang.Committee.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMember(ctx, e.w.Jiyang.Scope, empty.ID, alliance.MemberDraft{UnitID: e.w.Haitang.Unit.ID}); err != nil {
			t.Fatal(err)
		}
		// 海棠 sees it through its unit but does not lead it.
		ht := e.login("haitang")
		ep := fmt.Sprintf("/alliances/%d", empty.ID)
		want(t, "member's district reads", ht.do("GET", ep, nil), 200)
		want(t, "member's district edit form", ht.do("GET", ep+"/edit", nil), 403)
		want(t, "member's district edits", ht.do("POST", ep, url.Values{"kind": {"medical"}, "name": {"越权"}}), 403)
		want(t, "member's district deletes", ht.do("POST", ep+"/delete", url.Values{"confirm": {"1"}}), 403)
		want(t, "delete", jy.do("POST", ep+"/delete", url.Values{"confirm": {"1"}}), 303)
		want(t, "deleted alliance", jy.do("GET", ep, nil), 404)
	})
}

// TestProjectEditPages: the owner's district edits a project (an owner
// outside the scope refused and not shown), is refused deleting a project
// with sub-projects and deletes a leaf.
func TestProjectEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.project(t)
		jy := e.login("jiyang")
		root, child := fmt.Sprintf("/projects/%d", w.root.ID), fmt.Sprintf("/projects/%d", w.child.ID)
		if r := jy.do("GET", child, nil); !strings.Contains(r.body, child+"/edit") || !strings.Contains(r.body, child+"/delete") {
			t.Errorf("project page lacks edit and delete")
		}
		if r := jy.do("GET", root, nil); strings.Contains(r.body, root+"/delete") {
			t.Errorf("a project with sub-projects offers delete")
		}
		if r := jy.do("GET", child+"/edit", nil); r.code != 200 || !strings.Contains(r.body, "JY子项目") {
			t.Errorf("edit form: %d", r.code)
		}
		haitangOrg := e.w.Haitang.Committee
		r := jy.do("POST", child, url.Values{"name": {"JY子项目改"}, "org_id": {fmt.Sprint(haitangOrg.ID)}, "status": {"in_progress"}})
		if r.code != 422 || strings.Contains(r.body, haitangOrg.Name) {
			t.Errorf("owner outside scope: %d", r.code)
		}
		want(t, "bad date", jy.do("POST", child, url.Values{"name": {"x"}, "org_id": {fmt.Sprint(e.w.Jiyang.Branches[1].ID)}, "due_on": {"2026-02-30"}}), 422)
		want(t, "edit", jy.do("POST", child, url.Values{"name": {"JY子项目改"}, "org_id": {fmt.Sprint(e.w.Jiyang.Branches[1].ID)}, "status": {"in_progress"},
			"due_on": {"2026-12-31"}, "weight": {"2"}}), 303)
		if r := jy.do("GET", child, nil); !strings.Contains(r.body, "JY子项目改") || !strings.Contains(r.body, e.w.Jiyang.Branches[1].Name) {
			t.Errorf("edited project not shown")
		}
		r = jy.do("POST", root+"/delete", url.Values{"confirm": {"1"}})
		if r.code != 409 || !strings.Contains(r.body, "子项目") {
			t.Errorf("delete with children: %d", r.code)
		}
		want(t, "delete", jy.do("POST", child+"/delete", url.Values{"confirm": {"1"}}), 303)
		want(t, "deleted project", jy.do("GET", child, nil), 404)
		want(t, "root now a leaf", jy.do("POST", root+"/delete", url.Values{"confirm": {"1"}}), 303)
	})
}

// vwPhoto is the id of the 吉阳 fixture meeting's photo.
func vwPhoto(t *testing.T, e *env) int64 { return e.orglife(t).jy.Photos[0].ID }
