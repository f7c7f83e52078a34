package coverage_test

import (
	"net/url"
	"strings"
	"testing"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// TestViewerCannotRunCoverage: the read-only viewer sees runs but may not
// start, cancel or rerun one (coverage.run); the pages offer it no form.
func TestViewerCannotRunCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		e.Service(t)
		jy := e.Login("jiyang")
		r := jy.Do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}})
		webtest.Want(t, "district starts coverage", r, 303)
		loc := r.Hdr.Get("Location")
		waitRun(t, jy, loc)

		v := e.Login("viewer")
		webtest.Want(t, "viewer starts coverage", v.Do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}}), 403)
		webtest.Want(t, "viewer cancels", v.Do("POST", loc+"/cancel", url.Values{}), 403)
		webtest.Want(t, "viewer reruns", v.Do("POST", loc+"/rerun", url.Values{}), 403)
		for _, path := range []string{"/coverage", loc} {
			p := v.Do("GET", path, nil)
			webtest.Want(t, "viewer reads "+path, p, 200)
			if strings.Contains(p.Body, `action="/coverage/runs`) {
				t.Errorf("%s offers the viewer a run form", path)
			}
		}
		if p := jy.Do("GET", "/coverage", nil); !strings.Contains(p.Body, `action="/coverage/runs"`) {
			t.Errorf("/coverage offers the district no run form")
		}
	})
}
