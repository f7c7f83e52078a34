package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/order"
	"dangjian/internal/post"
	"dangjian/internal/web/kit"
)

// The service network's other pages: satisfaction and workload (charts
// and tables), grids with their GeoJSON import and the point locator, the
// working-day calendar, and Open311 API clients.

// reportRange reads from (YYYY-MM) and months; the default is the last 12
// months up to this one.
func reportRange(r *http.Request) (time.Time, time.Time, error) {
	now := time.Now().In(order.Sanya)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, order.Sanya).AddDate(0, -11, 0)
	if v := strings.TrimSpace(r.URL.Query().Get("from")); v != "" {
		t, err := time.ParseInLocation("2006-01", v, order.Sanya)
		if err != nil {
			return from, from, apperr.InvalidField("from", "err.date")
		}
		from = t
	}
	months, err := kit.QueryInt(r, "months", 12, 1, 36)
	if err != nil {
		return from, from, err
	}
	return from, from.AddDate(0, months, 0), nil
}

func (s *Server) pageServiceReport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	from, to, err := reportRange(r)
	if err != nil {
		return err
	}
	rep, err := s.Orders.Stats(r.Context(), p.Scope, from, to)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	groups := statGroups(lang, rep)
	pct := func(f float64) float64 { return float64(int(f*1000+0.5)) / 10 }
	chart := func(title string, rows []order.StatRow, line bool) chartData {
		kind := "bar"
		if line {
			kind = "line"
		}
		c := chartData{Title: title, Series: []chartSeries{{Name: kit.Tr(lang, "stat.satisfaction") + " %", Type: kind}, {Name: kit.Tr(lang, "stat.overdue_rate") + " %", Type: kind}, {Name: kit.Tr(lang, "stat.median_hours"), Type: kind}}}
		for i, x := range rows {
			if i >= 20 {
				break
			}
			c.Categories = append(c.Categories, x.Name)
			c.Series[0].Data = append(c.Series[0].Data, pct(x.Satisfaction))
			c.Series[1].Data = append(c.Series[1].Data, pct(x.OverdueRate))
			c.Series[2].Data = append(c.Series[2].Data, float64(int(x.MedianHours*10))/10)
		}
		return c
	}
	var encoded []string
	for _, c := range []chartData{chart(kit.Tr(lang, "stat.by_month"), groups[1].rows, true), chart(kit.Tr(lang, "stat.by_category"), groups[2].rows, false),
		chart(kit.Tr(lang, "stat.by_post"), groups[3].rows, false), chart(kit.Tr(lang, "stat.by_unit"), groups[4].rows, false)} {
		b, _ := json.Marshal(c)
		encoded = append(encoded, string(b))
	}
	var secs []section
	hdr := []col{}
	for _, k := range []string{"report.name", "stat.orders", "stat.closed", "stat.median_hours", "stat.overdue_rate", "stat.rated", "stat.satisfaction"} {
		hdr = append(hdr, col{Key: k})
	}
	for _, g := range groups {
		var rows [][]cell
		for _, x := range g.rows {
			var cs []cell
			for _, t := range statCells(x) {
				cs = append(cs, cell{Text: t})
			}
			rows = append(rows, cs)
		}
		secs = append(secs, section{Key: g.key, Cols: hdr, Rows: rows})
	}
	months := int(to.Sub(from).Hours()/24/30 + 0.5)
	s.Render(w, r, http.StatusOK, "report", map[string]any{"Title": kit.Tr(lang, "nav.service_report"), "Charts": encoded, "Sections": secs,
		"From": from.Format("2006-01"), "Months": months, "Action": "/service-report",
		"Export": fmt.Sprintf("/export/service-report?format=xlsx&from=%s&months=%d", from.Format("2006-01"), months)})
	return nil
}

func (s *Server) pageGrids(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	items, total, err := s.Areas.List(r.Context(), p.Scope, area.Filter{Q: q, Kind: area.Grid, Page: pg, Sort: "code"})
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var ids []int64
	for _, a := range items {
		ids = append(ids, a.ID)
	}
	workers, err := s.Areas.Workers(r.Context(), ids...)
	if err != nil {
		return err
	}
	var rows [][]cell
	for _, a := range items {
		rows = append(rows, []cell{{Text: a.Code}, {Text: a.Name, Href: "/areas/" + kit.Itoa(a.ID)}, {Text: a.ParentName}, {Text: kit.YesNo(lang, a.HasGeometry)},
			{Text: workerNames(workers[a.ID])}})
	}
	d := map[string]any{"Title": kit.Tr(lang, "nav.grids"), "Cols": kit.Cols("area.code", "area.name", "area.parent", "area.has_geometry", "grid.workers"), "Rows": rows,
		"Pager":   kit.NewPager(r, page, pg, total, len(items)),
		"Filters": []formField{{Name: "q", Label: "list.q", Type: "search", Value: q}},
		"Actions": []link{{Href: "/locate", Key: "grid.locate"}}}
	if p.Can(auth.PermServiceWrite) {
		d["Actions"] = append(d["Actions"].([]link), link{Href: "/grids/import", Key: "grid.import"})
	}
	s.Render(w, r, http.StatusOK, "list", d)
	return nil
}

