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
	"dangjian/internal/web/webtest"
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
	e := webtest.NewEnv(t, d)
	inTable := map[string]bool{}
	for _, rt := range e.S.Routes() {
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
		e := webtest.NewEnv(t, d)
		c := e.Login("haitang")
		ht := e.W.Haitang
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
			{"duplicate id", "POST", "/api/v1/people", map[string]any{"name": "乙", "status": "masses", "area_id": ht.Village.ID, "id_number": webtest.IDNumber(1)}, 422, "invalid", "id_number", "已登记"},
			{"bad credit code", "POST", "/api/v1/units", map[string]any{"name": "丙公司", "kind": "enterprise", "area_id": ht.Village.ID, "credit_code": "91460200MA5T00000X"}, 422, "invalid", "credit_code", ""},
			{"bad export format", "GET", "/export/people?format=pdf", nil, 422, "", "", ""},
		}
		for _, tc := range cases {
			r := c.Do(tc.method, tc.path, tc.body)
			if r.Code != tc.status {
				t.Errorf("%s: status %d, want %d: %s", tc.name, r.Code, tc.status, r.Body)
				continue
			}
			low := strings.ToLower(r.Body)
			for _, bad := range []string{"goroutine", "select ", "insert ", "sql", ".go:"} {
				if strings.Contains(low, bad) {
					t.Errorf("%s: response leaks %q: %s", tc.name, bad, r.Body)
				}
			}
			if tc.code == "" {
				continue
			}
			var out struct {
				Error struct{ Code, Field, Message string }
			}
			json.Unmarshal([]byte(r.Body), &out)
			if out.Error.Code != tc.code || out.Error.Field != tc.field || out.Error.Message == "" || !strings.Contains(out.Error.Message, tc.msg) {
				t.Errorf("%s: error = %+v, want code %s field %q message with %q", tc.name, out.Error, tc.code, tc.field, tc.msg)
			}
		}
		// English messages on request.
		r := c.Do("GET", "/api/v1/people/999999", nil)
		if !strings.Contains(r.Body, "未找到") {
			t.Errorf("default locale is not zh-CN: %s", r.Body)
		}
		// CSRF: a write without the token is refused and changes nothing.
		noCSRF := &webtest.Client{E: e, Hc: c.Hc}
		r = noCSRF.Do("POST", "/api/v1/people", map[string]any{"name": "无令牌", "status": "masses", "area_id": ht.Village.ID})
		if r.Code != 403 || !strings.Contains(r.Body, "err.csrf") {
			t.Errorf("write without CSRF token: %d %s", r.Code, r.Body)
		}
		r = noCSRF.Do("POST", "/people", url.Values{"name": {"无令牌"}, "status": {"masses"}, "area_id": {"1"}})
		if r.Code != 403 {
			t.Errorf("form without CSRF token: %d", r.Code)
		}
		// Unauthenticated API calls get 401; pages redirect to the login.
		if r := e.Anon().Do("GET", "/api/v1/people", nil); r.Code != 401 {
			t.Errorf("anonymous API: %d", r.Code)
		}
		if r := e.Anon().Do("GET", "/people", nil); r.Code != 303 || !strings.HasPrefix(r.Hdr.Get("Location"), "/login") {
			t.Errorf("anonymous page: %d %s", r.Code, r.Hdr.Get("Location"))
		}
	})
}

