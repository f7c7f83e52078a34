package service

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangjian/data"
	"dangjian/internal/apperr"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// The orderer's side (residents, enterprises, branches; phone pages): the
// public menu, the order form with a map pin or an address, their own
// orders, and the rating. The form carries a one-time key, so posting it
// twice returns the first order instead of placing a second one.

func (m *Module) pageMenu(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	items, err := m.Posts.PublicItems(r.Context())
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	cat, err := kit.QueryEnum(r, "category", post.Categories)
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, it := range items {
		if (cat != "" && it.Category != cat) || (q != "" && !strings.Contains(it.Name+it.PostName+it.Description, q)) {
			continue
		}
		rows = append(rows, []kit.Cell{{Text: it.Name, Href: "/order?item=" + it.Code}, {Text: kit.Tr(lang, "svc.cat."+it.Category)}, {Text: it.PostName},
			{Text: kit.Clip(it.Description, 40)}, {Text: strconv.Itoa(it.LimitDays)}})
	}
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	total := len(rows)
	pg = pg.Norm()
	rows = rows[min(pg.Offset, total):min(pg.Offset+pg.Limit, total)]
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title: kit.Tr(lang, "nav.menu"),
		Filters: []kit.FormField{{Name: "q", Label: "list.q", Type: "search", Value: q},
			{Name: "category", Label: "menu.category", Type: "select", Options: kit.EnumOptions(post.Categories, "svc.cat.", cat, "list.any")}},
		Actions:   []kit.Link{{Href: "/order", Key: "order.new"}, {Href: "/my/orders", Key: "nav.my_orders"}},
		ListTable: kit.ListTable{Cols: kit.Cols("menu.name", "menu.category", "menu.post", "menu.description", "menu.limit_days"), Rows: rows, Pager: kit.NewPager(r, page, pg, total, len(rows))},
	})
	return nil
}

func oneTimeKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// orderView is templates/order.html: the order form, blank or refused
// (then with the error and what was posted).
type orderView struct {
	Title, Error, Key string
	Item              *post.Item
	Categories, Kinds []kit.Option
	Answers           map[string]string
	Picked            map[string]map[string]bool
	Form              url.Values
}

var orderFormPage = kit.NewPage[orderView]("order")

// orderPage renders the order form (again, with an error, after a bad
// post) with category and kind selected.
func (m *Module) orderPage(w http.ResponseWriter, r *http.Request, code int, v orderView, category, kind string) {
	v.Title = kit.Tr(kit.LangOf(r), "order.new")
	v.Categories = kit.EnumOptions(post.Categories, "svc.cat.", category, "")
	v.Kinds = kit.EnumOptions(order.OrdererKinds, "order.orderer.", kind, "")
	v.Answers, v.Picked = formAnswers(v.Form)
	orderFormPage.Render(m.Kit, w, r, code, v)
}

// formAnswers are the item's answers of a refused form (attribute[code]
// fields), so that it comes back filled in: the first value of each for
// inputs, and the set of values for lists.
func formAnswers(f url.Values) (map[string]string, map[string]map[string]bool) {
	answers, picked := map[string]string{}, map[string]map[string]bool{}
	for k, vals := range f {
		code, ok := strings.CutPrefix(k, "attribute[")
		if code, ok2 := strings.CutSuffix(code, "]"); ok && ok2 && len(vals) > 0 {
			answers[code], picked[code] = vals[0], map[string]bool{}
			for _, v := range vals {
				picked[code][v] = true
			}
		}
	}
	return answers, picked
}

func (m *Module) pageOrderNew(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	v := orderView{Key: oneTimeKey()}
	if code := strings.TrimSpace(r.URL.Query().Get("item")); code != "" {
		it, err := m.Posts.ItemByCode(r.Context(), code)
		if err != nil {
			return err
		}
		v.Item = &it
	}
	m.orderPage(w, r, http.StatusOK, v, "", "resident")
	return nil
}

