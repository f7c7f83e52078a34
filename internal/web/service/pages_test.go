package service_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestServicePages walks the staff pages of the service network with the
// 吉阳区 official: building a post with a menu item, staff and member
// units, a batch's build status, the level structure, a grid import (a
// bad file first), the locator, the order list with its export, and the
// report; the administrator adds a holiday and an Open311 client.
func TestServicePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		sv := e.Service(t)
		jy, admin := e.Login("jiyang"), e.Login("admin")
		id := func(n int64) string { return fmt.Sprint(n) }

		r := jy.Do("POST", "/posts", url.Values{"code": {"JY-NEW"}, "name": {"新建社区党群服务站"}, "level": {"3"}, "parent_id": {id(sv.Chain[1].ID)},
			"area_id": {id(e.W.Jiyang.Village.ID)}, "hours": {"Mo-Sa 08:00-18:00"}, "build_status": {"planned"}, "batch": {"第四批"}})
		webtest.Want(t, "create post", r, 303)
		loc := r.Hdr.Get("Location")
		if !strings.HasPrefix(loc, "/posts/") {
			t.Fatalf("create post went to %q", loc)
		}
		bad := jy.Do("POST", "/posts", url.Values{"code": {"JY-BAD"}, "name": {"错层"}, "level": {"3"}, "parent_id": {id(sv.Chain[2].ID)}, "area_id": {id(e.W.Jiyang.Village.ID)}})
		webtest.Want(t, "parent of the wrong level", bad, 422)
		if !strings.Contains(bad.Body, "上一层级") && !strings.Contains(bad.Body, "one level up") {
			t.Errorf("wrong-level parent: message missing: %.300s", bad.Body)
		}
		webtest.Want(t, "bad hours", jy.Do("POST", "/posts", url.Values{"code": {"JY-BAD2"}, "name": {"x"}, "level": {"1"}, "area_id": {id(e.W.Jiyang.Area.ID)}, "hours": {"每天"}}), 422)
		webtest.Want(t, "menu item", jy.Do("POST", loc+"/items", url.Values{"code": {"JY-NEW-01"}, "category": {"elderly"}, "name": {"助餐服务"}, "limit_days": {"3"},
			"unit_id": {id(sv.Units[0].ID)}, "fields": {`[{"code":"meals","name":"份数","datatype":"number","required":true}]`}}), 303)
		webtest.Want(t, "menu item with bad fields", jy.Do("POST", loc+"/items", url.Values{"code": {"JY-NEW-02"}, "category": {"elderly"}, "name": {"x"}, "limit_days": {"3"},
			"unit_id": {id(sv.Units[0].ID)}, "fields": {`{"oops"`}}), 422)
		webtest.Want(t, "staff", jy.Do("POST", loc+"/staff", url.Values{"name": {"王站长"}, "role": {"站长"}, "username": {"jiyang"}}), 303)
		webtest.Want(t, "units", jy.Do("POST", loc+"/units", url.Values{"unit_ids": {id(e.W.Jiyang.Unit.ID)}}), 303)
		page := jy.Do("GET", loc, nil)
		for _, s := range []string{"新建社区党群服务站", "助餐服务", "王站长", e.W.Jiyang.Unit.Name, "Mo-Sa 08:00-18:00", "第四批"} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("post page lacks %q", s)
			}
		}
		webtest.Want(t, "batch status", jy.Do("POST", "/posts/batch", url.Values{"batch": {"第四批"}, "build_status": {"open"}}), 303)
		if r := jy.Do("GET", "/posts?status=open&batch=第四批", nil); !strings.Contains(r.Body, "新建社区党群服务站") {
			t.Errorf("the batch did not open")
		}
		webtest.Want(t, "levels", jy.Do("POST", "/posts/levels", url.Values{"district_id": {id(e.W.Jiyang.Area.ID)}, "name1": {"吉阳区党群服务中心"}, "planned1": {"1"},
			"name2": {"大社区中心"}, "planned2": {"8"}, "name3": {"社区站"}, "planned3": {"38"}, "name4": {"服务点"}, "planned4": {"0"}}), 303)
		if r := jy.Do("GET", "/posts?level=2", nil); !strings.Contains(r.Body, "大社区中心") {
			t.Errorf("the level name is not used: %.300s", r.Body)
		}

		gj := func(parent string) []byte {
			return []byte(fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"JY-G9","name":"导入网格","parent_code":"%s"},
				"geometry":{"type":"Polygon","coordinates":[[[%[2]f,%[3]f],[%[4]f,%[3]f],[%[4]f,%[5]f],[%[2]f,%[5]f],[%[2]f,%[3]f]]]}},
				{"type":"Feature","properties":{"code":"JY-G10","name":"坏网格","parent_code":"%[1]s"},"geometry":{"type":"Point","coordinates":[109.5,18.3]}}]}`,
				parent, sv.GridPoint[1]+0.003, sv.GridPoint[0], sv.GridPoint[1]+0.005, sv.GridPoint[0]+0.002))
		}
		r = jy.Do("POST", "/grids/import", webtest.FileUpload(t, map[string]string{"csrf": jy.Csrf}, "g.geojson", gj(e.W.Jiyang.Village.Code)))
		webtest.Want(t, "import with a bad feature", r, 422)
		if !strings.Contains(r.Body, "第 2") && !strings.Contains(r.Body, "第2") && !strings.Contains(r.Body, "Row 2") {
			t.Errorf("the bad feature is not named: %.500s", r.Body)
		}
		if r := jy.Do("GET", "/grids?q=导入网格", nil); strings.Contains(r.Body, "JY-G9") {
			t.Errorf("a refused import wrote a grid")
		}
		good := strings.Replace(string(gj(e.W.Jiyang.Village.Code)), `,
				{"type":"Feature","properties":{"code":"JY-G10","name":"坏网格","parent_code":"`+e.W.Jiyang.Village.Code+`"},"geometry":{"type":"Point","coordinates":[109.5,18.3]}}`, "", 1)
		webtest.Want(t, "import", jy.Do("POST", "/grids/import", webtest.FileUpload(t, map[string]string{"csrf": jy.Csrf}, "g.geojson", []byte(good))), 200)
		r = jy.Do("GET", fmt.Sprintf("/locate?lat=%f&lng=%f&category=legal", sv.GridPoint[0]+0.001, sv.GridPoint[1]+0.004), nil)
		if !strings.Contains(r.Body, "导入网格") {
			t.Errorf("the imported grid does not locate: %.400s", r.Body)
		}

		webtest.Want(t, "grid worker", jy.Do("POST", fmt.Sprintf("/grids/%d/workers", sv.Grid.ID), url.Values{"name": {"符网格"}, "phone": {"13600001111"}, "grid_name": {sv.Grid.Name}}), 303)
		webtest.Want(t, "grid worker with a bad phone", jy.Do("POST", fmt.Sprintf("/grids/%d/workers", sv.Grid.ID), url.Values{"name": {"黎网格"}, "phone": {"12"}}), 422)
		if r := jy.Do("GET", "/grids?q="+url.QueryEscape(sv.Grid.Name), nil); !strings.Contains(r.Body, "符网格 136****1111") || strings.Contains(r.Body, "13600001111") {
			t.Errorf("grid list: worker missing or phone unmasked")
		}
		if r := jy.Do("GET", fmt.Sprintf("/areas/%d", sv.Grid.ID), nil); !strings.Contains(r.Body, "符网格") {
			t.Errorf("grid page lacks its worker")
		}
		if r := jy.Do("GET", "/orders?category=health", nil); !strings.Contains(r.Body, "上门测血压") {
			t.Errorf("order list lacks the fixture order")
		}
		for _, f := range []string{"csv", "xlsx"} {
			r := jy.Do("GET", "/export/orders?format="+f, nil)
			webtest.Want(t, "export "+f, r, 200)
			if f == "csv" && (!strings.Contains(r.Body, "上门测血压") || strings.Contains(r.Body, "13912345678")) {
				t.Errorf("csv export: %.300s", r.Body)
			}
		}
		webtest.Want(t, "report", jy.Do("GET", "/service-report?months=3", nil), 200)
		webtest.Want(t, "report export", jy.Do("GET", "/export/service-report?format=xlsx", nil), 200)
		webtest.Want(t, "bad report month", jy.Do("GET", "/service-report?from=2026-13", nil), 422)

		webtest.Want(t, "holiday", admin.Do("POST", "/holidays", url.Values{"day": {"2027-01-01"}, "off": {"1"}, "name": {"元旦"}}), 303)
		if r := admin.Do("GET", "/holidays?year=2027", nil); !strings.Contains(r.Body, "2027-01-01") {
			t.Errorf("the holiday is not listed")
		}
		r = admin.Do("POST", "/api-clients", url.Values{"name": {"商鹿通"}})
		if r.Code != 200 || !strings.Contains(r.Body, "dj_") {
			t.Errorf("new client: %d, key not shown once", r.Code)
		}
		if again := admin.Do("GET", "/api-clients", nil); strings.Count(again.Body, "dj_") != 1 {
			t.Errorf("the key shows again on the list (only its prefix may)")
		}
	})
}
