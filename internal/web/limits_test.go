package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// A body over its route's limit gets 413 with a translated message, on
// pages, in the API and in Open311, whether its length is declared or
// it comes chunked.
func TestBodyTooLarge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		admin := e.Login("admin")
		big := strings.Repeat("字", 1<<20) // 3 MiB
		form := url.Values{"csrf": {admin.Csrf}, "code": {"X-1"}, "name": {big}}.Encode()
		for _, chunked := range []bool{false, true} {
			how := map[bool]string{false: "declared", true: "chunked"}[chunked]
			r := admin.Send("/api/v1/orgs", "application/json", []byte(`{"code":"X-1","name":"`+big+`"}`), chunked)
			if r.Code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, `"key":"err.body_too_large"`) || !strings.Contains(r.Body, "提交的内容过大") {
				t.Errorf("API, %s: %d %.200s", how, r.Code, r.Body)
			}
			r = admin.Send("/orgs", "application/x-www-form-urlencoded", []byte(form), chunked)
			if r.Code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "提交的内容过大") {
				t.Errorf("page, %s: %d %.200s", how, r.Code, r.Body)
			}
			r = e.Anon().Send("/open311/v2/requests.json", "application/x-www-form-urlencoded", []byte("api_key=x&description="+big), chunked)
			if r.Code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, `"code":413`) {
				t.Errorf("Open311, %s: %d %.200s", how, r.Code, r.Body)
			}
		}
		// Within the limit nothing changes.
		if r := admin.Send("/api/v1/orgs", "application/json", []byte(`{"code":1}`), true); r.Code != http.StatusUnprocessableEntity {
			t.Errorf("small bad body: %d %.200s", r.Code, r.Body)
		}
	})
}
