package coverage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/audit"
	"dangjian/internal/coverage"
	"dangjian/internal/db"
	"dangjian/internal/web/webtest"
)

// TestBrowserCoverageMap drives the 15分钟服务圈 in headless chromium, on
// every backend: the 吉阳区 account uploads homes through /homes (one in
// Beijing, reported as left out), runs coverage from /coverage on a
// desktop, reads the straight-line notice and the share, clicks the
// fixture grid on the ECharts map and reads its numbers; opens the same
// map on a phone; sites one new post among generated candidates; asks
// what closing the fixture posts would cost; and cancels runs. Screenshots
// go to $DANGJIAN_SCREENSHOTS (default: <tmp>/dangjian-screenshots), the
// PostgreSQL run's in a postgres/ folder.
func TestBrowserCoverageMap(t *testing.T) {
	webtest.EachBrowser(t, browserCoverageMap)
}

// coverageFlow is one run of the test; the login and the tabs are the
// service flow's.
type coverageFlow struct {
	*webtest.ServiceFlow
	run string // the coverage run's path, /coverage/runs/{id}
}

func browserCoverageMap(t *testing.T, d *db.DB, shots string) {
	e := webtest.NewEnv(t, d)
	f := &coverageFlow{ServiceFlow: &webtest.ServiceFlow{T: t, E: e, Sv: e.Service(t)}}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	deskCtx, cancelDesk := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelDesk()
	f.Desk = webtest.Tab{T: t, Ctx: deskCtx, Who: "desk", Shots: shots}
	f.Desk.Run("desk setup", chromedp.EmulateViewport(1280, 900))
	phoneCtx, cancelPhone := chromedp.NewContext(deskCtx, chromedp.WithNewBrowserContext())
	defer cancelPhone()
	f.Phone = webtest.Tab{T: t, Ctx: phoneCtx, Who: "phone", Shots: shots}
	f.Phone.Run("phone setup", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))

	f.Login(f.Desk, "jiyang", "/")
	f.homes()
	f.coverageRun()
	f.Login(f.Phone, "jiyang", "/")
	f.phoneMap()
	f.siting()
	f.whatIf()
	f.cancelRace()
	f.cancelStale()
	f.cancelLong()
}

