package vanguard

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/vanguard"
	"dangjian/internal/web/kit"
)

// Edit and delete pages of vanguard teams and study plans, as for meetings
// and alliances (pages_orgnet_edit.go): an edit form (the org stays), and on
// the detail page delete forms with a ticked confirmation — of the team or
// plan, of a member (not the leader), an activity (not one a mobile member
// was invited to) or a session. The stores check the scope and the rules;
// a refused edit shows the form again with the error, a refused delete the
// error page (404 outside the scope, 409 while something depends on it).

// pickForm is a detail page's delete form choosing one of opts, with its
// confirmation box.
func pickForm(action, title, name, label string, opts []kit.Option) kit.InlineForm {
	f := kit.DeleteForm(action, title)
	f.Fields = append([]kit.FormField{{Name: name, Label: label, Type: "select", Options: opts, Required: true}}, f.Fields...)
	return f
}

// teamEditForms are the write forms of a team's page beyond adding.
func teamEditForms(t vanguard.Team) []kit.InlineForm {
	base := "/vanguard/" + kit.Itoa(t.ID)
	var ms, acts []kit.Option
	for _, m := range t.Members {
		if m.ID != t.LeaderID {
			ms = append(ms, kit.Option{Value: kit.Itoa(m.ID), Label: m.Name, Raw: true})
		}
	}
	for _, a := range t.Activities {
		acts = append(acts, kit.Option{Value: kit.Itoa(a.ID), Label: a.HeldOn + " " + a.Title, Raw: true})
	}
	var out []kit.InlineForm
	if len(ms) > 0 {
		out = append(out, pickForm(base+"/members/remove", "vanguard.remove_member", "person_id", "vanguard.person", ms))
	}
	if len(acts) > 0 {
		out = append(out, pickForm(base+"/activities/delete", "vanguard.delete_activity", "activity_id", "vanguard.title", acts))
	}
	return append(out, kit.DeleteForm(base+"/delete", "vanguard.delete"))
}

// planEditForms are the delete forms of a plan's page.
func planEditForms(x vanguard.Plan) []kit.InlineForm {
	base := "/training/" + kit.Itoa(x.ID)
	var ss []kit.Option
	for _, se := range x.Sessions {
		ss = append(ss, kit.Option{Value: kit.Itoa(se.ID), Label: se.HeldOn + " " + se.Topic, Raw: true})
	}
	var out []kit.InlineForm
	if len(ss) > 0 {
		out = append(out, pickForm(base+"/sessions/delete", "training.delete_session", "session_id", "training.topic", ss))
	}
	return append(out, kit.DeleteForm(base+"/delete", "training.delete"))
}

// renderEdit shows an edit form, with ferr next to its field or above the
// form.
func (m *Module) renderEdit(w http.ResponseWriter, r *http.Request, code int, f kit.FormPage, ferr error) {
	if ferr != nil {
		f.Error = kit.FormErr(kit.LangOf(r), ferr, f.Fields)
	}
	kit.Form.Render(m.Kit, w, r, code, f)
}

func (m *Module) renderTeamEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal, code int, t vanguard.Team, d vanguard.TeamDraft, ferr error) error {
	members, err := m.Vanguard.Eligible(r.Context(), p.Scope, t.OrgID)
	if err != nil {
		return err
	}
	fields := teamFields(t.OrgID, t.OrgName, members, d)
	base := "/vanguard/" + kit.Itoa(t.ID)
	m.renderEdit(w, r, code, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "vanguard.edit") + " · " + t.Name, Fields: fields, Action: base, Cancel: base}, ferr)
	return nil
}

func (m *Module) teamOf(r *http.Request, p *kit.Principal) (vanguard.Team, error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return vanguard.Team{}, err
	}
	return m.Vanguard.GetTeam(r.Context(), p.Scope, id)
}

func (m *Module) pageTeamEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := m.teamOf(r, p)
	if err != nil {
		return err
	}
	return m.renderTeamEdit(w, r, p, http.StatusOK, t, vanguard.TeamDraft{Name: t.Name, Focus: t.Focus, LeaderID: t.LeaderID, FoundedOn: t.FoundedOn, Note: t.Note}, nil)
}

