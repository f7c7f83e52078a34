package webtest

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
type OrglifeWorld struct {
	Jy, Ht0, Ht1 orglife.Meeting
}

var orglifeWorlds sync.Map // *Env → *OrglifeWorld

// orglife builds the fixture once per env.
func (e *Env) Orglife(t *testing.T) *OrglifeWorld {
	t.Helper()
	if w, ok := orglifeWorlds.Load(e); ok {
		return w.(*OrglifeWorld)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	st := &orglife.Store{DB: e.S.DB}
	jy, ht := e.W.Jiyang, e.W.Haitang
	w := &OrglifeWorld{}
	var err error
	if w.Jy, err = st.Create(ctx, jy.Scope, orglife.Draft{OrgID: jy.Branches[0].ID, Kind: orglife.Lecture, HeldOn: "2026-10-12", Title: "JY酸豆党课",
		Topic: "JY专题", Attendance: []orglife.Attendee{{PersonID: jy.Members[0].ID, Status: orglife.Present}},
		Photos: []orglife.Upload{{Name: "jy.png", Caption: "JY现场", Data: SamplePNG(t)}}}); err != nil {
		t.Fatal(err)
	}
	if w.Ht0, err = st.Create(ctx, ht.Scope, orglife.Draft{OrgID: ht.Branches[0].ID, Kind: orglife.CommitteeMeet, HeldOn: "2026-10-08", Title: "HT一支部十月支委会"}); err != nil {
		t.Fatal(err)
	}
	if w.Ht1, err = st.Create(ctx, ht.Scope, orglife.Draft{OrgID: ht.Branches[1].ID, Kind: orglife.ThemeDay, HeldOn: "2026-10-09", Title: "HT二支部主题党日"}); err != nil {
		t.Fatal(err)
	}
	orglifeWorlds.Store(e, w)
	t.Cleanup(func() { orglifeWorlds.Delete(e) })
	return w
}

func SamplePNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// meetingUpload is a multipart meeting form: fields, and photos by slot.
func MeetingUpload(t *testing.T, csrf string, fields map[string]string, photos map[string][]byte) Upload {
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
	return Upload{data: buf.Bytes(), contentType: mw.FormDataContentType()}
}

func MeetingCount(t *testing.T, e *Env) int {
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM meetings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// meetingWrites counts the audit entries of meeting writes.
func MeetingWrites(t *testing.T, e *Env) int {
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE 'meeting.%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
