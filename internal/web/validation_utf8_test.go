package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestUTF8Refused: bytes that are not UTF-8 (%FF%FE) are refused with a
// translated message wherever input enters — an Open311 POST (the spec's
// 400 error list), a page form, a JSON API body, a query string, a
// multipart form and the cells of an import — and nothing is written.
func TestUTF8Refused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311(t, d)
		e := o.Env
		ht := e.W.Haitang
		c := e.Login("haitang")
		const bad = "\xff\xfe"

		people := e.Count(t, "people")
		form := url.Values{"name": {"群众" + bad}, "status": {"masses"}, "area_id": {fmt.Sprint(ht.Village.ID)}}
		if r := c.Do("POST", "/people", form); r.Code != 422 || !strings.Contains(r.Body, "UTF-8") {
			t.Errorf("page form: %d %.300s", r.Code, r.Body)
		}
		body := fmt.Sprintf(`{"name":"群众%s","status":"masses","area_id":%d}`, bad, ht.Village.ID)
		webtest.RunBad(t, e, c, []webtest.BadCase{
			{Name: "json body", Method: "POST", Path: "/api/v1/people", Body: body, Status: 422, Key: "err.text.utf8", Table: "people"},
			{Name: "query string", Method: "GET", Path: "/api/v1/people?q=%FF%FE", Body: nil, Status: 422, Key: "err.text.utf8", Table: ""},
			{Name: "multipart field", Method: "POST", Path: "/api/v1/imports/people", Body: webtest.FileUpload(t, map[string]string{"note": bad}, "p.csv", []byte("name\n甲\n")), Status: 422, Key: "err.text.utf8", Table: "import_jobs"},
		})
		if _, field, _, _ := webtest.APIErr(c.Do("GET", "/api/v1/people?q=%FF%FE", nil)); field != "q" {
			t.Errorf("query string: field %q, want q", field)
		}

		// Import cells: a file whose head is UTF-8 but a later cell is not
		// (read as UTF-8), and one decoded as GB18030 with undecodable bytes.
		head := "name,status,area_code\n" + strings.Repeat("群众甲,群众,"+ht.Village.Code+"\n", 3000)
		for name, csv := range map[string]string{
			"late bytes": head + "乙" + bad + ",群众," + ht.Village.Code + "\n",
			"gb18030":    "name,status,area_code\nbad" + bad + ",masses," + ht.Village.Code + "\n",
		} {
			job := e.WaitJob(t, c, c.Do("POST", "/api/v1/imports/people", webtest.FileUpload(t, nil, "u.csv", []byte(csv))))
			if !strings.Contains(job, `"status":"failed"`) || !strings.Contains(job, "err.import.bad_utf8") {
				t.Errorf("import %s: %.400s", name, job)
			}
		}
		if e.Count(t, "people") != people {
			t.Error("people with invalid UTF-8 were written")
		}

		orders := e.Count(t, "orders")
		r := o.Call(t, webtest.O311Call{Method: "POST", Path: "/open311/v2/requests.json", Form: o.Form("路灯坏了" + bad)}, 400)
		if !strings.Contains(r.Body, "UTF-8") {
			t.Errorf("open311: %s", r.Body)
		}
		if e.Count(t, "orders") != orders {
			t.Error("open311: an order with invalid UTF-8 was written")
		}
	})
}