func (m *Module) pageTeamUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := m.teamOf(r, p)
	if err != nil {
		return err
	}
	d := vanguard.TeamDraft{Name: r.PostFormValue("name"), Focus: vanguard.Focus(r.PostFormValue("focus")), FoundedOn: r.PostFormValue("founded_on"),
		Note: r.PostFormValue("note")}
	if d.LeaderID, err = kit.FormInt(r, "leader_id"); err == nil {
		if _, err = m.Vanguard.UpdateTeam(r.Context(), p.Scope, t.ID, d); err == nil {
			http.Redirect(w, r, "/vanguard/"+kit.Itoa(t.ID), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		return err
	}
	return m.renderTeamEdit(w, r, p, kit.Status(apperr.CodeOf(err)), t, d, err)
}

func (m *Module) pageTeamDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := m.teamOf(r, p)
	if err != nil {
		return err
	}
	return kit.Removed(w, r, func() error { return m.Vanguard.DeleteTeam(r.Context(), p.Scope, t.ID) }, "/vanguard?org_id="+kit.Itoa(t.OrgID))
}

// pickedDelete deletes the record a form field names within the object of
// the path's id (once confirmed) and goes back to base+id.
func pickedDelete(w http.ResponseWriter, r *http.Request, base, field string, del func(id, x int64) error) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := kit.Confirmed(r); err != nil {
		return err
	}
	x, err := kit.FormInt(r, field)
	if err != nil {
		return err
	}
	if x == 0 {
		return apperr.InvalidField(field, "err.param.id")
	}
	if err := del(id, x); err != nil {
		return err
	}
	http.Redirect(w, r, base+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageTeamMemberRemove(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return pickedDelete(w, r, "/vanguard/", "person_id", func(id, x int64) error { return m.Vanguard.RemoveMember(r.Context(), p.Scope, id, x) })
}

func (m *Module) pageTeamActivityDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return pickedDelete(w, r, "/vanguard/", "activity_id", func(id, x int64) error { return m.Vanguard.DeleteActivity(r.Context(), p.Scope, id, x) })
}

func (m *Module) planOf(r *http.Request, p *kit.Principal) (vanguard.Plan, error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return vanguard.Plan{}, err
	}
	return m.Vanguard.GetPlan(r.Context(), p.Scope, id)
}

func (m *Module) renderPlanEdit(w http.ResponseWriter, r *http.Request, code int, x vanguard.Plan, d vanguard.PlanDraft, target string, ferr error) {
	fields := planFields(kit.FormField{Name: "org", Label: "training.org", Type: "select",
		Options: []kit.Option{{Value: kit.Itoa(x.OrgID), Label: x.OrgName, Raw: true, Selected: true}}}, d, target)
	base := "/training/" + kit.Itoa(x.ID)
	m.renderEdit(w, r, code, kit.FormPage{Title: kit.Tr(kit.LangOf(r), "training.edit") + " · " + x.Title, Fields: fields, Action: base, Cancel: base}, ferr)
}

func (m *Module) pagePlanEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, err := m.planOf(r, p)
	if err != nil {
		return err
	}
	m.renderPlanEdit(w, r, http.StatusOK, x, vanguard.PlanDraft{Title: x.Title, Kind: x.Kind, StartsOn: x.StartsOn, EndsOn: x.EndsOn, Note: x.Note},
		strconv.FormatFloat(x.TargetHours, 'f', -1, 64), nil)
	return nil
}

func (m *Module) pagePlanUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, err := m.planOf(r, p)
	if err != nil {
		return err
	}
	d := vanguard.PlanDraft{Title: r.PostFormValue("title"), Kind: vanguard.PlanKind(r.PostFormValue("kind")), StartsOn: r.PostFormValue("starts_on"),
		EndsOn: r.PostFormValue("ends_on"), Note: r.PostFormValue("note")}
	target := strings.TrimSpace(r.PostFormValue("target_hours"))
	if d.TargetHours, err = formHours(r, "target_hours"); err == nil {
		if _, err = m.Vanguard.UpdatePlan(r.Context(), p.Scope, x.ID, d); err == nil {
			http.Redirect(w, r, "/training/"+kit.Itoa(x.ID), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		return err
	}
	m.renderPlanEdit(w, r, kit.Status(apperr.CodeOf(err)), x, d, target, err)
	return nil
}

func (m *Module) pagePlanDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, err := m.planOf(r, p)
	if err != nil {
		return err
	}
	return kit.Removed(w, r, func() error { return m.Vanguard.DeletePlan(r.Context(), p.Scope, x.ID) }, "/training?org_id="+kit.Itoa(x.OrgID))
}

func (m *Module) pagePlanSessionDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return pickedDelete(w, r, "/training/", "session_id", func(id, x int64) error { return m.Vanguard.DeleteSession(r.Context(), p.Scope, id, x) })
}
