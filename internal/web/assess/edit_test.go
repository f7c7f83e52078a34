package assess_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/assess"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestAssessLockedVersionPage: a version applied to a closed period (2025)
// is shown read-only, its form offering a new version from it rather than
// an edit in place; saving makes v2 and leaves v1's indicators as they
// were, and v2 (not applied) is offered as an edit.
func TestAssessLockedVersionPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
		st := &assess.Store{DB: d}
		sid, err := st.CreateScheme(ctx, "年度考核")
		if err != nil {
			t.Fatal(err)
		}
		sch, err := st.GetScheme(ctx, e.W.Haitang.Scope, sid)
		if err != nil {
			t.Fatal(err)
		}
		v1 := sch.Versions[0].ID
		if _, _, err := st.SetIndicators(ctx, v1, []assess.Indicator{{Name: "组织生活", Weight: 100, Measure: assess.MeetingCompliance, Target: 100}}); err != nil {
			t.Fatal(err)
		}
		ht := e.Login("haitang")
		page := fmt.Sprintf("/assess/%d", sid)
		r := ht.Do("GET", page, nil)
		if !strings.Contains(r.Body, "v1 修改指标") || strings.Contains(r.Body, "以此版本为基础建立新版本") {
			t.Errorf("an open version is not offered as an edit: %.300s", r.Body)
		}
		if _, err := st.Apply(ctx, e.W.Haitang.Scope, v1, "2025"); err != nil {
			t.Fatal(err)
		}
		r = ht.Do("GET", page, nil)
		if strings.Contains(r.Body, "修改指标") || !strings.Contains(r.Body, "v1 · 以此版本为基础建立新版本") || !strings.Contains(r.Body, "保存为新版本") {
			t.Errorf("a locked version is offered as an edit in place: %.600s", r.Body)
		}
		form := url.Values{"name_0": {"组织生活"}, "weight_0": {"60"}, "measure_0": {"meeting_compliance"}, "target_0": {"100"},
			"name_1": {"整改"}, "weight_1": {"40"}, "measure_1": {"gaps_closed"}, "target_1": {"100"}}
		r = ht.Do("POST", fmt.Sprintf("/assess/versions/%d/indicators", v1), form)
		if r.Code != 303 || !strings.Contains(r.Hdr.Get("Location"), "new_version=2") {
			t.Fatalf("new version: %d %s", r.Code, r.Hdr.Get("Location"))
		}
		sch, err = st.GetScheme(ctx, e.W.Haitang.Scope, sid)
		if err != nil {
			t.Fatal(err)
		}
		if len(sch.Versions) != 2 || sch.Versions[0].Version != 2 || len(sch.Versions[0].Indicators) != 2 || len(sch.Versions[1].Indicators) != 1 ||
			sch.Versions[1].Indicators[0].Weight != 100 {
			t.Errorf("versions after saving from a locked one: %+v", sch.Versions)
		}
		r = ht.Do("GET", page, nil)
		if !strings.Contains(r.Body, "v2 修改指标") || !strings.Contains(r.Body, "v1 · 以此版本为基础建立新版本") || strings.Count(r.Body, "修改指标") != 1 {
			t.Errorf("after v2: %.600s", r.Body)
		}
	})
}
