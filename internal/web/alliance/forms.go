package alliance

import (
	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
	"strings"
)

// The inline forms of an alliance's page and their posts: members,
// resources, joint meetings, tasks, memoranda and their progress.

func allianceForms(a alliance.Alliance, today string) []kit.InlineForm {
	var owners, open []kit.Option
	for _, m := range a.Members {
		owners = append(owners, kit.Option{Value: kit.Itoa(m.ID), Label: m.Name, Raw: true})
	}
	for _, t := range a.Tasks {
		if t.Status == alliance.Open {
			open = append(open, kit.Option{Value: kit.Itoa(t.ID), Label: "#" + kit.Itoa(t.ID) + " " + t.Decision, Raw: true})
		}
	}
	meetings := []kit.Option{{Value: "", Label: "list.any"}}
	for _, m := range a.Meetings {
		meetings = append(meetings, kit.Option{Value: kit.Itoa(m.ID), Label: m.HeldOn + " " + kit.Clip(m.Agenda, 20), Raw: true})
	}
	var commitments []kit.Option
	for _, m := range a.Memoranda {
		for _, c := range m.Commitments {
			commitments = append(commitments, kit.Option{Value: kit.Itoa(c.ID), Label: "#" + kit.Itoa(c.ID) + " " + kit.Clip(c.Content, 20), Raw: true})
		}
	}
	base := "/alliances/" + kit.Itoa(a.ID)
	forms := []kit.InlineForm{{Action: base + "/members", Title: "alliance.add_member", Button: "form.save", Fields: []kit.FormField{
		{Name: "org_id", Label: "alliance.member_org_id", Type: "number"},
		{Name: "unit_id", Label: "alliance.member_unit_id", Type: "number"},
		{Name: "role", Label: "alliance.role", Type: "text"},
	}}}
	if len(owners) == 0 {
		return forms
	}
	forms = append(forms,
		kit.InlineForm{Action: base + "/resources", Title: "alliance.add_resource", Button: "form.save", Fields: []kit.FormField{
			{Name: "name", Label: "alliance.resource_name", Type: "text", Required: true},
			{Name: "kind", Label: "alliance.resource_kind", Type: "text"},
			{Name: "owner_id", Label: "alliance.owner", Type: "select", Options: owners, Required: true},
			{Name: "note", Label: "alliance.note", Type: "text"},
		}},
		kit.InlineForm{Action: base + "/meetings", Title: "alliance.add_meeting", Button: "form.save", Fields: []kit.FormField{
			{Name: "held_on", Label: "alliance.held_on", Type: "date", Value: today, Required: true},
			{Name: "agenda", Label: "alliance.agenda", Type: "textarea", Required: true},
			{Name: "present", Label: "alliance.present", Type: "multi", Options: owners},
			{Name: "decisions", Label: "alliance.decisions", Type: "textarea", Placeholder: "alliance.decisions_hint"},
		}},
		kit.InlineForm{Action: base + "/tasks", Title: "alliance.add_task", Button: "form.save", Fields: []kit.FormField{
			{Name: "meeting_id", Label: "alliance.meeting", Type: "select", Options: meetings},
			{Name: "decision", Label: "alliance.decision", Type: "text", Required: true},
			{Name: "owner_id", Label: "alliance.owner", Type: "select", Options: owners, Required: true},
			{Name: "deadline", Label: "alliance.deadline", Type: "date", Required: true},
		}},
		kit.InlineForm{Action: base + "/memoranda", Title: "alliance.add_memo", Button: "form.save", Fields: []kit.FormField{
			{Name: "title", Label: "alliance.memo_title", Type: "text", Required: true},
			{Name: "signed_on", Label: "alliance.signed_on", Type: "date", Value: today, Required: true},
			{Name: "parties", Label: "alliance.parties", Type: "multi", Options: owners},
			{Name: "commitments", Label: "alliance.commitments", Type: "textarea", Placeholder: "alliance.commitments_hint"},
		}})
	if len(open) > 0 {
		forms = append(forms, kit.InlineForm{Action: base + "/tasks/done", Title: "alliance.task_done", Button: "form.save", Fields: []kit.FormField{
			{Name: "task_id", Label: "alliance.task_id", Type: "select", Options: open, Required: true},
		}})
	}
	if len(commitments) > 0 {
		forms = append(forms, kit.InlineForm{Action: base + "/progress", Title: "alliance.set_progress", Button: "form.save", Fields: []kit.FormField{
			{Name: "commitment_id", Label: "alliance.commitment", Type: "select", Options: commitments, Required: true},
			{Name: "progress", Label: "alliance.progress", Type: "number", Required: true},
			{Name: "note", Label: "alliance.note", Type: "text"},
		}})
	}
	return forms
}

