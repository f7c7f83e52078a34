package coverage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/db"
	"dangjian/internal/web/webtest"
)

// markup is a name stored before imports refused markup.
const markup = `<img src=x onerror="window.__xss=1">`

// TestBrowserMapNamesAreText stores a grid and a post whose names hold
// markup, runs coverage from the page and shows the coverage map's
// tooltips for both: the names show as text and create no element.
func TestBrowserMapNamesAreText(t *testing.T) {
	webtest.EachBrowser(t, browserMapNames)
}

func browserMapNames(t *testing.T, d *db.DB, shots string) {
	e := webtest.NewEnv(t, d)
	f := &coverageFlow{ServiceFlow: &webtest.ServiceFlow{T: t, E: e, Sv: e.Service(t)}}
	bg := context.Background()
	grid, post := "测试"+markup+"网格", markup+"服务点"
	if _, err := d.Write().ExecContext(bg, `UPDATE areas SET name = ? WHERE id = ?`, grid, f.Sv.Grid.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write().ExecContext(bg, `UPDATE posts SET name = ? WHERE id = ?`, post, f.Sv.Chain[3].ID); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(bg, 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	deskCtx, cancelDesk := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelDesk()
	f.Desk = webtest.Tab{T: t, Ctx: deskCtx, Who: "desk", Shots: shots}
	f.Desk.Run("desk setup", chromedp.EmulateViewport(1440, 900))
	f.Login(f.Desk, "jiyang", "/")
	f.homes()
	f.run = f.start(f.Desk, "coverage", "minutes", "15")
	f.finished(f.Desk, "coverage")
	f.mapDrawn(f.Desk)
	f.Desk.Run("map into view", chromedp.ScrollIntoView(chromedp.CSS(`#covmap`)))
	f.Desk.Until("map in view", webtest.InView("#covmap"))

	// showTip opens a tooltip and returns what #covmap then holds: its
	// text, its <img> count and whether the markup's handler ran.
	// The tooltip is up once the map holds its subject's name as text.
	showTip := func(what, action, subject string) (text string, imgs int, ran bool) {
		t.Helper()
		f.Desk.Run(what, chromedp.Evaluate[chromedp.Void](`echarts.getInstanceByDom(document.getElementById('covmap')).dispatchAction(`+action+`)`))
		f.Desk.Until(what+" shown", fmt.Sprintf(`document.getElementById('covmap').innerText.includes(%q)`, subject))
		r, err := chromedp.Run(f.Desk.Ctx, chromedp.Evaluate[[]any](`(() => { const el = document.getElementById('covmap');
			return [el.innerText, el.querySelectorAll('img').length, window.__xss === 1] })()`))
		if err != nil || len(r) != 3 {
			t.Fatalf("%s: %v (%v)", what, r, err)
		}
		n, _ := r[1].(float64)
		return r[0].(string), int(n), r[2] == true
	}
	text, imgs, ran := showTip("grid tooltip", fmt.Sprintf(`{type: 'showTip', seriesIndex: 0, name: 'g%d'}`, f.Sv.Grid.ID), grid)
	if !strings.Contains(text, grid) || imgs != 0 || ran {
		t.Errorf("grid tooltip: text %q, %d <img>, handler ran %v; want the name as text", text, imgs, ran)
	}
	mapShot(f.Desk, "coverage-tooltip-markup.png")
	text, imgs, ran = showTip("post tooltip", fmt.Sprintf(`{type: 'showTip', seriesIndex: 1,
		dataIndex: echarts.getInstanceByDom(document.getElementById('covmap')).getOption().series[1].data.findIndex(d => d.value[3] === %q)}`, post), post)
	if !strings.Contains(text, post) || imgs != 0 || ran {
		t.Errorf("post tooltip: text %q, %d <img>, handler ran %v; want the name as text", text, imgs, ran)
	}
	mapShot(f.Desk, "coverage-tooltip-post-markup.png")
}

// mapShot captures the viewport, the map scrolled into it, with the
// tooltip as it is (a full-page or element capture moves the page, and the
// map shows the tooltip of what then lies under the mouse).
func mapShot(b webtest.Tab, name string) {
	b.T.Helper()
	buf, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.T.Fatalf("%s: screenshot %s: %v", b.Who, name, err)
	}
	if err := os.WriteFile(filepath.Join(b.Shots, name), buf, 0o644); err != nil {
		b.T.Fatal(err)
	}
}