// TestLockoutAndAudit: five wrong passwords lock their address out of the
// account (even the right password is then refused, with 429 and
// Retry-After), and writes and reveals are audited with
// who and from where.
func TestLockoutAndAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		a := e.Anon()
		for i := 0; i < 5; i++ {
			a.Do("POST", "/api/v1/session", map[string]string{"username": "viewer", "password": "wrong-Password1"})
		}
		r := a.Do("POST", "/api/v1/session", map[string]string{"username": "viewer", "password": webtest.TestPassword})
		// The lock has 30 minutes less the seconds since it began.
		if ra, _ := strconv.Atoi(r.Hdr.Get("Retry-After")); r.Code != 429 || ra < 1780 || ra > 1800 || !strings.Contains(r.Body, "err.login.locked") || !strings.Contains(r.Body, "30分钟后再试") {
			t.Errorf("locked account login: %d %s", r.Code, r.Body)
		}
		c := e.Login("haitang")
		p := e.W.Haitang.Members[0]
		if r := c.Do("POST", "/api/v1/people/"+webtest.Itoa(p.ID)+"/reveal", nil); r.Code != 200 || !strings.Contains(r.Body, webtest.IDNumber(1)) {
			t.Fatalf("reveal: %d %s", r.Code, r.Body)
		}
		if r := c.Do("POST", "/api/v1/people", map[string]any{"name": "审计测试", "status": "masses", "area_id": e.W.Haitang.Village.ID}); r.Code != 201 {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		admin := e.Login("admin")
		r = admin.Do("GET", "/api/v1/audit?username=haitang", nil)
		for _, want := range []string{`"action":"person.reveal"`, `"action":"person.create"`, `"ip":"127.0.0.1"`, `"action":"login"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("audit lacks %s: %.500s", want, r.Body)
			}
		}
		if r := admin.Do("GET", "/audit?username=haitang", nil); r.Code != 200 || !strings.Contains(r.Body, "person.reveal") {
			t.Errorf("audit page: %d", r.Code)
		}
	})
}

// TestTransferFormByCode: the person page's transfer form takes the
// receiving org's code; an unknown code is a field error.
func TestTransferFormByCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		c := e.Login("haitang")
		m := e.W.Haitang.Members[0]
		r := c.Do("POST", "/transfers", url.Values{"person_id": {webtest.Itoa(m.ID)}, "to_org_id": {"NO-SUCH"}})
		if r.Code != 422 {
			t.Errorf("unknown code: %d", r.Code)
		}
		r = c.Do("POST", "/transfers", url.Values{"person_id": {webtest.Itoa(m.ID)}, "to_org_id": {e.W.Haitang.Branches[1].Code}, "reason": {"工作调动"}})
		loc := r.Hdr.Get("Location")
		if r.Code != 303 || !strings.HasPrefix(loc, "/transfers/") {
			t.Fatalf("request by code: %d %s", r.Code, loc)
		}
		page := c.Do("GET", loc, nil)
		if page.Code != 200 || !strings.Contains(page.Body, e.W.Haitang.Branches[1].Name) || !strings.Contains(page.Body, "工作调动") {
			t.Errorf("transfer page: %d %.300s", page.Code, page.Body)
		}
	})
}

// TestEditPages: orgs and units are edited through their pages; a bad
// value comes back on the form with its field marked.
func TestEditPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		c := e.Login("haitang")
		ht := e.W.Haitang
		b := ht.Branches[0]
		sec := ht.Members[0]
		r := c.Do("POST", "/orgs/"+webtest.Itoa(b.ID), url.Values{"name": {"永宁第一支部"}, "kind": {"branch"}, "sector": {"community"}, "secretary_id": {webtest.Itoa(sec.ID)}})
		if r.Code != 303 {
			t.Fatalf("org update: %d %.300s", r.Code, r.Body)
		}
		got, err := e.S.Orgs.Get(t.Context(), ht.Scope, b.ID)
		if err != nil || got.Name != "永宁第一支部" || got.SecretaryID != sec.ID || got.Sector != "community" {
			t.Errorf("org after edit = %+v, %v", got, err)
		}
		r = c.Do("POST", "/orgs/"+webtest.Itoa(b.ID), url.Values{"name": {""}, "kind": {"branch"}, "sector": {"community"}})
		if r.Code != 422 || !strings.Contains(r.Body, "组织名称不能为空") {
			t.Errorf("org update with no name: %d", r.Code)
		}
		r = c.Do("POST", "/units/"+webtest.Itoa(ht.Unit.ID), url.Values{"name": {"海棠湾文旅集团"}, "kind": {"enterprise"}, "employees": {"abc"}, "area_id": {webtest.Itoa(ht.Village.ID)}})
		if r.Code != 422 || !strings.Contains(r.Body, "职工人数") {
			t.Errorf("unit update with bad employees: %d", r.Code)
		}
		r = c.Do("POST", "/units/"+webtest.Itoa(ht.Unit.ID), url.Values{"name": {"海棠湾文旅集团"}, "kind": {"enterprise"}, "employees": {"300"}, "area_id": {webtest.Itoa(ht.Village.ID)}, "org_id": {webtest.Itoa(b.ID)}})
		if r.Code != 303 {
			t.Fatalf("unit update: %d %.300s", r.Code, r.Body)
		}
		u, err := e.S.Units.Get(t.Context(), ht.Scope, ht.Unit.ID)
		if err != nil || u.Name != "海棠湾文旅集团" || u.Employees != 300 || u.OrgID != b.ID {
			t.Errorf("unit after edit = %+v, %v", u, err)
		}
	})
}
