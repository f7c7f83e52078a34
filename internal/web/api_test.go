package web_test

import (
	"encoding/json"
	"net/url"
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
