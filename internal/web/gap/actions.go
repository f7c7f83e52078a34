package gap

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/gap"
	"dangjian/internal/i18n"
	"dangjian/internal/order"
	"dangjian/internal/person"
	"dangjian/internal/web/kit"
)

// Two-new coverage (消除覆盖空白点, 五个兜底): the gap actions list (filters,
// sorting, paging, export, the scan button), an action with its history
// and the forms to assign it, note and close it.

func gapFilter(r *http.Request, p *kit.Principal) (gap.Filter, int, error) {
	var f gap.Filter
	var err error
	var page int
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	q := r.URL.Query()
	f.Q, f.Sort = strings.TrimSpace(q.Get("q")), q.Get("sort")
	if f.Status, err = kit.QueryEnum(r, "state", gap.Statuses); err != nil {
		return f, 0, err
	}
	if f.Kind, err = kit.QueryEnum(r, "kind", gap.Kinds); err != nil {
		return f, 0, err
	}
	if f.OwnerOrgID, err = kit.QueryID(r, "owner_org_id"); err != nil {
		return f, 0, err
	}
	if f.UnitID, err = kit.QueryID(r, "unit_id"); err != nil {
		return f, 0, err
	}
	if f.AreaID, err = kit.QueryID(r, "area_id"); err != nil {
		return f, 0, err
	}
	mine, err := kit.QueryBool(r, "mine")
	if mine && p != nil {
		f.OwnerUser = p.User.ID
	}
	if err == nil {
		f.Overdue, err = kit.QueryBool(r, "overdue")
	}
	return f, page, err
}

// gapQuery is gapFilter for the request's own principal (kit.APIList's
// filter).
func gapQuery(r *http.Request) (gap.Filter, int, error) { return gapFilter(r, kit.PrincipalFrom(r)) }

func day(t time.Time) string { return t.In(order.Sanya).Format("2006-01-02") }

func gapSubject(x gap.Action) kit.Cell {
	if x.UnitID != 0 {
		return kit.Cell{Text: x.Subject, Href: "/units/" + kit.Itoa(x.UnitID)}
	}
	return kit.Cell{Text: x.Subject, Href: "/people/" + kit.Itoa(x.PersonID)}
}

func gapOwner(x gap.Action) string {
	var parts []string
	for _, s := range []string{x.OwnerOrg, x.OwnerUser} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " / ")
}

func gapStatus(lang string, x gap.Action) string {
	if x.Overdue {
		return kit.Tr(lang, "gap.status.open") + " · " + kit.Tr(lang, "gap.overdue")
	}
	return kit.Tr(lang, "gap.status."+string(x.Status))
}

type action = gap.Action

var actionText = kit.Text[action]

// actionTable is the action list's columns: the page and the export
// (which adds the close reason).
var actionTable = kit.Table[action]{Columns: []kit.Column[action]{
	{Key: "gap.no", Sort: "id", Cell: func(_ string, x action) kit.Cell {
		return kit.Cell{Text: "#" + kit.Itoa(x.ID), Href: "/gaps/" + kit.Itoa(x.ID)}
	}},
	{Key: "gap.kind", Sort: "kind", Cell: actionText(func(lang string, x action) string { return kit.Tr(lang, "gap.kind."+string(x.Kind)) })},
	{Key: "gap.subject", Cell: func(_ string, x action) kit.Cell { return gapSubject(x) }},
	{Key: "gap.unit", Cell: actionText(func(_ string, x action) string { return x.UnitName })},
	{Key: "gap.area", Sort: "area", Cell: actionText(func(_ string, x action) string { return x.AreaName })},
	{Key: "gap.members", Sort: "members", Cell: actionText(func(_ string, x action) string { return strconv.Itoa(x.Members) })},
	{Key: "gap.owner", Cell: actionText(func(_ string, x action) string { return gapOwner(x) })},
	{Key: "gap.deadline", Sort: "deadline", Cell: actionText(func(_ string, x action) string { return day(x.Deadline) })},
	{Key: "gap.overdue", Cell: actionText(func(lang string, x action) string { return kit.YesNo(lang, x.Overdue) })},
	{Key: "gap.status", Sort: "status", Cell: actionText(gapStatus)},
	{Key: "gap.close_reason", ExportOnly: true, Cell: actionText(func(lang string, x action) string {
		if x.Status != gap.Closed {
			return ""
		}
		return kit.Tr(lang, "gap.reason."+x.CloseReason) + " " + closeNote(lang, x.CloseNote)
	})},
}}

