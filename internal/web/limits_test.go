package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// A body over its route's limit gets 413 with a translated message, on
// pages, in the API and in Open311, whether its length is declared or
// it comes chunked.
func TestBodyTooLarge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.login("admin")
		big := strings.Repeat("字", 1<<20) // 3 MiB
		form := url.Values{"csrf": {admin.csrf}, "code": {"X-1"}, "name": {big}}.Encode()
		for _, chunked := range []bool{false, true} {
			how := map[bool]string{false: "declared", true: "chunked"}[chunked]
			r := admin.send("/api/v1/orgs", "application/json", []byte(`{"code":"X-1","name":"`+big+`"}`), chunked)
			if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `"key":"err.body_too_large"`) || !strings.Contains(r.body, "提交的内容过大") {
				t.Errorf("API, %s: %d %.200s", how, r.code, r.body)
			}
			r = admin.send("/orgs", "application/x-www-form-urlencoded", []byte(form), chunked)
			if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "提交的内容过大") {
				t.Errorf("page, %s: %d %.200s", how, r.code, r.body)
			}
			r = e.anon().send("/open311/v2/requests.json", "application/x-www-form-urlencoded", []byte("api_key=x&description="+big), chunked)
			if r.code != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `"code":413`) {
				t.Errorf("Open311, %s: %d %.200s", how, r.code, r.body)
			}
		}
		// Within the limit nothing changes.
		if r := admin.send("/api/v1/orgs", "application/json", []byte(`{"code":1}`), true); r.code != http.StatusUnprocessableEntity {
			t.Errorf("small bad body: %d %.200s", r.code, r.body)
		}
	})
}
