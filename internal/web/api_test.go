package web_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web"
)

// TestOpenAPICoversRoutes fails when an /api/v1 route is missing from the
// served OpenAPI document (or the document names a route that does not
// exist).
func TestOpenAPICoversRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	d := dbtest.Open(t, "sqlite")
	e := newEnv(t, d)
	inTable := map[string]bool{}
	for _, rt := range e.s.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/") {
			continue
		}
		m := strings.ToLower(rt.Method)
		inTable[m+" "+rt.Pattern] = true
		op, ok := doc.Paths[rt.Pattern][m]
		if !ok {
			t.Errorf("%s %s is missing from openapi.json", rt.Method, rt.Pattern)
			continue
		}
		// A public route says so (security: []), and only a public one.
		var o struct {
			Security *[]any `json:"security"`
		}
		json.Unmarshal(op, &o)
		if public := o.Security != nil && len(*o.Security) == 0; public != (rt.Perm == web.Public) {
			t.Errorf("%s %s: public in openapi.json = %v, in the route table = %v", rt.Method, rt.Pattern, public, rt.Perm == web.Public)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !inTable[m+" "+p] {
				t.Errorf("openapi.json documents %s %s, which is not a route", m, p)
			}
		}
	}
}

// TestBadInput checks that bad input of every kind gets a translated
// message with a code and the right status, and never a stack trace or SQL.
func TestBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.login("haitang")
		ht := e.w.Haitang
		cases := []struct {
			name, method, path string
			body               any
			status             int
			code, field, msg   string
		}{
			{"bad json", "POST", "/api/v1/people", `{"name":`, 422, "invalid", "", "JSON"},
			{"unknown field", "POST", "/api/v1/people", `{"nme":"x"}`, 422, "invalid", "nme", ""},
			{"wrong type", "POST", "/api/v1/people", `{"name":1}`, 422, "invalid", "name", ""},
			{"id checksum", "POST", "/api/v1/people", map[string]any{"name": "甲", "status": "masses", "area_id": ht.Village.ID, "id_number": "460202198001010011"}, 422, "invalid", "id_number", "校验位"},
			{"bad page", "GET", "/api/v1/people?page=0", nil, 422, "invalid", "page", ""},
			{"bad per_page", "GET", "/api/v1/people?per_page=abc", nil, 422, "invalid", "per_page", ""},
			{"bad enum", "GET", "/api/v1/people?status=king", nil, 422, "invalid", "status", ""},
			{"bad id", "GET", "/api/v1/people/abc", nil, 422, "invalid", "id", ""},
			{"missing", "GET", "/api/v1/people/999999", nil, 404, "not_found", "", ""},
			{"forbidden", "GET", "/api/v1/users", nil, 403, "forbidden", "", ""},
			{"duplicate id", "POST", "/api/v1/people", map[string]any{"name": "乙", "status": "masses", "area_id": ht.Village.ID, "id_number": testfix_ID(1)}, 422, "invalid", "id_number", "已登记"},
			{"bad credit code", "POST", "/api/v1/units", map[string]any{"name": "丙公司", "kind": "enterprise", "area_id": ht.Village.ID, "credit_code": "91460200MA5T00000X"}, 422, "invalid", "credit_code", ""},
			{"bad export format", "GET", "/export/people?format=pdf", nil, 422, "", "", ""},
		}
		for _, tc := range cases {
			r := c.do(tc.method, tc.path, tc.body)
			if r.code != tc.status {
				t.Errorf("%s: status %d, want %d: %s", tc.name, r.code, tc.status, r.body)
				continue
			}
			low := strings.ToLower(r.body)
			for _, bad := range []string{"goroutine", "select ", "insert ", "sql", ".go:"} {
				if strings.Contains(low, bad) {
					t.Errorf("%s: response leaks %q: %s", tc.name, bad, r.body)
				}
			}
			if tc.code == "" {
				continue
			}
			var out struct {
				Error struct{ Code, Field, Message string }
			}
			json.Unmarshal([]byte(r.body), &out)
			if out.Error.Code != tc.code || out.Error.Field != tc.field || out.Error.Message == "" || !strings.Contains(out.Error.Message, tc.msg) {
				t.Errorf("%s: error = %+v, want code %s field %q message with %q", tc.name, out.Error, tc.code, tc.field, tc.msg)
			}
		}
		// English messages on request.
		r := c.do("GET", "/api/v1/people/999999", nil)
		if !strings.Contains(r.body, "未找到") {
			t.Errorf("default locale is not zh-CN: %s", r.body)
		}
		// CSRF: a write without the token is refused and changes nothing.
		noCSRF := &client{e: e, hc: c.hc}
		r = noCSRF.do("POST", "/api/v1/people", map[string]any{"name": "无令牌", "status": "masses", "area_id": ht.Village.ID})
		if r.code != 403 || !strings.Contains(r.body, "err.csrf") {
			t.Errorf("write without CSRF token: %d %s", r.code, r.body)
		}
		r = noCSRF.do("POST", "/people", url.Values{"name": {"无令牌"}, "status": {"masses"}, "area_id": {"1"}})
		if r.code != 403 {
			t.Errorf("form without CSRF token: %d", r.code)
		}
		// Unauthenticated API calls get 401; pages redirect to the login.
		if r := e.anon().do("GET", "/api/v1/people", nil); r.code != 401 {
			t.Errorf("anonymous API: %d", r.code)
		}
		if r := e.anon().do("GET", "/people", nil); r.code != 303 || !strings.HasPrefix(r.hdr.Get("Location"), "/login") {
			t.Errorf("anonymous page: %d %s", r.code, r.hdr.Get("Location"))
		}
	})
}

