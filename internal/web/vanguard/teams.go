package vanguard

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/org"
	"dangjian/internal/vanguard"
	"dangjian/internal/web/kit"
)

// Vanguard teams (党员先锋队): the list (filters by org, focus and name,
// sorting, paging, export), the phone-friendly form for a new team (choose
// the org, then its leader among the party members of the org and its
// subordinate orgs), and a team's page with its members and activities and
// inline forms to add a member and record an activity.

var teamFilter = kit.QueryFilter[vanguard.TeamFilter]

type team = vanguard.Team

var teamText = kit.Text[team]

// teamTable is the team list's columns: the page and the export (which
// adds the note).
var teamTable = kit.Table[team]{Columns: []kit.Column[team]{
	{Key: "vanguard.name", Sort: "name", Cell: func(_ string, t team) kit.Cell { return kit.Cell{Text: t.Name, Href: "/vanguard/" + kit.Itoa(t.ID)} }},
	{Key: "vanguard.focus", Sort: "focus", Cell: teamText(func(lang string, t team) string { return kit.Tr(lang, "vanguard.focus."+string(t.Focus)) })},
	{Key: "vanguard.org", Sort: "org", Cell: teamText(func(_ string, t team) string { return t.OrgName })},
	{Key: "vanguard.leader", Sort: "leader", Cell: teamText(func(_ string, t team) string { return t.LeaderName })},
	{Key: "vanguard.founded_on", Sort: "founded_on", Cell: teamText(func(_ string, t team) string { return t.FoundedOn })},
	{Key: "vanguard.member_count", Cell: teamText(func(_ string, t team) string { return strconv.Itoa(t.MemberN) })},
	{Key: "vanguard.activity_count", Cell: teamText(func(_ string, t team) string { return strconv.Itoa(t.ActivityN) })},
	{Key: "vanguard.hours", Cell: teamText(func(_ string, t team) string { return hoursText(t.Hours) })},
	{Key: "vanguard.note", ExportOnly: true, Cell: teamText(func(_ string, t team) string { return t.Note })},
}}

// hoursText shows hours with at most one decimal.
func hoursText(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

func (m *Module) pageTeams(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, teamFilter, m.Vanguard.ListTeams, teamTable, "vanguard")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "vanguard.list_title"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "vanguard.q_hint"},
			kit.Pick("org_id", "vanguard.org", "orgs", f.OrgID, "", false),
			{Name: "focus", Label: "vanguard.focus", Type: "select", Options: kit.EnumOptions(vanguard.Focuses, "vanguard.focus.", string(f.Focus), "list.any")},
		},
		Actions:   []kit.Link{{Href: "/invitations", Key: "nav.invitations"}},
		ListTable: lt,
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/vanguard/new", Key: "vanguard.new"}, {Href: "/invitations", Key: "nav.invitations"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func textCells(texts []string) []kit.Cell {
	out := make([]kit.Cell, len(texts))
	for i, t := range texts {
		out[i] = kit.Cell{Text: t}
	}
	return out
}

// memberOptions makes select options of members, with a blank first.
func memberOptions(ms []vanguard.Member, selected int64, blank string) []kit.Option {
	var out []kit.Option
	if blank != "" {
		out = append(out, kit.Option{Value: "", Label: blank})
	}
	for _, m := range ms {
		label := m.Name
		if m.OrgName != "" {
			label += " · " + m.OrgName
		}
		out = append(out, kit.Option{Value: kit.Itoa(m.ID), Label: label, Raw: true, Selected: m.ID == selected})
	}
	return out
}

func (m *Module) pageTeamNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	orgID, err := kit.QueryID(r, "org_id")
	if err != nil {
		return err
	}
	if orgID == 0 && r.URL.Query().Get("choose") == "" {
		orgID = p.User.ScopeOrgID // a branch secretary's own branch
	}
	return m.renderTeamForm(w, r, p, http.StatusOK, vanguard.TeamDraft{OrgID: orgID, Focus: vanguard.Rural, FoundedOn: m.Vanguard.Today()}, nil)
}

