package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
	"sync"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/orglife"
)

// orglifeWorld is the organizational-life fixture of the web tests: a
// 吉阳区 branch's party lecture with a photo, and a meeting of each 海棠
// branch.
type orglifeWorld struct {
	jy, ht0, ht1 orglife.Meeting
}

var orglifeWorlds sync.Map // *env → *orglifeWorld

// orglife builds the fixture once per env.
func (e *env) orglife(t *testing.T) *orglifeWorld {
	t.Helper()
	if w, ok := orglifeWorlds.Load(e); ok {
		return w.(*orglifeWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &orglife.Store{DB: e.s.DB}
	jy, ht := e.w.Jiyang, e.w.Haitang
	w := &orglifeWorld{}
	var err error
	if w.jy, err = st.Create(ctx, jy.Scope, orglife.Draft{OrgID: jy.Branches[0].ID, Kind: orglife.Lecture, HeldOn: "2026-10-12", Title: "JY酸豆党课",
		Topic: "JY专题", Attendance: []orglife.Attendee{{PersonID: jy.Members[0].ID, Status: orglife.Present}},
		Photos: []orglife.Upload{{Name: "jy.png", Caption: "JY现场", Data: testPNG(t)}}}); err != nil {
		t.Fatal(err)
	}
	if w.ht0, err = st.Create(ctx, ht.Scope, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.CommitteeMeet, HeldOn: "2026-10-08", Title: "HT一支部十月支委会"}); err != nil {
		t.Fatal(err)
	}
	if w.ht1, err = st.Create(ctx, ht.Scope, orglife.Draft{OrgID: ht.Branches[1].ID, Kind: orglife.ThemeDay, HeldOn: "2026-10-09", Title: "HT二支部主题党日"}); err != nil {
		t.Fatal(err)
	}
	orglifeWorlds.Store(e, w)
	t.Cleanup(func() { orglifeWorlds.Delete(e) })
	return w
}

func testPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// meetingUpload is a multipart meeting form: fields, and photos by slot.
func meetingUpload(t *testing.T, csrf string, fields map[string]string, photos map[string][]byte) upload {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for slot, data := range photos {
		fw, err := mw.CreateFormFile(slot, slot+".png")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return upload{data: buf.Bytes(), contentType: mw.FormDataContentType()}
}

func meetingCount(t *testing.T, e *env) int {
	var n int
	if err := e.s.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM meetings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// meetingWrites counts the audit entries of meeting writes.
func meetingWrites(t *testing.T, e *env) int {
	var n int
	if err := e.s.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'meeting.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
