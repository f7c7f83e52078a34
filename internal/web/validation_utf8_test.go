package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestUTF8Refused: bytes that are not UTF-8 (%FF%FE) are refused with a
// translated message wherever input enters — an Open311 POST (the spec's
// 400 error list), a page form, a JSON API body, a query string, a
// multipart form and the cells of an import — and nothing is written.
func TestUTF8Refused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newO311(t, d)
		e := o.env
		ht := e.w.Haitang
		c := e.login("haitang")
		const bad = "\xff\xfe"

		people := e.count(t, "people")
		form := url.Values{"name": {"群众" + bad}, "status": {"masses"}, "area_id": {fmt.Sprint(ht.Village.ID)}}
		if r := c.do("POST", "/people", form); r.code != 422 || !strings.Contains(r.body, "UTF-8") {
			t.Errorf("page form: %d %.300s", r.code, r.body)
		}
		body := fmt.Sprintf(`{"name":"群众%s","status":"masses","area_id":%d}`, bad, ht.Village.ID)
		runBad(t, e, c, []badCase{
			{"json body", "POST", "/api/v1/people", body, 422, "err.text.utf8", "people"},
			{"query string", "GET", "/api/v1/people?q=%FF%FE", nil, 422, "err.text.utf8", ""},
			{"multipart field", "POST", "/api/v1/imports/people", fileUpload(t, map[string]string{"note": bad}, "p.csv", []byte("name\n甲\n")), 422, "err.text.utf8", "import_jobs"},
		})
		if _, field, _, _ := apiErr(c.do("GET", "/api/v1/people?q=%FF%FE", nil)); field != "q" {
			t.Errorf("query string: field %q, want q", field)
		}

		// Import cells: a file whose head is UTF-8 but a later cell is not
		// (read as UTF-8), and one decoded as GB18030 with undecodable bytes.
		head := "name,status,area_code\n" + strings.Repeat("群众甲,群众,"+ht.Village.Code+"\n", 3000)
		for name, csv := range map[string]string{
			"late bytes": head + "乙" + bad + ",群众," + ht.Village.Code + "\n",
			"gb18030":    "name,status,area_code\nbad" + bad + ",masses," + ht.Village.Code + "\n",
		} {
			job := e.waitJob(t, c, c.do("POST", "/api/v1/imports/people", fileUpload(t, nil, "u.csv", []byte(csv))))
			if !strings.Contains(job, `"status":"failed"`) || !strings.Contains(job, "err.import.bad_utf8") {
				t.Errorf("import %s: %.400s", name, job)
			}
		}
		if e.count(t, "people") != people {
			t.Error("people with invalid UTF-8 were written")
		}

		orders := e.count(t, "orders")
		r := o.call(t, o311Call{method: "POST", path: "/open311/v2/requests.json", form: o.form("路灯坏了" + bad)}, 400)
		if !strings.Contains(r.body, "UTF-8") {
			t.Errorf("open311: %s", r.body)
		}
		if e.count(t, "orders") != orders {
			t.Error("open311: an order with invalid UTF-8 was written")
		}
	})
}
