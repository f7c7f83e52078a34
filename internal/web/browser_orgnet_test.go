package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/alliance"
	"dangjian/internal/assess"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/orglife"
	"dangjian/internal/project"
	"dangjian/internal/weak"
	"dangjian/internal/web/webtest"
)

// TestBrowserOrgNetworkPhone is issue 6's check that the organization
// network works on the branch secretary's phone: in headless chromium at
// 390×844 with mobile emulation, on every backend, the first 海棠 branch's
// secretary (htbranch) opens each page of the network, most of them through
// the navigation strip as a thumb would, and records a meeting of their
// branch with one attendee on the new-meeting form. Every page must answer
// 200 without the error page, show its heading, offer the navigation with
// the page's own entry reachable, and fit the screen's width (a wide table
// may scroll inside its own container, the page itself may not). The pages
// show the fixtures of the secretary's branch and none of the second
// branch's. One screenshot per page goes to $DANGJIAN_SCREENSHOTS (default:
// <tmp>/dangjian-screenshots), the PostgreSQL run's in a postgres/ folder.
func TestBrowserOrgNetworkPhone(t *testing.T) {
	webtest.EachBrowser(t, browserOrgNetworkPhone)
}

// orgnetPage is one page of the walk: how to reach it, and what it must
// and must not show to the first 海棠 branch's secretary.
type orgnetPage struct {
	path    string // the URL path
	viaNav  bool   // reached by the navigation strip's entry for path
	want    []string
	notWant []string
	shot    string
}