// renderTeamForm shows, before an org is chosen, the orgs in scope to
// choose from (searchable, each linking the form for it), and then the team
// form with the org's eligible members as the leader's choices.
func (m *Module) renderTeamForm(w http.ResponseWriter, r *http.Request, p *kit.Principal, code int, d vanguard.TeamDraft, ferr error) error {
	lang := kit.LangOf(r)
	if d.OrgID == 0 {
		return m.teamOrgChooser(w, r, p, code, ferr)
	}
	members, err := m.Vanguard.Eligible(r.Context(), p.Scope, d.OrgID)
	if apperr.CodeOf(err) == apperr.NotFound && code != http.StatusOK {
		return m.teamOrgChooser(w, r, p, code, ferr) // an org outside the scope is not shown
	} else if err != nil {
		return err
	}
	o, err := m.Orgs.Get(r.Context(), p.Scope, d.OrgID)
	if err != nil {
		return err
	}
	fields := append([]kit.FormField{{Name: "org_id", Type: "hidden", Value: kit.Itoa(d.OrgID)}}, teamFields(o.ID, o.Name, members, d)...)
	data := kit.FormPage{Title: kit.Tr(lang, "vanguard.new"), Fields: fields, Action: "/vanguard", Cancel: "/vanguard/new?choose=1"}
	if ferr != nil {
		data.Error = kit.FormErr(lang, ferr, fields)
	}
	kit.Form.Render(m.Kit, w, r, code, data)
	return nil
}

// teamOrgChooser lists the orgs in scope, each linking the team form.
func (m *Module) teamOrgChooser(w http.ResponseWriter, r *http.Request, p *kit.Principal, code int, ferr error) error {
	lang := kit.LangOf(r)
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	orgs, total, err := m.Orgs.List(r.Context(), p.Scope, org.Filter{Q: q, Page: pg, Sort: "tree"})
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, o := range orgs {
		rows = append(rows, []kit.Cell{{Text: o.Name, Href: "/vanguard/new?org_id=" + kit.Itoa(o.ID)}, {Text: kit.Tr(lang, "org.kind."+string(o.Kind))}, {Text: o.AreaName}})
	}
	msg := kit.Tr(lang, "vanguard.choose_org")
	if ferr != nil {
		msg = kit.Translate(lang, apperr.As(ferr)).Error.Message
	}
	kit.List.Render(m.Kit, w, r, code, kit.ListPage{Title: kit.Tr(lang, "vanguard.new"), Error: msg,
		Filters: []kit.FormField{{Name: "q", Label: "list.q", Type: "search", Value: q}}, ListTable: kit.ListTable{Rows: rows, Cols: kit.Cols("vanguard.org", "org.kind", "org.area"), Pager: kit.NewPager(r, page, pg, total, len(rows))}})
	return nil
}

func (m *Module) pageTeamCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d := vanguard.TeamDraft{Name: r.PostFormValue("name"), Focus: vanguard.Focus(r.PostFormValue("focus")), FoundedOn: r.PostFormValue("founded_on"),
		Note: r.PostFormValue("note")}
	var err error
	if d.OrgID, err = kit.FormInt(r, "org_id"); err == nil {
		if d.LeaderID, err = kit.FormInt(r, "leader_id"); err == nil {
			var t vanguard.Team
			if t, err = m.Vanguard.CreateTeam(r.Context(), p.Scope, d); err == nil {
				http.Redirect(w, r, "/vanguard/"+kit.Itoa(t.ID), http.StatusSeeOther)
				return nil
			}
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.renderTeamForm(w, r, p, kit.Status(apperr.CodeOf(err)), d, err)
}

func (m *Module) pageTeam(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	st := m.Vanguard
	t, err := st.GetTeam(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "vanguard.org", Text: t.OrgName, Href: "/orgs/" + kit.Itoa(t.OrgID)}, {Key: "vanguard.focus", Text: kit.Tr(lang, "vanguard.focus."+string(t.Focus))},
		{Key: "vanguard.leader", Text: t.LeaderName, Href: "/people/" + kit.Itoa(t.LeaderID)}, {Key: "vanguard.founded_on", Text: t.FoundedOn},
		{Key: "vanguard.member_count", Text: strconv.Itoa(t.MemberN), ID: "team-members"}, {Key: "vanguard.activity_count", Text: strconv.Itoa(t.ActivityN)},
		{Key: "vanguard.hours", Text: hoursText(t.Hours), ID: "team-hours"}, {Key: "vanguard.note", Text: t.Note}}
	var members, acts [][]kit.Cell
	on := map[int64]bool{}
	for _, m := range t.Members {
		on[m.ID] = true
		members = append(members, []kit.Cell{{Text: m.Name, Href: "/people/" + kit.Itoa(m.ID)}, {Text: m.OrgName}})
	}
	for _, a := range t.Activities {
		acts = append(acts, []kit.Cell{{Text: a.HeldOn}, {Text: a.Title}, {Text: hoursText(a.Hours)}, {Text: a.Note}})
	}
	var forms []kit.InlineForm
	if p.Can(auth.PermRegistryWrite) {
		eligible, err := st.Eligible(r.Context(), p.Scope, t.OrgID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		var rest []vanguard.Member
		for _, m := range eligible {
			if !on[m.ID] {
				rest = append(rest, m)
			}
		}
		forms = append(forms,
			kit.InlineForm{Action: "/vanguard/" + kit.Itoa(t.ID) + "/activities", Title: "vanguard.add_activity", Button: "vanguard.add_activity", Fields: []kit.FormField{
				{Name: "held_on", Label: "vanguard.held_on", Type: "date", Value: st.Today(), Required: true},
				{Name: "title", Label: "vanguard.title", Type: "text", Required: true},
				{Name: "hours", Label: "vanguard.hours", Type: "text", Required: true, Placeholder: "vanguard.hours_hint"},
				{Name: "note", Label: "vanguard.note", Type: "textarea"}}},
			kit.InlineForm{Action: "/vanguard/" + kit.Itoa(t.ID) + "/members", Title: "vanguard.add_member", Button: "vanguard.add_member", Fields: []kit.FormField{
				{Name: "person_id", Label: "vanguard.person", Type: "select", Options: memberOptions(rest, 0, "vanguard.leader_hint"), Required: true}}})
		forms = append(forms, teamEditForms(t)...)
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: t.Name, Fields: fields, Forms: forms,
		Sections: []kit.Section{
			{Key: "vanguard.members", Cols: kit.Cols("vanguard.person", "vanguard.member_org"), Rows: members},
			{Key: "vanguard.activities", Cols: kit.Cols("vanguard.held_on", "vanguard.title", "vanguard.hours", "vanguard.note"), Rows: acts},
		},
		Actions: teamActions(p, t)})
	return nil
}