func (m *Module) pageOrderCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	d := order.Draft{Channel: "web", OrdererKind: r.PostFormValue("orderer_kind"), UserID: p.User.ID, ContactName: r.PostFormValue("contact_name"),
		Phone: strings.TrimSpace(r.PostFormValue("phone")), ItemCode: strings.TrimSpace(r.PostFormValue("item")), Category: r.PostFormValue("category"),
		Description: r.PostFormValue("description"), Address: r.PostFormValue("address"), IdemKey: "web:" + kit.Itoa(p.User.ID) + ":" + r.PostFormValue("key"),
		Attributes: map[string][]string{}, Public: r.PostFormValue("public") == "1"}
	if r.PostFormValue("key") == "" {
		d.IdemKey = ""
	}
	for k, vals := range r.PostForm {
		if strings.HasPrefix(k, "attribute[") && strings.HasSuffix(k, "]") {
			d.Attributes[k[len("attribute["):len(k)-1]] = vals
		}
	}
	var err error
	if lat, lng := strings.TrimSpace(r.PostFormValue("lat")), strings.TrimSpace(r.PostFormValue("lng")); lat != "" || lng != "" {
		d.HasPlace = true
		if d.Lat, err = formFloat(r, "lat"); err == nil {
			d.Lng, err = formFloat(r, "lng")
		}
	}
	var o order.Order
	if err == nil {
		o, err = m.Orders.Submit(r.Context(), d)
	}
	if err != nil {
		v := orderView{Form: r.PostForm, Key: r.PostFormValue("key"), Error: kit.Translate(kit.LangOf(r), apperr.As(err)).Error.Message}
		if d.ItemCode != "" {
			if it, err := m.Posts.ItemByCode(r.Context(), d.ItemCode); err == nil {
				v.Item = &it
			}
		}
		m.orderPage(w, r, kit.Status(apperr.CodeOf(err)), v, d.Category, d.OrdererKind)
		return nil
	}
	http.Redirect(w, r, "/my/orders/"+kit.Itoa(o.ID)+"?placed=1", http.StatusSeeOther)
	return nil
}

func (m *Module) pageMyOrders(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	items, total, err := m.Orders.List(r.Context(), scopeAll(), order.Filter{UserID: p.User.ID, Page: pg})
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, o := range items {
		rows = append(rows, []kit.Cell{{Text: "#" + kit.Itoa(o.ID), Href: "/my/orders/" + kit.Itoa(o.ID)}, {Text: kit.Tr(lang, "svc.cat."+o.Category)},
			{Text: kit.Clip(o.Description, 30)}, {Text: kit.Tr(lang, "order.status."+string(o.Status))}, {Text: o.CreatedAt.In(order.Sanya).Format("2006-01-02")}})
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{Title: kit.Tr(lang, "nav.my_orders"), Actions: []kit.Link{{Href: "/order", Key: "order.new"}, {Href: "/menu", Key: "nav.menu"}}, ListTable: kit.ListTable{Cols: kit.Cols("order.no", "order.category", "order.description", "order.status", "order.created"), Rows: rows, Pager: kit.NewPager(r, page, pg, total, len(items))}})
	return nil
}

func (m *Module) pageMyOrder(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := m.Orders.Mine(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	d := orderDetail(lang, o, m.itemFields(r, o))
	if r.URL.Query().Get("placed") == "1" {
		d.Notice = kit.Tr(lang, "order.placed")
		if near, err := m.Orders.Near(r.Context(), o.Category, o.Lat, o.Lng, o.ID); err == nil && len(near) > 0 {
			d.Notice = kit.Tr(lang, "order.placed") + " " + kit.TrN(lang, "order.near_count", len(near))
		}
	}
	if o.Status == order.Closed {
		d.Forms = []kit.InlineForm{{Action: "/my/orders/" + kit.Itoa(id) + "/rate", Title: "order.do.rate", Button: "order.do.rate", Fields: []kit.FormField{
			{Name: "rating", Label: "order.rating", Type: "select", Options: []kit.Option{{Value: order.Satisfied, Label: "order.rating.satisfied"},
				{Value: order.Basic, Label: "order.rating.basic"}, {Value: order.Unsatisfied, Label: "order.rating.unsatisfied"}}},
			{Name: "note", Label: "order.note", Type: "text"}}}}
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageMyOrderRate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.Orders.Mine(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	if _, err := m.Orders.Rate(r.Context(), p.User.ID, id, r.PostFormValue("rating"), r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/my/orders/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

// geoDistricts serves the district outlines for the map pin. By hand: a
// static file with its own content type and caching, no API shape.
func (m *Module) geoDistricts(w http.ResponseWriter, r *http.Request, _ *kit.Principal) error {
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(data.DistrictsGeoJSON)
	return nil
}

// scopeAll is the whole city: an orderer's own orders are filtered by
// account, not by area.
func scopeAll() scope.Scope { return scope.Everything }