// homes is step 1: a homes file uploaded through the page's file input.
func (f *coverageFlow) homes() {
	t, desk := f.T, f.Desk
	la, ln := f.Sv.GridPoint[0], f.Sv.GridPoint[1]
	// In the grid, near it, 3 km east (uncovered: a cluster) and Beijing.
	csv := fmt.Sprintf("lat,lng,people\n%f,%f,10\n%f,%f,20\n%f,%f,30\n39.9,116.4,99\n", la+0.001, ln, la, ln+0.003, la, ln+0.03)
	path := filepath.Join(t.TempDir(), "homes.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	form := `form[action="/homes"]`
	desk.Run("homes", chromedp.Navigate(f.U("/homes")), chromedp.WaitVisible(chromedp.CSS(form+` input[type=file]`)))
	desk.Translated("/homes")
	desk.Run("upload homes", chromedp.Evaluate[chromedp.Void](`window.__before = true`),
		chromedp.SetUploadFiles(chromedp.CSS(form+` input[type=file]`), []string{path}),
		chromedp.Click(chromedp.CSS(form+` button`)),
	)
	desk.Until("imported", `!window.__before && !!document.querySelector('main .notice') && location.pathname === '/homes'`)
	if s := desk.Text("notice", `main .notice`); !strings.Contains(s, "已导入 3 个（60 人）") || !strings.Contains(s, "三亚市外 1 个") || !strings.Contains(s, "99 人") {
		t.Errorf("homes notice = %q, want 3 homes of 60 people and the one in Beijing (99 people) left out", s)
	}
	if s := desk.Text("homes", `#homes-n`); s != "3" {
		t.Errorf("#homes-n = %q, want 3", s)
	}
	desk.Translated("/homes (imported)")
	desk.Shot("coverage-homes.png")
}

// start submits one of /coverage's forms (by its kind) with some fields
// set, and returns the run page it lands on.
func (f *coverageFlow) start(b webtest.Tab, kind string, set ...string) string {
	f.T.Helper()
	form := `form.inline-form:has(input[name=kind][value=` + kind + `])`
	b.Run("coverage page", chromedp.Navigate(f.U("/coverage")), chromedp.WaitVisible(chromedp.CSS(form+` button`)))
	b.Translated("/coverage")
	acts := []chromedp.Action[chromedp.Void]{chromedp.Evaluate[chromedp.Void](`window.__before = true`)}
	for i := 0; i+1 < len(set); i += 2 {
		acts = append(acts, chromedp.SetValue(chromedp.CSS(form+` [name=`+set[i]+`]`), set[i+1]))
	}
	acts = append(acts, chromedp.Click(chromedp.CSS(form+` button`)))
	b.Run("start "+kind, acts...)
	b.Until(kind+" run page", `!window.__before && /^\/coverage\/runs\/\d+$/.test(location.pathname) && !!document.querySelector('#run-status')`)
	loc, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !webtest.RunID.MatchString(loc) {
		f.T.Fatalf("%s: the %s run lands at %q (%v)", b.Who, kind, loc, err)
	}
	return loc
}

// finished waits until the run page shows the finished run (the htmx poll
// reloads the page when the run ends).
func (f *coverageFlow) finished(b webtest.Tab, what string) {
	f.T.Helper()
	b.Until(what+" done", `(document.querySelector('#run-status') || {}).textContent === '已完成' && !!document.querySelector('#cov-share')`)
	if s := b.Text("mode", `#cov-mode`); !strings.Contains(s, "直线距离") {
		f.T.Errorf("%s: #cov-mode = %q, want 直线距离 (no network in the fixture)", what, s)
	}
	if s := b.Text("share", `#cov-share`); !pctRe.MatchString(s) {
		f.T.Errorf("%s: #cov-share = %q, want a percentage", what, s)
	}
}

var pctRe = regexp.MustCompile(`^\d+(\.\d)?%$`)

// mapDrawn waits for the ECharts canvas in #covmap and the series data.
func (f *coverageFlow) mapDrawn(b webtest.Tab) {
	f.T.Helper()
	b.Until("map drawn", `(() => { const el = document.getElementById('covmap'); const c = el && window.echarts && echarts.getInstanceByDom(el);
		return !!el.querySelector('canvas') && !!c && c.getOption().series.length === 4 })()`)
}

// coverageRun is step 2: the coverage form, the result and a click on the
// fixture grid on the map.
func (f *coverageFlow) coverageRun() {
	t, desk := f.T, f.Desk
	f.run = f.start(desk, "coverage", "minutes", "15")
	f.finished(desk, "coverage")
	if s := desk.Text("share", `#cov-share`); s != "50.0%" {
		t.Errorf("#cov-share = %q, want 50.0%% (30 of 60 people)", s)
	}
	if s := desk.Text("result", `main`); !strings.Contains(s, "测试第一网格") {
		t.Errorf("the coverage page does not list the fixture grid: %.600s", s)
	}
	desk.Translated("/coverage/runs/{id}")
	f.mapDrawn(desk)
	// The home 3 km east is the one uncovered cluster, in the table and on
	// the map.
	if s := desk.Text("clusters", `main section:last-of-type tbody`); !strings.Contains(s, "30") {
		t.Errorf("未覆盖聚集区 = %q, want the cluster of 30 people", s)
	}
	if n, err := chromedp.Run(desk.Ctx, chromedp.Evaluate[int](`echarts.getInstanceByDom(document.getElementById('covmap')).getOption().series[2].data.length`)); err != nil || n != 1 {
		t.Errorf("the map draws %d clusters (%v), want 1", n, err)
	}
	f.clickGrid(desk)
	info := desk.Text("map info", `#map-info`)
	if !strings.Contains(info, "测试第一网格") || !strings.Contains(info, "100%") || !strings.Contains(info, "10 / 10") {
		t.Errorf("#map-info = %q, want 测试第一网格 at 100%% (10 / 10)", info)
	}
	desk.Shot("coverage-map-desktop.png")
}

// clickGrid zooms the map in with the mouse wheel at the fixture grid
// (a few pixels wide at first) and clicks its centre, where the mark of
// the grid's own post lies, until #map-info shows the grid's numbers;
// then it zooms out again.
func (f *coverageFlow) clickGrid(b webtest.Tab) {
	f.T.Helper()
	px := func(dlng float64) []float64 {
		f.T.Helper()
		xy, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
			const el = document.getElementById('covmap'), r = el.getBoundingClientRect();
			const p = echarts.getInstanceByDom(el).convertToPixel({geoIndex: 0}, [%f, %f]);
			return [r.left + p[0], r.top + p[1]];
		})()`, f.Sv.GridPoint[1]+dlng, f.Sv.GridPoint[0])))
		if err != nil || len(xy) != 2 {
			f.T.Fatalf("%s: the grid's pixel: %v (%v)", b.Who, xy, err)
		}
		return xy
	}
	b.Run("map into view", chromedp.ScrollIntoView(chromedp.CSS(`#covmap`)))
	b.Until("map in view", webtest.InView("#covmap"))
	wheel := func(at []float64, delta int) {
		f.T.Helper()
		b.Run("wheel", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const ev = new WheelEvent('wheel', {clientX: %[1]f, clientY: %[2]f, deltaY: %[3]d, bubbles: true, cancelable: true});
			Object.defineProperty(ev, 'wheelDelta', {value: -(%[3]d)}); // what chromium's own wheel events carry
			document.elementFromPoint(%[1]f, %[2]f).dispatchEvent(ev);
		})()`, at[0], at[1], delta)))
		b.Flush("#covmap")
	}
	c := px(0)
	n := 0
	for ; n < 20 && px(0.002)[0]-c[0] < 30; n++ {
		wheel(c, -480)
		c = px(0)
	}
	if half := px(0.002)[0] - c[0]; half < 30 {
		f.T.Fatalf("%s: the wheel did not zoom in: the grid is %.0f px wide", b.Who, 2*half)
	}
	b.Flush("#covmap") // the marks of the new zoom are drawn
	c = px(0)
	b.Run("click the grid", chromedp.MouseClickXY(c[0], c[1]))
	b.Until("grid numbers", `(document.querySelector('#map-info') || {}).textContent.includes('测试第一网格')`)
	b.Shot("coverage-map-grid.png")
	for ; n > 0; n-- {
		wheel(c, 480)
	}
	b.Flush("#covmap")
}

// phoneMap is step 3: the same map on a phone.
func (f *coverageFlow) phoneMap() {
	t, phone := f.T, f.Phone
	phone.Run("run on the phone", chromedp.Navigate(f.U(f.run)), chromedp.WaitVisible(chromedp.CSS(`#covmap`)))
	f.finished(phone, "coverage (phone)")
	f.mapDrawn(phone)
	w, err := chromedp.Run(phone.Ctx, chromedp.Evaluate[[]float64](`[document.querySelector('#covmap canvas').getBoundingClientRect().width, window.innerWidth, document.documentElement.scrollWidth]`))
	if err != nil || len(w) != 3 || w[0] <= 0 || w[0] > w[1] || w[2] > w[1] {
		t.Errorf("phone: map canvas / viewport / page widths = %v (%v), want the map inside the viewport", w, err)
	}
	phone.Translated("/coverage/runs/{id} (phone)")
	phone.Shot("coverage-map-phone.png")
}