func (s *Server) pageGridImport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	lang := kit.LangOf(r)
	d := map[string]any{"Title": kit.Tr(lang, "grid.import")}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		f, _, err := r.FormFile("file")
		if err != nil {
			return apperr.InvalidField("file", "err.import.file")
		}
		defer f.Close()
		raw, err := io.ReadAll(f)
		if err != nil {
			return apperr.InvalidField("file", "err.import.file")
		}
		n, err := s.Areas.ImportGrids(r.Context(), p.Scope, raw)
		if err != nil {
			e := apperr.As(err)
			if e.Code != apperr.Invalid {
				return err
			}
			d["Error"] = kit.Translate(lang, e).Error.Message
			var probs []string
			for _, pr := range e.Problems {
				probs = append(probs, i18nRow(lang, pr))
			}
			d["Problems"] = probs
			code = http.StatusUnprocessableEntity
		} else {
			d["Notice"] = i18nN(lang, "grid.imported", n)
		}
	}
	s.Render(w, r, code, "gridimport", d)
	return nil
}

func i18nRow(lang string, pr apperr.Problem) string {
	return kit.Tr(lang, "import.row") + " " + strconv.Itoa(pr.Row) + "：" + kit.Translate(lang, &apperr.Error{Key: pr.Key, Args: pr.Args, Field: pr.Field}).Error.Message
}

// pageLocate resolves a point to its grid, community, district and the
// post and units an order of a category would go to.
func (s *Server) pageLocate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	lang := kit.LangOf(r)
	q := r.URL.Query()
	cat := q.Get("category")
	if cat == "" {
		cat = "other"
	}
	d := map[string]any{"Title": kit.Tr(lang, "grid.locate"), "Forms": []inlineForm{}}
	fields := []formField{{Name: "lat", Label: "post.lat", Type: "text", Value: q.Get("lat")}, {Name: "lng", Label: "post.lng", Type: "text", Value: q.Get("lng")},
		{Name: "category", Label: "order.category", Type: "select", Options: kit.EnumOptions(postCategories(), "svc.cat.", cat, "")}}
	d["Filters"] = fields
	if q.Get("lat") != "" {
		lat, err := kit.ParseNumber("lat", q.Get("lat"))
		if err != nil {
			return err
		}
		lng, err := kit.ParseNumber("lng", q.Get("lng"))
		if err != nil {
			return err
		}
		pl, rt, err := s.Orders.Locate(r.Context(), lat, lng, cat)
		if err != nil {
			return err
		}
		units := append([]string(nil), rt.UnitNames...)
		workers, err := s.Areas.Workers(r.Context(), pl.GridID)
		if err != nil {
			return err
		}
		d["Fields"] = []kv{{Key: "grid.grid", Text: pl.GridName, ID: "locate-grid"}, {Key: "grid.workers", Text: workerNames(workers[pl.GridID])}, {Key: "grid.community", Text: pl.CommunityName},
			{Key: "post.district", Text: pl.DistrictName}, {Key: "order.post", Text: rt.PostName, Href: "/posts/" + kit.Itoa(rt.PostID), ID: "locate-post"},
			{Key: "order.item", Text: rt.ItemName}, {Key: "menu.units", Text: strings.Join(units, "、")}}
	}
	s.Render(w, r, http.StatusOK, "locate", d)
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
func (s *Server) pageGridWorker(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	wk := area.Worker{GridID: id, Name: r.PostFormValue("name")}
	if u := strings.TrimSpace(r.PostFormValue("username")); u != "" {
		acct, err := s.Auth.GetUserByName(r.Context(), u)
		if err != nil {
			return apperr.InvalidField("username", "err.user_missing")
		}
		wk.UserID = acct.ID
	}
	if _, err := s.Areas.AddWorker(r.Context(), p.Scope, s.Vault, wk, r.PostFormValue("phone")); err != nil {
		return err
	}
	http.Redirect(w, r, "/grids?q="+url.QueryEscape(r.PostFormValue("grid_name")), http.StatusSeeOther)
	return nil
}

// gridSection adds a grid's workers, and the form to add one, to its area
// page.
func (s *Server) gridSection(r *http.Request, p *Principal, a area.Area, d map[string]any) error {
	workers, err := s.Areas.Workers(r.Context(), a.ID)
	if err != nil {
		return err
	}
	var rows [][]cell
	for _, w := range workers[a.ID] {
		rows = append(rows, []cell{{Text: w.Name}, {Text: w.PhoneMask}, {Text: kit.YesNo(kit.LangOf(r), w.UserID != 0)}})
	}
	d["Sections"] = append(d["Sections"].([]section), section{Key: "grid.workers", Cols: kit.Cols("staff.name", "order.phone", "staff.account"), Rows: rows})
	if p.Can(auth.PermServiceWrite) {
		d["Forms"] = []inlineForm{{Action: "/grids/" + kit.Itoa(a.ID) + "/workers", Title: "grid.worker_new", Button: "form.save", Fields: []formField{
			{Name: "grid_name", Type: "hidden", Value: a.Name}, {Name: "name", Label: "staff.name", Type: "text", Required: true},
			{Name: "phone", Label: "order.phone", Type: "tel"}, {Name: "username", Label: "staff.username", Type: "text"}}}}
	}
	return nil
}
