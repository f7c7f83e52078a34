package service

import (
	"net/http"
	"net/url"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// Grids with their workers, and the point locator.

func (m *Module) pageGrids(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	items, total, err := m.Areas.List(r.Context(), p.Scope, area.Filter{Q: q, Kind: area.Grid, Page: pg, Sort: "code"})
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var ids []int64
	for _, a := range items {
		ids = append(ids, a.ID)
	}
	workers, err := m.Areas.Workers(r.Context(), ids...)
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, a := range items {
		rows = append(rows, []kit.Cell{{Text: a.Code}, {Text: a.Name, Href: "/areas/" + kit.Itoa(a.ID)}, {Text: a.ParentName}, {Text: kit.YesNo(lang, a.HasGeometry)},
			{Text: workerNames(workers[a.ID])}})
	}
	d := kit.ListPage{Title: kit.Tr(lang, "nav.grids"),
		Filters: []kit.FormField{{Name: "q", Label: "list.q", Type: "search", Value: q}},
		Actions: []kit.Link{{Href: "/locate", Key: "grid.locate"}}, ListTable: kit.ListTable{Cols: kit.Cols("area.code", "area.name", "area.parent", "area.has_geometry", "grid.workers"), Rows: rows, Pager: kit.NewPager(r, page, pg, total, len(items))}}
	if p.Can(auth.PermServiceWrite) {
		d.Actions = append(d.Actions, kit.Link{Href: "/grids/import", Key: "grid.import"})
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

// locateView is templates/locate.html: the point's form, then where it
// falls and where an order from it would go.
type locateView struct {
	Title   string
	Filters []kit.FormField
	Fields  []kit.KV
}

var locatePage = kit.NewPage[locateView]("locate")

// pageLocate resolves a point to its grid, community, district and the
// post and units an order of a category would go to.
func (m *Module) pageLocate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	q := r.URL.Query()
	cat := q.Get("category")
	if cat == "" {
		cat = "other"
	}
	d := locateView{Title: kit.Tr(lang, "grid.locate"), Filters: []kit.FormField{
		{Name: "lat", Label: "post.lat", Type: "text", Value: q.Get("lat")}, {Name: "lng", Label: "post.lng", Type: "text", Value: q.Get("lng")},
		{Name: "category", Label: "order.category", Type: "select", Options: kit.EnumOptions(postCategories(), "svc.cat.", cat, "")}}}
	if q.Get("lat") != "" {
		lat, err := kit.ParseNumber("lat", q.Get("lat"))
		if err != nil {
			return err
		}
		lng, err := kit.ParseNumber("lng", q.Get("lng"))
		if err != nil {
			return err
		}
		pl, rt, err := m.Orders.Locate(r.Context(), lat, lng, cat)
		if err != nil {
			return err
		}
		units := append([]string(nil), rt.UnitNames...)
		workers, err := m.Areas.Workers(r.Context(), pl.GridID)
		if err != nil {
			return err
		}
		d.Fields = []kit.KV{{Key: "grid.grid", Text: pl.GridName, ID: "locate-grid"}, {Key: "grid.workers", Text: workerNames(workers[pl.GridID])}, {Key: "grid.community", Text: pl.CommunityName},
			{Key: "post.district", Text: pl.DistrictName}, {Key: "order.post", Text: rt.PostName, Href: "/posts/" + kit.Itoa(rt.PostID), ID: "locate-post"},
			{Key: "order.item", Text: rt.ItemName}, {Key: "menu.units", Text: strings.Join(units, "、")}}
	}
	locatePage.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func postCategories() []string { return post.Categories }

func workerNames(ws []area.Worker) string {
	var out []string
	for _, w := range ws {
		out = append(out, strings.TrimSpace(w.Name+" "+w.PhoneMask))
	}
	return strings.Join(out, "、")
}

// pageGridWorker puts a worker on a grid (a form on the grid's area page).
func (m *Module) pageGridWorker(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	wk := area.Worker{GridID: id, Name: r.PostFormValue("name")}
	if u := strings.TrimSpace(r.PostFormValue("username")); u != "" {
		acct, err := m.Auth.GetUserByName(r.Context(), u)
		if err != nil {
			return apperr.InvalidField("username", "err.user_missing")
		}
		wk.UserID = acct.ID
	}
	if _, err := m.Areas.AddWorker(r.Context(), p.Scope, m.Vault, wk, r.PostFormValue("phone")); err != nil {
		return err
	}
	http.Redirect(w, r, "/grids?q="+url.QueryEscape(r.PostFormValue("grid_name")), http.StatusSeeOther)
	return nil
}
