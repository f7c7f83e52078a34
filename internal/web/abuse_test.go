package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/config"
	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/ratelimit"
	"dangjian/internal/testfix"
	"dangjian/internal/web"
	"dangjian/internal/web/webtest"
)

// serveFrom sends one request to the server's handler as if from addr, so
// that a test can speak from several source addresses.
func serveFrom(s *web.Server, addr string, req *http.Request) *httptest.ResponseRecorder {
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func want429(t *testing.T, what string, code int, hdr http.Header, body string) {
	t.Helper()
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" {
		t.Fatalf("%s: %d Retry-After=%q, want 429 with Retry-After: %.200s", what, code, hdr.Get("Retry-After"), body)
	}
	if !strings.Contains(body, "后再试") {
		t.Errorf("%s: no translated wait in %.200s", what, body)
	}
}

// TestRateLimits: sign-ins, Open311 posts and exports are limited per
// source address, per API key and per account, answering 429 with
// Retry-After, in the page, JSON and Open311 formats.
func TestRateLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := webtest.NewO311Cfg(t, d, webtest.Limited(map[string]string{"login": "3/1m", "open311": "2/1m", "export": "2/1m"}, 0))
		c := o.Login("haitang") // the first of 3 sign-ins from this address
		a := o.Anon()
		for i := 0; i < 2; i++ {
			webtest.Want(t, "login within the limit", a.Do("POST", "/api/v1/session", map[string]string{"username": "nobody", "password": "x"}), 401)
		}
		r := a.Do("POST", "/api/v1/session", map[string]string{"username": "nobody", "password": "x"})
		want429(t, "4th login from one address", r.Code, r.Hdr, r.Body)
		if r.Hdr.Get("Retry-After") != "20" || !strings.Contains(r.Body, `"code":"too_many"`) || !strings.Contains(r.Body, "请求过于频繁，请20秒后再试") {
			t.Errorf("4th login: %s %s", r.Hdr.Get("Retry-After"), r.Body)
		}
		// Another address is not limited.
		body := `{"username":"nobody","password":"x"}`
		req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if rec := serveFrom(o.S, "198.51.100.7", req); rec.Code != 401 {
			t.Errorf("login from another address: %d %s", rec.Code, rec.Body)
		}

		// Open311: per address, and per API key across addresses.
		post := func(addr string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", "/open311/v2/requests.json", strings.NewReader(o.Form("路灯坏了").Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return serveFrom(o.S, addr, req)
		}
		before := o.Orders(t)
		if rec := post("198.51.100.20"); rec.Code != 200 {
			t.Fatalf("open311 post: %d %s", rec.Code, rec.Body)
		}
		post("198.51.100.21")
		rec := post("198.51.100.22") // a new address, the same key
		want429(t, "3rd post with one API key", rec.Code, rec.Header(), rec.Body.String())
		var list []map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list) != 1 || list[0]["code"] != float64(429) {
			t.Errorf("open311 429 is not an Open311 error list: %s", rec.Body)
		}
		if n := o.Orders(t) - before; n > 2 {
			t.Errorf("orders placed past the limit: %d", n)
		}

		// Exports: per account, whatever the address.
		for i := 0; i < 2; i++ {
			webtest.Want(t, "export", c.Do("GET", "/export/people", nil), 200)
		}
		req = httptest.NewRequest("GET", "/api/v1/export/people", nil)
		u, _ := url.Parse(o.Srv.URL)
		for _, ck := range c.Hc.Jar.Cookies(u) {
			req.AddCookie(ck)
		}
		rec = serveFrom(o.S, "198.51.100.30", req) // a new address, the same account
		want429(t, "3rd export of one account", rec.Code, rec.Header(), rec.Body.String())
	})
}

