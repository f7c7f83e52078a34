package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestGapPages walks the two-new coverage pages with the 海棠区 official:
// the scan, the list with filters and export, an action's page with the
// assign, note and close forms, and the coverage tables, chart and map;
// a viewer reads but cannot scan.
func TestGapPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		g := e.gaps(t)
		ht, viewer := e.login("haitang"), e.login("viewer")
		id := func(n int64) string { return fmt.Sprint(n) }

		r := ht.do("POST", "/gaps/scan", url.Values{})
		want(t, "scan", r, 303)
		if loc := r.hdr.Get("Location"); !strings.Contains(loc, "opened=0") {
			t.Errorf("a repeated scan opened actions: %s", loc)
		}
		list := ht.do("GET", "/gaps?state=open&kind=instructor", nil)
		want(t, "list", list, 200)
		for _, s := range []string{"海棠湾快递站", "/gaps/" + id(g.htGap), "/export/gaps?", `action="/gaps/scan"`} {
			if !strings.Contains(list.body, s) {
				t.Errorf("list lacks %q", s)
			}
		}
		if r := ht.do("GET", "/gaps?kind=fallback", nil); strings.Contains(r.body, "海棠湾快递站") {
			t.Errorf("kind filter ignored")
		}
		want(t, "bad kind", ht.do("GET", "/gaps?kind=nope", nil), 422)

		page := "/gaps/" + id(g.htGap)
		r = ht.do("GET", page, nil)
		for _, s := range []string{"海棠湾快递站", e.w.Haitang.Branches[0].Name, page + "/assign", page + "/note", page + "/close"} {
			if !strings.Contains(r.body, s) {
				t.Errorf("action page lacks %q", s)
			}
		}
		want(t, "assign", ht.do("POST", page+"/assign", url.Values{"owner_org_id": {id(e.w.Haitang.Committee.ID)}, "owner_user": {"haitang"}, "deadline": {"2099-12-31"}}), 303)
		want(t, "bad date", ht.do("POST", page+"/assign", url.Values{"deadline": {"明天"}}), 422)
		want(t, "unknown owner", ht.do("POST", page+"/assign", url.Values{"owner_user": {"jiyang"}}), 422)
		want(t, "note", ht.do("POST", page+"/note", url.Values{"note": {"已约谈企业负责人"}}), 303)
		want(t, "blank close", ht.do("POST", page+"/close", url.Values{"reason": {""}}), 422)
		want(t, "unknown step", ht.do("POST", page+"/reopen", url.Values{}), 404)
		r = ht.do("GET", page, nil)
		for _, s := range []string{"HT区委", "海棠区组织部", "2099-12-31", "已约谈企业负责人"} {
			if !strings.Contains(r.body, s) {
				t.Errorf("after assign and note, page lacks %q", s)
			}
		}
		if r := ht.do("GET", "/gaps?mine=1", nil); !strings.Contains(r.body, "海棠湾快递站") {
			t.Errorf("mine filter misses the assigned action")
		}
		want(t, "close", ht.do("POST", page+"/close", url.Values{"reason": {"已选派党建指导员"}}), 303)
		want(t, "close twice", ht.do("POST", page+"/close", url.Values{"reason": {"x"}}), 409)
		if r := ht.do("GET", page, nil); !strings.Contains(r.body, "已选派党建指导员") || strings.Contains(r.body, page+"/assign") {
			t.Errorf("closed action page: %.300s", r.body)
		}

		cov := ht.do("GET", "/gaps/coverage", nil)
		want(t, "coverage", cov, 200)
		for _, s := range []string{`id="gapmap"`, "data-chart=", "海棠区", "新就业群体", "50.0%", "/export/gap-coverage"} {
			if !strings.Contains(cov.body, s) {
				t.Errorf("coverage page lacks %q", s)
			}
		}
		x := ht.do("GET", "/export/gap-coverage?format=csv", nil)
		if x.code != 200 || !strings.Contains(x.body, "海棠区") || !strings.Contains(x.body, "50.0%") {
			t.Errorf("coverage export: %d %.300s", x.code, x.body)
		}
		if x := ht.do("GET", "/export/gaps?format=xlsx", nil); x.code != 200 || !strings.HasPrefix(x.body, "PK") {
			t.Errorf("xlsx export: %d", x.code)
		}

		want(t, "viewer reads", viewer.do("GET", "/gaps", nil), 200)
		want(t, "viewer cannot scan", viewer.do("POST", "/gaps/scan", url.Values{}), 403)
		if r := viewer.do("GET", "/gaps/"+id(g.jyGap), nil); r.code != 200 || strings.Contains(r.body, `/close"`) {
			t.Errorf("viewer sees forms or no page: %d", r.code)
		}
	})
}
