package service_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/db"
	"dangjian/internal/web/webtest"
)

// TestBrowserServiceFlow drives the order loop (点单式服务) end to end in
// headless chromium, on every backend: resident1 orders 上门体检 on a
// phone (first with a point outside Sanya, refused, nothing written; then
// with a pin on the map), posts the form twice and gets one order, the
// 吉阳区 account dispatches and handles it on a desktop, the resident rates
// it 不满意 (reopened for a second round), the staff finish it again and
// the resident rates it 满意; last the staff open the service report.
// Screenshots go to $DANGJIAN_SCREENSHOTS (default:
// <tmp>/dangjian-screenshots), the PostgreSQL run's in a postgres/ folder.
func TestBrowserServiceFlow(t *testing.T) {
	webtest.EachBrowser(t, browserServiceFlow)
}

// serviceFlow is one run of the order loop: the shared flow and the
// order being handled.
type serviceFlow struct {
	*webtest.ServiceFlow
	id   int64
	desc string
	form string // the order form's fields as JSON [[name, value], ...]
}

func browserServiceFlow(t *testing.T, d *db.DB, shots string) {
	e := webtest.NewEnv(t, d)
	f := &serviceFlow{ServiceFlow: &webtest.ServiceFlow{T: t, E: e, Sv: e.Service(t)}, desc: "两位老人行动不便，想请医生上门测血压血糖"}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	phoneCtx, cancelPhone := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelPhone()
	f.Phone = webtest.Tab{T: t, Ctx: phoneCtx, Who: "phone", Shots: shots}
	f.Phone.Run("phone setup", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	// The staff's desktop: a browser context of its own (own cookies).
	deskCtx, cancelDesk := chromedp.NewContext(phoneCtx, chromedp.WithNewBrowserContext())
	defer cancelDesk()
	f.Desk = webtest.Tab{T: t, Ctx: deskCtx, Who: "desk", Shots: shots}
	f.Desk.Run("desk setup", chromedp.EmulateViewport(1280, 900))
	f.Login(f.Phone, "resident1", "/menu")
	f.placeOrder()
	f.postAgain()

	f.Login(f.Desk, "jiyang", "/")
	f.openOrder()
	f.handle(1)
	f.rate("unsatisfied", "只来了一位医生，还有一位老人没测", "已派单")
	if n := f.Count(`SELECT COUNT(*) FROM orders WHERE id = ? AND follow_up = 2`, f.id); n != 1 {
		t.Errorf("order %d is not in its second round after 不满意", f.id)
	}
	f.handle(2)
	f.rate("satisfied", "医生很耐心", "已评价")
	f.report()
}

// placeOrder is step 1: the menu, the refused order from Beijing, and the
// order pinned on the map.
func (f *serviceFlow) placeOrder() {
	t, phone := f.T, f.Phone
	link := `a[href="/order?item=` + f.Sv.Checkup.Code + `"]`
	phone.Run("menu", chromedp.Navigate(f.U("/menu")), chromedp.WaitVisible(chromedp.CSS(link)))
	if s := phone.Text("menu item", chromedp.CSS(link)); s != "上门体检" {
		t.Errorf("menu link = %q, want 上门体检", s)
	}
	phone.Translated("/menu")
	phone.Shot("service-menu-phone.png")
	phone.Run("open order form", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.CSS(`#order-submit`)))
	phone.Until("order form", `location.pathname + location.search === '/order?item=JY-P4-01'`)
	phone.Translated("/order")

	orders0 := f.Count(`SELECT COUNT(*) FROM orders`)
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.WaitReady(chromedp.CSS(`textarea[name=description]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="attribute[people]"]`), "3"),
		chromedp.SetValue(chromedp.CSS(`select[name="attribute[when]"]`), "am"),
		chromedp.SetValue(chromedp.CSS(`textarea[name=description]`), f.desc),
		chromedp.SetValue(chromedp.CSS(`input[name=lat]`), "39.9"),
		chromedp.SetValue(chromedp.CSS(`input[name=lng]`), "116.4"),
		chromedp.Click(chromedp.CSS(`#order-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#order-error`)),
	}
	// The map draws into the page as it loads; a node looked up just as
	// the page settles can vanish under chromedp, so the form is filled
	// again once on a fresh load if that happens.
	if err := chromedp.Do(phone.Ctx, fill...); err != nil {
		t.Logf("order from Beijing, first try: %v", err)
		phone.Run("reload order form", chromedp.Navigate(f.U("/order?item="+f.Sv.Checkup.Code)), chromedp.WaitVisible(chromedp.CSS(`#order-submit`)))
		phone.Run("order from Beijing", fill...)
	}
	if s := phone.Text("error", `#order-error`); !strings.Contains(s, "三亚") || !strings.Contains(s, "位置") {
		t.Errorf("#order-error = %q, want the location outside Sanya", s)
	}
	if n := f.Count(`SELECT COUNT(*) FROM orders`); n != orders0 {
		t.Errorf("the refused order wrote orders: %d → %d", orders0, n)
	}
	for _, k := range [][2]string{{`textarea[name=description]`, f.desc}, {`input[name="attribute[people]"]`, "3"}, {`select[name="attribute[when]"]`, "am"}} {
		if got := phone.Value("kept "+k[0], chromedp.CSS(k[0])); got != k[1] {
			t.Errorf("refused form: %s = %q, want %q kept", k[0], got, k[1])
		}
	}
	phone.Translated("/order (refused)")
	phone.Until("map drawn", `!!document.querySelector('#pinmap canvas')`)
	phone.Shot("service-order-error-phone.png")

	// A click on the map fills lat and lng; then the fixture's grid point,
	// so that the routing does not depend on where the click landed.
	phone.Run("clear lat/lng", chromedp.Clear(chromedp.CSS(`input[name=lat]`)), chromedp.Clear(chromedp.CSS(`input[name=lng]`)))
	phone.Run("map into view", chromedp.ScrollIntoView(chromedp.CSS(`#pinmap`)))
	phone.Until("map in view", webtest.InView("#pinmap"))
	phone.Run("pin on the map", chromedp.Click(chromedp.CSS(`#pinmap`)))
	phone.Until("pin filled lat/lng", `document.querySelector('input[name=lat]').value !== '' && document.querySelector('input[name=lng]').value !== ''`)
	lat, lng := phone.Value("lat", `input[name=lat]`), phone.Value("lng", `input[name=lng]`)
	if la, err1 := strconv.ParseFloat(lat, 64); err1 != nil || la < 18 || la > 18.6 {
		t.Errorf("the pin set lat %q, want a latitude in Sanya", lat)
	} else if lo, err2 := strconv.ParseFloat(lng, 64); err2 != nil || lo < 108.9 || lo > 110 {
		t.Errorf("the pin set lng %q, want a longitude in Sanya", lng)
	}
	phone.Shot("service-order-phone.png")
	gp := f.Sv.GridPoint
	phone.Run("grid point",
		chromedp.SetValue(chromedp.CSS(`input[name=lat]`), strconv.FormatFloat(gp[0], 'f', 6, 64)),
		chromedp.SetValue(chromedp.CSS(`input[name=lng]`), strconv.FormatFloat(gp[1], 'f', 6, 64)),
		chromedp.SetValue(chromedp.CSS(`input[name="attribute[people]"]`), "2"),
		chromedp.SetValue(chromedp.CSS(`textarea[name=description]`), f.desc),
		chromedp.SetValue(chromedp.CSS(`input[name=contact_name]`), "李阿姨"),
		chromedp.SetValue(chromedp.CSS(`input[name=phone]`), "13912345678"),
	)
	if on := phone.Text("opt-in", `#order-public`); !strings.Contains(on, "公开") {
		t.Errorf("the order form's opt-in reads %q", on)
	}
	phone.Run("opt in", chromedp.ScrollIntoView(chromedp.CSS(`#order-public input`)), chromedp.Click(chromedp.CSS(`#order-public input`)))
	phone.Shot("service-order-public-phone.png")
	f.submitOrder(orders0)
}

