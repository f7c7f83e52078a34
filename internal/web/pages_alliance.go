package web

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

var allianceCols = []string{"alliance.name", "alliance.kind", "alliance.lead", "alliance.members"}

func allianceKind(lang string, a alliance.Alliance) string {
	k := kit.Tr(lang, "alliance.kind."+string(a.Kind))
	if a.Pairing != "" {
		k += " · " + kit.Tr(lang, "alliance.pairing."+string(a.Pairing))
	}
	return k
}

// allianceFilter reads the list's filters (the list and its export).
func allianceFilter(r *http.Request) (alliance.Filter, int, error) {
	var f alliance.Filter
	var page int
	var err error
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	if f.Kind, err = kit.QueryEnum(r, "kind", alliance.Kinds); err != nil {
		return f, 0, err
	}
	f.Q, f.Sort = r.URL.Query().Get("q"), r.URL.Query().Get("sort")
	return f, page, nil
}

func (s *Server) pageAlliances(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, page, err := allianceFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.alliances().List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]cell
	for _, a := range items {
		rows = append(rows, []cell{{Text: a.Name, Href: "/alliances/" + kit.Itoa(a.ID)}, {Text: allianceKind(lang, a)}, {Text: a.LeadOrgName},
			{Text: strconv.Itoa(a.MemberCount)}})
	}
	cs := kit.Cols(allianceCols...)
	cs[0], cs[1], cs[2] = kit.SortCol(r, "alliance.name", "name"), kit.SortCol(r, "alliance.kind", "kind"), kit.SortCol(r, "alliance.lead", "lead")
	d := map[string]any{
		"Title": kit.Tr(lang, "nav.alliances"), "Cols": cs, "Rows": rows, "Pager": kit.NewPager(r, page, f.Page, total, len(items)),
		"Export": []string{kit.ExportLink(r, "alliances", "xlsx"), kit.ExportLink(r, "alliances", "csv")},
		"Filters": []formField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q},
			{Name: "kind", Label: "alliance.kind", Type: "select", Options: kit.EnumOptions(alliance.Kinds, "alliance.kind.", string(f.Kind), "list.any")},
		},
	}
	if p.Can(auth.PermRegistryWrite) {
		d["Actions"] = []link{{Href: "/alliances/new", Key: "alliance.new"}}
	}
	s.Render(w, r, http.StatusOK, "list", d)
	return nil
}

func (s *Server) renderAllianceForm(w http.ResponseWriter, r *http.Request, code int, d alliance.Draft, msg string) {
	lang := kit.LangOf(r)
	fields := []formField{
		{Name: "kind", Label: "alliance.kind", Type: "select", Options: kit.EnumOptions(alliance.Kinds, "alliance.kind.", string(d.Kind), ""), Required: true},
		{Name: "pairing", Label: "alliance.pairing", Type: "select", Options: kit.EnumOptions(alliance.PairingTypes, "alliance.pairing.", string(d.Pairing), "list.any")},
		{Name: "name", Label: "alliance.name", Type: "text", Value: d.Name, Required: true},
		kit.Pick("lead_org_id", "alliance.lead", "orgs", d.LeadOrgID, "", true),
		{Name: "note", Label: "alliance.note", Type: "textarea", Value: d.Note},
	}
	s.Render(w, r, code, "form", map[string]any{"Title": kit.Tr(lang, "alliance.new"), "Fields": fields, "Error": msg, "Action": "/alliances", "Cancel": "/alliances"})
}

func (s *Server) pageAllianceNew(w http.ResponseWriter, r *http.Request, p *Principal) error {
	s.renderAllianceForm(w, r, http.StatusOK, alliance.Draft{Kind: alliance.Regional, LeadOrgID: p.User.ScopeOrgID}, "")
	return nil
}

