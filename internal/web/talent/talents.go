package talent

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// Talent pool pages for staff: the list, a profile with its two-way
// recommendations, points and honours, and the register and edit forms.

var talentFilter = kit.QueryFilter[talent.Filter]

func (m *Module) pageTalents(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := talentFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Talents.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	tab := m.talentTable()
	d := kit.ListPage{
		Title: kit.Tr(lang, "nav.talents"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "talent.q_hint"},
			{Name: "skill", Label: "talent.skill", Type: "skills", Value: f.Skill, Placeholder: "talent.skill_hint"},
			{Name: "status", Label: "talent.status", Type: "select", Options: kit.EnumOptions(talent.Statuses, "talent.status.", string(f.Status), "list.any")},
			{Name: "mode", Label: "talent.mode", Type: "select", Options: kit.EnumOptions(talent.Modes, "talent.mode.", string(f.Mode), "list.any")},
			{Name: "on", Label: "talent.on_day", Type: "date", Value: f.OnDay},
			{Name: "party", Label: "talent.party_member", Type: "checkbox", Value: kit.BoolVal(f.Party)},
			{Name: "mine", Label: "talent.in_scope", Type: "checkbox", Value: kit.BoolVal(f.InScope)},
		},
		SkillNames: skillList(m.Talents.Tax),
		ListTable:  kit.ListTable{Cols: tab.Cols(r), Rows: tab.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "talents")},
	}
	if p.Can(auth.PermTalentWrite) {
		d.Actions = []kit.Link{{Href: "/talents/new", Key: "talent.new"}, {Href: "/demands/new", Key: "demand.new"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func slotText(lang string, s talent.Slots) string {
	if s == talent.AllSlots {
		return kit.Tr(lang, "slot.all")
	}
	var out []string
	for _, n := range s.Names() {
		day, per, _ := strings.Cut(n, "_")
		out = append(out, kit.Tr(lang, "slot."+day)+kit.Tr(lang, "slot."+per))
	}
	return strings.Join(out, " ")
}

func (m *Module) pageTalent(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return m.talentView(w, r, p, "")
}

func (m *Module) talentView(w http.ResponseWriter, r *http.Request, p *kit.Principal, phone string) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := m.Talents.Get(r.Context(), id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	sections, points, balance, err := m.talentSections(r, p, t)
	if err != nil {
		return err
	}
	phoneText := t.PhoneMask
	if phone != "" {
		phoneText = phone
	}
	d := kit.DetailPage{
		Title: t.Name,
		Fields: []kit.KV{{Key: "talent.status", Text: kit.Tr(lang, "talent.status."+string(t.Status))}, {Key: "talent.title", Text: t.Title},
			{Key: "talent.party_member", Text: kit.YesNo(lang, t.PartyMember)}, {Key: "talent.skills", Text: skillNames(m.Talents.Tax, lang, t.Skills)},
			{Key: "talent.expertise", Text: t.Expertise}, {Key: "talent.experience", Text: t.Experience}, {Key: "talent.hometown", Text: t.Hometown},
			{Key: "talent.area", Text: t.AreaName}, {Key: "talent.phone", Text: phoneText, ID: "phone"},
			{Key: "talent.mode", Text: kit.Tr(lang, "talent.mode."+string(t.Mode))}, {Key: "talent.travel_km", Text: strconv.Itoa(t.TravelKm)},
			{Key: "talent.load", Text: fmt.Sprintf("%d/%d", t.Load, t.Capacity)}, {Key: "talent.rating", Text: ratingText(t)},
			{Key: "talent.points_balance", Text: strconv.FormatInt(balance, 10)}},
		Sections: sections,
	}
	inScope := p.Scope.HasArea(t.AreaPath)
	if p.Can(auth.PermTalentWrite) && inScope {
		profile := staffEditor(p).MayWrite(t) == nil
		if profile {
			d.Actions = []kit.Link{{Href: "/talents/" + kit.Itoa(id) + "/edit", Key: "form.edit"}}
		}
		d.Forms = m.talentForms(t, points, profile, p.Can(auth.PermTalentVerify))
	}
	if p.Can(auth.PermPIIReveal) && inScope && phone == "" {
		d.Reveal = "/talents/" + kit.Itoa(id) + "/reveal"
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// talentSections are a profile's tables: stays, recommended demands (of
// a verified talent), engagements, points and honours; with the points
// entries and their balance.
func (m *Module) talentSections(r *http.Request, p *kit.Principal, t talent.Talent) ([]kit.Section, []talent.PointsEntry, int64, error) {
	ctx, lang, id := r.Context(), kit.LangOf(r), t.ID
	staysRows := [][]kit.Cell{}
	for _, st := range t.Stays {
		staysRows = append(staysRows, []kit.Cell{{Text: st.Start}, {Text: st.End}, {Text: slotText(lang, st.Slots)}})
	}
	sections := []kit.Section{{Key: "talent.stays", Cols: kit.Cols("period.start", "period.end", "talent.slots"), Rows: staysRows}}
	if t.Status == talent.Verified {
		ranked, err := m.Talents.Recommend(ctx, id, 10)
		if err != nil {
			return nil, nil, 0, err
		}
		var rows [][]kit.Cell
		for i, rd := range ranked {
			rows = append(rows, []kit.Cell{{Text: strconv.Itoa(i + 1)}, {Text: rd.Demand.Title, Href: "/demands/" + kit.Itoa(rd.Demand.ID)}, {Text: rd.Demand.OrgName},
				{Text: fmt.Sprintf("%.3f", rd.Score)}, {Text: partsText(lang, rd.Parts)}})
		}
		sections = append(sections, kit.Section{Key: "talent.recommended_demands", Cols: kit.Cols("rank.no", "demand.title", "demand.org", "rank.score", "rank.parts"), Rows: rows})
	}
	engs, err := m.Talents.Engagements(ctx, talent.Actor{Scope: p.Scope, Staff: true, UserID: p.User.ID}, 0, id)
	if err != nil {
		return nil, nil, 0, err
	}
	sections = append(sections, kit.Section{Key: "talent.engagements", Cols: kit.Cols("demand.title", "demand.org", "engagement.status", "engagement.hours", "engagement.org_rating"), Rows: engagementRows(lang, engs)})
	points, balance, err := m.Talents.Points(ctx, id)
	if err != nil {
		return nil, nil, 0, err
	}
	var prow [][]kit.Cell
	for _, e := range points {
		prow = append(prow, []kit.Cell{{Text: "#" + kit.Itoa(e.ID)}, {Text: e.CreatedAt.Format("2006-01-02")}, {Text: kit.Tr(lang, "points.reason."+e.Reason)}, {Text: fmt.Sprintf("%+d", e.Delta)}, {Text: e.Note}, {Text: correctsText(e.CorrectsID)}})
	}
	sections = append(sections, kit.Section{Key: "talent.points", Cols: kit.Cols("points.entry", "points.date", "points.reason", "points.delta", "points.note", "points.corrects"), Rows: prow})
	honours, err := m.Talents.Honours(ctx, id)
	if err != nil {
		return nil, nil, 0, err
	}
	var hrow [][]kit.Cell
	for _, h := range honours {
		hrow = append(hrow, []kit.Cell{{Text: h.Title}, {Text: h.AwardedOn}})
	}
	sections = append(sections, kit.Section{Key: "talent.honours", Cols: kit.Cols("honour.title", "honour.date"), Rows: hrow})
	return sections, points, balance, nil
}

func correctsText(id int64) string {
	if id == 0 {
		return ""
	}
	return "#" + kit.Itoa(id)
}

// talentForms are the staff's inline forms on a profile: status (when
// the account may write the profile), honour, and a points correction
// (officials).
func (m *Module) talentForms(t talent.Talent, points []talent.PointsEntry, profile, correct bool) []kit.InlineForm {
	base := "/talents/" + kit.Itoa(t.ID)
	var entries []kit.Option
	for _, e := range points {
		entries = append(entries, kit.Option{Value: kit.Itoa(e.ID), Label: fmt.Sprintf("#%d %+d %s", e.ID, e.Delta, e.Note), Raw: true})
	}
	var forms []kit.InlineForm
	if profile {
		forms = append(forms, kit.InlineForm{Action: base + "/status", Title: "talent.review", Button: "form.save", Fields: []kit.FormField{
			{Name: "status", Label: "talent.status", Type: "select", Options: kit.EnumOptions(talent.Statuses, "talent.status.", string(t.Status), "")},
			{Name: "note", Label: "talent.review_note", Type: "text"}}})
	}
	forms = append(forms, kit.InlineForm{Action: base + "/honours", Title: "talent.award", Button: "talent.award", Fields: []kit.FormField{
		{Name: "title", Label: "honour.title", Type: "text", Required: true, Placeholder: "honour.title_hint"},
		{Name: "awarded_on", Label: "honour.date", Type: "date", Required: true}}})
	if len(entries) > 0 && correct {
		forms = append(forms, kit.InlineForm{Action: "/points/correct", Title: "points.correct", Button: "points.correct", Fields: []kit.FormField{
			{Name: "entry_id", Label: "points.entry", Type: "select", Options: entries},
			{Name: "delta", Label: "points.delta", Type: "number", Required: true},
			{Name: "note", Label: "points.note", Type: "text", Required: true}}})
	}
	return forms
}

// partsText explains a score in one line: each part's value.
func partsText(lang string, p talent.Parts) string {
	return fmt.Sprintf("%s %.2f · %s %.2f · %s %.2f · %s %.2f · %s %.2f · %s %.2f",
		kit.Tr(lang, "rank.skill"), p.Skill, kit.Tr(lang, "rank.text"), p.Text, kit.Tr(lang, "rank.availability"), p.Availability,
		kit.Tr(lang, "rank.distance"), p.Distance, kit.Tr(lang, "rank.workload"), p.Workload, kit.Tr(lang, "rank.rating"), p.Rating)
}

func engagementRows(lang string, engs []talent.Engagement) [][]kit.Cell {
	rows := [][]kit.Cell{}
	for _, e := range engs {
		rating := ""
		if e.OrgRating > 0 {
			rating = strings.Repeat("★", e.OrgRating)
		}
		rows = append(rows, []kit.Cell{{Text: e.DemandTitle, Href: "/demands/" + kit.Itoa(e.DemandID)}, {Text: e.OrgName},
			{Text: kit.Tr(lang, "engagement.status."+string(e.Status))}, {Text: strconv.FormatFloat(e.Hours, 'f', -1, 64)}, {Text: rating}})
	}
	return rows
}

func (m *Module) pageTalentReveal(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	phone, _, err := kit.ByID(r, p, m.Talents.Reveal)
	if err != nil {
		return err
	}
	if phone == "" {
		phone = "—"
	}
	return m.talentView(w, r, p, phone)
}

func (m *Module) pageTalentNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return m.talentForm(w, r, p, talent.Talent{Mode: talent.Both, Capacity: 1, TravelKm: 20}, nil)
}

// talentForm renders the register (t.ID == 0) or edit form, with err.
func (m *Module) talentForm(w http.ResponseWriter, r *http.Request, p *kit.Principal, t talent.Talent, err error) error {
	lang := kit.LangOf(r)
	areas, aerr := kit.AreaOptions(r.Context(), m.Areas, p.Scope, t.AreaID)
	if aerr != nil {
		return aerr
	}
	fields := talentFields(t, m.Talents.Tax, lang, areas)
	title, action, cancel := kit.Tr(lang, "talent.new"), "/talents", "/talents"
	if t.ID != 0 {
		title, action, cancel = t.Name, "/talents/"+kit.Itoa(t.ID), "/talents/"+kit.Itoa(t.ID)
	}
	d := m.formPage(title, action, cancel, "form.save", "talent.stay", fields, periodsOf(t.Stays, talentPeriods, "stay"))
	code := http.StatusOK
	if err != nil {
		d.Error = kit.FormErr(lang, err, fields)
		code = kit.Status(apperr.CodeOf(err))
	}
	kit.SlotForm.Render(m.Kit, w, r, code, d)
	return nil
}

func (m *Module) pageTalentCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := parseTalent(r)
	if err == nil {
		var created talent.Talent
		if created, err = m.Talents.Create(r.Context(), p.Scope, t); err == nil {
			http.Redirect(w, r, "/talents/"+kit.Itoa(created.ID), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.talentForm(w, r, p, t, err)
}

func (m *Module) pageTalentEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	t, err := m.editableTalent(r, p)
	if err != nil {
		return err
	}
	return m.talentForm(w, r, p, t, nil)
}

// editableTalent loads the talent of the path for a staff edit: its area
// must be in scope (else it is "not found"), and a self-registered talent
// is edited by officials only.
func (m *Module) editableTalent(r *http.Request, p *kit.Principal) (talent.Talent, error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return talent.Talent{}, err
	}
	t, err := m.Talents.Get(r.Context(), id)
	if err != nil {
		return talent.Talent{}, err
	}
	if !p.Scope.HasArea(t.AreaPath) {
		return talent.Talent{}, apperr.ErrNotFound
	}
	return t, staffEditor(p).MayWrite(t)
}

// staffEditor is a staff account writing a talent: an official when it
// holds talent.verify.
func staffEditor(p *kit.Principal) talent.Editor {
	return talent.Editor{Official: p.Can(auth.PermTalentVerify)}
}

func (m *Module) pageTalentUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	cur, err := m.editableTalent(r, p)
	if err != nil {
		return err
	}
	t, err := parseTalent(r)
	t.ID = cur.ID
	if err == nil {
		if _, err = m.Talents.Update(r.Context(), p.Scope, staffEditor(p), t); err == nil {
			http.Redirect(w, r, "/talents/"+kit.Itoa(t.ID), http.StatusSeeOther)
			return nil
		}
	}
	if c := apperr.CodeOf(err); c == apperr.Internal || c == apperr.NotFound {
		return err
	}
	t.Name = orDefault(t.Name, cur.Name)
	return m.talentForm(w, r, p, t, err)
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

func (m *Module) pageTalentStatus(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Talents.SetStatus(r.Context(), p.Scope, staffEditor(p), id, talent.Status(r.PostFormValue("status")), r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/talents/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageTalentHonour(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Talents.Award(r.Context(), p.Scope, id, r.PostFormValue("title"), r.PostFormValue("awarded_on")); err != nil {
		return err
	}
	http.Redirect(w, r, "/talents/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pagePointsCorrect(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	entry, err := kit.FormInt(r, "entry_id")
	if err != nil {
		return err
	}
	delta, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("delta")), 10, 64)
	if err != nil {
		return apperr.InvalidField("delta", "err.ledger.delta")
	}
	e, err := m.Talents.CorrectPoints(r.Context(), p.Scope, entry, delta, r.PostFormValue("note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/talents/"+kit.Itoa(e.TalentID), http.StatusSeeOther)
	return nil
}
