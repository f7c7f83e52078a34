package vanguard

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/vanguard"
	"dangjian/internal/web/kit"
)

// Study and training plans (学习, 送学上门, 白衣书记 training): the list
// (filters by org, kind and title, sorting, paging, export), the form for a
// new plan of an org in scope, and a plan's page with its sessions, each
// member's completed hours against the target, and the phone-friendly form
// that records a session with its attendees (the org's members, ticked).

var planFilter = kit.QueryFilter[vanguard.PlanFilter]

type plan = vanguard.Plan

var planText = kit.Text[plan]

// planTable is the plan list's columns: the page and the export (which
// adds the note).
var planTable = kit.Table[plan]{Columns: []kit.Column[plan]{
	{Key: "training.title", Sort: "title", Cell: func(_ string, x plan) kit.Cell { return kit.Cell{Text: x.Title, Href: "/training/" + kit.Itoa(x.ID)} }},
	{Key: "training.kind", Sort: "kind", Cell: planText(func(lang string, x plan) string { return kit.Tr(lang, "training.kind."+string(x.Kind)) })},
	{Key: "training.org", Sort: "org", Cell: planText(func(_ string, x plan) string { return x.OrgName })},
	{Key: "training.starts_on", Sort: "starts_on", Cell: planText(func(_ string, x plan) string { return x.StartsOn })},
	{Key: "training.ends_on", Sort: "ends_on", Cell: planText(func(_ string, x plan) string { return x.EndsOn })},
	{Key: "training.target_hours", Cell: planText(func(_ string, x plan) string { return hoursText(x.TargetHours) })},
	{Key: "training.session_count", Cell: planText(func(_ string, x plan) string { return strconv.Itoa(x.SessionN) })},
	{Key: "training.hours", Cell: planText(func(_ string, x plan) string { return hoursText(x.Hours) })},
	{Key: "training.note", ExportOnly: true, Cell: planText(func(_ string, x plan) string { return x.Note })},
}}

func (m *Module) pagePlans(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, planFilter, m.Vanguard.ListPlans, planTable, "training")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "training.list_title"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "training.q_hint"},
			kit.Pick("org_id", "training.org", "orgs", f.OrgID, "", false),
			{Name: "kind", Label: "training.kind", Type: "select", Options: kit.EnumOptions(vanguard.PlanKinds, "training.kind.", string(f.Kind), "list.any")},
		},
		ListTable: lt,
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/training/new", Key: "training.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) renderPlanForm(w http.ResponseWriter, r *http.Request, code int, d vanguard.PlanDraft, target, msg string) {
	lang := kit.LangOf(r)
	fields := planFields(kit.Pick("org_id", "training.org", "orgs", d.OrgID, "", true), d, target)
	kit.Form.Render(m.Kit, w, r, code, kit.FormPage{Title: kit.Tr(lang, "training.new"), Fields: fields, Error: msg, Action: "/training", Cancel: "/training"})
}

func (m *Module) pagePlanNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	today := m.Vanguard.Today()
	m.renderPlanForm(w, r, http.StatusOK, vanguard.PlanDraft{OrgID: p.User.ScopeOrgID, Kind: vanguard.Study, StartsOn: today, EndsOn: today[:4] + "-12-31"}, "", "")
	return nil
}

func (m *Module) pagePlanCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d := vanguard.PlanDraft{Title: r.PostFormValue("title"), Kind: vanguard.PlanKind(r.PostFormValue("kind")), StartsOn: r.PostFormValue("starts_on"),
		EndsOn: r.PostFormValue("ends_on"), Note: r.PostFormValue("note")}
	target := strings.TrimSpace(r.PostFormValue("target_hours"))
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		if d.TargetHours, err = formHours(r, "target_hours"); err == nil {
			var x vanguard.Plan
			if x, err = m.Vanguard.CreatePlan(r.Context(), p.Scope, d); err == nil {
				http.Redirect(w, r, "/training/"+kit.Itoa(x.ID), http.StatusSeeOther)
				return nil
			}
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	if apperr.As(err).Key == "err.vanguard.org_unknown" {
		d.OrgID = 0 // an org outside the scope is not shown
	}
	m.renderPlanForm(w, r, kit.Status(apperr.CodeOf(err)), d, target, kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
	return nil
}

func memberNamesOf(ms []vanguard.Member) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return strings.Join(names, "、")
}

