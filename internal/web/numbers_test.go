package web_test

import (
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// A number that is not finite is refused with the field named, never
// shown in the parser's words: NaN passed every range check after it.
func TestNumbersMustBeFinite(t *testing.T) {
	e := webtest.NewEnv(t, dbtest.Open(t, "sqlite"))
	jy := e.Login("jiyang")
	for _, v := range []string{"NaN", "Inf", "-Infinity", "1e999", "abc"} {
		r := jy.Do("GET", "/locate?lat="+url.QueryEscape(v)+"&lng=109.5", nil)
		if r.Code != 422 || !strings.Contains(r.Body, "参数“纬度”应为数字") || strings.Contains(r.Body, "strconv") {
			t.Errorf("lat=%s: %d %.300s", v, r.Code, r.Body)
		}
	}
}
