package talent

import (
	"fmt"
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/talent"
	"dangjian/internal/web/kit"
)

// The demand board (public), the staff's demand list, a demand with its
// ranked talents and their explanations, and the demand forms.

var demandFilter = kit.QueryFilter[talent.DemandFilter]

func (m *Module) demandList(w http.ResponseWriter, r *http.Request, p *kit.Principal, public bool) error {
	f, page, err := demandFilter(r)
	if err != nil {
		return err
	}
	if public {
		f.Mine = false
	}
	items, total, err := m.Talents.ListDemands(r.Context(), scopeOrNone(p), f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	tab := m.demandTable("/demands/")
	if public {
		tab = m.demandTable("/board/")
	}
	d := kit.ListPage{Title: kit.Tr(lang, "nav.board"), Filters: m.demandFilters(lang, f), ListTable: kit.ListTable{Cols: tab.Cols(r), Rows: tab.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items))}}
	if !public {
		d.Title = kit.Tr(lang, "nav.demands")
		d.Filters = append(d.Filters, kit.FormField{Name: "mine", Label: "demand.mine", Type: "checkbox", Value: kit.BoolVal(f.Mine)})
		d.Export = kit.ExportsOf(r, "demands")
		if p.Can(auth.PermTalentWrite) {
			d.Actions = []kit.Link{{Href: "/demands/new", Key: "demand.new"}}
		}
	} else if p == nil {
		d.Actions = []kit.Link{{Href: "/join", Key: "join.title"}, {Href: "/login", Key: "login.submit"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// demandFilters are the board's filters: words, a skill field, a status.
func (m *Module) demandFilters(lang string, f talent.DemandFilter) []kit.FormField {
	fields := []kit.Option{{Value: "", Label: "list.any"}}
	for _, fd := range m.Talents.Tax.Fields() {
		fields = append(fields, kit.Option{Value: fd.Code, Label: fieldName(lang, fd), Raw: true, Selected: fd.Code == f.Field})
	}
	return []kit.FormField{
		{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "demand.q_hint"},
		{Name: "field", Label: "demand.field", Type: "select", Options: fields},
		{Name: "status", Label: "demand.status", Type: "select", Options: kit.EnumOptions(talent.DemandStatuses, "demand.status.", string(f.Status), "demand.status.open_default")},
	}
}

func fieldName(lang string, s talent.Skill) string {
	if lang == "en" {
		return s.NameEn
	}
	return s.Name
}

// scopeOrNone is the principal's scope, or the empty scope for visitors.
func scopeOrNone(p *kit.Principal) (sc scope.Scope) {
	if p == nil {
		return sc
	}
	return p.Scope
}

func (m *Module) pageBoard(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	r, p := m.Optional(r)
	return m.demandList(w, r, p, true)
}

func (m *Module) pageDemands(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return m.demandList(w, r, p, false)
}

// pageBoardDemand is a demand on the public board: its description only.
func (m *Module) pageBoardDemand(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	r, p := m.Optional(r)
	d, err := m.Talents.GetDemand(r.Context(), scope.Scope{}, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	data := kit.DetailPage{Title: d.Title, Fields: demandKVs(m, lang, d)}
	if p == nil {
		data.Actions = []kit.Link{{Href: "/join", Key: "join.title"}}
	} else if p.Can(auth.PermTalentRead) {
		data.Actions = []kit.Link{{Href: "/demands/" + kit.Itoa(id), Key: "demand.open_staff"}}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, data)
	return nil
}

func demandKVs(m *Module, lang string, d talent.Demand) []kit.KV {
	return []kit.KV{{Key: "demand.org", Text: d.OrgName}, {Key: "demand.area", Text: d.AreaName}, {Key: "demand.status", Text: kit.Tr(lang, "demand.status."+string(d.Status))},
		{Key: "demand.required", Text: skillNames(m.Talents.Tax, lang, d.Required)}, {Key: "demand.optional", Text: skillNames(m.Talents.Tax, lang, d.Optional)},
		{Key: "demand.body", Text: d.Body}, {Key: "demand.dates", Text: d.Start + " ~ " + d.End}, {Key: "talent.slots", Text: slotText(lang, d.Slots)},
		{Key: "demand.place", Text: d.Place}, {Key: "demand.mode", Text: kit.Tr(lang, "demand.mode."+string(d.Mode))},
		{Key: "demand.headcount", Text: fmt.Sprintf("%d/%d", d.Taken, d.Headcount)}, {Key: "demand.channel", Text: kit.Tr(lang, "demand.channel."+d.Channel)}}
}

// rankedRow is one talent of a demand's ranking, as the page shows it.
type rankedRow struct {
	No                  int
	ID                  int64
	Name, Title, Skills string
	Score, Km           float64
	Parts               []partView
	Full, Engaged       bool
}

type partView struct {
	Key           string
	Value, Weight float64
	Width         int
}

func partViews(p talent.Parts) []partView {
	w := talent.Weights
	mk := func(key string, v, wt float64) partView {
		return partView{Key: key, Value: v, Weight: wt, Width: int(v*wt*120 + 0.5)}
	}
	return []partView{mk("rank.skill", p.Skill, w.Skill), mk("rank.text", p.Text, w.Text), mk("rank.availability", p.Availability, w.Availability),
		mk("rank.distance", p.Distance, w.Distance), mk("rank.workload", p.Workload, w.Workload), mk("rank.rating", p.Rating, w.Rating)}
}

func (m *Module) pageDemand(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	return m.renderDemand(w, r, p, http.StatusOK, "")
}

// demandView is templates/demand.html: a demand with its ranked talents
// and its engagements. Error is never set today; the template keeps its
// place.
type demandView struct {
	Title, Notice, Error string
	ID                   int64
	Actions              []kit.Link
	StatusActions        []kit.Link
	Fields               []kit.KV
	Ranked               []rankedRow
	Engagements          []talent.Engagement
	CanInvite, CanManage bool
	Stars                []int
}

var demandPage = kit.NewPage[demandView]("demand")

// renderDemand answers code with a demand's page, notice above it.
func (m *Module) renderDemand(w http.ResponseWriter, r *http.Request, p *kit.Principal, code int, notice string) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := m.Talents.GetDemand(ctx, p.Scope, id)
	if err != nil {
		return err
	}
	own := p.Scope.HasRow(d.AreaPath, d.OrgPath)
	staff := talent.Actor{Scope: p.Scope, Staff: true, UserID: p.User.ID}
	engs, err := m.Talents.Engagements(ctx, staff, id, 0)
	if err != nil {
		return err
	}
	rows, err := m.rankedRows(r, d, engs)
	if err != nil {
		return err
	}
	data := demandView{Title: d.Title, ID: d.ID, Fields: demandKVs(m, kit.LangOf(r), d), Ranked: rows, Engagements: engs,
		CanInvite: own && p.Can(auth.PermTalentMatch) && d.Status == talent.DemandOpen, CanManage: own && p.Can(auth.PermTalentMatch),
		Stars: []int{5, 4, 3, 2, 1}, Notice: notice}
	if own && p.Can(auth.PermTalentWrite) {
		data.Actions = []kit.Link{{Href: "/demands/" + kit.Itoa(id) + "/edit", Key: "form.edit"}}
		data.StatusActions = statusActions(d)
	}
	demandPage.Render(m.Kit, w, r, code, data)
	return nil
}

// rankedRows ranks the talents for a demand (the 20 best), marking those
// already engaged.
func (m *Module) rankedRows(r *http.Request, d talent.Demand, engs []talent.Engagement) ([]rankedRow, error) {
	ctx, lang := r.Context(), kit.LangOf(r)
	engaged := map[int64]bool{}
	for _, e := range engs {
		engaged[e.TalentID] = true
	}
	ranked, err := m.Talents.Live.RankTalents(ctx, talent.QueryOf(d), 20)
	if err != nil {
		return nil, err
	}
	var rows []rankedRow
	for i, x := range ranked {
		t, err := m.Talents.Get(ctx, x.TalentID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, rankedRow{No: i + 1, ID: t.ID, Name: t.Name, Title: t.Title, Skills: skillNames(m.Talents.Tax, lang, t.Skills),
			Score: x.Score, Km: x.DistanceKm, Parts: partViews(x.Parts), Full: x.Full, Engaged: engaged[t.ID]})
	}
	return rows, nil
}

// statusActions are the status changes a demand offers in its status.
func statusActions(d talent.Demand) []kit.Link {
	base := "/demands/" + kit.Itoa(d.ID) + "/status?to="
	var st []kit.Link
	switch d.Status {
	case talent.DemandOpen:
		st = append(st, kit.Link{Href: base + "closed", Key: "demand.close"})
		if d.Taken == 0 {
			st = append(st, kit.Link{Href: base + "cancelled", Key: "demand.cancel"})
		}
	case talent.DemandFilled:
		st = append(st, kit.Link{Href: base + "closed", Key: "demand.close"})
	case talent.DemandClosed:
		st = append(st, kit.Link{Href: base + "open", Key: "demand.reopen"})
	}
	return st
}

func (m *Module) pageDemandNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d := talent.Demand{Mode: talent.Onsite, Headcount: 1, Slots: talent.Weekends,
		Start: talent.FormatDay(talent.Today() + 7), End: talent.FormatDay(talent.Today() + 37)}
	return m.demandForm(w, r, p, d, "", nil)
}

func (m *Module) demandForm(w http.ResponseWriter, r *http.Request, p *kit.Principal, d talent.Demand, orgName string, err error) error {
	lang := kit.LangOf(r)
	if orgName == "" && d.OrgID != 0 {
		if o, oerr := m.Orgs.Get(r.Context(), p.Scope, d.OrgID); oerr == nil {
			orgName = o.Name
		}
	}
	fields := demandFields(d, m.Talents.Tax, lang, orgName)
	title, action, cancel := kit.Tr(lang, "demand.new"), "/demands", "/demands"
	if d.ID != 0 {
		title, action, cancel = d.Title, "/demands/"+kit.Itoa(d.ID), "/demands/"+kit.Itoa(d.ID)
	}
	data := m.formPage(title, action, cancel, "form.save", "demand.when", fields,
		periodsOf([]talent.Stay{{Start: d.Start, End: d.End, Slots: d.Slots}}, 1, "when"))
	code := http.StatusOK
	if err != nil {
		data.Error = kit.FormErr(lang, err, fields)
		code = kit.Status(apperr.CodeOf(err))
	}
	kit.SlotForm.Render(m.Kit, w, r, code, data)
	return nil
}

func (m *Module) pageDemandCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d, err := parseDemand(r)
	if err == nil {
		var created talent.Demand
		if created, err = m.Talents.CreateDemand(r.Context(), p.Scope, d); err == nil {
			http.Redirect(w, r, "/demands/"+kit.Itoa(created.ID), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	return m.demandForm(w, r, p, d, "", err)
}

func (m *Module) ownDemand(r *http.Request, p *kit.Principal) (talent.Demand, error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return talent.Demand{}, err
	}
	d, err := m.Talents.GetDemand(r.Context(), p.Scope, id)
	if err == nil && !p.Scope.HasRow(d.AreaPath, d.OrgPath) {
		err = apperr.ErrNotFound
	}
	return d, err
}

func (m *Module) pageDemandEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	d, err := m.ownDemand(r, p)
	if err != nil {
		return err
	}
	return m.demandForm(w, r, p, d, d.OrgName, nil)
}

func (m *Module) pageDemandUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	cur, err := m.ownDemand(r, p)
	if err != nil {
		return err
	}
	d, err := parseDemand(r)
	d.ID = cur.ID
	if err == nil {
		if _, err = m.Talents.UpdateDemand(r.Context(), p.Scope, d); err == nil {
			http.Redirect(w, r, "/demands/"+kit.Itoa(d.ID), http.StatusSeeOther)
			return nil
		}
	}
	if c := apperr.CodeOf(err); c == apperr.Internal || c == apperr.NotFound {
		return err
	}
	return m.demandForm(w, r, p, d, "", err)
}

func (m *Module) pageDemandStatus(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	to := talent.DemandStatus(r.URL.Query().Get("to"))
	if v := r.PostFormValue("to"); v != "" {
		to = talent.DemandStatus(v)
	}
	if _, err := m.Talents.SetDemandStatus(r.Context(), p.Scope, id, to); err != nil {
		return err
	}
	http.Redirect(w, r, "/demands/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageDemandInvite(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	tid, err := kit.FormInt(r, "talent_id")
	if err != nil {
		return err
	}
	score, err := kit.OptNumber("score", r.PostFormValue("score"))
	if err != nil {
		return err
	}
	if _, err := m.Talents.Invite(r.Context(), p.Scope, id, tid, score, "manual"); err != nil {
		if c := apperr.CodeOf(err); c == apperr.Conflict || c == apperr.Invalid {
			return m.renderDemand(w, r, p, kit.Status(c), kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message)
		}
		return err
	}
	http.Redirect(w, r, "/demands/"+kit.Itoa(id)+"#ranking", http.StatusSeeOther)
	return nil
}