// siting is step 4: K=1 among generated candidates.
func (f *coverageFlow) siting() {
	t, desk := f.T, f.Desk
	f.start(desk, "siting", "k", "1", "source", "generated")
	f.finished(desk, "siting")
	picks := `([...document.querySelectorAll('main section')].find(s => (s.querySelector('h2') || {}).textContent === '选址结果') || document.createElement('i')).querySelectorAll('tbody tr').length`
	if n, err := chromedp.Run(desk.Ctx, chromedp.Evaluate[int](picks)); err != nil || n != 1 {
		t.Errorf("siting: %d rows in 选址结果 (%v), want 1", n, err)
	}
	if s := desk.Text("rerun form", `form.inline-form`); !strings.Contains(s, "排除的候选点") || strings.Contains(s, "排除说明") {
		t.Errorf("the rerun form's excluded field is not labelled 排除的候选点: %q", s)
	}
	desk.Until("curve drawn", `!!document.querySelector('.chart canvas')`)
	f.mapDrawn(desk)
	desk.Translated("/coverage/runs/{id} (siting)")
	desk.Shot("coverage-siting.png")
}

// whatIf is step 4's second half: closing the fixture's posts loses people.
func (f *coverageFlow) whatIf() {
	t, desk := f.T, f.Desk
	var ids []string
	for _, p := range f.Sv.Chain {
		ids = append(ids, strconv.FormatInt(p.ID, 10))
	}
	f.start(desk, "whatif", "close", strings.Join(ids, ","))
	f.finished(desk, "what-if")
	lost := desk.Text("lost", `#cov-lost`)
	if n, err := strconv.Atoi(strings.TrimSpace(strings.Split(lost, "/")[0])); err != nil || n == 0 {
		t.Errorf("#cov-lost = %q, want people lost", lost)
	} else if lost != "30 / 2" {
		t.Errorf("#cov-lost = %q, want 30 / 2", lost)
	}
	desk.Translated("/coverage/runs/{id} (what-if)")
	desk.Shot("coverage-whatif.png")
}

