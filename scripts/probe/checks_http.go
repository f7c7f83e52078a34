package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// leakRE matches what must never reach a user: parser and driver text,
// stack traces, unfilled placeholders and raw message keys.
var leakRE = regexp.MustCompile(`strconv\.|parsing "|proto: |sql: |SQLSTATE|pq: |goroutine \d|runtime error|panic:|\{[a-z_]+\}|"err\.[a-z_.]+"[^:]|>err\.[a-z_.]+<|\berr\.[a-z_]+\.[a-z_.]+\b`)

// leak returns the leaked fragment of an answer's text, or "".
func leak(b []byte) string {
	// An error answer's key field is allowed to hold a key.
	s := regexp.MustCompile(`"key":"[^"]*"`).ReplaceAllString(string(b), `"key":""`)
	return leakRE.FindString(s)
}

func httpChecks() []check {
	return []check{
		{4, "open redirect (login next, lang referer)", false, checkRedirects},
		{10, "read permission on write routes (viewer)", false, checkViewerWrites},
		{13, "invalid UTF-8 stored", false, checkUTF8},
		{14, "undocumented demo accounts", false, checkResidents},
		{16, "Cache-Control on personal data", false, checkCacheControl},
		{17, "parser text, placeholders, 413", false, checkParserText},
		{18, "org parent change, unknown sort", false, checkParentSort},
	}
}

// local reports whether a Location stays on this server: browsers ignore
// tabs and newlines and read a backslash as a slash.
func local(loc string) bool {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, loc)
	if dec, err := url.PathUnescape(clean); err == nil && (strings.HasPrefix(dec, "//") || strings.Contains(dec, "evil.example") && !strings.HasPrefix(dec, "/")) {
		return false
	}
	u, err := url.Parse(clean)
	if err != nil {
		return false
	}
	return u.Scheme == "" && u.Host == "" && strings.HasPrefix(clean, "/") && !strings.HasPrefix(clean, "//")
}

var redirectPayloads = []string{
	"/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
	"https://evil.example/", "/%2F%2Fevil.example", "/%5Cevil.example", "/\r\n/evil.example",
	" //evil.example", "/%0a/evil.example", "http:evil.example", "/.//evil.example/", "javascript:alert(1)",
}

func checkRedirects(e *env, r *result) {
	for _, next := range redirectPayloads {
		c := e.client()
		if _, err := c.get("/login"); err != nil {
			r.err = err
			return
		}
		pre := ""
		u, _ := url.Parse(e.base)
		for _, ck := range c.hc.Jar.Cookies(u) {
			if ck.Name == "dj_pre" {
				pre = ck.Value
			}
		}
		form := url.Values{"username": {"city"}, "password": {e.password}, "csrf": {pre}, "next": {next}}
		res, err := c.raw("POST", "/login", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if err != nil {
			r.err = err
			return
		}
		loc := res.Header.Get("Location")
		r.expect(res.Status != http.StatusSeeOther || local(loc), "login next=%q redirects to %q", next, loc)

		if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			continue // no HTTP client sends control characters in a header
		}
		res, err = c.raw("GET", "/lang/en", nil, map[string]string{"Referer": e.base + next})
		if err != nil {
			r.err = err
			return
		}
		loc = res.Header.Get("Location")
		r.expect(loc == "" || local(loc), "/lang/en with Referer path %q redirects to %q", next, loc)
	}
}

// checkViewerWrites posts to every write route of the OpenAPI document and
// the coverage pages as the read-only viewer: none may pass.
func checkViewerWrites(e *env, r *result) {
	v, err := e.staff("viewer")
	if err != nil {
		r.err = err
		return
	}
	for _, p := range []string{"/coverage/runs", "/coverage/runs/1/cancel", "/coverage/runs/1/rerun"} {
		res, err := v.postForm(p, url.Values{"csrf": {v.csrf}, "minutes": {"15"}}, "")
		if err != nil {
			r.err = err
			return
		}
		r.expect(res.Status == http.StatusForbidden, "viewer POST %s answered %d", p, res.Status)
	}
	paths, err := openapiWrites(v)
	if err != nil {
		r.err = err
		return
	}
	for _, op := range paths {
		path := strings.NewReplacer("{id}", "1", "{kind}", "people", "{step}", "accept", "{code}", "1").Replace(op[1])
		res, err := v.postJSON(op[0], path, map[string]any{})
		if err != nil {
			r.err = err
			return
		}
		r.expect(res.Status == http.StatusForbidden || res.Status == http.StatusUnauthorized || res.Status == http.StatusNotFound && op[0] == "POST" && strings.HasPrefix(path, "/api/v1/session"),
			"viewer %s %s answered %d", op[0], path, res.Status)
	}
}

// openapiWrites lists the document's write operations that a viewer has no
// business calling (sessions and self-service routes left out).
func openapiWrites(c *client) ([][2]string, error) {
	res, err := c.get("/api/v1/openapi.json")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := res.json(&doc); err != nil {
		return nil, fmt.Errorf("openapi: %v", err)
	}
	self := []string{"/api/v1/session", "/api/v1/join", "/api/v1/me", "/api/v1/engagements", "/api/v1/notifications", "/api/v1/declare", "/api/v1/challenge", "/api/v1/mobile"}
	var out [][2]string
	for p, ops := range doc.Paths {
		skip := false
		for _, s := range self {
			skip = skip || strings.HasPrefix(p, s)
		}
		if skip {
			continue
		}
		for m, op := range ops {
			if o, ok := op.(map[string]any); ok {
				if sec, has := o["security"].([]any); has && len(sec) == 0 {
					continue // a public operation (an anonymous declaration, say)
				}
			}
			if m := strings.ToUpper(m); m == "POST" || m == "PUT" || m == "DELETE" || m == "PATCH" {
				out = append(out, [2]string{m, p})
			}
		}
	}
	return out, nil
}