func browserOrgNetworkPhone(t *testing.T, d *db.DB, shots string) {
	e := webtest.NewEnv(t, d)
	ht := e.W.Haitang
	branch, other := ht.Branches[0], ht.Branches[1]
	u := func(path string) string { return e.Srv.URL + path }
	bg := context.Background()
	actx := audit.WithActor(bg, audit.Actor{UserID: 1, Username: "fixture"})
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	today, err := time.Parse("2006-01-02", (&orglife.Store{DB: d}).Today())
	must("today", err)

	// Fixtures through the stores: the shared ones, and for the pages
	// whose shared fixture is 吉阳's only, a record of each 海棠 branch.
	ol := e.Orglife(t)
	cw := e.Cultivation(t)
	vg := e.Vanguard(t)
	e.Declarations(t)
	ps := &project.Store{DB: d}
	_, err = ps.CreateProject(actx, ht.Scope, project.Draft{OrgID: branch.ID, Name: "HT一支部椰林产业振兴项目", Description: "村集体经济"})
	must("project", err)
	_, err = ps.CreateProject(actx, ht.Scope, project.Draft{OrgID: other.ID, Name: "HT二支部项目"})
	must("project", err)
	as := &alliance.Store{DB: d}
	_, err = as.Create(actx, ht.Scope, alliance.Draft{Kind: alliance.Industry, Name: "HT海棠湾旅游产业党建联盟", LeadOrgID: branch.ID})
	must("alliance", err)
	_, err = as.Create(actx, ht.Scope, alliance.Draft{Kind: alliance.Industry, Name: "HT二支部联盟", LeadOrgID: other.ID})
	must("alliance", err)
	ws := &weak.Store{DB: d}
	_, err = ws.Run(actx, ht.Scope) // flags both 海棠 branches: no secretary
	must("weak run", err)
	_, err = ws.CreateVisit(actx, ht.Scope, weak.VisitDraft{OrgID: branch.ID, VisitedOn: "2026-01-12", Inspectors: "HT区委督查组",
		Findings: []weak.Finding{{Body: "HT支部台账不全", Severity: "high"}}})
	must("visit", err)
	_, err = ws.CreateVisit(actx, ht.Scope, weak.VisitDraft{OrgID: other.ID, VisitedOn: "2026-01-13", Inspectors: "HT二支部督查组"})
	must("visit", err)

	// An assessment of 海棠's branches this year, on the standard scheme.
	sa := &assess.Store{DB: d}
	scheme, err := sa.CreateScheme(actx, "HT年度党建考核")
	must("scheme", err)
	sch, err := sa.GetScheme(bg, ht.Scope, scheme)
	must("scheme", err)
	_, _, err = sa.SetIndicators(actx, sch.Versions[0].ID, assess.StandardIndicators())
	must("indicators", err)
	_, err = sa.Apply(actx, ht.Scope, sch.Versions[0].ID, today.Format("2006"))
	must("apply", err)

	// HTTP status as the secretary's own client sees it, for every page.
	api := e.Login("htbranch")

	ctx, cancel := context.WithTimeout(bg, 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	phoneCtx, cancelPhone := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelPhone()
	phone := webtest.Tab{T: t, Ctx: phoneCtx, Who: "htbranch", Shots: shots}
	phone.Run("phone setup", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	(&webtest.ServiceFlow{T: t, E: e}).Login(phone, "htbranch", "/") // the login page, in Chinese

	// check asserts what every page must satisfy on the phone.
	check := func(pg orgnetPage) {
		t.Helper()
		if r := api.Do("GET", pg.path, nil); r.Code != 200 {
			t.Errorf("GET %s as htbranch: %d %.300s", pg.path, r.Code, r.Body)
		}
		phone.Until(pg.path+" loaded", fmt.Sprintf(`location.pathname === %q && document.readyState === 'complete'`, pg.path))
		st, err := chromedp.Run(phoneCtx, chromedp.Evaluate[int](`performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0`))
		if err != nil || st != 200 {
			t.Errorf("%s: the browser got HTTP %d (%v)", pg.path, st, err)
		}
		if n := phone.Count(pg.path+" error page", `main > .alert[role=alert] h1`); n != 0 {
			t.Errorf("%s shows the error page: %.300s", pg.path, phone.Text("error", `main`))
		}
		// The heading: in the page's head, visible, not empty.
		phone.Run(pg.path+" heading", chromedp.WaitVisible(chromedp.CSS(`main h1`)))
		if h := strings.TrimSpace(phone.Text("heading", `main h1`)); h == "" {
			t.Errorf("%s: empty heading", pg.path)
		}
		phone.Translated(pg.path)
		// Charts take their width once ECharts has drawn them.
		phone.Until(pg.path+" charts drawn", `[...document.querySelectorAll('.chart[data-chart], #chart, #map')].every(el => el.querySelector('canvas'))`)

		// No horizontal overflow: the document is as wide as the screen;
		// what sticks out must sit in a container that scrolls itself.
		// With mobile emulation a page wider than the screen widens the
		// visual viewport to fit (innerWidth = scrollWidth), so innerWidth
		// must also still be the phone's 390; the culprits are measured
		// against the layout viewport (clientWidth).
		type overflow struct {
			ScrollWidth, InnerWidth, ClientWidth int
			Culprits                             []string
		}
		of, err := chromedp.Run(phoneCtx, chromedp.Evaluate[overflow](`(() => {
			const w = document.documentElement.clientWidth, out = [];
			const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				const ox = getComputedStyle(p).overflowX; if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true; } return false; };
			for (const el of document.body.querySelectorAll('*')) {
				const r = el.getBoundingClientRect();
				if (r.width > 0 && (r.right > w + 1 || r.left < -1) && !scrolls(el) && out.length < 5)
					out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ +/g, '.') : '') + ' [' + Math.round(r.left) + ',' + Math.round(r.right) + ']');
			}
			return {ScrollWidth: document.documentElement.scrollWidth, InnerWidth: window.innerWidth, ClientWidth: w, Culprits: out};
		})()`))
		if err != nil {
			t.Fatalf("%s: overflow: %v", pg.path, err)
		}
		if of.ScrollWidth > of.InnerWidth+1 || of.ScrollWidth > of.ClientWidth+1 || of.InnerWidth != 390 || of.ClientWidth != 390 {
			t.Errorf("%s overflows the phone: scrollWidth %d, innerWidth %d, clientWidth %d; sticking out: %v", pg.path, of.ScrollWidth, of.InnerWidth, of.ClientWidth, of.Culprits)
		}

		// One-line fields stay one line high (a flex-basis meant for a
		// width turns into a height once a row stacks as a column).
		tall, err := chromedp.Run(phoneCtx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main input, main select')]
			.filter(el => !['hidden', 'checkbox', 'radio', 'file'].includes(el.type) && el.offsetParent !== null && el.getBoundingClientRect().height > 60)
			.map(el => (el.name || el.type) + ' ' + Math.round(el.getBoundingClientRect().height) + 'px')`))
		if err != nil || len(tall) > 0 {
			t.Errorf("%s: one-line fields taller than 60px on the phone: %v %v", pg.path, tall, err)
		}

		// The navigation: the strip is on screen and the page's entry,
		// when it has one, is marked and can be scrolled to and tapped.
		nav, err := chromedp.Run(phoneCtx, chromedp.Evaluate[string](`(() => {
			const n = document.querySelector('header .nav');
			if (!n) return 'no nav';
			const r = n.getBoundingClientRect();
			if (r.height === 0 || getComputedStyle(n).visibility === 'hidden') return 'nav hidden';
			if (r.left < -1 || r.right > window.innerWidth + 1) return 'nav wider than the screen: ' + r.left + '..' + r.right;
			if (n.querySelectorAll('a').length < 5) return 'nav has ' + n.querySelectorAll('a').length + ' links';
			return '';
		})()`))
		if err != nil || nav != "" {
			t.Errorf("%s: navigation: %s %v", pg.path, nav, err)
		}
		if pg.viaNav {
			if n := phone.Count("active", fmt.Sprintf(`header .nav a.active[href=%q]`, pg.path)); n != 1 {
				t.Errorf("%s: the navigation does not mark the page's entry", pg.path)
			}
		}

		body := phone.Text(pg.path+" text", `main`)
		for _, s := range pg.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s lacks %q: %.600q", pg.path, s, body)
			}
		}
		if len(pg.want) == 0 && phone.Count("rows", `main table tbody tr`)+phone.Count("empty", `main .empty`) == 0 {
			t.Errorf("%s shows neither rows nor a clear empty state: %.600q", pg.path, body)
		}
		for _, s := range pg.notWant {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q, outside the secretary's branch", pg.path, s)
			}
		}
		phone.Shot(pg.shot)
	}

	// tapNav scrolls the navigation strip to path's entry, checks a tap
	// there lands on the entry (on screen, not covered) and taps it.
	tapNav := func(path string) {
		t.Helper()
		link := fmt.Sprintf(`header .nav a[href=%q]`, path)
		ok, err := chromedp.Run(phoneCtx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			const a = document.querySelector(%q);
			if (!a) return 'no entry';
			a.scrollIntoView({block: 'nearest', inline: 'center'});
			const r = a.getBoundingClientRect();
			if (r.left < -1 || r.right > window.innerWidth + 1 || r.top < 0 || r.bottom > window.innerHeight) return 'off screen: ' + JSON.stringify(r);
			const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			return hit && hit.closest('a') === a ? '' : 'covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
		})()`, link)))
		if err != nil || ok != "" {
			t.Fatalf("navigation entry %s: %s %v", path, ok, err)
		}
		phone.Run("tap "+path, chromedp.Click(chromedp.CSS(link)))
	}

	// 1. Organizational life: the list, then a meeting recorded on the
	// phone with one member present and the rest of the roster absent.
	tapNav("/orglife")
	check(orgnetPage{path: "/orglife", viaNav: true, want: []string{ol.Ht0.Title}, notWant: []string{ol.Ht1.Title, ol.Jy.Title}, shot: "orgnet-phone-orglife.png"})
	phone.Run("new meeting", chromedp.Click(chromedp.CSS(`main a[href="/orglife/new"]`)))
	check(orgnetPage{path: "/orglife/new", want: []string{ht.Members[0].Name, ht.Members[2].Name, cw.Ht0.Name}, notWant: []string{ht.Members[3].Name}, shot: "orgnet-phone-orglife-new.png"})
	if v := phone.Value("org", `main form input.pick-q`); v != branch.Name {
		t.Errorf("the new-meeting form's org = %q, want the secretary's %s", v, branch.Name)
	}
	if v := phone.Value("org_id", `form.meeting-form input[name=org_id]`); v != fmt.Sprint(branch.ID) {
		t.Errorf("the new-meeting form records for org %q, want %d", v, branch.ID)
	}
	const title = "手机记录的支部党员大会"
	held := today.AddDate(0, 0, -1).Format("2006-01-02")
	attended := ht.Members[0]
	// The roster: the branch's members (the fixture's three and the
	// cultivation fixture's probationary member), present by default.
	roster, err := chromedp.Run(phoneCtx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll('form.meeting-form input[type=radio][name^=att_]')].map(i => i.name))]`))
	must("roster", err)
	if len(roster) != 4 || !slices.Contains(roster, fmt.Sprintf("att_%d", attended.ID)) {
		t.Fatalf("the roster's attendance fields = %v, want 4 with att_%d", roster, attended.ID)
	}
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.CSS(`form.meeting-form select[name=kind]`), string(orglife.GeneralMeeting)),
		chromedp.SetValue(chromedp.CSS(`form.meeting-form input[name=held_on]`), held),
		chromedp.SendKeys(chromedp.CSS(`form.meeting-form input[name=title]`), title),
		chromedp.SendKeys(chromedp.CSS(`form.meeting-form input[name=place]`), "村委会会议室"),
	}
	for _, name := range roster {
		status := orglife.Absent
		if name == fmt.Sprintf("att_%d", attended.ID) {
			status = orglife.Present
		}
		fill = append(fill, chromedp.Click(chromedp.CSS(fmt.Sprintf(`form.meeting-form input[name=%q][value=%q]`, name, status))))
	}
	phone.Run("fill meeting", fill...)
	phone.Run("save meeting", chromedp.Click(chromedp.CSS(`form.meeting-form button.primary`)))
	phone.Until("meeting saved", `/^\/orglife\/\d+$/.test(location.pathname) && document.readyState === 'complete'`)
	saved := phone.Text("meeting page", `main`)
	for _, s := range []string{title, "村委会会议室", attended.Name, "1/4"} {
		if !strings.Contains(saved, s) {
			t.Errorf("the recorded meeting's page lacks %q: %.600q", s, saved)
		}
	}
	phone.Shot("orgnet-phone-orglife-saved.png")
	ms, _, err := (&orglife.Store{DB: d}).List(bg, ht.Branch0, orglife.Filter{Q: title})
	must("meetings", err)
	if len(ms) != 1 || ms[0].OrgID != branch.ID || ms[0].HeldOn != held || ms[0].Kind != orglife.GeneralMeeting || ms[0].Present != 1 || ms[0].Expected != 4 {
		t.Errorf("stored meetings titled %s: %+v, want one general meeting of %s on %s with 1 of 4 present", title, ms, branch.Name, held)
	}
	tapNav("/orglife")
	check(orgnetPage{path: "/orglife", viaNav: true, want: []string{title, ol.Ht0.Title}, notWant: []string{ol.Ht1.Title}, shot: "orgnet-phone-orglife-list.png"})

	// 2. The other pages: through the navigation where it has an entry.
	pages := []orgnetPage{
		{path: "/orglife/compliance", want: []string{branch.Name}, notWant: []string{other.Name}},
		{path: "/gaps", viaNav: true},
		{path: "/declarations", viaNav: true, want: []string{"HT口袋党员"}, notWant: []string{"JY"}},
		{path: "/alliances", viaNav: true, want: []string{"HT海棠湾旅游产业党建联盟"}, notWant: []string{"HT二支部联盟", "JY"}},
		{path: "/cultivation", viaNav: true, want: []string{cw.Ht0.Name}, notWant: []string{cw.Ht1.Name, cw.Jy.Name}},
		{path: "/projects", viaNav: true, want: []string{"HT一支部椰林产业振兴项目"}, notWant: []string{"HT二支部项目", "JY"}},
		{path: "/risks", viaNav: true, notWant: []string{"JY"}},
		{path: "/weak", viaNav: true, want: []string{branch.Name}, notWant: []string{other.Name}},
		{path: "/supervision", viaNav: true, want: []string{"HT区委督查组"}, notWant: []string{"HT二支部督查组", "JY"}},
		{path: "/assess", viaNav: true, want: []string{"HT年度党建考核"}},
		{path: "/assess/indices", want: []string{"HT年度党建考核 " + today.Format("2006")}},
		{path: "/vanguard", viaNav: true, want: []string{vg.HtTeam.Name}, notWant: []string{vg.HtTeam1.Name, vg.JyTeam.Name}},
		{path: "/training", viaNav: true, want: []string{vg.HtPlan.Title}, notWant: []string{vg.HtPlan1.Title, vg.JyPlan.Title}},
	}
	routes := map[string]bool{}
	for _, r := range e.S.Routes() {
		if r.Method == "GET" {
			routes[r.Pattern] = true
		}
	}
	for _, pg := range pages {
		optional := slices.Contains([]string{"/vanguard", "/training"}, pg.path) // other work is adding these
		if !routes[pg.path] {
			if optional {
				t.Logf("%s: no such route yet, skipped", pg.path)
				continue
			}
			t.Errorf("%s: no such route", pg.path)
			continue
		}
		pg.shot = "orgnet-phone" + strings.ReplaceAll(pg.path, "/", "-") + ".png"
		if pg.viaNav && optional && phone.Count("nav entry", fmt.Sprintf(`header .nav a[href=%q]`, pg.path)) == 0 {
			t.Logf("%s: no navigation entry yet, opened by its address", pg.path)
			pg.viaNav = false
		}
		if pg.viaNav {
			tapNav(pg.path)
		} else {
			phone.Run("open "+pg.path, chromedp.Navigate(u(pg.path)))
		}
		check(pg)
	}
}