// TestLockoutAndAudit: five wrong passwords lock their address out of the
// account (even the right password is then refused, with 429 and
// Retry-After), and writes and reveals are audited with
// who and from where.
func TestLockoutAndAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.anon()
		for i := 0; i < 5; i++ {
			a.do("POST", "/api/v1/session", map[string]string{"username": "viewer", "password": "wrong-Password1"})
		}
		r := a.do("POST", "/api/v1/session", map[string]string{"username": "viewer", "password": testPassword})
		// The lock has 30 minutes less the seconds since it began.
		if ra, _ := strconv.Atoi(r.hdr.Get("Retry-After")); r.code != 429 || ra < 1780 || ra > 1800 || !strings.Contains(r.body, "err.login.locked") || !strings.Contains(r.body, "30分钟后再试") {
			t.Errorf("locked account login: %d %s", r.code, r.body)
		}
		c := e.login("haitang")
		p := e.w.Haitang.Members[0]
		if r := c.do("POST", "/api/v1/people/"+itoa(p.ID)+"/reveal", nil); r.code != 200 || !strings.Contains(r.body, testfix_ID(1)) {
			t.Fatalf("reveal: %d %s", r.code, r.body)
		}
		if r := c.do("POST", "/api/v1/people", map[string]any{"name": "审计测试", "status": "masses", "area_id": e.w.Haitang.Village.ID}); r.code != 201 {
			t.Fatalf("create: %d %s", r.code, r.body)
		}
		admin := e.login("admin")
		r = admin.do("GET", "/api/v1/audit?username=haitang", nil)
		for _, want := range []string{`"action":"person.reveal"`, `"action":"person.create"`, `"ip":"127.0.0.1"`, `"action":"login"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("audit lacks %s: %.500s", want, r.body)
			}
		}
		if r := admin.do("GET", "/audit?username=haitang", nil); r.code != 200 || !strings.Contains(r.body, "person.reveal") {
			t.Errorf("audit page: %d", r.code)
		}
	})
}

// TestTransferFormByCode: the person page's transfer form takes the
// receiving org's code; an unknown code is a field error.
func TestTransferFormByCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.login("haitang")
		m := e.w.Haitang.Members[0]
		r := c.do("POST", "/transfers", url.Values{"person_id": {itoa(m.ID)}, "to_org_id": {"NO-SUCH"}})
		if r.code != 422 {
			t.Errorf("unknown code: %d", r.code)
		}
		r = c.do("POST", "/transfers", url.Values{"person_id": {itoa(m.ID)}, "to_org_id": {e.w.Haitang.Branches[1].Code}, "reason": {"工作调动"}})
		loc := r.hdr.Get("Location")
		if r.code != 303 || !strings.HasPrefix(loc, "/transfers/") {
			t.Fatalf("request by code: %d %s", r.code, loc)
		}
		page := c.do("GET", loc, nil)
		if page.code != 200 || !strings.Contains(page.body, e.w.Haitang.Branches[1].Name) || !strings.Contains(page.body, "工作调动") {
			t.Errorf("transfer page: %d %.300s", page.code, page.body)
		}
	})
}

// TestEditPages: orgs and units are edited through their pages; a bad
// value comes back on the form with its field marked.
func TestEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.login("haitang")
		ht := e.w.Haitang
		b := ht.Branches[0]
		sec := ht.Members[0]
		r := c.do("POST", "/orgs/"+itoa(b.ID), url.Values{"name": {"永宁第一支部"}, "kind": {"branch"}, "sector": {"community"}, "secretary_id": {itoa(sec.ID)}})
		if r.code != 303 {
			t.Fatalf("org update: %d %.300s", r.code, r.body)
		}
		got, err := e.s.Orgs.Get(t.Context(), ht.Scope, b.ID)
		if err != nil || got.Name != "永宁第一支部" || got.SecretaryID != sec.ID || got.Sector != "community" {
			t.Errorf("org after edit = %+v, %v", got, err)
		}
		r = c.do("POST", "/orgs/"+itoa(b.ID), url.Values{"name": {""}, "kind": {"branch"}, "sector": {"community"}})
		if r.code != 422 || !strings.Contains(r.body, "组织名称不能为空") {
			t.Errorf("org update with no name: %d", r.code)
		}
		r = c.do("POST", "/units/"+itoa(ht.Unit.ID), url.Values{"name": {"海棠湾文旅集团"}, "kind": {"enterprise"}, "employees": {"abc"}, "area_id": {itoa(ht.Village.ID)}})
		if r.code != 422 || !strings.Contains(r.body, "职工人数") {
			t.Errorf("unit update with bad employees: %d", r.code)
		}
		r = c.do("POST", "/units/"+itoa(ht.Unit.ID), url.Values{"name": {"海棠湾文旅集团"}, "kind": {"enterprise"}, "employees": {"300"}, "area_id": {itoa(ht.Village.ID)}, "org_id": {itoa(b.ID)}})
		if r.code != 303 {
			t.Fatalf("unit update: %d %.300s", r.code, r.body)
		}
		u, err := e.s.Units.Get(t.Context(), ht.Scope, ht.Unit.ID)
		if err != nil || u.Name != "海棠湾文旅集团" || u.Employees != 300 || u.OrgID != b.ID {
			t.Errorf("unit after edit = %+v, %v", u, err)
		}
	})
}
