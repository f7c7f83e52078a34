package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web"
	"dangjian/internal/web/webtest"
)

// redirectCases are redirect targets from input and where they may lead.
var redirectCases = []struct{ in, want string }{
	{"/people", "/people"},
	{"/people?q=%E6%9D%8E&page=2", "/people?q=%E6%9D%8E&page=2"},
	{"/orgs/3#members", "/orgs/3#members"},
	{"", "/"},
	{"people", "/"},
	{"//evil.example", "/"},
	{"///evil.example", "/"},
	{`/\evil.example`, "/"},
	{`\\evil.example`, "/"},
	{`\/evil.example`, "/"},
	{"/\t/evil.example", "/"},
	{"/%09/evil.example", "/"},
	{"/\r\n/evil.example", "/"},
	{"/%0d%0a/evil.example", "/"},
	{"/\x00/evil.example", "/"},
	{"/%00/evil.example", "/"},
	{"/\u0085/evil.example", "/"},
	{"/%2F/evil.example", "/"},
	{"/%2f%2fevil.example", "/"},
	{"%2F%2Fevil.example", "/"},
	{"/%5Cevil.example", "/"},
	{"/%5c%5cevil.example", "/"},
	{"/%252F/evil.example", "/"},
	{"/%25252F/evil.example", "/"},
	{"https://evil.example", "/"},
	{"http:/evil.example", "/"},
	{"javascript:alert(1)", "/"},
	{"/javascript:alert(1)", "/javascript:alert(1)"},
	{"//user@evil.example/", "/"},
	{" /people", "/"},
	{"/%zz", "/"},
	{`/a\b`, "/a/b"},
}

func TestLocalPathRefusesOtherHosts(t *testing.T) {
	for _, c := range redirectCases {
		if got := web.LocalPath(c.in); got != c.want {
			t.Errorf("localPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLoginNextRedirect signs in with a next= target and checks where the
// 303 leads: only to a local path.
func TestLoginNextRedirect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		for _, c := range []struct{ next, want string }{
			{"/people", "/people"},
			{"/%09/evil.example", "/"},
			{"/\t/evil.example", "/"},
			{`/\evil.example`, "/"},
			{"//evil.example", "/"},
			{"/%2F%2Fevil.example", "/"},
			{"https://evil.example/", "/"},
		} {
			a := e.Anon()
			if r := a.Do("GET", "/login", nil); r.Code != 200 {
				t.Fatalf("GET /login: %d", r.Code)
			}
			u, _ := url.Parse(e.Srv.URL)
			pre := ""
			for _, ck := range a.Hc.Jar.Cookies(u) {
				if ck.Name == "dj_pre" {
					pre = ck.Value
				}
			}
			r := a.Do("POST", "/login", url.Values{"username": {"admin"}, "password": {webtest.TestPassword}, "csrf": {pre}, "next": {c.next}})
			if r.Code != 303 || r.Hdr.Get("Location") != c.want {
				t.Errorf("next=%q: %d Location %q, want 303 %q", c.next, r.Code, r.Hdr.Get("Location"), c.want)
			}
		}
	})
}

// TestLangRefererRedirect switches the language with a Referer and checks
// that the way back stays on this site.
func TestLangRefererRedirect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		for _, c := range []struct{ ref, want string }{
			{"", "/"},
			{e.Srv.URL + "/people?page=2", "/people?page=2"},
			{e.Srv.URL + "/%09/evil.example", "/"},
			{e.Srv.URL + "/%5Cevil.example", "/"},
			{e.Srv.URL + "//evil.example/x", "/"},
			{"https://evil.example//evil.example", "/"},
		} {
			req, _ := newReq(e, "GET", "/lang/en")
			if c.ref != "" {
				req.Header.Set("Referer", c.ref)
			}
			res, err := e.Anon().Hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != c.want || strings.Contains(loc, "evil") {
				t.Errorf("Referer %q: %d Location %q, want 303 %q", c.ref, res.StatusCode, loc, c.want)
			}
		}
	})
}

func newReq(e *webtest.Env, method, path string) (*http.Request, error) {
	return http.NewRequest(method, e.Srv.URL+path, nil)
}
