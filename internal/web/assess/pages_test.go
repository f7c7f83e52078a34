package assess_test

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

// TestAssessPages walks assessment as the 海棠区 official: a scheme, a
// refused weight sum and unknown formula, indicators saved, applied to
// 2025 (closed: the version locks), the run's ranking of both 海棠
// branches, the indices page, and an edit making v2.
func TestAssessPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ht := e.Login("haitang")
		webtest.Want(t, "new", ht.Do("GET", "/assess/new", nil), 200)
		if r := ht.Do("GET", "/assess/indices", nil); r.Code != 200 || !strings.Contains(r.Body, "还没有适用于您管理范围的考核结果") {
			t.Errorf("indices before any run: %d, no empty state", r.Code)
		}
		webtest.Want(t, "empty", ht.Do("POST", "/assess", url.Values{"name": {""}}), 422)
		r := ht.Do("POST", "/assess", url.Values{"name": {"年度考核"}})
		webtest.Want(t, "create", r, 303)
		loc := r.Hdr.Get("Location")
		var vid int64
		if err := d.Read().QueryRowContext(context.Background(), `SELECT max(id) FROM assess_versions`).Scan(&vid); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/assess/versions/%d", vid)
		form := url.Values{"name_0": {"组织生活"}, "weight_0": {"50"}, "measure_0": {"meeting_compliance"}, "target_0": {"100"}, "index_0": {"organization"},
			"name_1": {"项目"}, "weight_1": {"40"}, "measure_1": {"project_progress"}, "target_1": {"100"}}
		webtest.Want(t, "sum 90", ht.Do("POST", base+"/indicators", form), 422)
		form.Set("weight_1", "50")
		form.Set("measure_1", "nothing")
		webtest.Want(t, "unknown", ht.Do("POST", base+"/indicators", form), 422)
		form.Set("measure_1", "gaps_closed")
		webtest.Want(t, "save", ht.Do("POST", base+"/indicators", form), 303)
		r = ht.Do("POST", base+"/apply", url.Values{"period": {"2025"}})
		webtest.Want(t, "apply", r, 303)
		run := ht.Do("GET", r.Hdr.Get("Location"), nil)
		webtest.Want(t, "run", run, 200)
		for _, b := range e.W.Haitang.Branches {
			if !strings.Contains(run.Body, b.Name) {
				t.Errorf("run lacks %s", b.Name)
			}
		}
		webtest.Want(t, "indices", ht.Do("GET", "/assess/indices", nil), 200)
		r = ht.Do("POST", base+"/indicators", form)
		webtest.Want(t, "edit locked", r, 303)
		if !strings.Contains(r.Hdr.Get("Location"), "new_version=2") {
			t.Errorf("locked edit went to %q", r.Hdr.Get("Location"))
		}
		page := ht.Do("GET", loc, nil)
		if !strings.Contains(page.Body, "v2") || !strings.Contains(page.Body, "组织生活") {
			t.Errorf("scheme page lacks v2")
		}
	})
}
