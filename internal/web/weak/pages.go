package weak

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/weak"
	"dangjian/internal/web/kit"
)

// Weak branches (软弱涣散): the flagged branches and their cases with a
// status filter and the detection button; a case's page with its reasons,
// plan, tasks, instructor and history, and forms to change them.
// Supervision visits (督查): the list, the form, and a visit's page with
// the form that turns a finding into a task of the org's open case.

func reasonText(lang string, rs []weak.Reason) string {
	var out []string
	for _, r := range rs {
		t := kit.Tr(lang, "weak.reason."+r.Code)
		if r.Value != "" {
			t += " (" + r.Value + ")"
		}
		out = append(out, t)
	}
	return strings.Join(out, "；")
}

// eventText is an event's detail as shown: the reasons of an open or
// reasons event (stored as JSON) and the role of an instructor event
// (stored as its code) in words.
func eventText(lang string, e weak.Event) string {
	switch e.Action {
	case "open", "reasons":
		var rs []weak.Reason
		if json.Unmarshal([]byte(e.Body), &rs) == nil {
			return reasonText(lang, rs)
		}
	case "instructor":
		if role, rest, ok := strings.Cut(e.Body, " · "); ok {
			return kit.Tr(lang, "weak.role."+role) + " · " + rest
		}
	}
	return e.Body
}

// caseTable is the case list's columns: the page and the export.
var caseTable = kit.Table[weak.Case]{Columns: []kit.Column[weak.Case]{
	{Key: "weak.case", Cell: func(_ string, c weak.Case) kit.Cell {
		return kit.Cell{Text: "#" + kit.Itoa(c.ID), Href: "/weak/" + kit.Itoa(c.ID)}
	}},
	{Key: "weak.org", Cell: func(_ string, c weak.Case) kit.Cell { return kit.Cell{Text: c.OrgName} }},
	{Key: "weak.status", Cell: func(lang string, c weak.Case) kit.Cell {
		return kit.Cell{Text: kit.Tr(lang, "weak.status."+string(c.Status))}
	}},
	{Key: "weak.reasons", Cell: func(lang string, c weak.Case) kit.Cell { return kit.Cell{Text: reasonText(lang, c.Reasons)} }},
	{Key: "weak.tasks_open", Cell: func(_ string, c weak.Case) kit.Cell { return kit.Cell{Text: strconv.Itoa(c.TasksOpen)} }},
	{Key: "weak.opened_on", Cell: func(_ string, c weak.Case) kit.Cell { return kit.Cell{Text: c.OpenedOn} }},
	{Key: "weak.closed_on", Cell: func(_ string, c weak.Case) kit.Cell { return kit.Cell{Text: c.ClosedOn} }},
}}

// weakFilter reads the case list's filters (the list and its export).
var weakFilter = kit.QueryFilter[weak.Filter]