func (s *Server) pageAllianceCreate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	d := alliance.Draft{Kind: alliance.Kind(r.PostFormValue("kind")), Pairing: alliance.PairingType(r.PostFormValue("pairing")),
		Name: r.PostFormValue("name"), Note: r.PostFormValue("note")}
	var err error
	if d.LeadOrgID, err = kit.FormInt(r, "lead_org_id"); err == nil {
		var a alliance.Alliance
		if a, err = s.alliances().Create(r.Context(), p.Scope, d); err == nil {
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
	s.renderAllianceForm(w, r, kit.Status(apperr.CodeOf(err)), d, kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
	return nil
}

func memberNames(ms []alliance.Member) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return strings.Join(out, "、")
}

func (s *Server) pageAlliance(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.alliances().Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	fields := []kv{{Key: "alliance.kind", Text: allianceKind(lang, a)}, {Key: "alliance.lead", Text: a.LeadOrgName},
		{Key: "alliance.note", Text: a.Note}, {Key: "alliance.members", Text: strconv.Itoa(len(a.Members)), ID: "alliance-members"}}
	var members, resources, meetings, tasks, memos [][]cell
	for _, m := range a.Members {
		kind := "alliance.member_org"
		if m.UnitID != 0 {
			kind = "alliance.member_unit"
		}
		members = append(members, []cell{{Text: "#" + kit.Itoa(m.ID)}, {Text: m.Name}, {Text: kit.Tr(lang, kind)}, {Text: m.Role}})
	}
	for _, x := range a.Resources {
		resources = append(resources, []cell{{Text: x.Name}, {Text: x.Kind}, {Text: x.OwnerName}, {Text: x.Note}})
	}
	for _, m := range a.Meetings {
		meetings = append(meetings, []cell{{Text: "#" + kit.Itoa(m.ID)}, {Text: m.HeldOn}, {Text: m.Agenda}, {Text: memberNames(m.Present)}})
	}
	for _, t := range a.Tasks {
		st := kit.Tr(lang, "alliance.task."+t.Status)
		if t.Overdue {
			st += " · " + kit.Tr(lang, "alliance.overdue")
		}
		done := cell{Text: t.DoneOn}
		tasks = append(tasks, []cell{{Text: "#" + kit.Itoa(t.ID)}, {Text: t.Decision}, {Text: t.OwnerName}, {Text: t.Deadline}, {Text: st}, done})
	}
	for _, m := range a.Memoranda {
		if len(m.Commitments) == 0 {
			memos = append(memos, []cell{{Text: m.Title}, {Text: m.SignedOn}, {Text: memberNames(m.Parties)}, {}, {}, {}, {}, {}})
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
			memos = append(memos, []cell{{Text: m.Title}, {Text: m.SignedOn}, {Text: memberNames(m.Parties)}, {Text: "#" + kit.Itoa(c.ID)},
				{Text: c.Content}, {Text: c.OwnerName + " · " + c.DueOn}, {Text: prog}, {Text: strings.Join(notes, "；")}})
		}
	}
	d := map[string]any{"Title": a.Name, "Fields": fields, "Sections": []section{
		{Key: "alliance.members", Cols: kit.Cols("alliance.member_id", "alliance.member_name", "alliance.member_kind", "alliance.role"), Rows: members},
		{Key: "alliance.resources", Cols: kit.Cols("alliance.resource_name", "alliance.resource_kind", "alliance.owner", "alliance.note"), Rows: resources},
		{Key: "alliance.meetings", Cols: kit.Cols("alliance.meeting_id", "alliance.held_on", "alliance.agenda", "alliance.present"), Rows: meetings},
		{Key: "alliance.tasks", Cols: kit.Cols("alliance.task_id", "alliance.decision", "alliance.owner", "alliance.deadline", "alliance.status", "alliance.done_on"), Rows: tasks},
		{Key: "alliance.memoranda", Cols: kit.Cols("alliance.memo_title", "alliance.signed_on", "alliance.parties", "alliance.commitment_id",
			"alliance.commitment", "alliance.owner_due", "alliance.progress", "alliance.updates"), Rows: memos},
	}, "Actions": []link{{Href: "/alliances", Key: "nav.alliances"}}}
	work := []link{{Href: "/export/alliance-work?format=xlsx&alliance=" + kit.Itoa(a.ID), Key: "alliance.export_work"},
		{Href: "/export/alliance-work?format=csv&alliance=" + kit.Itoa(a.ID), Key: "alliance.export_work_csv"}}
	d["Actions"] = append(d["Actions"].([]link), work...)
	if a.Writable && p.Can(auth.PermRegistryWrite) {
		d["Forms"] = append(allianceForms(a, s.alliances().Today()), kit.DeleteForm("/alliances/"+kit.Itoa(a.ID)+"/delete", "alliance.delete"))
		d["Actions"] = append(d["Actions"].([]link), link{Href: "/alliances/" + kit.Itoa(a.ID) + "/edit", Key: "alliance.edit"})
	}
	s.Render(w, r, http.StatusOK, "detail", d)
	return nil
}

// allianceForms are the inline forms on an alliance.
func allianceForms(a alliance.Alliance, today string) []inlineForm {
	var owners, open []option
	for _, m := range a.Members {
		owners = append(owners, option{Value: kit.Itoa(m.ID), Label: m.Name, Raw: true})
	}
	for _, t := range a.Tasks {
		if t.Status == alliance.Open {
			open = append(open, option{Value: kit.Itoa(t.ID), Label: "#" + kit.Itoa(t.ID) + " " + t.Decision, Raw: true})
		}
	}
	meetings := []option{{Value: "", Label: "list.any"}}
	for _, m := range a.Meetings {
		meetings = append(meetings, option{Value: kit.Itoa(m.ID), Label: m.HeldOn + " " + kit.Clip(m.Agenda, 20), Raw: true})
	}
	var commitments []option
	for _, m := range a.Memoranda {
		for _, c := range m.Commitments {
			commitments = append(commitments, option{Value: kit.Itoa(c.ID), Label: "#" + kit.Itoa(c.ID) + " " + kit.Clip(c.Content, 20), Raw: true})
		}
	}
	base := "/alliances/" + kit.Itoa(a.ID)
	forms := []inlineForm{{Action: base + "/members", Title: "alliance.add_member", Button: "form.save", Fields: []formField{
		{Name: "org_id", Label: "alliance.member_org_id", Type: "number"},
		{Name: "unit_id", Label: "alliance.member_unit_id", Type: "number"},
		{Name: "role", Label: "alliance.role", Type: "text"},
	}}}
	if len(owners) == 0 {
		return forms
	}
	forms = append(forms,
		inlineForm{Action: base + "/resources", Title: "alliance.add_resource", Button: "form.save", Fields: []formField{
			{Name: "name", Label: "alliance.resource_name", Type: "text", Required: true},
			{Name: "kind", Label: "alliance.resource_kind", Type: "text"},
			{Name: "owner_id", Label: "alliance.owner", Type: "select", Options: owners, Required: true},
			{Name: "note", Label: "alliance.note", Type: "text"},
		}},
		inlineForm{Action: base + "/meetings", Title: "alliance.add_meeting", Button: "form.save", Fields: []formField{
			{Name: "held_on", Label: "alliance.held_on", Type: "date", Value: today, Required: true},
			{Name: "agenda", Label: "alliance.agenda", Type: "textarea", Required: true},
			{Name: "present", Label: "alliance.present", Type: "multi", Options: owners},
			{Name: "decisions", Label: "alliance.decisions", Type: "textarea", Placeholder: "alliance.decisions_hint"},
		}},
		inlineForm{Action: base + "/tasks", Title: "alliance.add_task", Button: "form.save", Fields: []formField{
			{Name: "meeting_id", Label: "alliance.meeting", Type: "select", Options: meetings},
			{Name: "decision", Label: "alliance.decision", Type: "text", Required: true},
			{Name: "owner_id", Label: "alliance.owner", Type: "select", Options: owners, Required: true},
			{Name: "deadline", Label: "alliance.deadline", Type: "date", Required: true},
		}},
		inlineForm{Action: base + "/memoranda", Title: "alliance.add_memo", Button: "form.save", Fields: []formField{
			{Name: "title", Label: "alliance.memo_title", Type: "text", Required: true},
			{Name: "signed_on", Label: "alliance.signed_on", Type: "date", Value: today, Required: true},
			{Name: "parties", Label: "alliance.parties", Type: "multi", Options: owners},
			{Name: "commitments", Label: "alliance.commitments", Type: "textarea", Placeholder: "alliance.commitments_hint"},
		}})
	if len(open) > 0 {
		forms = append(forms, inlineForm{Action: base + "/tasks/done", Title: "alliance.task_done", Button: "form.save", Fields: []formField{
			{Name: "task_id", Label: "alliance.task_id", Type: "select", Options: open, Required: true},
		}})
	}
	if len(commitments) > 0 {
		forms = append(forms, inlineForm{Action: base + "/progress", Title: "alliance.set_progress", Button: "form.save", Fields: []formField{
			{Name: "commitment_id", Label: "alliance.commitment", Type: "select", Options: commitments, Required: true},
			{Name: "progress", Label: "alliance.progress", Type: "number", Required: true},
			{Name: "note", Label: "alliance.note", Type: "text"},
		}})
	}
	return forms
}

func (s *Server) pageAllianceMember(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.MemberDraft{Role: r.PostFormValue("role")}
		var err error
		if d.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
			return err
		}
		if d.UnitID, err = kit.FormInt(r, "unit_id"); err != nil {
			return err
		}
		_, err = s.alliances().AddMember(r.Context(), p.Scope, id, d)
		return err
	})
}

