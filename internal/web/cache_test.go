package web_test

import (
	"regexp"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// ownCaching are the routes whose answer is public and may be cached.
var ownCaching = map[string]string{
	"/geo/districts.json": "public, max-age=86400", // district outlines, the same for everyone
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// TestNoStore walks the route table: every GET answer, as an administrator
// and (for public routes) as a visitor, says Cache-Control: no-store,
// whatever its status; static assets keep their caching.
func TestNoStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		admin, anon := e.Login("admin"), e.Anon()
		for _, rt := range e.S.Routes() {
			if rt.Method != "GET" {
				continue
			}
			path := regexp.MustCompile(`\{path\.\.\.\}`).ReplaceAllString(rt.Pattern, "nothing")
			path = pathParam.ReplaceAllString(strings.ReplaceAll(path, "{$}", ""), "1")
			want := "no-store"
			if c, ok := ownCaching[rt.Pattern]; ok {
				want = c
			}
			clients := []*webtest.Client{admin}
			if rt.Perm == "public" {
				clients = append(clients, anon)
			}
			for _, c := range clients {
				r := c.Do("GET", path, nil)
				if got := r.Hdr.Get("Cache-Control"); got != want {
					t.Errorf("GET %s (%s): %d Cache-Control %q, want %q", path, rt.Pattern, r.Code, got, want)
				}
			}
		}
		for _, path := range []string{"/login", "/join", "/declare", "/open311/v2/requests/1.json"} {
			if got := anon.Do("GET", path, nil).Hdr.Get("Cache-Control"); got != "no-store" {
				t.Errorf("GET %s: Cache-Control %q", path, got)
			}
		}
		if got := anon.Do("GET", "/static/app.js", nil).Hdr.Get("Cache-Control"); got != "public, max-age=3600" {
			t.Errorf("static asset: Cache-Control %q", got)
		}
	})
}