func (m *Module) pageWeak(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := weakFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Weak.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.weak"),
		Filters: []kit.FormField{
			{Name: "status", Label: "weak.status", Type: "select", Options: kit.EnumOptions(weak.Statuses, "weak.status.", string(f.Status), "list.any")},
		},
		Actions:   []kit.Link{{Href: "/supervision", Key: "nav.supervision"}},
		ListTable: kit.ListTable{Rows: caseTable.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "weak"), Cols: caseTable.Cols(r)},
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Forms = []kit.InlineForm{{Action: "/weak/detect", Title: "weak.detect", Button: "weak.detect"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageWeakDetect(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if _, err := m.Weak.Run(r.Context(), p.Scope); err != nil {
		return err
	}
	http.Redirect(w, r, "/weak?status=open", http.StatusSeeOther)
	return nil
}

func (m *Module) pageWeakCase(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	c, _, err := kit.ByID(r, p, m.Weak.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	instructor := c.InstructorName
	if c.InstructorRole != "" {
		instructor = kit.Tr(lang, "weak.role."+c.InstructorRole) + " · " + instructor
	}
	fields := []kit.KV{{Key: "weak.org", Text: c.OrgName}, {Key: "weak.status", Text: kit.Tr(lang, "weak.status."+string(c.Status))},
		{Key: "weak.reasons", Text: reasonText(lang, c.Reasons), ID: "weak-reasons"}, {Key: "weak.instructor", Text: instructor, ID: "weak-instructor"},
		{Key: "weak.target_on", Text: c.TargetOn}, {Key: "weak.opened_on", Text: c.OpenedOn}, {Key: "weak.closed_on", Text: c.ClosedOn}}
	var tasks, events [][]kit.Cell
	var open []kit.Option
	for _, t := range c.Tasks {
		st := t.DoneOn
		if t.Overdue {
			st = kit.Tr(lang, "weak.overdue")
		}
		tasks = append(tasks, []kit.Cell{{Text: "#" + kit.Itoa(t.ID)}, {Text: t.Body}, {Text: t.OwnerName}, {Text: t.Deadline}, {Text: st}})
		if t.DoneOn == "" {
			open = append(open, kit.Option{Value: kit.Itoa(t.ID), Label: "#" + kit.Itoa(t.ID) + " " + kit.Clip(t.Body, 20), Raw: true})
		}
	}
	for _, e := range c.Events {
		events = append(events, []kit.Cell{{Text: e.CreatedAt.In(weak.Sanya).Format("2006-01-02 15:04")}, {Text: kit.Tr(lang, "weak.event."+e.Action)},
			{Text: e.ActorName}, {Text: eventText(lang, e)}})
	}
	d := kit.DetailPage{Title: c.OrgName, Fields: fields, Sections: []kit.Section{
		{Key: "weak.plan", Cols: kit.Cols("weak.task_id", "weak.task_body", "weak.owner", "weak.deadline", "weak.done_on"), Rows: tasks},
		{Key: "weak.history", Cols: kit.Cols("weak.when", "weak.action", "weak.actor", "weak.detail"), Rows: events},
	}, Actions: []kit.Link{{Href: "/weak", Key: "nav.weak"}}}
	if c.Status == weak.Open && p.Can(auth.PermRegistryWrite) {
		base := "/weak/" + kit.Itoa(c.ID)
		roles := make([]kit.Option, 0, len(weak.InstructorRoles))
		for _, x := range weak.InstructorRoles {
			roles = append(roles, kit.Option{Value: x, Label: "weak.role." + x, Selected: x == c.InstructorRole})
		}
		forms := []kit.InlineForm{
			{Action: base + "/tasks", Title: "weak.add_task", Button: "form.save", Fields: []kit.FormField{
				{Name: "body", Label: "weak.task_body", Type: "text", Required: true},
				{Name: "owner_person_id", Label: "weak.owner_person_id", Type: "number"},
				{Name: "owner_org_id", Label: "weak.owner_org_id", Type: "number", Value: kit.Itoa(c.OrgID)},
				{Name: "deadline", Label: "weak.deadline", Type: "date", Required: true},
			}},
			{Action: base + "/instructor", Title: "weak.set_instructor", Button: "form.save", Fields: []kit.FormField{
				{Name: "person_id", Label: "weak.person_id", Type: "number", Required: true},
				{Name: "role", Label: "weak.role", Type: "select", Options: roles, Required: true},
				{Name: "target_on", Label: "weak.target_on", Type: "date", Value: c.TargetOn},
			}},
		}
		if len(open) > 0 {
			forms = append(forms, kit.InlineForm{Action: base + "/tasks/done", Title: "weak.task_done", Button: "form.save", Fields: []kit.FormField{
				{Name: "task_id", Label: "weak.task_id", Type: "select", Options: open, Required: true},
				{Name: "done_on", Label: "weak.done_on", Type: "date", Value: m.Weak.Today()},
			}})
		}
		d.Forms = forms
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageWeakTask(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/weak/", func(id int64) error {
		d := weak.TaskDraft{Body: r.PostFormValue("body"), Deadline: strings.TrimSpace(r.PostFormValue("deadline"))}
		var err error
		if d.OwnerPersonID, err = kit.FormInt(r, "owner_person_id"); err != nil {
			return err
		}
		if d.OwnerOrgID, err = kit.FormInt(r, "owner_org_id"); err != nil {
			return err
		}
		if d.OwnerPersonID != 0 {
			d.OwnerOrgID = 0 // a person named overrides the default org
		}
		_, err = m.Weak.AddTask(r.Context(), p.Scope, id, d)
		return err
	})
}

func (m *Module) pageWeakTaskDone(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/weak/", func(id int64) error {
		tid, err := kit.FormInt(r, "task_id")
		if err != nil {
			return err
		}
		return m.Weak.CompleteTask(r.Context(), p.Scope, id, tid, strings.TrimSpace(r.PostFormValue("done_on")))
	})
}

func (m *Module) pageWeakInstructor(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/weak/", func(id int64) error {
		pid, err := kit.FormInt(r, "person_id")
		if err != nil {
			return err
		}
		return m.Weak.SetInstructor(r.Context(), p.Scope, id, pid, r.PostFormValue("role"), strings.TrimSpace(r.PostFormValue("target_on")))
	})
}

