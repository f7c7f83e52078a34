package coverage_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
	"dangjian/internal/web/webtest"
)

// waitRun follows a run page until it is no longer running and returns it.
func waitRun(t *testing.T, c *webtest.Client, loc string) string {
	t.Helper()
	if !webtest.RunID.MatchString(loc) {
		t.Fatalf("run location %q", loc)
	}
	for i := 0; i < 300; i++ {
		r := c.Do("GET", loc, nil)
		if !strings.Contains(r.Body, "hx-trigger=\"every 700ms\"") {
			return r.Body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("run %s did not finish", loc)
	return ""
}

// TestCoveragePages: 吉阳区 imports homes (one outside Sanya, counted),
// runs coverage (straight lines, stated), reads the map data and the
// export, sites K=1 among generated candidates, and asks what closing
// the fixture's posts would cost.
func TestCoveragePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := webtest.NewEnv(t, d)
		sv := e.Service(t)
		jy := e.Login("jiyang")
		la, ln := sv.GridPoint[0], sv.GridPoint[1]
		csv := fmt.Sprintf("lat,lng,people\n%f,%f,10\n%f,%f,20\n%f,%f,30\n39.9,116.4,99\n", la+0.001, ln, la, ln+0.003, la, ln+0.03)
		r := jy.Do("POST", "/homes", webtest.FileUpload(t, map[string]string{"csrf": jy.Csrf}, "homes.csv", []byte(csv)))
		if r.Code != 200 || !strings.Contains(r.Body, "已导入 3 个") || !strings.Contains(r.Body, "三亚市外 1 个") {
			t.Fatalf("homes import: %d %.600s", r.Code, r.Body)
		}
		bad := jy.Do("POST", "/homes", webtest.FileUpload(t, map[string]string{"csrf": jy.Csrf}, "homes.csv", []byte("lat,lng,people\n18.3,109.5,many\n")))
		webtest.Want(t, "bad homes file", bad, 422)

		r = jy.Do("POST", "/coverage/runs", url.Values{"kind": {"coverage"}, "minutes": {"15"}})
		webtest.Want(t, "start coverage", r, 303)
		body := waitRun(t, jy, r.Hdr.Get("Location"))
		for _, s := range []string{"直线距离", "50.0%", "测试第一网格"} {
			if !strings.Contains(body, s) {
				t.Errorf("coverage run page lacks %q", s)
			}
		}
		loc := r.Hdr.Get("Location")
		m := jy.Do("GET", loc+"/map.json", nil)
		if m.Code != 200 || !strings.Contains(m.Body, `"share":1`) || !strings.Contains(m.Body, "测试网格党群服务点") {
			t.Errorf("map data: %d %.400s", m.Code, m.Body)
		}
		id := strings.TrimPrefix(loc, "/coverage/runs/")
		webtest.Want(t, "export", jy.Do("GET", "/export/coverage?format=xlsx&run="+id, nil), 200)
		webtest.Want(t, "rerun", jy.Do("POST", loc+"/rerun", url.Values{}), 303)
		if r := jy.Do("POST", loc+"/cancel", url.Values{}); r.Code != 303 || r.Hdr.Get("Location") != loc {
			t.Errorf("cancel a finished run: %d → %q, want 303 back to the run page", r.Code, r.Hdr.Get("Location"))
		}

		r = jy.Do("POST", "/coverage/runs", url.Values{"kind": {"siting"}, "minutes": {"15"}, "k": {"1"}, "source": {"generated"}})
		body = waitRun(t, jy, r.Hdr.Get("Location"))
		if !strings.Contains(body, "100.0%") || !strings.Contains(body, "候选点1") {
			t.Errorf("siting page: %.800s", body)
		}
		r = jy.Do("POST", "/coverage/runs", url.Values{"kind": {"siting"}, "minutes": {"15"}, "k": {"9"}, "source": {"generated"}})
		body = waitRun(t, jy, r.Hdr.Get("Location"))
		if !strings.Contains(body, "K=9 超过可选的候选点数 1") {
			t.Errorf("K beyond the candidates is not explained: %s", body[strings.Index(body, "<main"):])
		}
		var ids []string
		for _, p := range sv.Chain {
			ids = append(ids, fmt.Sprint(p.ID))
		}
		r = jy.Do("POST", "/coverage/runs", url.Values{"kind": {"whatif"}, "minutes": {"15"}, "close": {strings.Join(ids, ",")}})
		body = waitRun(t, jy, r.Hdr.Get("Location"))
		if !strings.Contains(body, "30 / 2") {
			t.Errorf("what-if page: %.800s", body)
		}
	})
}