func (s *Server) pageAllianceResource(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.ResourceDraft{Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Note: r.PostFormValue("note")}
		var err error
		if d.OwnerID, err = kit.FormInt(r, "owner_id"); err != nil {
			return err
		}
		_, err = s.alliances().AddResource(r.Context(), p.Scope, id, d)
		return err
	})
}

// formIDs reads a repeated id field (checkboxes).
func formIDs(r *http.Request, name string) ([]int64, error) {
	var out []int64
	for _, v := range r.PostForm[name] {
		ids, err := idList(v, name)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// formLines reads a textarea of lines "text|member id|date".
func formLines(r *http.Request, name string) ([][3]string, []int64, error) {
	var out [][3]string
	var owners []int64
	for _, line := range strings.Split(r.PostFormValue(name), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(strings.ReplaceAll(line, "｜", "|"), "|")
		if len(parts) != 3 {
			return nil, nil, apperr.InvalidField(name, "err.alliance.line").With("line", line)
		}
		owner, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(parts[1]), "#"), 10, 64)
		if err != nil || owner <= 0 {
			return nil, nil, apperr.InvalidField(name, "err.alliance.line").With("line", line)
		}
		out = append(out, [3]string{strings.TrimSpace(parts[0]), "", strings.TrimSpace(parts[2])})
		owners = append(owners, owner)
	}
	return out, owners, nil
}

