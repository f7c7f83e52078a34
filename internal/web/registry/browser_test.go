package registry_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/db/dbtest"
	"dangjian/internal/pii"
	"dangjian/internal/testfix"
	"dangjian/internal/web/webtest"
)

// TestBrowser drives a headless chromium through the main pages as the
// 海棠区 account: login, org tree, search, masked ID and reveal, a failing
// import and the people list on a phone-sized screen. Each step leaves a
// screenshot in $DANGJIAN_SCREENSHOTS (default: <tmp>/dangjian-screenshots).
func TestBrowser(t *testing.T) {
	webtest.NeedChromium(t)
	shots := os.Getenv("DANGJIAN_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "dangjian-screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s", shots)

	d := dbtest.Open(t, "sqlite")
	e := webtest.NewEnv(t, d)
	ht := e.W.Haitang

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelCtx()

	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 = PNG; lower qualities give JPEG
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(step string, sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return s
	}
	u := func(path string) string { return e.Srv.URL + path }

	// 1. Login (in Chinese: the lang cookie overrides the browser's locale).
	run("login",
		chromedp.Navigate(u("/lang/zh-CN")),
		chromedp.Navigate(u("/login")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "haitang"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`.cards`)),
	)
	shot("01-login.png")

	// 2. Org tree: own committee only; expanding loads the branches.
	run("org tree", chromedp.Navigate(u("/orgs/tree")), chromedp.WaitVisible(chromedp.CSS(`ul.tree`)))
	body := text("org tree text", "body")
	if !strings.Contains(body, "HT区委") {
		t.Errorf("org tree lacks HT区委: %.300s", body)
	}
	if strings.Contains(body, "JY区委") {
		t.Errorf("org tree leaks JY区委")
	}
	// The desktop header shows the navigation in groups: a group's entries
	// are hidden until it is hovered or focused.
	navShown := func(step string) bool {
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const a = document.querySelector('.navgroups a[href="/orglife"]'); return !!a && a.offsetParent !== null })()`))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return shown
	}
	if navShown("nav closed") {
		t.Errorf("a closed nav group shows its entries")
	}
	run("open nav group", chromedp.Focus(`//div[contains(@class,"ng")][a[@href="/orglife"] or div/a[@href="/orglife"]]/span`))
	if !navShown("nav open") {
		t.Errorf("a focused nav group hides its entries")
	}
	branch := ht.Branches[0].Name
	run("expand tree",
		// Click the summary's <small>, not its link, so the page stays.
		chromedp.Click(`//summary[a[normalize-space(text())="HT区委"]]/small`),
		chromedp.WaitVisible(fmt.Sprintf(`//a[normalize-space(text())=%q]`, branch)),
	)
	shot("02-org-tree.png")

	// 3. Search.
	run("search", chromedp.Navigate(u("/people?q=HT党员0")), chromedp.WaitVisible(chromedp.CSS(`#results`)))
	res := text("search results", "#results")
	if !strings.Contains(res, "HT党员00") {
		t.Errorf("search results lack HT党员00: %.300s", res)
	}
	if strings.Contains(res, "JY") {
		t.Errorf("search results leak JY: %.300s", res)
	}
	shot("03-search.png")

	// 4. Person detail: masked ID, then reveal.
	full := testfix.IDNumber(1)
	run("person", chromedp.Navigate(u(fmt.Sprintf("/people/%d", ht.Members[0].ID))), chromedp.WaitVisible(chromedp.CSS(`#id_number`)))
	masked := text("masked id", "#id_number")
	if !strings.Contains(masked, "**********") || strings.Contains(masked, full) {
		t.Errorf("#id_number = %q, want masked (not %s)", masked, full)
	}
	shot("04-person-masked.png")
	run("reveal",
		chromedp.Click(chromedp.CSS(`#reveal`)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(document.querySelector('#id_number')||{}).textContent?.includes(%q)`, full), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("reveal did not show the full ID: %v", err)
	}
	if got := text("revealed id", "#id_number"); !strings.Contains(got, full) {
		t.Errorf("revealed #id_number = %q, want %s", got, full)
	}

	// 5. Import with a bad checksum on row 3: job fails, nothing written.
	id := func(n int) string {
		first := fmt.Sprintf("46020219900101%03d", n)
		return first + string(pii.IDCheckChar(first))
	}
	bad := id(902)
	last := byte('0')
	if bad[17] == '0' {
		last = '1'
	}
	bad = bad[:17] + string(last)
	code := ht.Village.Code
	csv := "姓名,政治面貌,身份证号,所在区域编码\n" +
		"浏览器导入甲,群众," + id(901) + "," + code + "\n" +
		"浏览器导入乙,群众," + bad + "," + code + "\n" +
		"浏览器导入丙,群众," + id(903) + "," + code + "\n"
	csvPath := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(csvPath, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	run("import",
		chromedp.Navigate(u("/imports")),
		chromedp.WaitVisible(chromedp.CSS(`#import-form`)),
		chromedp.SetValue(chromedp.CSS(`#import-form select[name=kind]`), "people"),
		chromedp.SetUploadFiles(chromedp.CSS(`#import-form input[name=file]`), []string{csvPath}),
		chromedp.Submit(chromedp.CSS(`#import-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#job-result`)),
	)
	result := text("job result", "#job-result")
	if !strings.Contains(result, "第3行") || !strings.Contains(result, "校验位") {
		t.Errorf("job result does not name row 3's checksum: %q", result)
	}
	probs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#job-result ul.problems li').length`))
	if err != nil {
		t.Fatal(err)
	}
	if probs == 0 {
		t.Errorf("job result lists no row problems: %q", result)
	}
	var n int
	if err := e.S.DB.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM people WHERE name LIKE '浏览器导入%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("failed import wrote %d people", n)
	}
	shot("05-import-bad-row.png")

	// 5b. A new person: the org picker finds the branch by name and fills
	// the hidden id; saving creates the member there.
	run("person form",
		chromedp.Navigate(u("/people/new")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "浏览器新党员"),
		chromedp.SendKeys(chromedp.CSS(`input[name=org_id] + .pick-q`), ht.Branches[1].Name),
		chromedp.WaitVisible(fmt.Sprintf(`//input[@name="org_id"]/following-sibling::span[@class="pick-list"]//button[@data-name=%q]`, ht.Branches[1].Name)),
		chromedp.Click(fmt.Sprintf(`//input[@name="org_id"]/following-sibling::span[@class="pick-list"]//button[@data-name=%q]`, ht.Branches[1].Name)),
		chromedp.SendKeys(chromedp.CSS(`input[name=area_id] + .pick-q`), ht.Village.Name),
		chromedp.WaitVisible(fmt.Sprintf(`//input[@name="area_id"]/following-sibling::span[@class="pick-list"]//button[@data-name=%q]`, ht.Village.Name)),
		chromedp.Click(fmt.Sprintf(`//input[@name="area_id"]/following-sibling::span[@class="pick-list"]//button[@data-name=%q]`, ht.Village.Name)),
	)
	picked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name=org_id]').value`))
	if err != nil || picked != fmt.Sprint(ht.Branches[1].ID) {
		t.Fatalf("org picker set %q (%v), want %d", picked, err, ht.Branches[1].ID)
	}
	shot("05b-person-form-picker.png")
	run("save person", chromedp.Click(chromedp.CSS(`form.form button.primary`)), chromedp.WaitVisible(chromedp.CSS(`#fields`)))
	if got := text("new person page", "#fields"); !strings.Contains(got, ht.Branches[1].Name) {
		t.Errorf("new person not in the picked branch: %.300s", got)
	}

	// 6. Phone-sized people list.
	run("phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(u("/people")),
		chromedp.WaitVisible(chromedp.CSS(`#results`)),
	)
	if res := text("phone list", "#results"); !strings.Contains(res, "HT党员") {
		t.Errorf("phone people list lacks HT党员: %.300s", res)
	}
	shot("06-phone-people.png")
}