func (m *Module) pageGaps(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := gapFilter(r, p)
	if err != nil {
		return err
	}
	items, total, err := m.Gaps.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	q := r.URL.Query()
	title := kit.Tr(lang, "nav.gaps")
	if q.Has("opened") {
		title += " · " + i18n.T(lang, "gap.scanned", map[string]any{"opened": q.Get("opened"), "closed": q.Get("closed")})
	}
	d := kit.ListPage{
		Title: title,
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "gap.q_hint"},
			{Name: "state", Label: "gap.status", Type: "select", Options: kit.EnumOptions(gap.Statuses, "gap.status.", string(f.Status), "list.any")},
			{Name: "kind", Label: "gap.kind", Type: "select", Options: kit.EnumOptions(gap.Kinds, "gap.kind.", string(f.Kind), "list.any")},
			{Name: "owner_org_id", Label: "gap.owner_org", Type: "pick", Pick: "orgs", Value: kit.IDStr(f.OwnerOrgID), Display: m.orgName(r, p, f.OwnerOrgID)},
			{Name: "overdue", Label: "gap.overdue", Type: "checkbox", Value: kit.BoolVal(f.Overdue)},
			{Name: "mine", Label: "gap.mine", Type: "checkbox", Value: kit.BoolVal(q.Get("mine") != "")},
		},
		Actions:   []kit.Link{{Href: "/gaps/coverage", Key: "nav.gap_coverage"}},
		ListTable: kit.ListTable{Cols: actionTable.Cols(r), Rows: actionTable.Rows(lang, items), Pager: kit.NewPager(r, page, f.Page, total, len(items)), Export: kit.ExportsOf(r, "gaps")},
	}
	if p.Can(auth.PermRegistryWrite) {
		d.Forms = []kit.InlineForm{{Action: "/gaps/scan", Title: "gap.scan_title", Button: "gap.scan"}}
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// orgName is the name of an org in scope for a picker's display.
func (m *Module) orgName(r *http.Request, p *kit.Principal, id int64) string {
	if id == 0 {
		return ""
	}
	o, err := m.Orgs.Get(r.Context(), p.Scope, id)
	if err != nil {
		return ""
	}
	return o.Name
}

// pageGapScan runs a scan over the caller's scope and shows the list with
// what it did.
func (m *Module) pageGapScan(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	res, err := m.Gaps.Scan(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	q := url.Values{"state": {"open"}, "opened": {strconv.Itoa(res.Opened)}, "closed": {strconv.Itoa(res.Closed)}}
	http.Redirect(w, r, "/gaps?"+q.Encode(), http.StatusSeeOther)
	return nil
}

func (m *Module) pageGap(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	x, _, err := kit.ByID(r, p, m.Gaps.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	sub := gapSubject(x)
	fields := []kit.KV{{Key: "gap.status", Text: gapStatus(lang, x), ID: "gap-status"}, {Key: "gap.kind", Text: kit.Tr(lang, "gap.kind."+string(x.Kind))},
		{Key: "gap.subject", Text: sub.Text, Href: sub.Href}, {Key: "gap.unit", Text: x.UnitName}, {Key: "gap.area", Text: x.AreaName, Href: "/areas/" + kit.Itoa(x.AreaID)},
		{Key: "gap.members", Text: strconv.Itoa(x.Members)}, {Key: "gap.todo", Text: kit.Tr(lang, "gap.todo."+string(x.Kind))},
		{Key: "gap.owner", Text: gapOwner(x)}, {Key: "gap.deadline", Text: day(x.Deadline)}, {Key: "gap.created", Text: day(x.CreatedAt)}}
	if x.Status == gap.Closed {
		fields = append(fields, kit.KV{Key: "gap.close_reason", Text: strings.TrimSpace(kit.Tr(lang, "gap.reason."+x.CloseReason) + " " + closeNote(lang, x.CloseNote))})
		if x.ClosedAt != nil {
			fields = append(fields, kit.KV{Key: "gap.closed", Text: day(*x.ClosedAt)})
		}
	}
	var ev [][]kit.Cell
	for _, e := range x.Events {
		body := e.Body
		if e.Action == "auto_close" {
			code, note, _ := strings.Cut(body, ":")
			body = strings.TrimSpace(kit.Tr(lang, "gap.reason."+code) + " " + closeNote(lang, note))
		}
		ev = append(ev, []kit.Cell{{Text: e.CreatedAt.In(order.Sanya).Format("2006-01-02 15:04")}, {Text: kit.Tr(lang, "gap.event."+e.Action)}, {Text: e.ActorName}, {Text: body}})
	}
	d := kit.DetailPage{Title: kit.Tr(lang, "gap.title") + " #" + kit.Itoa(x.ID), Fields: fields,
		Crumbs:   []kit.Crumb{{Href: "/gaps", Text: kit.Tr(lang, "nav.gaps")}},
		Sections: []kit.Section{{Key: "gap.history", Cols: kit.Cols("gap.when", "gap.event", "gap.actor", "gap.note"), Rows: ev}}}
	if p.Can(auth.PermRegistryWrite) {
		d.Forms = m.gapForms(r, p, x)
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// closeNote shows a state a scan recorded by its name, other notes as is.
func closeNote(lang, note string) string {
	for _, st := range gap.States {
		if note == string(st) {
			return kit.Tr(lang, "gap.state."+note)
		}
	}
	if person.ValidStatus(person.Status(note)) {
		return kit.Tr(lang, "status."+note)
	}
	return note
}

func (m *Module) gapForms(r *http.Request, p *kit.Principal, x gap.Action) []kit.InlineForm {
	base := "/gaps/" + kit.Itoa(x.ID)
	note := kit.InlineForm{Action: base + "/note", Title: "gap.do.note", Button: "gap.do.note", Fields: []kit.FormField{{Name: "note", Label: "gap.note", Type: "textarea", Required: true}}}
	if x.Status != gap.Open {
		return []kit.InlineForm{note}
	}
	user := ""
	if x.OwnerUserID != 0 {
		if u, err := m.Users.GetUser(r.Context(), x.OwnerUserID); err == nil {
			user = u.Username
		}
	}
	return []kit.InlineForm{
		{Action: base + "/assign", Title: "gap.do.assign", Button: "form.save", Fields: []kit.FormField{
			{Name: "owner_org_id", Label: "gap.owner_org", Type: "pick", Pick: "orgs", Value: kit.IDStr(x.OwnerOrgID), Display: x.OwnerOrg},
			{Name: "owner_user", Label: "gap.owner_user", Type: "text", Value: user, Placeholder: "gap.owner_user_hint"},
			{Name: "deadline", Label: "gap.deadline", Type: "date", Value: day(x.Deadline)}}},
		note,
		{Action: base + "/close", Title: "gap.do.close", Button: "gap.do.close", Fields: []kit.FormField{{Name: "reason", Label: "gap.close_reason", Type: "text", Required: true}}},
	}
}

// pageGapStep runs one change (the {step} path value) and returns to the
// action.
func (m *Module) pageGapStep(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx, sc, st := r.Context(), p.Scope, m.Gaps
	switch r.PathValue("step") {
	case "assign":
		a := gap.Assignment{OwnerUser: r.PostFormValue("owner_user")}
		if a.OwnerOrgID, err = kit.FormInt(r, "owner_org_id"); err != nil {
			return err
		}
		if v := strings.TrimSpace(r.PostFormValue("deadline")); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, order.Sanya)
			if err != nil {
				return apperr.InvalidField("deadline", "err.date_format")
			}
			a.Deadline = t.Add(24*time.Hour - time.Second) // the end of the day
		}
		_, err = st.Assign(ctx, sc, id, a)
	case "note":
		_, err = st.Note(ctx, sc, id, r.PostFormValue("note"))
	case "close":
		_, err = st.Close(ctx, sc, id, r.PostFormValue("reason"))
	default:
		return apperr.ErrNotFound
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/gaps/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