func (s *Server) pageAllianceMeeting(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.MeetingDraft{HeldOn: strings.TrimSpace(r.PostFormValue("held_on")), Agenda: r.PostFormValue("agenda")}
		var err error
		if d.Present, err = formIDs(r, "present"); err != nil {
			return err
		}
		lines, owners, err := formLines(r, "decisions")
		if err != nil {
			return err
		}
		for i, l := range lines {
			d.Decisions = append(d.Decisions, alliance.TaskDraft{Decision: l[0], OwnerID: owners[i], Deadline: l[2]})
		}
		_, err = s.alliances().AddMeeting(r.Context(), p.Scope, id, d)
		return err
	})
}

func (s *Server) pageAllianceTask(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.TaskDraft{Decision: r.PostFormValue("decision"), Deadline: strings.TrimSpace(r.PostFormValue("deadline"))}
		var err error
		if d.MeetingID, err = kit.FormInt(r, "meeting_id"); err != nil {
			return err
		}
		if d.OwnerID, err = kit.FormInt(r, "owner_id"); err != nil {
			return err
		}
		_, err = s.alliances().AddTask(r.Context(), p.Scope, id, d)
		return err
	})
}

func (s *Server) pageAllianceTaskDone(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		tid, err := kit.FormInt(r, "task_id")
		if err != nil {
			return err
		}
		return s.alliances().CompleteTask(r.Context(), p.Scope, id, tid)
	})
}

func (s *Server) pageAllianceMemo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.MemoDraft{Title: r.PostFormValue("title"), SignedOn: strings.TrimSpace(r.PostFormValue("signed_on"))}
		var err error
		if d.Parties, err = formIDs(r, "parties"); err != nil {
			return err
		}
		lines, owners, err := formLines(r, "commitments")
		if err != nil {
			return err
		}
		for i, l := range lines {
			d.Commitments = append(d.Commitments, alliance.CommitmentDraft{Content: l[0], OwnerID: owners[i], DueOn: l[2]})
		}
		_, err = s.alliances().AddMemo(r.Context(), p.Scope, id, d)
		return err
	})
}

func (s *Server) pageAllianceProgress(w http.ResponseWriter, r *http.Request, p *Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		cid, err := kit.FormInt(r, "commitment_id")
		if err != nil {
			return err
		}
		pr, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("progress")))
		if err != nil {
			return apperr.InvalidField("progress", "err.alliance.progress_range").With("progress", r.PostFormValue("progress"))
		}
		return s.alliances().SetProgress(r.Context(), p.Scope, id, cid, pr, r.PostFormValue("note"))
	})
}
