package webtest

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// The JSON API's kit of the scope matrix: builders of rows that send a
// request as both 海棠 accounts and check that nothing of 吉阳 comes back
// and, for a refused write, that nothing was written.

// OrgnetSecrets are the 吉阳 fixture texts of the organization network
// (gaps, declarations, alliance, orglife, cultivation, project, weak,
// assess) that no 海棠 account may be shown.
func OrgnetSecrets(e *Env) []string {
	jy := e.W.Jiyang
	secret := []string{"JY快递驿站", "吉阳物流链", "JY口袋党员", "JY流动党员", "JY外资酒店", "JY旅游产业链联盟", "JY秘密备注", "JY联席会议程", "JY决定事项",
		"JY合作备忘录", "JY承诺事项", "JY酸豆党课", "JY专题", "JY积极分子甲", "JY秘密项目", "JY项目描述", "JY子项目", "JY里程碑", "JY廉洁风险",
		"JY防控措施", "JY整改任务", "JY督查组", "JY督查发现", "JY骨干教师", "JY中学党支部", jy.Branches[0].Name, jy.Branches[1].Name, jy.Village.Name}
	return append(secret, declarationSecrets...)
}

// Clean fails when r leaks 吉阳 data: NoLeak's texts or OrgnetSecrets.
func Clean(t *testing.T, e *Env, what string, r Resp) {
	t.Helper()
	Hides(OrgnetSecrets(e)...)(t, what, r)
}

// Hides is a check that a response shows nothing of 吉阳 (NoLeak) and none
// of secrets, a module's own fixture texts.
func Hides(secrets ...string) func(t *testing.T, what string, r Resp) {
	return func(t *testing.T, what string, r Resp) {
		t.Helper()
		NoLeak(t, what, r)
		for _, s := range secrets {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s leaks %q", what, s)
			}
		}
	}
}

// Both names the 海棠区 official ("district") and the 海棠 branch
// secretary ("branch").
func Both(h, b *Client) map[string]*Client { return map[string]*Client{"district": h, "branch": b} }

// Path is a fixed path for APIRead and APIRefused.
func Path(s string) func(*testing.T) string { return func(*testing.T) string { return s } }

// Body is a fixed body for APIRefused.
func Body(v any) func(*testing.T) any { return func(*testing.T) any { return v } }

// Pages are the paging queries of a list: the first page, a big one and
// the second.
var Pages = []string{"", "?per_page=500", "?page=2"}

// APIRead GETs each query (nil: none) of path as both 海棠 accounts, wants
// codes and a Clean answer; own, if set, must be in the district
// official's unfiltered answer.
func APIRead(path func(t *testing.T) string, own string, queries []string, codes ...int) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		p := path(t)
		if queries == nil {
			queries = []string{""}
		}
		for _, q := range queries {
			for who, c := range Both(h, b) {
				r := c.Do("GET", p+q, nil)
				Want(t, who+" "+p+q, r, codes...)
				Clean(t, e, who+" "+p+q, r)
			}
		}
		if own != "" {
			if r := h.Do("GET", p, nil); !strings.Contains(r.Body, own) {
				t.Errorf("%s: own %q missing: %.300s", p, own, r.Body)
			}
		}
	}
}

// APIRefused sends body to path as both 海棠 accounts, wants codes and a
// Clean answer, and checks that no audited write happened.
func APIRefused(method string, path func(t *testing.T) string, body func(t *testing.T) any, codes ...int) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		p, bd := path(t), body(t)
		n := AuditWrites(t, e)
		for who, c := range Both(h, b) {
			r := c.Do(method, p, bd)
			Want(t, who+" "+method+" "+p, r, codes...)
			Clean(t, e, who+" "+method+" "+p, r)
		}
		if got := AuditWrites(t, e); got != n {
			t.Errorf("%s %s: refused writes wrote %d audit entries", method, p, got-n)
		}
	}
}

// serviceSecrets are the 吉阳 service fixture's post, grid, order and
// phone, which no 海棠 account may be shown.
var serviceSecrets = []string{"测试社区党群服务站", "测试第一网格", "上门测血压", "13912345678"}

// ServiceHidden GETs path as both 海棠 accounts (with the service fixture
// built): 200, none of 吉阳's posts, grids or orders, and (for the
// official) own, if set.
func ServiceHidden(path, own string) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		e.Service(t)
		for who, c := range Both(h, b) {
			r := c.Do("GET", path, nil)
			Want(t, who+" "+path, r, 200)
			NoLeak(t, who+" "+path, r)
			for _, s := range serviceSecrets {
				if strings.Contains(r.Body, s) {
					t.Errorf("%s %s leaks %q", who, path, s)
				}
			}
		}
		if r := h.Do("GET", path, nil); own != "" && !strings.Contains(r.Body, own) {
			t.Errorf("%s: own %q missing", path, own)
		}
	}
}

// Foreign sends a GET, or a POST of body, to pattern with {id} replaced by
// ref's 吉阳 id, as both 海棠 accounts: code or 403, and nothing leaked.
func Foreign(method, pattern string, body url.Values, code int, ref func(*testing.T) string) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) {
		p := strings.Replace(pattern, "{id}", ref(t), 1)
		for who, c := range Both(h, b) {
			var r Resp
			if method == "GET" {
				r = c.Do("GET", p, nil)
			} else {
				r = c.Do("POST", p, CloneForm(body))
			}
			Want(t, who+" "+method+" "+p, r, code, 403)
			NoLeak(t, who+" "+p, r)
		}
	}
}

// Page is a page the 海棠区 official opens with 200.
func Page(path string) MatrixCheck {
	return func(t *testing.T, e *Env, h, b *Client) { Want(t, path, h.Do("GET", path, nil), 200) }
}

// AuditWrites counts the audit entries other than sign-ins and sign-outs.
func AuditWrites(t *testing.T, e *Env) int {
	t.Helper()
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action NOT LIKE 'login%' AND action <> 'logout'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
