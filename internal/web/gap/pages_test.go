package gap_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestGapPages walks the two-new coverage pages with the 海棠区 official:
// the scan, the list with filters and export, an action's page with the
// assign, note and close forms, and the coverage tables, chart and map;
// a viewer reads but cannot scan.
func TestGapPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		g := e.Gaps(t)
		ht, viewer := e.Login("haitang"), e.Login("viewer")
		id := func(n int64) string { return fmt.Sprint(n) }

		r := ht.Do("POST", "/gaps/scan", url.Values{})
		webtest.Want(t, "scan", r, 303)
		if loc := r.Hdr.Get("Location"); !strings.Contains(loc, "opened=0") {
			t.Errorf("a repeated scan opened actions: %s", loc)
		}
		list := ht.Do("GET", "/gaps?state=open&kind=instructor", nil)
		webtest.Want(t, "list", list, 200)
		for _, s := range []string{"海棠湾快递站", "/gaps/" + id(g.HtGap), "/export/gaps?", `action="/gaps/scan"`} {
			if !strings.Contains(list.Body, s) {
				t.Errorf("list lacks %q", s)
			}
		}
		if r := ht.Do("GET", "/gaps?kind=fallback", nil); strings.Contains(r.Body, "海棠湾快递站") {
			t.Errorf("kind filter ignored")
		}
		webtest.Want(t, "bad kind", ht.Do("GET", "/gaps?kind=nope", nil), 422)

		page := "/gaps/" + id(g.HtGap)
		r = ht.Do("GET", page, nil)
		for _, s := range []string{"海棠湾快递站", e.W.Haitang.Branches[0].Name, page + "/assign", page + "/note", page + "/close"} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("action page lacks %q", s)
			}
		}
		webtest.Want(t, "assign", ht.Do("POST", page+"/assign", url.Values{"owner_org_id": {id(e.W.Haitang.Committee.ID)}, "owner_user": {"haitang"}, "deadline": {"2099-12-31"}}), 303)
		webtest.Want(t, "bad date", ht.Do("POST", page+"/assign", url.Values{"deadline": {"明天"}}), 422)
		webtest.Want(t, "unknown owner", ht.Do("POST", page+"/assign", url.Values{"owner_user": {"jiyang"}}), 422)
		webtest.Want(t, "note", ht.Do("POST", page+"/note", url.Values{"note": {"已约谈企业负责人"}}), 303)
		webtest.Want(t, "blank close", ht.Do("POST", page+"/close", url.Values{"reason": {""}}), 422)
		webtest.Want(t, "unknown step", ht.Do("POST", page+"/reopen", url.Values{}), 404)
		r = ht.Do("GET", page, nil)
		for _, s := range []string{"HT区委", "海棠区组织部", "2099-12-31", "已约谈企业负责人"} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("after assign and note, page lacks %q", s)
			}
		}
		if r := ht.Do("GET", "/gaps?mine=1", nil); !strings.Contains(r.Body, "海棠湾快递站") {
			t.Errorf("mine filter misses the assigned action")
		}
		webtest.Want(t, "close", ht.Do("POST", page+"/close", url.Values{"reason": {"已选派党建指导员"}}), 303)
		webtest.Want(t, "close twice", ht.Do("POST", page+"/close", url.Values{"reason": {"x"}}), 409)
		if r := ht.Do("GET", page, nil); !strings.Contains(r.Body, "已选派党建指导员") || strings.Contains(r.Body, page+"/assign") {
			t.Errorf("closed action page: %.300s", r.Body)
		}

		cov := ht.Do("GET", "/gaps/coverage", nil)
		webtest.Want(t, "coverage", cov, 200)
		for _, s := range []string{`id="gapmap"`, "data-chart=", "海棠区", "新就业群体", "50.0%", "/export/gap-coverage"} {
			if !strings.Contains(cov.Body, s) {
				t.Errorf("coverage page lacks %q", s)
			}
		}
		x := ht.Do("GET", "/export/gap-coverage?format=csv", nil)
		if x.Code != 200 || !strings.Contains(x.Body, "海棠区") || !strings.Contains(x.Body, "50.0%") {
			t.Errorf("coverage export: %d %.300s", x.Code, x.Body)
		}
		if x := ht.Do("GET", "/export/gaps?format=xlsx", nil); x.Code != 200 || !strings.HasPrefix(x.Body, "PK") {
			t.Errorf("xlsx export: %d", x.Code)
		}

		webtest.Want(t, "viewer reads", viewer.Do("GET", "/gaps", nil), 200)
		webtest.Want(t, "viewer cannot scan", viewer.Do("POST", "/gaps/scan", url.Values{}), 403)
		if r := viewer.Do("GET", "/gaps/"+id(g.JyGap), nil); r.Code != 200 || strings.Contains(r.Body, `/close"`) {
			t.Errorf("viewer sees forms or no page: %d", r.Code)
		}
	})
}
