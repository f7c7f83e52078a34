package alliance

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Alliances: the list (filters by kind and name), the form for a new
// alliance led by an org in scope, and an alliance's page with its members,
// shared resources, joint meetings, tasks and memoranda, and inline forms
// to add each (shown where the caller's scope holds the lead org).

// allianceTable is the list's columns: the page and the export (which
// adds the note).
var allianceTable = kit.Table[alliance.Alliance]{Columns: []kit.Column[alliance.Alliance]{
	{Key: "alliance.name", Sort: "name", Cell: func(_ string, a alliance.Alliance) kit.Cell {
		return kit.Cell{Text: a.Name, Href: "/alliances/" + kit.Itoa(a.ID)}
	}},
	{Key: "alliance.kind", Sort: "kind", Cell: func(lang string, a alliance.Alliance) kit.Cell { return kit.Cell{Text: allianceKind(lang, a)} }},
	{Key: "alliance.lead", Sort: "lead", Cell: func(_ string, a alliance.Alliance) kit.Cell { return kit.Cell{Text: a.LeadOrgName} }},
	{Key: "alliance.members", Cell: func(_ string, a alliance.Alliance) kit.Cell { return kit.Cell{Text: strconv.Itoa(a.MemberCount)} }},
	{Key: "alliance.note", ExportOnly: true, Cell: func(_ string, a alliance.Alliance) kit.Cell { return kit.Cell{Text: a.Note} }},
}}

func allianceKind(lang string, a alliance.Alliance) string {
	k := kit.Tr(lang, "alliance.kind."+string(a.Kind))
	if a.Pairing != "" {
		k += " · " + kit.Tr(lang, "alliance.pairing."+string(a.Pairing))
	}
	return k
}

// allianceFilter reads the list's filters (the list and its export).
var allianceFilter = kit.QueryFilter[alliance.Filter]

func (m *Module) pageAlliances(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, allianceFilter, m.Alliances.List, allianceTable, "alliances")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.alliances"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			{Name: "kind", Label: "alliance.kind", Type: "select", Options: kit.EnumOptions(alliance.Kinds, "alliance.kind.", string(f.Kind), "list.any")},
		},
		ListTable: lt,
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Actions = []kit.Link{{Href: "/alliances/new", Key: "alliance.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) renderAllianceForm(w http.ResponseWriter, r *http.Request, code int, d alliance.Draft, msg string) {
	lang := kit.LangOf(r)
	fields := []kit.FormField{
		{Name: "kind", Label: "alliance.kind", Type: "select", Options: kit.EnumOptions(alliance.Kinds, "alliance.kind.", string(d.Kind), ""), Required: true},
		{Name: "pairing", Label: "alliance.pairing", Type: "select", Options: kit.EnumOptions(alliance.PairingTypes, "alliance.pairing.", string(d.Pairing), "list.any")},
		{Name: "name", Label: "alliance.name", Type: "text", Value: d.Name, Required: true},
		kit.Pick("lead_org_id", "alliance.lead", "orgs", d.LeadOrgID, "", true),
		{Name: "note", Label: "alliance.note", Type: "textarea", Value: d.Note},
	}
	kit.Form.Render(m.Kit, w, r, code, kit.FormPage{Title: kit.Tr(lang, "alliance.new"), Fields: fields, Error: msg, Action: "/alliances", Cancel: "/alliances"})
}

func (m *Module) pageAllianceNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	m.renderAllianceForm(w, r, http.StatusOK, alliance.Draft{Kind: alliance.Regional, LeadOrgID: p.User.ScopeOrgID}, "")
	return nil
}