var placedURL = regexp.MustCompile(`/my/orders/(\d+)\?placed=1$`)

// submitOrder posts the good form and checks the placed order.
func (f *serviceFlow) submitOrder(orders0 int) {
	t, phone := f.T, f.Phone
	var err error
	f.form, err = chromedp.Run(phone.Ctx, chromedp.Evaluate[string](`JSON.stringify([...new FormData(document.querySelector('form.order-form'))])`))
	if err != nil || !strings.Contains(f.form, `"key"`) {
		t.Fatalf("the order form's fields: %q (%v)", f.form, err)
	}
	phone.Run("submit order", chromedp.Click(chromedp.CSS(`#order-submit`)))
	phone.Until("placed", `location.pathname.startsWith('/my/orders/') && !!document.querySelector('#order-status')`)
	loc, err := chromedp.Run(phone.Ctx, chromedp.Location())
	m := placedURL.FindStringSubmatch(loc)
	if err != nil || m == nil {
		t.Fatalf("after the order the phone is at %q (%v), want /my/orders/{id}?placed=1", loc, err)
	}
	f.id, _ = strconv.ParseInt(m[1], 10, 64)
	if s := phone.Text("status", `#order-status`); s != "已受理" {
		t.Errorf("#order-status = %q, want 已受理", s)
	}
	if s := phone.Text("notice", `main .notice`); !strings.Contains(s, "已受理") {
		t.Errorf("placed notice = %q", s)
	}
	if n := f.Count(`SELECT COUNT(*) FROM orders`); n != orders0+1 {
		t.Errorf("orders after placing: %d, want %d", n, orders0+1)
	}
	if n := f.Count(`SELECT COUNT(*) FROM orders WHERE id = ? AND description = ? AND post_id = ? AND status = 'accepted'`, f.id, f.desc, f.Sv.Chain[3].ID); n != 1 {
		t.Errorf("order %d is not the accepted order at %s", f.id, f.Sv.Chain[3].Name)
	}
	if s := phone.Text("published", `#order-published`); s != "是" {
		t.Errorf("#order-published = %q, want 是 (the resident opted in)", s)
	}
	if n := f.Count(`SELECT COUNT(*) FROM orders WHERE id = ? AND published`, f.id); n != 1 {
		t.Errorf("order %d is not published though the resident opted in", f.id)
	}
	phone.Translated("/my/orders/{id}")
	phone.Shot("service-placed-phone.png")
}