func (m *Module) pagePlan(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := m.Vanguard
	x, err := st.GetPlan(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	done := 0
	var progress, sessions [][]kit.Cell
	for _, pr := range x.Progress {
		if pr.Done {
			done++
		}
		progress = append(progress, []kit.Cell{{Text: pr.Name, Href: "/people/" + kit.Itoa(pr.PersonID)}, {Text: strconv.Itoa(pr.Sessions)},
			{Text: hoursText(pr.Hours) + " / " + hoursText(pr.Target)}, {Text: strconv.Itoa(pr.Percent()) + "%"}, {Text: kit.YesNo(lang, pr.Done)}})
	}
	for _, se := range x.Sessions {
		sessions = append(sessions, []kit.Cell{{Text: se.HeldOn}, {Text: se.Topic}, {Text: hoursText(se.Hours)}, {Text: memberNamesOf(se.Attendees)}})
	}
	fields := []kit.KV{{Key: "training.org", Text: x.OrgName, Href: "/orgs/" + kit.Itoa(x.OrgID)}, {Key: "training.kind", Text: kit.Tr(lang, "training.kind."+string(x.Kind))},
		{Key: "training.period", Text: x.StartsOn + " ~ " + x.EndsOn}, {Key: "training.target_hours", Text: hoursText(x.TargetHours)},
		{Key: "training.session_count", Text: strconv.Itoa(x.SessionN), ID: "plan-sessions"}, {Key: "training.hours", Text: hoursText(x.Hours)},
		{Key: "training.done", Text: strconv.Itoa(done) + " / " + strconv.Itoa(len(x.Progress)), ID: "plan-done"}, {Key: "training.note", Text: x.Note}}
	var forms []kit.InlineForm
	if p.Can(auth.PermRegistryWrite) {
		today := st.Today()
		if today > x.EndsOn {
			today = x.EndsOn
		}
		var opts []kit.Option
		for _, pr := range x.Progress {
			opts = append(opts, kit.Option{Value: kit.Itoa(pr.PersonID), Label: pr.Name, Raw: true})
		}
		forms = append(forms, kit.InlineForm{Action: "/training/" + kit.Itoa(x.ID) + "/sessions", Title: "training.add_session", Button: "training.add_session",
			Fields: []kit.FormField{
				{Name: "held_on", Label: "training.held_on", Type: "date", Value: today, Required: true},
				{Name: "hours", Label: "training.hours", Type: "text", Required: true, Placeholder: "vanguard.hours_hint"},
				{Name: "topic", Label: "training.topic", Type: "text", Required: true},
				{Name: "attendee", Label: "training.attendees", Type: "multi", Options: opts, Placeholder: "training.attendees_hint"},
			}})
		forms = append(forms, planEditForms(x)...)
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: x.Title, Fields: fields, Forms: forms,
		Sections: []kit.Section{
			{Key: "training.progress", Cols: kit.Cols("training.member", "training.session_count", "training.completed", "training.percent", "training.done"), Rows: progress},
			{Key: "training.sessions", Cols: kit.Cols("training.held_on", "training.topic", "training.hours", "training.attendees"), Rows: sessions},
		},
		Actions: planActions(p, x)})
	return nil
}

func (m *Module) pagePlanSession(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	d := vanguard.SessionDraft{HeldOn: r.PostFormValue("held_on"), Topic: r.PostFormValue("topic")}
	if d.Hours, err = formHours(r, "hours"); err != nil {
		return err
	}
	for _, v := range r.PostForm["attendee"] {
		pid, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || pid <= 0 {
			return apperr.InvalidField("attendees", "err.training.attendees")
		}
		d.Attendees = append(d.Attendees, pid)
	}
	if _, err := m.Vanguard.AddSession(r.Context(), p.Scope, id, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/training/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

// planActions are the links of a plan's page: its org's plans, and the
// edit form for a writer.
func planActions(p *kit.Principal, x vanguard.Plan) []kit.Link {
	out := []kit.Link{{Href: "/training?org_id=" + kit.Itoa(x.OrgID), Key: "training.org_plans"}}
	if p.Can(auth.PermRegistryWrite) {
		out = append(out, kit.Link{Href: "/training/" + kit.Itoa(x.ID) + "/edit", Key: "training.edit"})
	}
	return out
}

// planFields are a plan form's fields after its org field.
func planFields(orgField kit.FormField, d vanguard.PlanDraft, target string) []kit.FormField {
	return []kit.FormField{
		orgField,
		{Name: "title", Label: "training.title", Type: "text", Value: d.Title, Required: true},
		{Name: "kind", Label: "training.kind", Type: "select", Options: kit.EnumOptions(vanguard.PlanKinds, "training.kind.", string(d.Kind), ""), Required: true},
		{Name: "starts_on", Label: "training.starts_on", Type: "date", Value: d.StartsOn, Required: true},
		{Name: "ends_on", Label: "training.ends_on", Type: "date", Value: d.EndsOn, Required: true},
		{Name: "target_hours", Label: "training.target_hours", Type: "text", Value: target, Required: true, Placeholder: "vanguard.hours_hint"},
		{Name: "note", Label: "training.note", Type: "textarea", Value: d.Note},
	}
}
