package orglife_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestMeetingEditPages: a branch secretary opens their meeting's edit form
// (their branch's roster, no photo slots), is refused a future date and a
// member of another branch with the form shown again and nothing changed,
// saves a correction, and deletes the meeting only with the confirmation.
func TestMeetingEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		w := e.Orglife(t)
		br := e.Login("htbranch")
		ht := e.W.Haitang
		path := fmt.Sprintf("/orglife/%d", w.Ht0.ID)
		r := br.Do("GET", path, nil)
		if r.Code != 200 || !strings.Contains(r.Body, path+"/edit") || !strings.Contains(r.Body, path+"/delete") {
			t.Fatalf("meeting page lacks edit and delete: %d", r.Code)
		}
		r = br.Do("GET", path+"/edit", nil)
		if r.Code != 200 || !strings.Contains(r.Body, `action="`+path+`"`) || !strings.Contains(r.Body, "HT一支部十月支委会") ||
			!strings.Contains(r.Body, ht.Members[0].Name) || !strings.Contains(r.Body, `name="photo_1"`) {
			t.Fatalf("edit form: %d %.400s", r.Code, r.Body)
		}
		form := func(kv ...string) url.Values {
			f := url.Values{"kind": {"committee"}, "held_on": {"2026-10-09"}, "title": {"改正后的支委会"}, "place": {"村委会"}, "minutes": {"补记纪要"},
				"att_" + fmt.Sprint(ht.Members[0].ID): {"present"}, "att_" + fmt.Sprint(ht.Members[1].ID): {"leave"}, "reason_" + fmt.Sprint(ht.Members[1].ID): {"出海"}}
			for i := 0; i+1 < len(kv); i += 2 {
				f.Set(kv[i], kv[i+1])
			}
			return f
		}
		r = br.Do("POST", path, form("held_on", "2099-01-01"))
		if r.Code != 422 || !strings.Contains(r.Body, "不能晚于今天") || !strings.Contains(r.Body, "改正后的支委会") {
			t.Errorf("future date: %d %.300s", r.Code, r.Body)
		}
		r = br.Do("POST", path, form("att_"+fmt.Sprint(ht.Members[3].ID), "present"))
		if r.Code != 422 || !strings.Contains(r.Body, "不是该组织的党员") {
			t.Errorf("another branch's member: %d %.300s", r.Code, r.Body)
		}
		if r := br.Do("GET", path, nil); strings.Contains(r.Body, "改正后的支委会") {
			t.Errorf("a refused edit was saved")
		}
		r = br.Do("POST", path, form())
		webtest.Want(t, "edit", r, 303)
		r = br.Do("GET", path, nil)
		if !strings.Contains(r.Body, "改正后的支委会") || !strings.Contains(r.Body, "补记纪要") || !strings.Contains(r.Body, "出海") || !strings.Contains(r.Body, ">1/3<") {
			t.Errorf("edited meeting: %.600s", r.Body)
		}
		// A photo added while editing, then removed.
		fields := map[string]string{"kind": "committee", "held_on": "2026-10-09", "title": "改正后的支委会", "att_" + fmt.Sprint(ht.Members[0].ID): "present"}
		webtest.Want(t, "edit with a photo", br.Do("POST", path, webtest.MeetingUpload(t, br.Csrf, fields, map[string][]byte{"photo_1": webtest.SamplePNG(t)})), 303)
		var photo int64
		if err := d.Read().QueryRowContext(context.Background(), `SELECT id FROM meeting_photos WHERE meeting_id = ?`, w.Ht0.ID).Scan(&photo); err != nil {
			t.Fatalf("the added photo: %v", err)
		}
		if r := br.Do("GET", path+"/edit", nil); !strings.Contains(r.Body, fmt.Sprintf(`name="remove_photo" value="%d"`, photo)) {
			t.Errorf("the edit form does not offer to remove the photo")
		}
		fields["remove_photo"] = fmt.Sprint(photo)
		webtest.Want(t, "remove the photo", br.Do("POST", path, webtest.MeetingUpload(t, br.Csrf, fields, nil)), 303)
		if r := br.Do("GET", fmt.Sprintf("%s/photos/%d", path, photo), nil); r.Code != 404 {
			t.Errorf("the removed photo is still served: %d", r.Code)
		}
		fields["remove_photo"] = fmt.Sprint(vwPhoto(t, e))
		r = br.Do("POST", path, webtest.MeetingUpload(t, br.Csrf, fields, nil))
		if r.Code != 422 || !strings.Contains(r.Body, "不属于该会议") {
			t.Errorf("removing another meeting's photo: %d", r.Code)
		}
		webtest.Want(t, "delete without confirmation", br.Do("POST", path+"/delete", url.Values{}), 422)
		webtest.Want(t, "delete", br.Do("POST", path+"/delete", url.Values{"confirm": {"1"}}), 303)
		webtest.Want(t, "deleted meeting", br.Do("GET", path, nil), 404)
		var n int
		if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('meeting.update', 'meeting.delete') AND entity_id = ?`, w.Ht0.ID).Scan(&n); err != nil || n != 4 {
			t.Errorf("audited %d edits and deletes (%v)", n, err)
		}
		// A meeting a mobile member was invited to stays, whole.
		vw := e.Vanguard(t)
		inv := fmt.Sprintf("/orglife/%d", vw.HtMeeting.ID)
		att := func() int {
			var n int
			d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM meeting_attendance WHERE meeting_id = ?`, vw.HtMeeting.ID).Scan(&n)
			return n
		}
		before, attBefore := webtest.MeetingWrites(t, e), att()
		r = e.Login("haitang").Do("POST", inv+"/delete", url.Values{"confirm": {"1"}})
		if r.Code != 409 || !strings.Contains(r.Body, "不能删除") {
			t.Errorf("delete an invited meeting: %d %.300s", r.Code, r.Body)
		}
		if webtest.MeetingWrites(t, e) != before || br.Do("GET", inv, nil).Code != 200 || attBefore == 0 || att() != attBefore {
			t.Errorf("a refused delete wrote or removed the meeting")
		}
	})
}

// vwPhoto is the id of the 吉阳 fixture meeting's photo.
func vwPhoto(t *testing.T, e *webtest.Env) int64 { return e.Orglife(t).Jy.Photos[0].ID }