// postAgain is step 2: the same form (same one-time key), as it was
// when it was first submitted, posted again from the order's page returns
// the same order and writes nothing.
func (f *serviceFlow) postAgain() {
	t, phone := f.T, f.Phone
	phone.Run("post again", chromedp.Evaluate[chromedp.Void](`((pairs) => {
		window.__before = true;
		const f = document.createElement('form');
		f.method = 'post'; f.action = '/order';
		for (const [k, v] of pairs) {
			const i = document.createElement('input');
			i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
		}
		document.body.appendChild(f);
		f.submit();
	})(`+f.form+`)`))
	phone.Until("placed again", `!window.__before && location.pathname.startsWith('/my/orders/') && !!document.querySelector('#order-status')`)
	loc, err := chromedp.Run(phone.Ctx, chromedp.Location())
	if m := placedURL.FindStringSubmatch(loc); err != nil || m == nil || m[1] != strconv.FormatInt(f.id, 10) {
		t.Errorf("the second post lands at %q (%v), want order %d", loc, err, f.id)
	}
	if s := phone.Text("status", `#order-status`); s != "已受理" {
		t.Errorf("#order-status after the second post = %q, want 已受理", s)
	}
	if n := f.Count(`SELECT COUNT(*) FROM orders WHERE description = ?`, f.desc); n != 1 {
		t.Errorf("%d orders with the description after posting twice, want 1", n)
	}
}

// history counts the rows of the order's 办理记录.
const history = `(([...document.querySelectorAll('main section')].find(s => (s.querySelector('h2') || {}).textContent === '办理记录') || document).querySelectorAll('section tbody tr').length)`

// openOrder is step 3's start: the 吉阳区 account finds the order in its
// list and opens it.
func (f *serviceFlow) openOrder() {
	desk, id := f.Desk, strconv.FormatInt(f.id, 10)
	link := `a[href="/orders/` + id + `"]`
	desk.Run("orders", chromedp.Navigate(f.U("/orders")), chromedp.WaitVisible(chromedp.CSS(link)))
	if row := desk.Text("order row", chromedp.CSS(`tr:has(`+link+`)`)); !strings.Contains(row, "上门体检") || !strings.Contains(row, "已受理") {
		f.T.Errorf("/orders row of #%s = %q, want 上门体检 and 已受理", id, row)
	}
	desk.Translated("/orders")
	desk.Run("open order", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.CSS(`#order-status`)))
	if s := desk.Text("status", `#order-status`); s != "已受理" {
		f.T.Errorf("#order-status = %q, want 已受理", s)
	}
	if s := desk.Text("fields", `#fields`); !strings.Contains(s, f.desc) || !strings.Contains(s, f.Sv.Chain[3].Name) {
		f.T.Errorf("order fields = %.400q, want the description and %s", s, f.Sv.Chain[3].Name)
	}
	desk.Translated("/orders/{id}")
}

// step posts one of the order page's step forms and waits for the page
// to come back with one more history row and the wanted status.
func (f *serviceFlow) step(action string, want string, set ...string) {
	f.T.Helper()
	desk := f.Desk
	form := fmt.Sprintf(`form[action="/orders/%d/%s"]`, f.id, action)
	before, err := chromedp.Run(desk.Ctx, chromedp.Evaluate[int](history))
	if err != nil {
		f.T.Fatalf("history rows: %v", err)
	}
	acts := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.CSS(form))}
	for i := 0; i+1 < len(set); i += 2 {
		acts = append(acts, chromedp.SetValue(chromedp.CSS(form+` [name=`+set[i]+`]`), set[i+1]))
	}
	acts = append(acts, chromedp.Click(chromedp.CSS(form+` button`)))
	desk.Run(action+" "+strings.Join(set, " "), acts...)
	desk.Until(action+" → "+want, fmt.Sprintf(`%s > %d && (document.querySelector('#order-status') || {}).textContent === %q`, history, before, want))
}