// TestProofOfWork: the public sign-ups need a solved challenge, once; the
// page shows its form again with the message, keeping what was typed.
func TestProofOfWork(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnvCfg(t, d, webtest.Limited(nil, 8))
		a := e.Anon()
		var ch struct {
			Challenge string `json:"challenge"`
			Bits      int    `json:"bits"`
		}
		r := webtest.Ok(t, "challenge", a.Do("GET", "/api/v1/challenge", nil), 200)
		if err := json.Unmarshal([]byte(r.Body), &ch); err != nil || ch.Bits != 8 || ch.Challenge == "" {
			t.Fatalf("challenge: %s", r.Body)
		}
		decl := map[string]any{"name": "新口袋党员", "id_number": testfix.IDNumber(951), "phone": "13900000951", "unit_name": e.W.Haitang.Unit.Name, "org": e.W.Haitang.Branches[0].Code}
		send := func(proof string) webtest.Resp {
			req, _ := json.Marshal(decl)
			return a.DoHeader("POST", "/api/v1/declarations", string(req), map[string]string{"X-Proof-Of-Work": proof})
		}
		for _, c := range []struct{ name, proof, key string }{
			{"none", "", "err.pow.missing"},
			{"unsolved", ch.Challenge + ":0x", "err.pow.bad"},
			{"forged", "1.AAAA.9999999999.1.AAAA:1", "err.pow.bad"},
		} {
			r := send(c.proof)
			if r.Code != 422 || !strings.Contains(r.Body, c.key) {
				t.Errorf("%s proof: %d %s", c.name, r.Code, r.Body)
			}
		}
		proof := ratelimit.Solve(ch.Challenge, ch.Bits)
		webtest.Ok(t, "solved proof", send(proof), 202)
		if r := send(proof); r.Code != 422 || !strings.Contains(r.Body, "err.pow.spent") {
			t.Errorf("replayed proof: %d %s", r.Code, r.Body)
		}

		// The page: without a proof the form comes back with the message
		// and the typed name.
		page := a.Do("GET", "/declare", nil)
		if !strings.Contains(page.Body, "data-pow") || !strings.Contains(page.Body, `name="pow"`) {
			t.Fatalf("declare form asks no proof: %.300s", page.Body)
		}
		form := url.Values{"csrf": {webtest.PreForm(t, a)}, "name": {"表单申报人"}, "id_number": {testfix.IDNumber(952)}, "phone": {"13900000952"},
			"unit_name": {e.W.Haitang.Unit.Name}, "org": {e.W.Haitang.Branches[0].Code}}
		r = a.Do("POST", "/declare", form)
		if r.Code != 422 || !strings.Contains(r.Body, "开启浏览器的 JavaScript") || !strings.Contains(r.Body, "表单申报人") {
			t.Errorf("declare page without proof: %d %.400s", r.Code, r.Body)
		}
		// /join, in JSON, likewise.
		r = a.Do("POST", "/api/v1/join", map[string]any{"username": "powjoin", "password": webtest.TestPassword, "talent": map[string]any{"name": "王心"}})
		if r.Code != 422 || !strings.Contains(r.Body, "err.pow.missing") {
			t.Errorf("join without proof: %d %s", r.Code, r.Body)
		}
	})
}

// TestAbuseTables: every route the limits and proofs name exists, and the
// classes the issue lists are all covered.
func TestAbuseTables(t *testing.T) {
	e := webtest.NewEnv(t, dbtest.Open(t, "sqlite"))
	have := map[string]bool{}
	for _, rt := range e.S.Routes() {
		have[rt.Method+" "+rt.Pattern] = true
	}
	classes := map[string]bool{}
	for route, class := range web.LimitedRoutes() {
		if !have[route] {
			t.Errorf("rate limit on %s, which is not a route", route)
		}
		classes[class] = true
	}
	for _, class := range []string{config.RateLogin, config.RateSignup, config.RateDeclare, config.RateRegister, config.RateOpen311, config.RateExport, config.RateCoverage} {
		if !classes[class] {
			t.Errorf("no route is limited as %s", class)
		}
	}
	for route := range web.PowRoutes() {
		if !have[route] {
			t.Errorf("proof of work on %s, which is not a route", route)
		}
	}
}