func (m *Module) pageAllianceMember(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.MemberDraft{Role: r.PostFormValue("role")}
		var err error
		if d.OrgID, err = kit.FormInt(r, "org_id"); err != nil {
			return err
		}
		if d.UnitID, err = kit.FormInt(r, "unit_id"); err != nil {
			return err
		}
		_, err = m.Alliances.AddMember(r.Context(), p.Scope, id, d)
		return err
	})
}

func (m *Module) pageAllianceResource(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.ResourceDraft{Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Note: r.PostFormValue("note")}
		var err error
		if d.OwnerID, err = kit.FormInt(r, "owner_id"); err != nil {
			return err
		}
		_, err = m.Alliances.AddResource(r.Context(), p.Scope, id, d)
		return err
	})
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

func (m *Module) pageAllianceMeeting(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.MeetingDraft{HeldOn: strings.TrimSpace(r.PostFormValue("held_on")), Agenda: r.PostFormValue("agenda")}
		var err error
		if d.Present, err = kit.FormIDs(r, "present"); err != nil {
			return err
		}
		lines, owners, err := formLines(r, "decisions")
		if err != nil {
			return err
		}
		for i, l := range lines {
			d.Decisions = append(d.Decisions, alliance.TaskDraft{Decision: l[0], OwnerID: owners[i], Deadline: l[2]})
		}
		_, err = m.Alliances.AddMeeting(r.Context(), p.Scope, id, d)
		return err
	})
}

func (m *Module) pageAllianceTask(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.TaskDraft{Decision: r.PostFormValue("decision"), Deadline: strings.TrimSpace(r.PostFormValue("deadline"))}
		var err error
		if d.MeetingID, err = kit.FormInt(r, "meeting_id"); err != nil {
			return err
		}
		if d.OwnerID, err = kit.FormInt(r, "owner_id"); err != nil {
			return err
		}
		_, err = m.Alliances.AddTask(r.Context(), p.Scope, id, d)
		return err
	})
}

func (m *Module) pageAllianceTaskDone(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		tid, err := kit.FormInt(r, "task_id")
		if err != nil {
			return err
		}
		return m.Alliances.CompleteTask(r.Context(), p.Scope, id, tid)
	})
}

func (m *Module) pageAllianceMemo(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		d := alliance.MemoDraft{Title: r.PostFormValue("title"), SignedOn: strings.TrimSpace(r.PostFormValue("signed_on"))}
		var err error
		if d.Parties, err = kit.FormIDs(r, "parties"); err != nil {
			return err
		}
		lines, owners, err := formLines(r, "commitments")
		if err != nil {
			return err
		}
		for i, l := range lines {
			d.Commitments = append(d.Commitments, alliance.CommitmentDraft{Content: l[0], OwnerID: owners[i], DueOn: l[2]})
		}
		_, err = m.Alliances.AddMemo(r.Context(), p.Scope, id, d)
		return err
	})
}

func (m *Module) pageAllianceProgress(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return kit.PostThenRedirect(w, r, "/alliances/", func(id int64) error {
		cid, err := kit.FormInt(r, "commitment_id")
		if err != nil {
			return err
		}
		pr, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("progress")))
		if err != nil {
			return apperr.InvalidField("progress", "err.alliance.progress_range").With("progress", r.PostFormValue("progress"))
		}
		return m.Alliances.SetProgress(r.Context(), p.Scope, id, cid, pr, r.PostFormValue("note"))
	})
}