// visitTable is the visit list's columns: the page and the export.
var visitTable = kit.Table[weak.Visit]{Columns: []kit.Column[weak.Visit]{
	{Key: "supervision.visited_on", Cell: func(_ string, v weak.Visit) kit.Cell {
		return kit.Cell{Text: v.VisitedOn, Href: "/supervision/" + kit.Itoa(v.ID)}
	}},
	{Key: "weak.org", Cell: func(_ string, v weak.Visit) kit.Cell { return kit.Cell{Text: v.OrgName} }},
	{Key: "supervision.inspectors", Cell: func(_ string, v weak.Visit) kit.Cell { return kit.Cell{Text: v.Inspectors} }},
	{Key: "supervision.follow_up", Clip: 40, Cell: func(_ string, v weak.Visit) kit.Cell { return kit.Cell{Text: v.FollowUp} }},
}}

func (m *Module) pageVisits(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := m.Weak.ListVisits(r.Context(), p.Scope, pg)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{Title: kit.Tr(lang, "nav.supervision"),
		Actions: []kit.Link{{Href: "/weak", Key: "nav.weak"}}, ListTable: kit.ListTable{Rows: visitTable.Rows(lang, items), Pager: kit.NewPager(r, page, pg, total, len(items)), Cols: visitTable.Cols(r), Export: kit.ExportsOf(r, "supervision")}}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = append(d.Actions, kit.Link{Href: "/supervision/new", Key: "supervision.new"})
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) renderVisitForm(w http.ResponseWriter, r *http.Request, code int, d weak.VisitDraft, findings, msg string) {
	lang := kit.LangOf(r)
	fields := []kit.FormField{
		kit.Pick("org_id", "weak.org", "orgs", d.OrgID, "", true),
		{Name: "visited_on", Label: "supervision.visited_on", Type: "date", Value: d.VisitedOn, Required: true},
		{Name: "inspectors", Label: "supervision.inspectors", Type: "text", Value: d.Inspectors, Required: true},
		{Name: "findings", Label: "supervision.findings", Type: "textarea", Value: findings, Placeholder: "supervision.findings_hint"},
		{Name: "follow_up", Label: "supervision.follow_up", Type: "textarea", Value: d.FollowUp},
	}
	kit.Form.Render(m.Kit, w, r, code, kit.FormPage{Title: kit.Tr(lang, "supervision.new"), Fields: fields, Error: msg, Action: "/supervision", Cancel: "/supervision"})
}

