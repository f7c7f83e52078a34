package talent_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/talent"
	"dangjian/internal/web/webtest"
)

// TestBrowserTalentFlow drives the 候鸟智库 end to end in headless chromium,
// on every backend: a talent registers on a phone at /join (first with an
// unknown skill, which is refused and writes nothing), the 海棠区 account
// verifies the profile, finds the talent ranked first for its demand and
// invites them, the talent accepts on the phone, and the staff plan a batch
// match. Screenshots go to $DANGJIAN_SCREENSHOTS (default:
// <tmp>/dangjian-screenshots), the PostgreSQL run's in a postgres/ folder.
func TestBrowserTalentFlow(t *testing.T) {
	webtest.EachBrowser(t, browserTalentFlow)
}

func browserTalentFlow(t *testing.T, d *db.DB, shots string) {
	// The sign-up asks a proof of work, as in production, so that the
	// phone's form solves it in pow.js.
	e := webtest.NewEnvCfg(t, d, webtest.Limited(nil, 12))
	ht := e.W.Haitang
	u := func(path string) string { return e.Srv.URL + path }
	bg := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := e.S.DB.Read().QueryRowContext(bg, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	// 1. An open demand of 海棠区's committee: cardiology, weekends, two
	// people, from today+5 to today+40.
	actx := audit.WithActor(bg, audit.Actor{UserID: 1, Username: "fixture"})
	const demandTitle = "海棠湾社区心血管义诊"
	dm, err := e.S.Talents.CreateDemand(actx, ht.Scope, talent.Demand{OrgID: ht.Committee.ID, Title: demandTitle,
		Body: "周末为社区老人测血压、讲解高血压和冠心病的预防", Mode: talent.Onsite, Start: webtest.Day(5), End: webtest.Day(40),
		Slots: talent.Weekends, Headcount: 2, Required: []string{"med.internal.cardio"}})
	if err != nil {
		t.Fatalf("demand: %v", err)
	}

	ctx, cancel := context.WithTimeout(bg, 60*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	phoneCtx, cancelPhone := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelPhone()
	phone := webtest.Tab{T: t, Ctx: phoneCtx, Who: "phone", Shots: shots}

	// The talent's phone: no session, Chinese.
	phone.Run("phone setup",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(u("/lang/zh-CN")),
	)

	const (
		username = "wangxin"
		password = "Talent@2026pass"
		name     = "王心"
	)
	village := strconv.FormatInt(ht.Village.ID, 10)
	weekend := `input[name=stay0_slots][value^="sat_"], input[name=stay0_slots][value^="sun_"]`
	fill := func(skills string) {
		t.Helper()
		phone.Run("open /join",
			chromedp.Navigate(u("/join")),
			chromedp.WaitVisible(chromedp.CSS(`#talent-form input[name=username]`)),
		)
		phone.Run("fill /join",
			chromedp.SendKeys(chromedp.CSS(`input[name=username]`), username),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
			chromedp.SendKeys(chromedp.CSS(`input[name=name]`), name),
			chromedp.SendKeys(chromedp.CSS(`input[name=phone]`), "13800138000"),
			chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "主任医师"),
			chromedp.Click(chromedp.CSS(`input[name=party_member]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=skills]`), skills),
			chromedp.SetValue(chromedp.CSS(`textarea[name=expertise]`), "心血管内科三十年，擅长高血压、冠心病的诊治和健康宣教"),
			chromedp.SetValue(chromedp.CSS(`textarea[name=experience]`), "哈尔滨医科大学附属医院心内科主任，已退休"),
			chromedp.SendKeys(chromedp.CSS(`input[name=hometown]`), "黑龙江哈尔滨"),
			chromedp.SetValue(chromedp.CSS(`select[name=area_id]`), village),
			chromedp.SetValue(chromedp.CSS(`input[name=travel_km]`), "30"),
			chromedp.SetValue(chromedp.CSS(`select[name=mode]`), string(talent.Both)),
			chromedp.SetValue(chromedp.CSS(`input[name=capacity]`), "1"),
			chromedp.SetValue(chromedp.CSS(`input[name=stay0_start]`), webtest.Day(1)),
			chromedp.SetValue(chromedp.CSS(`input[name=stay0_end]`), webtest.Day(120)),
		)
		for _, dd := range []string{"sat", "sun"} {
			for _, p := range talent.SlotPeriods {
				phone.Run("tick "+dd+"_"+p, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=stay0_slots][value=%s_%s]`, dd, p))))
			}
		}
		if n := phone.Count("weekend slots", weekend+`:checked`); n != 6 {
			t.Fatalf("ticked %d weekend slots, want 6", n)
		}
		if n := phone.Count("all slots", `input[name=stay0_slots]:checked`); n != 6 {
			t.Fatalf("%d slots checked in the first stay, want only the 6 weekend ones", n)
		}
		if got := phone.Value("area", `select[name=area_id]`); got != village {
			t.Fatalf("area select = %q, want %s (海棠区's village)", got, village)
		}
	}

	// 3 (first). An unknown skill: the form comes back with the error on
	// the skills field and nothing is written.
	talents0 := count(`SELECT COUNT(*) FROM talents`)
	users0 := count(`SELECT COUNT(*) FROM users`)
	fill("心内科、占星术")
	phone.Run("submit bad skill",
		chromedp.Click(chromedp.CSS(`#submit`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert`)),
	)
	alert := phone.Text("alert", `.alert`)
	errs := phone.Text("field errors", `#talent-form`)
	if !strings.Contains(alert+errs, "占星术") {
		t.Errorf("the refused form does not name 占星术: alert %q, form %.400q", alert, errs)
	}
	if phone.Count("field error", `em.err`) == 0 {
		t.Errorf("no field is marked with the error (alert %q)", alert)
	} else {
		phone.Run("field error visible", chromedp.WaitVisible(chromedp.CSS(`em.err`)))
		if msg := phone.Text("field error", `em.err`); !strings.Contains(msg, "占星术") {
			t.Errorf("field error %q does not name 占星术", msg)
		}
	}
	if n := count(`SELECT COUNT(*) FROM talents`); n != talents0 {
		t.Errorf("refused registration wrote talents: %d → %d", talents0, n)
	}
	if n := count(`SELECT COUNT(*) FROM users`); n != users0 {
		t.Errorf("refused registration wrote users: %d → %d", users0, n)
	}
	if n := count(`SELECT COUNT(*) FROM users WHERE username = ?`, username); n != 0 {
		t.Errorf("refused registration created the account %s", username)
	}
	// What the user typed comes back (except the password).
	for _, f := range []struct{ sel, want string }{
		{`input[name=username]`, username}, {`input[name=name]`, name}, {`select[name=area_id]`, village},
		{`input[name=stay0_start]`, webtest.Day(1)}, {`input[name=stay0_end]`, webtest.Day(120)}, {`input[name=skills]`, "心内科、占星术"},
	} {
		if got := phone.Value("kept "+f.sel, chromedp.CSS(f.sel)); got != f.want {
			t.Errorf("refused form: %s = %q, want %q", f.sel, got, f.want)
		}
	}
	if n := phone.Count("kept slots", weekend+`:checked`); n != 6 {
		t.Errorf("refused form kept %d weekend slots, want 6", n)
	}
	if got := phone.Value("kept phone", `input[name=phone]`); got != "13800138000" {
		t.Logf("UI note: the refused /join form drops the typed phone (phone = %q)", got)
	}
	phone.Translated("refused /join")
	phone.Shot("talent-join-error-phone.png")

	// 2. The good registration lands on /me/talent, pending.
	fill("心内科")
	phone.Translated("/join")
	phone.Shot("talent-join-phone.png")
	phone.Run("submit join",
		chromedp.Click(chromedp.CSS(`#submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#my-status`)),
	)
	if loc, err := chromedp.Run(phoneCtx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/me/talent") {
		t.Errorf("after /join the phone is at %q (%v), want /me/talent", loc, err)
	}
	if st := phone.Text("status", `#my-status`); !strings.Contains(st, "待审核") {
		t.Errorf("#my-status = %q, want 待审核", st)
	}
	if h := phone.Text("title", `h1`); !strings.Contains(h, name) {
		t.Errorf("/me/talent h1 = %q, want %s", h, name)
	}
	if n := phone.Count("pending notice", `main p.notice`); n == 0 {
		t.Errorf("/me/talent shows no pending notice")
	} else if s := phone.Text("pending notice", `main p.notice`); !strings.Contains(s, "审核") {
		t.Errorf("pending notice = %q", s)
	}
	if n := count(`SELECT COUNT(*) FROM talents`); n != talents0+1 {
		t.Errorf("talents after /join: %d, want %d", n, talents0+1)
	}
	var talentID int64
	var status string
	if err := e.S.DB.Read().QueryRowContext(bg, `SELECT t.id, t.status FROM talents t JOIN users u ON u.id = t.user_id WHERE u.username = ?`, username).Scan(&talentID, &status); err != nil {
		t.Fatalf("the registered talent: %v", err)
	}
	if status != string(talent.Pending) {
		t.Errorf("registered talent status %q, want pending", status)
	}
	reg, err := e.S.Talents.Get(bg, talentID)
	if err != nil {
		t.Fatal(err)
	}
	if reg.Name != name || reg.AreaID != ht.Village.ID || reg.TravelKm != 30 || reg.Capacity != 1 || reg.Mode != talent.Both || !reg.PartyMember ||
		len(reg.Skills) != 1 || reg.Skills[0] != "med.internal.cardio" || len(reg.Stays) != 1 ||
		reg.Stays[0].Start != webtest.Day(1) || reg.Stays[0].End != webtest.Day(120) || reg.Stays[0].Slots != talent.Weekends {
		t.Errorf("registered talent = %+v", reg)
	}
	phone.Translated("/me/talent (pending)")
	phone.Shot("talent-me-pending-phone.png")

	// 4. Staff, in a browser context of their own (own cookies), on a
	// desktop screen.
	staffCtx, cancelStaff := chromedp.NewContext(phoneCtx, chromedp.WithNewBrowserContext())
	defer cancelStaff()
	staff := webtest.Tab{T: t, Ctx: staffCtx, Who: "staff", Shots: shots}
	staff.Run("login",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(u("/lang/zh-CN")),
		chromedp.Navigate(u("/login")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "haitang"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`.cards`)),
	)
	review := `form[action="/talents/` + strconv.FormatInt(talentID, 10) + `/status"]`
	staff.Run("talent page",
		chromedp.Navigate(u(fmt.Sprintf("/talents/%d", talentID))),
		chromedp.WaitVisible(chromedp.CSS(review+` select[name=status]`)),
	)
	if f := staff.Text("talent fields", `#fields`); !strings.Contains(f, "待审核") {
		t.Errorf("talent page before review: %.300q, want 待审核", f)
	}
	staff.Translated("/talents/{id}")
	staff.Run("verify",
		chromedp.SetValue(chromedp.CSS(review+` select[name=status]`), string(talent.Verified)),
		chromedp.SendKeys(chromedp.CSS(review+` input[name=note]`), "材料齐全"),
		chromedp.Click(chromedp.CSS(review+` button`)),
	)
	staff.Until("talent verified", `(document.querySelector('#fields')||{}).textContent?.includes('已审核')`)
	if err := e.S.DB.Read().QueryRowContext(bg, `SELECT status FROM talents WHERE id = ?`, talentID).Scan(&status); err != nil || status != string(talent.Verified) {
		t.Errorf("talent status after review: %q (%v), want verified", status, err)
	}

	staff.Run("demand page",
		chromedp.Navigate(u(fmt.Sprintf("/demands/%d", dm.ID))),
		chromedp.WaitVisible(chromedp.CSS(`table.ranking #rank-1`)),
		chromedp.WaitVisible(chromedp.CSS(`#rank-1 .parts`)),
	)
	if r := staff.Text("rank 1", `#rank-1`); !strings.Contains(r, name) {
		t.Fatalf("#rank-1 = %q, want %s", r, name)
	}
	parts := staff.Text("rank 1 parts", `#rank-1 .parts`)
	for _, k := range []string{"技能", "文本", "时间", "距离", "负荷", "评价"} {
		if !strings.Contains(parts, k) {
			t.Errorf("explanation lacks %s: %q", k, parts)
		}
	}
	if n := staff.Count("bars", `#rank-1 .parts .bar`); n != 6 {
		t.Errorf("#rank-1 has %d explanation bars, want 6", n)
	}
	skillBar, err := chromedp.Run(staffCtx, chromedp.Evaluate[float64](`document.querySelector('#rank-1 .parts .bar').getBoundingClientRect().width`))
	if err != nil || skillBar <= 0 {
		t.Errorf("the skill bar of #rank-1 is %v px wide (%v), want > 0", skillBar, err)
	}
	score, err := strconv.ParseFloat(strings.TrimSpace(staff.Text("rank 1 score", `#rank-1 td:nth-child(3) b`)), 64)
	if err != nil || score <= 0 || score > 1 {
		t.Errorf("#rank-1 score %v (%v), want in (0, 1]", score, err)
	}
	staff.Translated("/demands/{id}")
	staff.Shot("talent-ranking.png")

	engagements := `main > section:not(#ranking)`
	staff.Run("invite", chromedp.Click(chromedp.CSS(`#rank-1 button.invite`)))
	staff.Until("invited", fmt.Sprintf(`(() => { const s = document.querySelector(%q); return !!s && s.textContent.includes(%q) && s.textContent.includes('已邀请') })()`, engagements, name))
	if n := staff.Count("invite buttons", `#rank-1 button.invite`); n != 0 {
		t.Errorf("#rank-1 still offers 邀请 after the invitation")
	}
	if r := staff.Text("rank 1 after invite", `#rank-1`); !strings.Contains(r, "已邀请") {
		t.Errorf("#rank-1 after the invitation = %q, want the 已邀请 badge", r)
	}
	staff.Shot("talent-invited.png")

	// 5. The phone: the invitation, accepted.
	phone.Run("me with invitation",
		chromedp.Navigate(u("/me/talent")),
		chromedp.WaitVisible(chromedp.CSS(`button.accept`)),
	)
	if st := phone.Text("status", `#my-status`); !strings.Contains(st, "已审核") {
		t.Errorf("#my-status after review = %q, want 已审核", st)
	}
	if row := phone.Text("invitation row", `tr:has(button.accept)`); !strings.Contains(row, demandTitle) || !strings.Contains(row, "已邀请") {
		t.Errorf("invitation row = %q, want %s and 已邀请", row, demandTitle)
	}
	phone.Translated("/me/talent (invited)")
	phone.Shot("talent-invited-phone.png")
	phone.Run("accept", chromedp.Click(chromedp.CSS(`button.accept`)))
	phone.Until("accepted", `!document.querySelector('button.accept') && !!document.querySelector('#my-status') && [...document.querySelectorAll('main table.list tr')].some(r => r.textContent.includes('`+demandTitle+`') && r.textContent.includes('已接受'))`)
	phone.Translated("/me/talent (accepted)")
	phone.Shot("talent-accepted-phone.png")
	if n := count(`SELECT COUNT(*) FROM engagements`); n != 1 {
		t.Errorf("%d engagements, want exactly 1", n)
	}
	if n := count(`SELECT COUNT(*) FROM engagements WHERE demand_id = ? AND talent_id = ? AND status = ?`, dm.ID, talentID, string(talent.Accepted)); n != 1 {
		t.Errorf("no accepted engagement of %s for the demand", name)
	}
	staff.Run("demand after accept", chromedp.Navigate(u(fmt.Sprintf("/demands/%d", dm.ID))), chromedp.WaitVisible(chromedp.CSS(`#rank-1`)))
	if s := staff.Text("engagements", chromedp.CSS(engagements)); !strings.Contains(s, "已接受") {
		t.Errorf("staff's engagements after acceptance: %q, want 已接受", s)
	}

	// 6. Batch matching. 王心 is full now (capacity 1), so a second verified
	// cardiologist gives the plan a pair for the demand's second place.
	second, err := e.S.Talents.Create(actx, ht.Scope, talent.Talent{Name: "李卫国", Phone: "13900139001", Title: "副主任医师", Expertise: "心内科 高血压",
		AreaID: ht.Village.ID, TravelKm: 40, Mode: talent.Both, Capacity: 2, Skills: []string{"心内科"},
		Stays: []talent.Stay{{Start: webtest.Day(1), End: webtest.Day(90), Slots: talent.AllSlots}}})
	if err != nil {
		t.Fatalf("second talent: %v", err)
	}
	if _, err := e.S.Talents.SetStatus(actx, ht.Scope, talent.Official, second.ID, talent.Verified, ""); err != nil {
		t.Fatal(err)
	}
	staff.Run("matching",
		chromedp.Navigate(u("/matching")),
		chromedp.WaitVisible(chromedp.CSS(`#plan`)),
		chromedp.Click(chromedp.CSS(`#plan`)),
		chromedp.WaitVisible(chromedp.CSS(`#exact-total`)),
		chromedp.WaitVisible(chromedp.CSS(`#greedy-total`)),
	)
	num := func(sel chromedp.CSS) float64 {
		t.Helper()
		s := strings.TrimSpace(staff.Text("number "+string(sel), sel))
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil {
			t.Fatalf("%s = %q is not a number", sel, s)
		}
		return f
	}
	exact, greedy := num(`#exact-total`), num(`#greedy-total`)
	num(`#gain`)
	if exact <= 0 || exact < greedy-1e-9 {
		t.Errorf("exact total %v, greedy total %v: want exact > 0 and exact >= greedy", exact, greedy)
	}
	if s := staff.Text("plans", `.compare`); !strings.Contains(s, "李卫国") || !strings.Contains(s, demandTitle) {
		t.Errorf("plans do not pair 李卫国 with the demand: %.400q", s)
	}
	if n := staff.Count("apply", `#apply`); n != 1 {
		t.Errorf("the run page offers %d #apply buttons, want 1", n)
	}
	staff.Translated("/matching/{id}")
	staff.Shot("talent-matching.png")
}
