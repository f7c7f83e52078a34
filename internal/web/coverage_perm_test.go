package web_test

import (
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// TestViewerCannotRunCoverage: the read-only viewer sees runs but may not
// start, cancel or rerun one (coverage.run); the pages offer it no form.
func TestViewerCannotRunCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.service(t)
		jy := e.login("jiyang")
		r := jy.do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}})
		want(t, "district starts coverage", r, 303)
		loc := r.hdr.Get("Location")
		waitRun(t, jy, loc)

		v := e.login("viewer")
		want(t, "viewer starts coverage", v.do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}}), 403)
		want(t, "viewer cancels", v.do("POST", loc+"/cancel", url.Values{}), 403)
		want(t, "viewer reruns", v.do("POST", loc+"/rerun", url.Values{}), 403)
		for _, path := range []string{"/coverage", loc} {
			p := v.do("GET", path, nil)
			want(t, "viewer reads "+path, p, 200)
			if strings.Contains(p.body, `action="/coverage/runs`) {
				t.Errorf("%s offers the viewer a run form", path)
			}
		}
		if p := jy.do("GET", "/coverage", nil); !strings.Contains(p.body, `action="/coverage/runs"`) {
			t.Errorf("/coverage offers the district no run form")
		}
	})
}