// cancelRace is step 5: a run started from the page and cancelled at once;
// on the tiny fixture it may have ended first. Either way the page shows
// the run, 已取消 or 已完成, never an error.
func (f *coverageFlow) cancelRace() {
	t, desk := f.T, f.Desk
	f.start(desk, "coverage", "minutes", "10")
	clicked, err := chromedp.Run(desk.Ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('#run-cancel'); if (b) b.click(); return !!b })()`))
	if err != nil {
		t.Fatalf("desk: cancel: %v", err)
	}
	desk.Until("ended", `['已取消', '已完成'].includes((document.querySelector('#run-status') || {}).textContent)`)
	t.Logf("cancel race: button pressed %v, the run %s", clicked, desk.Text("status", `#run-status`))
	if n := desk.Count("error", `main .alert`); n != 0 {
		t.Errorf("the cancelled run shows an error: %q", desk.Text("alert", `main .alert`))
	}
	desk.Translated("/coverage/runs/{id} (cancel race)")
}

// fixtureRun starts a coverage run in 吉阳区 (as the page would start
// one) whose work reports a stage and waits until it is cancelled or
// release is closed, then ends with an empty result.
func (f *coverageFlow) fixtureRun(release <-chan struct{}) int64 {
	f.T.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: 1, Username: "fixture"})
	id, err := f.E.S.Coverage.Start(ctx, context.Background(), f.E.W.Jiyang.Scope, 0, "coverage", coverage.Params{Minutes: 15},
		func(ctx context.Context, rep coverage.Progress) (any, any, error) {
			rep("walk", 1, 10)
			select {
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			case <-release:
				return map[string]int{}, coverage.Result{}, nil
			case <-time.After(30 * time.Second):
				return nil, nil, fmt.Errorf("neither cancelled nor released")
			}
		})
	if err != nil {
		f.T.Fatal(err)
	}
	f.Desk.Run("running run", chromedp.Navigate(f.U(fmt.Sprintf("/coverage/runs/%d", id))), chromedp.WaitVisible(chromedp.CSS(`#run-cancel`)))
	if s := f.Desk.Text("status", `#run-status`); s != "计算中" {
		f.T.Errorf("the fixture run's status = %q, want 计算中", s)
	}
	f.Desk.Translated("/coverage/runs/{id} (running)")
	return id
}

// cancelStale: the run ends while its page still shows the button (the
// poll has not come); the button, pressed then, leads to the ended run.
func (f *coverageFlow) cancelStale() {
	t, desk := f.T, f.Desk
	release := make(chan struct{})
	id := f.fixtureRun(release)
	desk.Run("keep the button", chromedp.Evaluate[chromedp.Void](`window.__stale = document.querySelector('#runstate form').cloneNode(true)`))
	close(release)
	if _, err := f.E.S.Coverage.Wait(context.Background(), f.E.W.Jiyang.Scope, id, 10*time.Millisecond, nil); err != nil {
		t.Fatal(err)
	}
	desk.Run("press the stale button", chromedp.Evaluate[chromedp.Void](`window.__before = true; document.body.appendChild(window.__stale); window.__stale.querySelector('button').click()`))
	desk.Until("back on the run", `!window.__before && (document.querySelector('#run-status') || {}).textContent === '已完成'`)
	if n := desk.Count("error", `main .alert`); n != 0 {
		t.Errorf("the stale cancel shows an error: %q", desk.Text("alert", `main .alert`))
	}
	desk.Translated("/coverage/runs/{id} (stale cancel)")
}

// cancelLong: a run that works until it is cancelled, cancelled with the
// page's button.
func (f *coverageFlow) cancelLong() {
	t, desk := f.T, f.Desk
	id := f.fixtureRun(nil)
	desk.Shot("coverage-running.png")
	desk.Run("cancel", chromedp.Click(chromedp.CSS(`#run-cancel`)))
	desk.Until("cancelled", `(document.querySelector('#run-status') || {}).textContent === '已取消' && !document.querySelector('#run-cancel')`)
	if n := desk.Count("error", `main .alert`); n != 0 {
		t.Errorf("the cancelled run shows an error: %q", desk.Text("alert", `main .alert`))
	}
	desk.Translated("/coverage/runs/{id} (cancelled)")
	desk.Shot("coverage-cancelled.png")
	if n := f.Count(`SELECT COUNT(*) FROM coverage_runs WHERE id = ? AND status = ?`, id, coverage.Cancelled); n != 1 {
		t.Errorf("run %d is not cancelled in the database", id)
	}
}
