package web

import (
	"net/http"
	"strconv"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/order"
	"dangjian/internal/web/kit"
)

// The working-day calendar (holidays and make-up days, as data: next
// year's State Council notice is entered here) and the Open311 API clients.

func (s *Server) pageHolidays(w http.ResponseWriter, r *http.Request, p *Principal) error {
	lang := kit.LangOf(r)
	if r.Method == http.MethodPost {
		if !p.Scope.All {
			return apperr.ErrForbidden // the calendar is the whole city's
		}
		h := order.Holiday{Day: r.PostFormValue("day"), Off: r.PostFormValue("off") == "1", Name: r.PostFormValue("name")}
		if err := order.SetHoliday(r.Context(), s.DB, h); err != nil {
			return err
		}
		http.Redirect(w, r, "/holidays?year="+h.Day[:min(4, len(h.Day))], http.StatusSeeOther)
		return nil
	}
	year, err := kit.QueryInt(r, "year", time.Now().In(order.Sanya).Year(), 2000, 2100)
	if err != nil {
		return err
	}
	days, err := order.Holidays(r.Context(), s.DB.Read(), year)
	if err != nil {
		return err
	}
	var rows [][]cell
	for _, h := range days {
		kind := "holiday.off"
		if !h.Off {
			kind = "holiday.workday"
		}
		rows = append(rows, []cell{{Text: h.Day}, {Text: kit.Tr(lang, kind)}, {Text: h.Name}})
	}
	offs := []option{{Value: "1", Label: "holiday.off"}, {Value: "0", Label: "holiday.workday"}}
	s.Render(w, r, http.StatusOK, "detail", map[string]any{"Title": kit.Tr(lang, "nav.holidays") + " " + strconv.Itoa(year),
		"Actions":  []link{{Href: "/holidays?year=" + strconv.Itoa(year-1), Key: "holiday.prev"}, {Href: "/holidays?year=" + strconv.Itoa(year+1), Key: "holiday.next"}},
		"Sections": []section{{Key: "nav.holidays", Cols: kit.Cols("holiday.day", "holiday.kind", "holiday.name"), Rows: rows}},
		"Forms": []inlineForm{{Action: "/holidays", Title: "holiday.add", Button: "form.save", Fields: []formField{
			{Name: "day", Label: "holiday.day", Type: "date", Required: true}, {Name: "off", Label: "holiday.kind", Type: "select", Options: offs},
			{Name: "name", Label: "holiday.name", Type: "text", Required: true}}}}})
	return nil
}

func (s *Server) pageAPIClients(w http.ResponseWriter, r *http.Request, p *Principal) error {
	lang := kit.LangOf(r)
	notice := ""
	if r.Method == http.MethodPost {
		c, key, err := order.NewClient(r.Context(), s.DB, r.PostFormValue("name"), "")
		if err != nil {
			return err
		}
		notice = kit.Tr(lang, "client.key_once") + " " + c.Name + ": " + key
	}
	list, err := order.Clients(r.Context(), s.DB.Read())
	if err != nil {
		return err
	}
	var rows [][]cell
	for _, c := range list {
		rows = append(rows, []cell{{Text: c.Name}, {Text: c.KeyPrefix + "…"}, {Text: kit.YesNo(lang, c.Disabled)}, {Text: c.CreatedAt.In(order.Sanya).Format("2006-01-02")}})
	}
	s.Render(w, r, http.StatusOK, "detail", map[string]any{"Title": kit.Tr(lang, "nav.api_clients"), "Notice": notice,
		"Sections": []section{{Key: "nav.api_clients", Cols: kit.Cols("client.name", "client.key", "client.disabled", "client.created"), Rows: rows}},
		"Forms": []inlineForm{{Action: "/api-clients", Title: "client.new", Button: "form.save", Fields: []formField{
			{Name: "name", Label: "client.name", Type: "text", Required: true}}}}})
	return nil
}