func (m *Module) pageVisitNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	m.renderVisitForm(w, r, http.StatusOK, weak.VisitDraft{VisitedOn: m.Weak.Today()}, "", "")
	return nil
}

// visitFindings reads a textarea of lines "severity|text" or "text".
func visitFindings(text string) []weak.Finding {
	var out []weak.Finding
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.ReplaceAll(line, "｜", "|"))
		if line == "" {
			continue
		}
		f := weak.Finding{Body: line}
		if sev, body, ok := strings.Cut(line, "|"); ok {
			f.Severity, f.Body = strings.TrimSpace(sev), body
		}
		out = append(out, f)
	}
	return out
}

func (m *Module) pageVisitCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	findings := r.PostFormValue("findings")
	d := weak.VisitDraft{VisitedOn: strings.TrimSpace(r.PostFormValue("visited_on")), Inspectors: r.PostFormValue("inspectors"),
		FollowUp: r.PostFormValue("follow_up"), Findings: visitFindings(findings)}
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		var id int64
		if id, err = m.Weak.CreateVisit(r.Context(), p.Scope, d); err == nil {
			http.Redirect(w, r, "/supervision/"+kit.Itoa(id), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	if apperr.As(err).Key == "err.weak.org_unknown" {
		d.OrgID = 0 // an org outside the scope is not shown
	}
	m.renderVisitForm(w, r, kit.Status(apperr.CodeOf(err)), d, findings, kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
	return nil
}

func (m *Module) pageVisit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	v, _, err := kit.ByID(r, p, m.Weak.GetVisit)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "weak.org", Text: v.OrgName}, {Key: "supervision.visited_on", Text: v.VisitedOn},
		{Key: "supervision.inspectors", Text: v.Inspectors}, {Key: "supervision.follow_up", Text: v.FollowUp}}
	if v.CaseID != 0 {
		fields = append(fields, kit.KV{Key: "weak.case", Text: "#" + kit.Itoa(v.CaseID), Href: "/weak/" + kit.Itoa(v.CaseID)})
	}
	var rows [][]kit.Cell
	var open []kit.Option
	for _, f := range v.Findings {
		task := kit.Cell{}
		if f.TaskID != 0 {
			task = kit.Cell{Text: "#" + kit.Itoa(f.TaskID), Href: "/weak/" + kit.Itoa(v.CaseID)}
		} else {
			open = append(open, kit.Option{Value: kit.Itoa(f.ID), Label: "#" + kit.Itoa(f.ID) + " " + kit.Clip(f.Body, 20), Raw: true})
		}
		rows = append(rows, []kit.Cell{{Text: "#" + kit.Itoa(f.ID)}, {Text: f.Body}, {Text: kit.Tr(lang, "supervision.severity."+f.Severity)}, task})
	}
	d := kit.DetailPage{Title: v.OrgName + " · " + v.VisitedOn, Fields: fields, Sections: []kit.Section{
		{Key: "supervision.findings", Cols: kit.Cols("supervision.finding_id", "supervision.finding", "supervision.severity", "weak.task_id"), Rows: rows},
	}, Actions: []kit.Link{{Href: "/supervision", Key: "nav.supervision"}}}
	if v.CaseID != 0 && len(open) > 0 && p.Can(auth.PermRegistryWrite) {
		d.Forms = []kit.InlineForm{{Action: "/supervision/" + kit.Itoa(v.ID) + "/link", Title: "supervision.link", Button: "form.save", Fields: []kit.FormField{
			{Name: "finding_id", Label: "supervision.finding", Type: "select", Options: open, Required: true},
			{Name: "deadline", Label: "weak.deadline", Type: "date", Required: true},
		}}}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageVisitLink(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/supervision/", func(id int64) error {
		fid, err := kit.FormInt(r, "finding_id")
		if err != nil {
			return err
		}
		_, err = m.Weak.LinkFinding(r.Context(), p.Scope, id, fid, strings.TrimSpace(r.PostFormValue("deadline")))
		return err
	})
}
