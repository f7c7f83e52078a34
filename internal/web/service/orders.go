package service

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// Staff's side of the order loop: the order list (filters, sorting,
// paging, export) and an order with its parts, history, possible
// duplicates nearby, and the forms for the next step.

var orderFilter = kit.QueryFilter[order.Filter]

func orderRatingText(lang, r string) string {
	if r == "" {
		return "—"
	}
	return kit.Tr(lang, "order.rating."+r)
}

// sanyaTime is a time as the lists show it, in Sanya's zone.
func sanyaTime(t time.Time) string { return t.In(order.Sanya).Format("2006-01-02 15:04") }

// orderTable is the order list's columns: the page, the CSV and the XLSX
// (which has the whole description and the opening and closing times).
var orderTable = kit.Table[order.Order]{Columns: []kit.Column[order.Order]{
	{Key: "order.no", Sort: "id", Cell: func(_ string, o order.Order) kit.Cell {
		return kit.Cell{Text: "#" + kit.Itoa(o.ID), Href: "/orders/" + kit.Itoa(o.ID)}
	}},
	{Key: "order.category", Cell: kit.Text(func(lang string, o order.Order) string { return kit.Tr(lang, "svc.cat."+o.Category) })},
	{Key: "order.item", Cell: kit.Text(func(_ string, o order.Order) string { return o.ItemName })},
	{Key: "order.description", Clip: 40, Cell: kit.Text(func(_ string, o order.Order) string { return o.Description })},
	{Key: "order.area", Cell: kit.Text(func(_ string, o order.Order) string { return o.AreaName })},
	{Key: "order.post", Cell: kit.Text(func(_ string, o order.Order) string { return o.PostName })},
	{Key: "order.status", Sort: "status", Cell: kit.Text(func(lang string, o order.Order) string { return kit.Tr(lang, "order.status."+string(o.Status)) })},
	{Key: "order.deadline", Sort: "deadline", Cell: kit.Text(func(_ string, o order.Order) string { return sanyaTime(o.Deadline) })},
	{Key: "order.overdue", Cell: kit.Text(func(lang string, o order.Order) string { return kit.YesNo(lang, o.Overdue) })},
	{Key: "order.rating", Cell: kit.Text(func(lang string, o order.Order) string { return orderRatingText(lang, o.Rating) })},
	{Key: "order.created", ExportOnly: true, Cell: kit.Text(func(_ string, o order.Order) string { return sanyaTime(o.CreatedAt) })},
	{Key: "order.closed", ExportOnly: true, Cell: kit.Text(func(_ string, o order.Order) string {
		if o.ClosedAt == nil {
			return ""
		}
		return sanyaTime(*o.ClosedAt)
	})},
}}

func (m *Module) pageOrders(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lt, f, err := kit.ListOf(r, p, orderFilter, m.Orders.List, orderTable, "orders")
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title: kit.Tr(lang, "nav.orders"),
		Filters: []kit.FormField{
			{Name: "q", Label: "list.q", Type: "search", Value: f.Q, Placeholder: "order.q_hint"},
			{Name: "status", Label: "order.status", Type: "select", Options: kit.EnumOptions(order.Statuses, "order.status.", string(f.Status), "list.any")},
			{Name: "category", Label: "order.category", Type: "select", Options: kit.EnumOptions(post.Categories, "svc.cat.", f.Category, "list.any")},
			{Name: "overdue", Label: "order.overdue", Type: "checkbox", Value: kit.BoolVal(f.Overdue)},
		},
		Actions:   []kit.Link{{Href: "/service-report", Key: "nav.service_report"}},
		ListTable: lt,
	})
	return nil
}

