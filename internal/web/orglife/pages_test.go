package orglife_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestOrglifePages walks organizational life with the first 海棠 branch's
// secretary: the form with the roster, a party lecture recorded with
// attendance and a photo, a date in the future and a stranger's attendance
// refused, the meeting page, its photo, the list with filters and export,
// and compliance with its export, also as the district official.
func TestOrglifePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		e.Orglife(t)
		br, ht := e.Login("htbranch"), e.Login("haitang")
		ms := e.W.Haitang.Members
		id := func(n int64) string { return fmt.Sprint(n) }

		form := br.Do("GET", "/orglife/new", nil)
		webtest.Want(t, "form", form, 200)
		for _, s := range []string{ms[0].Name, ms[1].Name, ms[2].Name, `name="att_` + id(ms[0].ID) + `"`, `type="file"`} {
			if !strings.Contains(form.Body, s) {
				t.Errorf("form lacks %q", s)
			}
		}
		fields := map[string]string{"org_id": id(e.W.Haitang.Branches[0].ID), "kind": "lecture", "held_on": "2026-10-20", "title": "酸豆树下党课",
			"place": "村委会榕树下", "topic": "自贸港建设与乡村振兴", "lecturer": "王书记", "minutes": "一、学习……\n二、讨论……",
			"att_" + id(ms[0].ID): "present", "att_" + id(ms[1].ID): "leave", "reason_" + id(ms[1].ID): "出海捕鱼", "att_" + id(ms[2].ID): "present",
			"caption_1": "党课现场"}
		r := br.Do("POST", "/orglife", webtest.MeetingUpload(t, br.Csrf, fields, map[string][]byte{"photo_1": webtest.SamplePNG(t)}))
		webtest.Want(t, "record", r, 303)
		loc := r.Hdr.Get("Location")
		if !strings.HasPrefix(loc, "/orglife/") {
			t.Fatalf("record went to %q: %.300s", loc, r.Body)
		}
		page := br.Do("GET", loc, nil)
		for _, s := range []string{"酸豆树下党课", "村委会榕树下", "王书记", "出海捕鱼", "党课现场", "2/3", loc + "/photos/", "二、讨论"} {
			if !strings.Contains(page.Body, s) {
				t.Errorf("meeting page lacks %q", s)
			}
		}
		photo := regexp.MustCompile(regexp.QuoteMeta(loc) + `/photos/\d+`).FindString(page.Body)
		if pr := br.Do("GET", photo, nil); pr.Code != 200 || pr.Hdr.Get("Content-Type") != "image/png" || pr.Body != string(webtest.SamplePNG(t)) {
			t.Errorf("photo %s: %d %s", photo, pr.Code, pr.Hdr.Get("Content-Type"))
		}

		n := webtest.MeetingCount(t, e)
		future := copyMap(fields)
		future["held_on"] = "2099-01-01"
		r = br.Do("POST", "/orglife", webtest.MeetingUpload(t, br.Csrf, future, nil))
		webtest.Want(t, "a future date", r, 422)
		if !strings.Contains(r.Body, "未来") && !strings.Contains(r.Body, "future") {
			t.Errorf("future date: no clear message: %.400s", r.Body)
		}
		if !strings.Contains(r.Body, "酸豆树下党课") || !strings.Contains(r.Body, "出海捕鱼") {
			t.Errorf("the refused form does not keep what was entered")
		}
		stranger := copyMap(fields)
		stranger["att_"+id(ms[3].ID)] = "present" // a member of the second branch
		r = br.Do("POST", "/orglife", webtest.MeetingUpload(t, br.Csrf, stranger, nil))
		webtest.Want(t, "a stranger's attendance", r, 422)
		if !strings.Contains(r.Body, "不是") && !strings.Contains(r.Body, "not a member") {
			t.Errorf("stranger: no clear message: %.400s", r.Body)
		}
		big := br.Do("POST", "/orglife", webtest.MeetingUpload(t, br.Csrf, fields, map[string][]byte{"photo_1": append(webtest.SamplePNG(t), make([]byte, 2<<20)...)}))
		webtest.Want(t, "a photo over 2 MB", big, 422)
		if got := webtest.MeetingCount(t, e); got != n {
			t.Errorf("refused records wrote %d meetings", got-n)
		}

		for _, q := range []string{"", "?kind=lecture", "?from=2026-10-15&to=2026-10-31", "?sort=held_on", "?q=酸豆"} {
			if r := br.Do("GET", "/orglife"+q, nil); !strings.Contains(r.Body, "酸豆树下党课") {
				t.Errorf("list %s lacks the lecture", q)
			}
		}
		if r := br.Do("GET", "/orglife?kind=theme_day", nil); strings.Contains(r.Body, "酸豆树下党课") {
			t.Errorf("the kind filter does not filter")
		}
		webtest.Want(t, "bad date filter", br.Do("GET", "/orglife?from=2026-13-01", nil), 422)
		if r := br.Do("GET", "/export/meetings?format=csv", nil); r.Code != 200 || !strings.Contains(r.Body, "酸豆树下党课") {
			t.Errorf("export: %d %.200s", r.Code, r.Body)
		}
		webtest.Want(t, "export xlsx", br.Do("GET", "/export/meetings?format=xlsx", nil), 200)

		c := ht.Do("GET", "/orglife/compliance?year=2026&quarter=4", nil)
		webtest.Want(t, "compliance", c, 200)
		for _, s := range []string{e.W.Haitang.Branches[0].Name, e.W.Haitang.Committee.Name, `data-chart=`, "compliance-total"} {
			if !strings.Contains(c.Body, s) {
				t.Errorf("compliance lacks %q", s)
			}
		}
		// rows caps the branch table and says so; the export keeps every branch.
		capped := ht.Do("GET", "/orglife/compliance?year=2026&rows=1", nil)
		if capped.Code != 200 || !strings.Contains(capped.Body, "页面显示前 1 个") || strings.Count(capped.Body, "<tr>") >= strings.Count(c.Body, "<tr>") {
			t.Errorf("rows=1: %d, notice %v, rows %d vs %d", capped.Code, strings.Contains(capped.Body, "页面显示前 1 个"),
				strings.Count(capped.Body, "<tr>"), strings.Count(c.Body, "<tr>"))
		}
		if strings.Contains(c.Body, "compliance-capped") {
			t.Errorf("two branches capped at the default 300")
		}
		webtest.Want(t, "rows 0", ht.Do("GET", "/orglife/compliance?year=2026&rows=0", nil), 422)
		webtest.Want(t, "compliance of a committee", ht.Do("GET", "/orglife/compliance?year=2026&org_id="+id(e.W.Haitang.Committee.ID), nil), 200)
		webtest.Want(t, "quarter and month", ht.Do("GET", "/orglife/compliance?year=2026&quarter=1&month=2", nil), 422)
		if r := ht.Do("GET", "/export/orglife-compliance?format=csv&year=2026", nil); r.Code != 200 || !strings.Contains(r.Body, e.W.Haitang.Branches[1].Name) {
			t.Errorf("compliance export: %d %.200s", r.Code, r.Body)
		}
		webtest.Want(t, "compliance xlsx", ht.Do("GET", "/export/orglife-compliance?format=xlsx&year=2026", nil), 200)
	})
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}
