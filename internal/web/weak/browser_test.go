package weak_test

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
	"dangjian/internal/orglife"
	"dangjian/internal/scope"
	"dangjian/internal/weak"
	"dangjian/internal/web/webtest"
)

// TestBrowserWeakBranch walks a weak branch (软弱涣散) from detection to
// closure in headless chromium, on every backend: the 海棠区 official runs
// the detection on /weak and finds the first 海棠 branch flagged with its
// reasons, opens the case, adds a task and stations a first secretary
// through the page's forms; then (fixtures, in Go) the branch's meetings of
// the last twelve months are recorded through orglife's store and it gets a
// secretary, so that no rule fires any more; back in the browser the
// official marks the task done, runs the detection again, and the case is
// closed (已销号). Screenshots go to $DANGJIAN_SCREENSHOTS (default:
// <tmp>/dangjian-screenshots), the PostgreSQL run's in a postgres/ folder.
func TestBrowserWeakBranch(t *testing.T) {
	webtest.EachBrowser(t, browserWeakBranch)
}

func browserWeakBranch(t *testing.T, d *db.DB, shots string) {
	e := webtest.NewEnv(t, d)
	ht := e.W.Haitang
	branch := ht.Branches[0]
	other := ht.Branches[1]
	owner, instructor := ht.Members[1], ht.Members[0]
	u := func(path string) string { return e.Srv.URL + path }
	bg := context.Background()
	st := &weak.Store{DB: d}

	ctx, cancel := context.WithTimeout(bg, 90*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, webtest.BrowserOptions(t)...)
	defer cancelAlloc()
	deskCtx, cancelDesk := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelDesk()
	desk := webtest.Tab{T: t, Ctx: deskCtx, Who: "haitang", Shots: shots}
	desk.Run("login",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(u("/lang/zh-CN")),
		chromedp.Navigate(u("/login")),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "haitang"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(`#login`)),
	)
	desk.Until("landed", `location.pathname === '/' && document.readyState === 'complete'`)

	// 1. /weak: no case yet; the detection flags both 海棠 branches (no
	// meetings, no secretary) and none of 吉阳's.
	detect := `form[action="/weak/detect"] button`
	desk.Run("/weak", chromedp.Navigate(u("/weak")), chromedp.WaitVisible(chromedp.CSS(detect)))
	desk.Translated("/weak (empty)")
	desk.Run("detect", chromedp.Click(chromedp.CSS(detect)))
	desk.Until("flagged", fmt.Sprintf(`location.search === '?status=open' && !!document.querySelector('#results') && document.querySelector('#results').textContent.includes(%q)`, branch.Name))
	rowSel := fmt.Sprintf(`(() => [...document.querySelectorAll('#results tbody tr')].find(r => r.textContent.includes(%q)))()`, branch.Name)
	row, err := chromedp.Run(deskCtx, chromedp.Evaluate[string](rowSel+`?.textContent ?? ''`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"整顿中", "未配备书记", "近3个月未召开支委会", "三会一课落实率"} {
		if !strings.Contains(row, s) {
			t.Errorf("the flagged row of %s lacks %q: %q", branch.Name, s, row)
		}
	}
	if res := desk.Text("results", `#results`); !strings.Contains(res, other.Name) || strings.Contains(res, e.W.Jiyang.Branches[0].Name) {
		t.Errorf("/weak?status=open after the run: %.500q, want both 海棠 branches and no 吉阳 one", res)
	}
	desk.Translated("/weak?status=open")
	desk.Shot("weak-flagged.png")

	// 2. The case page, from the list's link.
	href, err := chromedp.Run(deskCtx, chromedp.Evaluate[string](rowSel+`?.querySelector('a')?.getAttribute('href') ?? ''`))
	if err != nil || !strings.HasPrefix(href, "/weak/") {
		t.Fatalf("case link of %s = %q (%v)", branch.Name, href, err)
	}
	caseID, err := strconv.ParseInt(strings.TrimPrefix(href, "/weak/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	taskForm := `form[action="` + href + `/tasks"]`
	instForm := `form[action="` + href + `/instructor"]`
	doneForm := `form[action="` + href + `/tasks/done"]`
	desk.Run("open case", chromedp.Click(chromedp.CSS(`#results a[href="`+href+`"]`)), chromedp.WaitVisible(chromedp.CSS(taskForm+` button`)))
	desk.Until("case page", fmt.Sprintf(`location.pathname === %q`, href))
	if s := desk.Text("reasons", `#weak-reasons`); !strings.Contains(s, "未配备书记") {
		t.Errorf("#weak-reasons = %q", s)
	}
	if n := desk.Count("done form", doneForm); n != 0 {
		t.Errorf("the case offers to mark a task done before it has one")
	}
	desk.Translated("/weak/{id}")

	// 3. A task with an owner and a deadline, and a first secretary.
	const taskBody = "健全三会一课制度，按月召开支委会"
	deadline := webtest.Day(30)
	desk.Run("add task",
		chromedp.SendKeys(chromedp.CSS(taskForm+` input[name=body]`), taskBody),
		chromedp.SetValue(chromedp.CSS(taskForm+` input[name=owner_person_id]`), strconv.FormatInt(owner.ID, 10)),
		chromedp.SetValue(chromedp.CSS(taskForm+` input[name=deadline]`), deadline),
		chromedp.Click(chromedp.CSS(taskForm+` button`)),
	)
	desk.Until("task listed", fmt.Sprintf(`!!document.querySelector(%q) && document.body.innerText.includes(%q)`, doneForm, taskBody))
	target := webtest.Day(90)
	desk.Run("set instructor",
		chromedp.SetValue(chromedp.CSS(instForm+` input[name=person_id]`), strconv.FormatInt(instructor.ID, 10)),
		chromedp.SetValue(chromedp.CSS(instForm+` select[name=role]`), "first_secretary"),
		chromedp.SetValue(chromedp.CSS(instForm+` input[name=target_on]`), target),
		chromedp.Click(chromedp.CSS(instForm+` button`)),
	)
	desk.Until("instructor shown", fmt.Sprintf(`(document.querySelector('#weak-instructor')||{}).textContent?.includes(%q)`, instructor.Name))
	if s := desk.Text("instructor", `#weak-instructor`); !strings.Contains(s, "第一书记") {
		t.Errorf("#weak-instructor = %q, want 第一书记", s)
	}
	page := desk.Text("case", `main`)
	for _, s := range []string{owner.Name, deadline, target, "添加任务", "选派指导员"} {
		if !strings.Contains(page, s) {
			t.Errorf("the case page lacks %q", s)
		}
	}
	if strings.Contains(page, `"code"`) {
		t.Errorf("the case history shows raw reasons: %.600q", page)
	}
	desk.Translated("/weak/{id} (planned)")
	c, err := st.Get(bg, scope.Everything, caseID)
	if err != nil {
		t.Fatal(err)
	}
	if c.OrgID != branch.ID || c.Status != weak.Open || len(c.Tasks) != 1 || c.Tasks[0].OwnerPersonID != owner.ID || c.Tasks[0].Deadline != deadline ||
		c.InstructorID != instructor.ID || c.InstructorRole != "first_secretary" || c.TargetOn != target {
		t.Fatalf("case after the forms = %+v", c)
	}

	// 4. Fixtures: the branch holds its meetings (every kind, every month
	// of the last twelve) and gets a secretary.
	actx := audit.WithActor(bg, audit.Actor{UserID: 1, Username: "fixture"})
	ol := &orglife.Store{DB: d}
	today, err := time.Parse("2006-01-02", ol.Today())
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	kinds := []orglife.Kind{orglife.CommitteeMeet, orglife.GroupMeeting, orglife.ThemeDay, orglife.GeneralMeeting, orglife.Lecture}
	if err := d.InTx(actx, func(tx *db.Tx) error {
		for i := 0; i < 12; i++ {
			on := first.AddDate(0, -i, 0).Format("2006-01-02")
			for _, k := range kinds {
				if _, err := ol.Record(actx, tx, orglife.Draft{OrgID: branch.ID, Kind: k, HeldOn: on, Title: string(k) + " " + on,
					Attendance: []orglife.Attendee{{PersonID: owner.ID, Status: orglife.Present}}}); err != nil {
					return fmt.Errorf("%s %s: %w", k, on, err)
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatalf("meetings: %v", err)
	}
	o, err := e.W.Orgs.Get(bg, scope.Everything, branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.SecretaryID = instructor.ID
	if _, err := e.W.Orgs.Update(actx, scope.Everything, o); err != nil {
		t.Fatalf("secretary: %v", err)
	}
	flags, err := st.Detect(bg, ht.Scope)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flags {
		if f.OrgID == branch.ID {
			t.Fatalf("the fixtures leave %s flagged: %+v", branch.Name, f.Reasons)
		}
	}

	// 5. The task done, the detection again: the case closes.
	desk.Run("reload case", chromedp.Navigate(u(href)), chromedp.WaitVisible(chromedp.CSS(doneForm+` button`)))
	desk.Run("task done",
		chromedp.SetValue(chromedp.CSS(doneForm+` select[name=task_id]`), strconv.FormatInt(c.Tasks[0].ID, 10)),
		chromedp.Click(chromedp.CSS(doneForm+` button`)),
	)
	desk.Until("task done", fmt.Sprintf(`!document.querySelector(%q) && document.body.innerText.includes('任务完成')`, doneForm))
	if c, err = st.Get(bg, scope.Everything, caseID); err != nil || c.TasksOpen != 0 || c.Tasks[0].DoneOn == "" {
		t.Fatalf("case after done = %+v (%v)", c, err)
	}
	desk.Run("/weak again", chromedp.Navigate(u("/weak")), chromedp.WaitVisible(chromedp.CSS(detect)))
	desk.Run("detect again", chromedp.Click(chromedp.CSS(detect)))
	desk.Until("detected again", `location.search === '?status=open' && !!document.querySelector('#results')`)
	if res := desk.Text("open after", `#results`); strings.Contains(res, branch.Name) || !strings.Contains(res, other.Name) {
		t.Errorf("open cases after the second run: %.500q, want %s gone and %s still open", res, branch.Name, other.Name)
	}
	desk.Translated("/weak?status=open (after)")
	desk.Run("closed list", chromedp.Navigate(u("/weak?status=closed")), chromedp.WaitVisible(chromedp.CSS(`#results a[href="`+href+`"]`)))
	desk.Translated("/weak?status=closed")
	desk.Run("closed case", chromedp.Click(chromedp.CSS(`#results a[href="`+href+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#fields`)))
	desk.Until("closed case page", fmt.Sprintf(`location.pathname === %q && document.readyState === 'complete'`, href))
	body := desk.Text("closed case", `main`)
	for _, s := range []string{"已销号", "整顿销号", ol.Today()} {
		if !strings.Contains(body, s) {
			t.Errorf("the closed case page lacks %q: %.800q", s, body)
		}
	}
	if s := strings.TrimSpace(desk.Text("reasons", `#weak-reasons`)); s != "" {
		t.Errorf("#weak-reasons of the closed case = %q, want empty", s)
	}
	if n := desk.Count("forms", `main form.inline-form`); n != 0 {
		t.Errorf("the closed case still offers %d forms", n)
	}
	desk.Translated("/weak/{id} (closed)")
	desk.Shot("weak-cleared.png")
	if c, err = st.Get(bg, scope.Everything, caseID); err != nil || c.Status != weak.Closed || c.ClosedOn != ol.Today() {
		t.Errorf("case after the second run = %+v (%v), want closed today", c, err)
	}
}
