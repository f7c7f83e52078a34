package account_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

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