func (m *Module) pageOrder(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	o, _, err := kit.ByID(r, p, m.Orders.Get)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := orderDetail(lang, o, m.itemFields(r, o))
	near, err := m.Orders.Near(r.Context(), o.Category, o.Lat, o.Lng, o.ID)
	if err != nil {
		return err
	}
	var nrows [][]kit.Cell
	for _, n := range near {
		nrows = append(nrows, []kit.Cell{{Text: "#" + kit.Itoa(n.ID), Href: "/orders/" + kit.Itoa(n.ID)}, {Text: n.ItemName},
			{Text: kit.Tr(lang, "order.status."+string(n.Status))}, {Text: fmt.Sprintf("%.0f", n.Metres)}})
	}
	d.Sections = append(d.Sections, kit.Section{Key: "order.near", Cols: kit.Cols("order.no", "order.item", "order.status", "order.metres"), Rows: nrows})
	if p.Can(auth.PermOrderHandle) {
		d.Forms = orderForms(o, near)
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// orderDetail is the view both staff and the orderer see.
func orderDetail(lang string, o order.Order, itemFields []post.Field) kit.DetailPage {
	attrs := answerText(o.Attributes, itemFields)
	fields := []kit.KV{{Key: "order.status", Text: kit.Tr(lang, "order.status."+string(o.Status)), ID: "order-status"},
		{Key: "order.category", Text: kit.Tr(lang, "svc.cat."+o.Category)}, {Key: "order.item", Text: o.ItemName},
		{Key: "order.description", Text: o.Description}, {Key: "order.attributes", Text: strings.Join(attrs, "；")},
		{Key: "order.area", Text: o.AreaName}, {Key: "order.address", Text: o.Address},
		{Key: "order.location", Text: fmt.Sprintf("%.5f, %.5f", o.Lat, o.Lng)}, {Key: "order.post", Text: o.PostName},
		{Key: "order.escalation", Text: fmt.Sprint(o.Escalation)}, {Key: "order.deadline", Text: sanyaTime(o.Deadline)},
		{Key: "order.follow_up", Text: fmt.Sprint(o.FollowUp)}, {Key: "order.contact", Text: o.ContactName + " " + o.ContactMask},
		{Key: "order.rating", Text: orderRatingText(lang, o.Rating) + " " + o.RatingNote}, {Key: "order.channel", Text: kit.Tr(lang, "order.channel."+o.Channel)},
		{Key: "order.published", Text: kit.YesNo(lang, o.Published), ID: "order-published"}}
	if o.MergedInto != 0 {
		fields = append(fields, kit.KV{Key: "order.merged_into", Text: "#" + kit.Itoa(o.MergedInto), Href: "/orders/" + kit.Itoa(o.MergedInto)})
	}
	var hrows, erows [][]kit.Cell
	for _, h := range o.Handlers {
		hrows = append(hrows, []kit.Cell{{Text: h.UnitName}, {Text: kit.Tr(lang, "order.unit_status."+string(h.Status))}, {Text: fmt.Sprint(h.Attempts)}, {Text: h.Note}})
	}
	for _, e := range o.Events {
		reason := e.Reason
		if e.Action == "rate" || e.Action == "reopen" {
			code, note, _ := strings.Cut(reason, ":")
			reason = strings.TrimSpace(kit.Tr(lang, "order.rating."+code) + " " + strings.TrimSpace(note))
		}
		erows = append(erows, []kit.Cell{{Text: sanyaTime(e.CreatedAt)}, {Text: kit.Tr(lang, "order.action."+e.Action)},
			{Text: e.UnitName}, {Text: statusPair(lang, e.From, e.To)}, {Text: e.ActorName}, {Text: reason}})
	}
	return kit.DetailPage{Title: kit.Tr(lang, "order.title") + " #" + kit.Itoa(o.ID), Fields: fields, Sections: []kit.Section{
		{Key: "order.handlers", Cols: kit.Cols("order.unit", "order.unit_status", "order.attempts", "order.note"), Rows: hrows},
		{Key: "order.history", Cols: kit.Cols("order.when", "order.action", "order.unit", "order.status", "order.actor", "order.reason"), Rows: erows},
	}}
}

// answerText shows an order's answers by the item's field names and the
// list values' names, in the item's field order.
func answerText(answers map[string][]string, fields []post.Field) []string {
	var out []string
	done := map[string]bool{}
	for _, f := range fields {
		vals, ok := answers[f.Code]
		if !ok {
			continue
		}
		done[f.Code] = true
		names := make([]string, len(vals))
		for i, v := range vals {
			names[i] = v
			for _, x := range f.Values {
				if x.Key == v {
					names[i] = x.Name
				}
			}
		}
		out = append(out, f.Name+"："+strings.Join(names, "、"))
	}
	keys := make([]string, 0, len(answers))
	for k := range answers {
		if !done[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, k+"："+strings.Join(answers[k], "、"))
	}
	return out
}

// itemFields are the fields of an order's menu item (none when the item
// is gone or closed).
func (m *Module) itemFields(r *http.Request, o order.Order) []post.Field {
	if o.ItemCode == "" {
		return nil
	}
	it, err := m.Posts.ItemByCode(r.Context(), o.ItemCode)
	if err != nil {
		return nil
	}
	return it.Fields
}

func statusPair(lang string, from, to order.Status) string {
	if from == "" && to == "" {
		return ""
	}
	if from == "" || from == to {
		return kit.Tr(lang, "order.status."+string(to))
	}
	return kit.Tr(lang, "order.status."+string(from)) + " → " + kit.Tr(lang, "order.status."+string(to))
}

// orderForms are the steps staff may take from the order's state.
func orderForms(o order.Order, near []order.Nearby) []kit.InlineForm {
	base := "/orders/" + kit.Itoa(o.ID)
	reason := kit.FormField{Name: "reason", Label: "order.reason", Type: "text"}
	var out []kit.InlineForm
	switch o.Status {
	case order.Accepted:
		out = append(out, kit.InlineForm{Action: base + "/dispatch", Title: "order.do.dispatch", Button: "order.do.dispatch", Fields: []kit.FormField{
			{Name: "unit_ids", Label: "order.unit_ids", Type: "text", Value: handlerIDs(o), Placeholder: "menu.unit_ids_hint"}, reason}})
	case order.Dispatched, order.Handling:
		var units []kit.Option
		for _, h := range o.Handlers {
			if h.Status != order.HDone && h.Status != order.HCancelled {
				units = append(units, kit.Option{Value: kit.Itoa(h.UnitID), Label: h.UnitName, Raw: true})
			}
		}
		steps := []kit.Option{{Value: "start", Label: "order.unit_step.start"}, {Value: "done", Label: "order.unit_step.done"}, {Value: "fail", Label: "order.unit_step.fail"}}
		out = append(out, kit.InlineForm{Action: base + "/unit", Title: "order.do.unit", Button: "form.save", Fields: []kit.FormField{
			{Name: "unit_id", Label: "order.unit", Type: "select", Options: units}, {Name: "step", Label: "order.unit_step", Type: "select", Options: steps},
			{Name: "note", Label: "order.note", Type: "text"}}})
	case order.Feedback:
		out = append(out, kit.InlineForm{Action: base + "/verify", Title: "order.do.verify", Button: "form.save", Fields: []kit.FormField{
			{Name: "passed", Label: "order.passed", Type: "select", Options: []kit.Option{{Value: "1", Label: "common.yes"}, {Value: "0", Label: "common.no"}}}, reason}})
	case order.Verified:
		out = append(out, kit.InlineForm{Action: base + "/close", Title: "order.do.close", Button: "order.do.close", Fields: []kit.FormField{reason}})
	}
	if !o.Status.Done() {
		into := ""
		if len(near) > 0 {
			into = kit.Itoa(near[0].ID)
		}
		out = append(out, kit.InlineForm{Action: base + "/merge", Title: "order.do.merge", Button: "order.do.merge", Fields: []kit.FormField{
			{Name: "into", Label: "order.merge_into", Type: "number", Value: into, Required: true}, reason}})
	}
	return out
}

func handlerIDs(o order.Order) string {
	var ids []string
	for _, h := range o.Handlers {
		ids = append(ids, kit.Itoa(h.UnitID))
	}
	return strings.Join(ids, ",")
}

// pageOrderStep runs one staff step (the {step} path value) and returns
// to the order.
func (m *Module) pageOrderStep(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx, sc, reason := r.Context(), p.Scope, r.PostFormValue("reason")
	switch r.PathValue("step") {
	case "dispatch":
		units, err2 := kit.IDList(r.PostFormValue("unit_ids"), "unit_ids")
		if err2 != nil {
			return err2
		}
		_, err = m.Orders.Dispatch(ctx, sc, id, units, reason)
	case "unit":
		uid, err2 := kit.FormInt(r, "unit_id")
		if err2 != nil {
			return err2
		}
		_, err = m.Orders.Unit(ctx, sc, id, uid, order.UnitStep(r.PostFormValue("step")), r.PostFormValue("note"))
	case "verify":
		_, err = m.Orders.Verify(ctx, sc, id, r.PostFormValue("passed") == "1", reason)
	case "close":
		_, err = m.Orders.Close(ctx, sc, id, reason)
	case "merge":
		into, err2 := kit.FormInt(r, "into")
		if err2 != nil {
			return err2
		}
		_, err = m.Orders.Merge(ctx, sc, id, into, reason)
	default:
		return apperr.ErrNotFound
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/orders/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
