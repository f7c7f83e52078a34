package web_test

import (
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db/dbtest"
)

// A number that is not finite is refused with the field named, never
// shown in the parser's words: NaN passed every range check after it.
func TestNumbersMustBeFinite(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, "sqlite"))
	jy := e.login("jiyang")
	for _, v := range []string{"NaN", "Inf", "-Infinity", "1e999", "abc"} {
		r := jy.do("GET", "/locate?lat="+url.QueryEscape(v)+"&lng=109.5", nil)
		if r.code != 422 || !strings.Contains(r.body, "参数“纬度”应为数字") || strings.Contains(r.body, "strconv") {
			t.Errorf("lat=%s: %d %.300s", v, r.code, r.body)
		}
	}
}