// handle is the staff's round: dispatch (the first round only; a reopened
// order is dispatched again already), each unit starts and finishes, the
// feedback is verified and the order closed.
func (f *serviceFlow) handle(round int) {
	t, desk := f.T, f.Desk
	desk.Run("order page", chromedp.Navigate(f.U(fmt.Sprintf("/orders/%d", f.id))), chromedp.WaitVisible(chromedp.CSS(`#order-status`)))
	if round == 1 {
		f.step("dispatch", "已派单")
		desk.Translated("/orders/{id} (dispatched)")
	} else if s := desk.Text("status", `#order-status`); s != "已派单" {
		t.Errorf("round %d starts at %q, want 已派单", round, s)
	}
	units := []int64{f.Sv.Units[0].ID, f.Sv.Units[1].ID}
	for i, u := range units {
		uid := strconv.FormatInt(u, 10)
		f.step("unit", "处置中", "unit_id", uid, "step", "start", "note", "已联系老人")
		want := "处置中"
		if i == len(units)-1 {
			want = "已反馈"
		}
		f.step("unit", want, "unit_id", uid, "step", "done", "note", fmt.Sprintf("第%d轮已上门体检", round))
	}
	f.step("verify", "已核查", "passed", "1", "reason", "电话回访属实")
	f.step("close", "已结案", "reason", "办结")
	h := desk.Text("history", `main`)
	for _, a := range []string{"受理", "派单", "单位接单", "单位办结", "核查通过", "结案"} {
		if !strings.Contains(h, a) {
			t.Errorf("round %d: the history does not list %s", round, a)
		}
	}
	if round == 2 && !strings.Contains(h, "不满意重办") {
		t.Errorf("round 2: the history does not list 不满意重办")
	}
	// accept, dispatch, 2 × (start, done), verify, close; then reopen and
	// the same again but dispatch.
	if n, err := chromedp.Run(desk.Ctx, chromedp.Evaluate[int](history)); err != nil || n != 8+7*(round-1) {
		t.Errorf("round %d: %d history rows (%v), want %d", round, n, err, 8+7*(round-1))
	}
	desk.Translated("/orders/{id} (closed)")
	desk.Shot(fmt.Sprintf("service-order-desk-%d.png", round))
}

// rate is the resident's rating on the phone.
func (f *serviceFlow) rate(rating, note, want string) {
	phone := f.Phone
	form := fmt.Sprintf(`form[action="/my/orders/%d/rate"]`, f.id)
	phone.Run("my order", chromedp.Navigate(f.U(fmt.Sprintf("/my/orders/%d", f.id))), chromedp.WaitVisible(chromedp.CSS(form+` select[name=rating]`)))
	if s := phone.Text("status", `#order-status`); s != "已结案" {
		f.T.Errorf("#order-status before rating = %q, want 已结案", s)
	}
	phone.Translated("/my/orders/{id} (closed)")
	phone.Run("rate "+rating,
		chromedp.SetValue(chromedp.CSS(form+` select[name=rating]`), rating),
		chromedp.SendKeys(chromedp.CSS(form+` input[name=note]`), note),
		chromedp.Click(chromedp.CSS(form+` button`)),
	)
	phone.Until("rated → "+want, fmt.Sprintf(`(document.querySelector('#order-status') || {}).textContent === %q`, want))
	phone.Translated("/my/orders/{id} (rated)")
	phone.Shot("service-rated-" + rating + "-phone.png")
}

// report is step 5: the service report's charts and tables.
func (f *serviceFlow) report() {
	desk := f.Desk
	desk.Run("service report", chromedp.Navigate(f.U("/service-report")), chromedp.WaitVisible(chromedp.CSS(`.chart`)))
	desk.Until("charts drawn", `document.querySelectorAll('.chart').length > 0 && [...document.querySelectorAll('.chart')].every(c => c.querySelector('canvas'))`)
	if n := desk.Count("charts", `.chart canvas`); n == 0 {
		f.T.Errorf("/service-report draws no chart")
	}
	if s := desk.Text("tables", `main`); !strings.Contains(s, f.Sv.Chain[3].Name) {
		f.T.Errorf("/service-report tables do not mention %s", f.Sv.Chain[3].Name)
	}
	desk.Translated("/service-report")
	desk.Shot("service-report.png")
}