func (m *Module) pageAllianceCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d := alliance.Draft{Kind: alliance.Kind(r.PostFormValue("kind")), Pairing: alliance.PairingType(r.PostFormValue("pairing")),
		Name: r.PostFormValue("name"), Note: r.PostFormValue("note")}
	var err error
	if d.LeadOrgID, err = kit.FormInt(r, "lead_org_id"); err == nil {
		var a alliance.Alliance
		if a, err = m.Alliances.Create(r.Context(), p.Scope, d); err == nil {
			http.Redirect(w, r, "/alliances/"+kit.Itoa(a.ID), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	if apperr.As(err).Key == "err.alliance.lead_unknown" {
		d.LeadOrgID = 0 // an org outside the scope is not shown
	}
	m.renderAllianceForm(w, r, kit.Status(apperr.CodeOf(err)), d, kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
	return nil
}

func memberNames(ms []alliance.Member) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return strings.Join(out, "、")
}

func (m *Module) pageAlliance(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	a, _, err := kit.ByID(r, p, m.Alliances.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kit.KV{{Key: "alliance.kind", Text: allianceKind(lang, a)}, {Key: "alliance.lead", Text: a.LeadOrgName},
		{Key: "alliance.note", Text: a.Note}, {Key: "alliance.members", Text: strconv.Itoa(len(a.Members)), ID: "alliance-members"}}
	var members, resources, meetings, tasks, memos [][]kit.Cell
	for _, m := range a.Members {
		kind := "alliance.member_org"
		if m.UnitID != 0 {
			kind = "alliance.member_unit"
		}
		members = append(members, []kit.Cell{{Text: "#" + kit.Itoa(m.ID)}, {Text: m.Name}, {Text: kit.Tr(lang, kind)}, {Text: m.Role}})
	}
	for _, x := range a.Resources {
		resources = append(resources, []kit.Cell{{Text: x.Name}, {Text: x.Kind}, {Text: x.OwnerName}, {Text: x.Note}})
	}
	for _, m := range a.Meetings {
		meetings = append(meetings, []kit.Cell{{Text: "#" + kit.Itoa(m.ID)}, {Text: m.HeldOn}, {Text: m.Agenda}, {Text: memberNames(m.Present)}})
	}
	for _, t := range a.Tasks {
		st := kit.Tr(lang, "alliance.task."+t.Status)
		if t.Overdue {
			st += " · " + kit.Tr(lang, "alliance.overdue")
		}
		done := kit.Cell{Text: t.DoneOn}
		tasks = append(tasks, []kit.Cell{{Text: "#" + kit.Itoa(t.ID)}, {Text: t.Decision}, {Text: t.OwnerName}, {Text: t.Deadline}, {Text: st}, done})
	}
	for _, m := range a.Memoranda {
		if len(m.Commitments) == 0 {
			memos = append(memos, []kit.Cell{{Text: m.Title}, {Text: m.SignedOn}, {Text: memberNames(m.Parties)}, {}, {}, {}, {}, {}})
		}
		for _, c := range m.Commitments {
			prog := strconv.Itoa(c.Progress) + "%"
			if c.Overdue {
				prog += " · " + kit.Tr(lang, "alliance.overdue")
			}
			var notes []string
			for _, u := range c.Updates {
				notes = append(notes, strconv.Itoa(u.Progress)+"% "+u.Note)
			}
			memos = append(memos, []kit.Cell{{Text: m.Title}, {Text: m.SignedOn}, {Text: memberNames(m.Parties)}, {Text: "#" + kit.Itoa(c.ID)},
				{Text: c.Content}, {Text: c.OwnerName + " · " + c.DueOn}, {Text: prog}, {Text: strings.Join(notes, "；")}})
		}
	}
	d := kit.DetailPage{Title: a.Name, Fields: fields, Sections: []kit.Section{
		{Key: "alliance.members", Cols: kit.Cols("alliance.member_id", "alliance.member_name", "alliance.member_kind", "alliance.role"), Rows: members},
		{Key: "alliance.resources", Cols: kit.Cols("alliance.resource_name", "alliance.resource_kind", "alliance.owner", "alliance.note"), Rows: resources},
		{Key: "alliance.meetings", Cols: kit.Cols("alliance.meeting_id", "alliance.held_on", "alliance.agenda", "alliance.present"), Rows: meetings},
		{Key: "alliance.tasks", Cols: kit.Cols("alliance.task_id", "alliance.decision", "alliance.owner", "alliance.deadline", "alliance.status", "alliance.done_on"), Rows: tasks},
		{Key: "alliance.memoranda", Cols: kit.Cols("alliance.memo_title", "alliance.signed_on", "alliance.parties", "alliance.commitment_id",
			"alliance.commitment", "alliance.owner_due", "alliance.progress", "alliance.updates"), Rows: memos},
	}, Actions: []kit.Link{{Href: "/alliances", Key: "nav.alliances"},
		{Href: "/export/alliance-work?format=xlsx&alliance=" + kit.Itoa(a.ID), Key: "alliance.export_work"},
		{Href: "/export/alliance-work?format=csv&alliance=" + kit.Itoa(a.ID), Key: "alliance.export_work_csv"}}}
	if a.Writable && p.Can(auth.PermRegistryWrite) {
		d.Forms = append(allianceForms(a, m.Alliances.Today()), kit.DeleteForm("/alliances/"+kit.Itoa(a.ID)+"/delete", "alliance.delete"))
		d.Actions = append(d.Actions, kit.Link{Href: "/alliances/" + kit.Itoa(a.ID) + "/edit", Key: "alliance.edit"})
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// allianceForms are the inline forms on an alliance.
