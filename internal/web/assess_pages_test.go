package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestAssessPages walks assessment as the 海棠区 official: a scheme, a
// refused weight sum and unknown formula, indicators saved, applied to
// 2025 (closed: the version locks), the run's ranking of both 海棠
// branches, the indices page, and an edit making v2.
func TestAssessPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ht := e.login("haitang")
		want(t, "new", ht.do("GET", "/assess/new", nil), 200)
		if r := ht.do("GET", "/assess/indices", nil); r.code != 200 || !strings.Contains(r.body, "还没有适用于您管理范围的考核结果") {
			t.Errorf("indices before any run: %d, no empty state", r.code)
		}
		want(t, "empty", ht.do("POST", "/assess", url.Values{"name": {""}}), 422)
		r := ht.do("POST", "/assess", url.Values{"name": {"年度考核"}})
		want(t, "create", r, 303)
		loc := r.hdr.Get("Location")
		var vid int64
		if err := d.Read().QueryRowContext(context.Background(), `SELECT max(id) FROM assess_versions`).Scan(&vid); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/assess/versions/%d", vid)
		form := url.Values{"name_0": {"组织生活"}, "weight_0": {"50"}, "measure_0": {"meeting_compliance"}, "target_0": {"100"}, "index_0": {"organization"},
			"name_1": {"项目"}, "weight_1": {"40"}, "measure_1": {"project_progress"}, "target_1": {"100"}}
		want(t, "sum 90", ht.do("POST", base+"/indicators", form), 422)
		form.Set("weight_1", "50")
		form.Set("measure_1", "nothing")
		want(t, "unknown", ht.do("POST", base+"/indicators", form), 422)
		form.Set("measure_1", "gaps_closed")
		want(t, "save", ht.do("POST", base+"/indicators", form), 303)
		r = ht.do("POST", base+"/apply", url.Values{"period": {"2025"}})
		want(t, "apply", r, 303)
		run := ht.do("GET", r.hdr.Get("Location"), nil)
		want(t, "run", run, 200)
		for _, b := range e.w.Haitang.Branches {
			if !strings.Contains(run.body, b.Name) {
				t.Errorf("run lacks %s", b.Name)
			}
		}
		want(t, "indices", ht.do("GET", "/assess/indices", nil), 200)
		r = ht.do("POST", base+"/indicators", form)
		want(t, "edit locked", r, 303)
		if !strings.Contains(r.hdr.Get("Location"), "new_version=2") {
			t.Errorf("locked edit went to %q", r.hdr.Get("Location"))
		}
		page := ht.do("GET", loc, nil)
		if !strings.Contains(page.body, "v2") || !strings.Contains(page.body, "组织生活") {
			t.Errorf("scheme page lacks v2")
		}
	})
}