// formHours reads an hours value (blank is 0, refused by the store).
func formHours(r *http.Request, name string) (float64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	h, err := kit.ParseNumber(name, v)
	if err != nil {
		return 0, apperr.InvalidField(name, "err.vanguard.hours").With("max", vanguard.MaxHours)
	}
	return h, nil
}

func (m *Module) pageTeamMember(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := kit.FormInt(r, "person_id")
	if err != nil {
		return err
	}
	if err := m.Vanguard.AddMember(r.Context(), p.Scope, id, pid); err != nil {
		return err
	}
	http.Redirect(w, r, "/vanguard/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageTeamActivity(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	d := vanguard.ActivityDraft{HeldOn: r.PostFormValue("held_on"), Title: r.PostFormValue("title"), Note: r.PostFormValue("note")}
	if d.Hours, err = formHours(r, "hours"); err != nil {
		return err
	}
	if _, err := m.Vanguard.AddActivity(r.Context(), p.Scope, id, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/vanguard/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

// teamActions are the links of a team's page: its org's teams, and the
// edit form for a writer.
func teamActions(p *kit.Principal, t vanguard.Team) []kit.Link {
	out := []kit.Link{{Href: "/vanguard?org_id=" + kit.Itoa(t.OrgID), Key: "vanguard.org_teams"}}
	if p.Can(auth.PermRegistryWrite) {
		out = append(out, kit.Link{Href: "/vanguard/" + kit.Itoa(t.ID) + "/edit", Key: "vanguard.edit"})
	}
	return out
}

// teamFields are a team form's fields: its org (shown, not chosen here),
// name, focus, leader among members, founding date and note.
func teamFields(orgID int64, orgName string, members []vanguard.Member, d vanguard.TeamDraft) []kit.FormField {
	return []kit.FormField{
		{Name: "org", Label: "vanguard.org", Type: "select", Options: []kit.Option{{Value: kit.Itoa(orgID), Label: orgName, Raw: true, Selected: true}}},
		{Name: "name", Label: "vanguard.name", Type: "text", Value: d.Name, Required: true},
		{Name: "focus", Label: "vanguard.focus", Type: "select", Options: kit.EnumOptions(vanguard.Focuses, "vanguard.focus.", string(d.Focus), ""), Required: true},
		{Name: "leader_id", Label: "vanguard.leader", Type: "select", Options: memberOptions(members, d.LeaderID, "vanguard.leader_hint"), Required: true},
		{Name: "founded_on", Label: "vanguard.founded_on", Type: "date", Value: d.FoundedOn, Required: true},
		{Name: "note", Label: "vanguard.note", Type: "textarea", Value: d.Note},
	}
}
