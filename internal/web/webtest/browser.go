package webtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/db"
	"dangjian/internal/db/dbtest"
)

// eachBrowser runs a browser flow on every backend with its screenshot
// folder ($DANGJIAN_SCREENSHOTS, default <tmp>/dangjian-screenshots; the
// PostgreSQL run's in a postgres/ folder). Without chromium it skips,
// except under CI, where it fails.
func EachBrowser(t *testing.T, flow func(t *testing.T, d *db.DB, shots string)) {
	NeedChromium(t)
	shots := os.Getenv("DANGJIAN_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "dangjian-screenshots")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		dir := shots
		if b := filepath.Base(t.Name()); b != "sqlite" {
			dir = filepath.Join(shots, b)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshots: %s", dir)
		flow(t, d, dir)
	})
}

// tab is one browser tab of the test, with the steps the flow needs.
type Tab struct {
	T     *testing.T
	Ctx   context.Context
	Who   string
	Shots string
}

func (b Tab) Run(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	if err := chromedp.Do(b.Ctx, actions...); err != nil {
		b.T.Fatalf("%s: %s: %v", b.Who, step, err)
	}
}

func (b Tab) Shot(name string) {
	b.T.Helper()
	buf, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100)) // 100 = PNG
	if err != nil {
		b.T.Fatalf("%s: screenshot %s: %v", b.Who, name, err)
	}
	if err := os.WriteFile(filepath.Join(b.Shots, name), buf, 0o644); err != nil {
		b.T.Fatal(err)
	}
}

func (b Tab) Text(step string, sel chromedp.CSS) string {
	b.T.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Text(sel))
	if err != nil {
		b.T.Fatalf("%s: %s: %v", b.Who, step, err)
	}
	return s
}

func (b Tab) Value(step string, sel chromedp.CSS) string {
	b.T.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Value(sel))
	if err != nil {
		b.T.Fatalf("%s: %s: %v", b.Who, step, err)
	}
	return s
}

func (b Tab) Count(step, css string) int {
	b.T.Helper()
	n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
	if err != nil {
		b.T.Fatalf("%s: %s: %v", b.Who, step, err)
	}
	return n
}

// until waits for a JavaScript condition, such as the page after a form
// post that redirects back to the same URL. A check that fails because the
// page is navigating is tried again.
func (b Tab) Until(step, expr string) {
	b.T.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var err error
	for time.Now().Before(deadline) && b.Ctx.Err() == nil {
		var ok bool
		if ok, err = chromedp.Run(b.Ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	body, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
	b.T.Fatalf("%s: %s: not met (last error: %v)\npage: %.600s", b.Who, step, err, body)
}

// inView is the condition that the element css names lies in the viewport
// (after a scroll, which a smooth-scrolling page finishes later).
func InView(css string) string {
	return fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return r.top >= 0 && r.left >= 0 && r.top < innerHeight && r.height > 0 })()`, css)
}

// flush draws the ECharts chart in css now, so that what a zoom or a roam
// changed is on the canvas before the next step looks or clicks.
func (b Tab) Flush(css string) {
	b.T.Helper()
	b.Run("draw "+css, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`echarts.getInstanceByDom(document.querySelector(%q)).getZr().refreshImmediately()`, css)))
}

func (b Tab) Translated(page string) {
	b.T.Helper()
	keys, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](rawKeys))
	if err != nil {
		b.T.Fatalf("%s: %s: raw keys: %v", b.Who, page, err)
	}
	if len(keys) > 0 {
		b.T.Errorf("%s: %s shows untranslated keys: %v", b.Who, page, keys)
	}
}

// rawKeys lists what on the page looks like an untranslated message key
// (such as talent.status.x): in its text, placeholders and titles.
const rawKeys = `(() => {
	const re = /(^|[^\w.\/-])((app|nav|form|list|join|login|talent|demand|rank|engagement|match|me|slot|period|notify|interest|points|honour|fund|report|err|order|post|menu|svc|stat|grid|holiday|client|staff|coverage|weak|supervision|project|risk|alliance|cultivation|declaration|orglife|gap|assess)\.[a-z_]+(\.[a-z_]+)*)(?![\w.\/-])/g;
	const texts = [document.title, document.body.innerText];
	document.querySelectorAll('[placeholder], [title]').forEach(el => texts.push(el.getAttribute('placeholder') || '', el.getAttribute('title') || ''));
	const out = [];
	for (const s of texts) for (const m of s.matchAll(re)) out.push(m[2]);
	return out;
})()`

// chromiumNames are the names a chromium goes by on PATH, in the order
// they are tried: Debian's package, Ubuntu's and Google's.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome"}

// findChromium returns the first of chromiumNames that look finds.
func FindChromium(look func(string) (string, error)) (string, error) {
	for _, name := range chromiumNames {
		if p, err := look(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("none of %s is on PATH", strings.Join(chromiumNames, ", "))
}

// needChromium returns the chromium the browser tests drive. Without one
// the test is skipped, except in CI (CI set), where it fails: a CI run
// must not pass by skipping the browser tests.
func NeedChromium(t testing.TB) string {
	t.Helper()
	p, err := FindChromium(exec.LookPath)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and no chromium was found: %v", err)
		}
		t.Skipf("no chromium: %v", err)
	}
	return p
}

// browserOptions are the flags every browser test starts Debian's
// chromium with: headless, and with the background networking this
// machine's closed network refuses turned off.
func BrowserOptions(t *testing.T) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(NeedChromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
}
