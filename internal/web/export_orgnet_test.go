package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestOrgnetExports exports every list of the organization network as CSV
// and Excel: 吉阳 finds its own rows (so an export is not trivially empty),
// a 海棠区 official and a 海棠 branch secretary get the header and none of
// 吉阳's rows, the list pages link their exports with the page's filters,
// a filter narrows the export, and each export is audited.
func TestOrgnetExports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		e.Alliance(t)
		e.Project(t)
		e.Cultivation(t)
		e.Declarations(t)
		e.Weak(t)
		run := e.Assess(t).Run
		jy, ht, br := e.Login("jiyang"), e.Login("haitang"), e.Login("htbranch")
		jyBranch := e.W.Jiyang.Branches[0].Name
		cases := []struct {
			kind, query, header string
			secrets             []string // 吉阳's rows, in 吉阳's export
		}{
			{"alliances", "", "联盟名称", []string{"JY旅游产业链联盟", "JY秘密备注"}},
			{"alliance-work", "&alliance=" + fmt.Sprint(e.Alliance(t).Jy.ID), "完成期限", []string{"JY决定事项", "JY承诺事项"}},
			{"projects", "", "项目名称", []string{"JY秘密项目", "JY子项目"}},
			{"risks", "", "防控措施", []string{"JY廉洁风险", "JY防控措施"}},
			{"recruits", "", "", []string{"JY积极分子甲"}},
			{"dual", "", "", []string{"JY骨干教师"}},
			{"declarations", "", "", []string{"JY口袋党员", "JY流动党员"}},
			{"mobile", "", "", []string{"JY流动党员"}},
			{"weak", "", "", []string{jyBranch}},
			{"supervision", "", "", []string{"JY督查组"}},
			{"assess-run", "&run=" + fmt.Sprint(run), "督查 原始值", []string{jyBranch}},
			{"assess-indices", "&run=" + fmt.Sprint(run), "组织力指数", []string{"JY区委"}},
		}
		for _, c := range cases {
			r := jy.Do("GET", "/export/"+c.kind+"?format=csv"+c.query, nil)
			webtest.Want(t, "吉阳 export "+c.kind, r, 200)
			for _, s := range c.secrets {
				if !strings.Contains(r.Body, s) {
					t.Errorf("吉阳's %s export lacks %q: %.300s", c.kind, s, r.Body)
				}
			}
			if c.header != "" && !strings.Contains(r.Body, c.header) {
				t.Errorf("%s export lacks header %q: %.200s", c.kind, c.header, r.Body)
			}
			if x := jy.Do("GET", "/export/"+c.kind+"?format=xlsx"+c.query, nil); x.Code != 200 || !strings.HasPrefix(x.Body, "PK") {
				t.Errorf("%s xlsx: %d", c.kind, x.Code)
			}
			for who, cl := range map[string]*webtest.Client{"district": ht, "branch": br} {
				r := cl.Do("GET", "/export/"+c.kind+"?format=csv"+c.query, nil)
				if c.kind == "assess-run" || c.kind == "assess-indices" || c.kind == "alliance-work" {
					webtest.Want(t, who+" foreign run export", r, 404)
				} else {
					webtest.Want(t, who+" export "+c.kind, r, 200)
				}
				webtest.NoLeak(t, who+" export "+c.kind, r)
				for _, s := range c.secrets {
					if strings.Contains(r.Body, s) {
						t.Errorf("%s %s export leaks %q", who, c.kind, s)
					}
				}
			}
		}
		// Filters narrow the export as they narrow the page.
		if r := jy.Do("GET", "/export/alliances?format=csv&kind=medical", nil); strings.Contains(r.Body, "JY旅游产业链联盟") {
			t.Errorf("kind filter ignored by the alliance export")
		}
		if r := jy.Do("GET", "/export/mobile?format=csv", nil); strings.Contains(r.Body, "JY口袋党员") {
			t.Errorf("mobile export holds a pocket declaration")
		}
		if r := jy.Do("GET", "/export/weak?format=csv&status=closed", nil); strings.Contains(r.Body, jyBranch) {
			t.Errorf("status filter ignored by the weak-case export")
		}
		webtest.Want(t, "bad filter", jy.Do("GET", "/export/risks?format=csv&level=extreme", nil), 422)
		webtest.Want(t, "run required", jy.Do("GET", "/export/assess-run?format=csv", nil), 422)
		webtest.Want(t, "alliance required", jy.Do("GET", "/export/alliance-work?format=csv", nil), 422)
		// Each list page links its exports, keeping the filters.
		for page, link := range map[string]string{
			"/alliances?kind=industry_chain": "/export/alliances?format=xlsx&amp;kind=industry_chain",
			"/projects":                      "/export/projects?", "/risks": "/export/risks?", "/cultivation": "/export/recruits?",
			"/cultivation/dual": "/export/dual?", "/declarations": "/export/declarations?", "/mobile": "/export/mobile?",
			"/weak": "/export/weak?", "/supervision": "/export/supervision?",
			fmt.Sprintf("/alliances/%d", e.Alliance(t).Jy.ID): "/export/alliance-work?", fmt.Sprintf("/assess/runs/%d", run): "/export/assess-run?",
			fmt.Sprintf("/assess/indices?run_id=%d", run): "/export/assess-indices?",
		} {
			if r := jy.Do("GET", page, nil); r.Code != 200 || !strings.Contains(r.Body, link) {
				t.Errorf("%s lacks the export link %s (%d)", page, link, r.Code)
			}
		}
		var n int
		if err := d.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'export.assess-run'`).Scan(&n); err != nil || n < 2 {
			t.Errorf("assess-run exports audited %d times (%v)", n, err)
		}
	})
}