func checkUTF8(e *env, r *result) {
	c := e.client()
	res, err := c.postForm("/open311/v2/requests.json", url.Values{"api_key": {"demo-open311-key-2026"}, "service_code": {"cat.environment"}, "lat": {"18.2536"}, "long": {"109.5120"}}, "description=%FF%FE%E8%B7%AF")
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == 400 || res.Status == 422, "Open311 POST with invalid UTF-8 answered %d", res.Status)
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	res, err = a.do("POST", "/api/v1/orgs", bytes.NewReader([]byte("{\"name\":\"\xff\xfe\u652f\u90e8\",\"kind\":\"branch\"}")), map[string]string{"Content-Type": "application/json"})
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == 400 || res.Status == 422, "JSON body with invalid UTF-8 answered %d", res.Status)
	res, err = a.get("/people?q=%FF%FE")
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == 400 || res.Status == 422, "query string with invalid UTF-8 answered %d", res.Status)
}

func checkResidents(e *env, r *result) {
	for i := 2; i <= 12; i++ {
		c := e.client()
		res, err := c.postJSON("POST", "/api/v1/session", map[string]string{"username": fmt.Sprintf("resident%02d", i), "password": e.password})
		if err != nil {
			r.err = err
			return
		}
		r.expect(res.Status != http.StatusOK, "resident%02d signs in with the demo password", i)
	}
}

func checkCacheControl(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	for _, p := range []string{"/", "/people", "/people/1", "/api/v1/people", "/api/v1/people/1", "/api/v1/me", "/export/people?format=csv", "/talents", "/orders", "/declarations", "/audit", "/login", "/declare", "/join"} {
		res, err := a.get(p)
		if err != nil {
			r.err = err
			return
		}
		cc := res.Header.Get("Cache-Control")
		r.expect(strings.Contains(cc, "no-store"), "%s has Cache-Control %q", p, cc)
	}
}

func checkParserText(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	try := func(method, path string, body any) {
		res, err := a.postJSON(method, path, body)
		if err != nil {
			r.err = err
			return
		}
		if l := leak(res.Body); l != "" {
			r.find("%s %s leaks %q: %.160s", method, path, l, res.Body)
		} else {
			r.try()
		}
	}
	try("POST", "/api/v1/areas", map[string]any{"name": "x", "kind": "village", "parent_id": 1})
	try("GET", "/api/v1/people?page=1e999", nil)
	try("GET", "/api/v1/people?per_page=abc", nil)
	c := e.client()
	res, err := c.postForm("/open311/v2/requests.json", url.Values{"api_key": {"demo-open311-key-2026"}, "service_code": {"cat.environment"}, "lat": {"1e999"}, "long": {"109.5120"}, "description": {"x"}}, "")
	if err == nil {
		r.expect(leak(res.Body) == "" && res.Status < 500, "Open311 lat=1e999 answered %d: %.160s", res.Status, res.Body)
	}
	// A body over the route's limit is 413, not 422.
	big := bytes.Repeat([]byte("a"), 3<<20)
	res, err = a.do("POST", "/api/v1/orgs", bytes.NewReader(append(append([]byte(`{"name":"`), big...), '"', '}')), map[string]string{"Content-Type": "application/json"})
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == http.StatusRequestEntityTooLarge, "a 3 MiB JSON body answered %d", res.Status)
	r.expect(leak(res.Body) == "", "the 413 answer leaks: %.160s", res.Body)
}

func checkParentSort(e *env, r *result) {
	a, err := e.staff("admin")
	if err != nil {
		r.err = err
		return
	}
	res, err := a.get("/api/v1/orgs?per_page=2")
	if err != nil {
		r.err = err
		return
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := res.json(&list); err != nil || len(list.Items) < 2 {
		r.err = fmt.Errorf("orgs list: %v %.100s", err, res.Body)
		return
	}
	o, other := list.Items[1], list.Items[0]
	o["parent_id"] = other["id"]
	if o["parent_id"] == nil {
		o["parent_id"] = 999999
	}
	res, err = a.postJSON("PUT", fmt.Sprintf("/api/v1/orgs/%v", o["id"]), o)
	if err != nil {
		r.err = err
		return
	}
	r.expect(res.Status == http.StatusUnprocessableEntity || res.Status == http.StatusOK && strings.Contains(res.text(), fmt.Sprintf(`"parent_id":%v`, other["id"])),
		"PUT org with a new parent_id answered %d without moving it", res.Status)
	for _, p := range []string{"/api/v1/people?sort=bogus", "/api/v1/orgs?sort=bogus", "/api/v1/talents?sort=bogus", "/orders?sort=bogus", "/people?sort=bogus"} {
		res, err := a.get(p)
		if err != nil {
			r.err = err
			return
		}
		r.expect(res.Status == http.StatusUnprocessableEntity || res.Status == http.StatusBadRequest, "%s answered %d", p, res.Status)
	}
}
