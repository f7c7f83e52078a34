package service

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

func (m *Module) pageHolidays(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	if r.Method == http.MethodPost {
		if !p.Scope.All {
			return apperr.ErrForbidden // the calendar is the whole city's
		}
		h := order.Holiday{Day: r.PostFormValue("day"), Off: r.PostFormValue("off") == "1", Name: r.PostFormValue("name")}
		if err := order.SetHoliday(r.Context(), m.DB, h); err != nil {
			return err
		}
		http.Redirect(w, r, "/holidays?year="+h.Day[:min(4, len(h.Day))], http.StatusSeeOther)
		return nil
	}
	year, err := kit.QueryInt(r, "year", time.Now().In(order.Sanya).Year(), 2000, 2100)
	if err != nil {
		return err
	}
	days, err := order.Holidays(r.Context(), m.DB.Read(), year)
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, h := range days {
		kind := "holiday.off"
		if !h.Off {
			kind = "holiday.workday"
		}
		rows = append(rows, []kit.Cell{{Text: h.Day}, {Text: kit.Tr(lang, kind)}, {Text: h.Name}})
	}
	offs := []kit.Option{{Value: "1", Label: "holiday.off"}, {Value: "0", Label: "holiday.workday"}}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: kit.Tr(lang, "nav.holidays") + " " + strconv.Itoa(year),
		Actions:  []kit.Link{{Href: "/holidays?year=" + strconv.Itoa(year-1), Key: "holiday.prev"}, {Href: "/holidays?year=" + strconv.Itoa(year+1), Key: "holiday.next"}},
		Sections: []kit.Section{{Key: "nav.holidays", Cols: kit.Cols("holiday.day", "holiday.kind", "holiday.name"), Rows: rows}},
		Forms: []kit.InlineForm{{Action: "/holidays", Title: "holiday.add", Button: "form.save", Fields: []kit.FormField{
			{Name: "day", Label: "holiday.day", Type: "date", Required: true}, {Name: "off", Label: "holiday.kind", Type: "select", Options: offs},
			{Name: "name", Label: "holiday.name", Type: "text", Required: true}}}}})
	return nil
}

func (m *Module) pageAPIClients(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	notice := ""
	if r.Method == http.MethodPost {
		c, key, err := order.NewClient(r.Context(), m.DB, r.PostFormValue("name"), "")
		if err != nil {
			return err
		}
		notice = kit.Tr(lang, "client.key_once") + " " + c.Name + ": " + key
	}
	list, err := order.Clients(r.Context(), m.DB.Read())
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, c := range list {
		rows = append(rows, []kit.Cell{{Text: c.Name}, {Text: c.KeyPrefix + "…"}, {Text: kit.YesNo(lang, c.Disabled)}, {Text: c.CreatedAt.In(order.Sanya).Format("2006-01-02")}})
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{Title: kit.Tr(lang, "nav.api_clients"), Notice: notice,
		Sections: []kit.Section{{Key: "nav.api_clients", Cols: kit.Cols("client.name", "client.key", "client.disabled", "client.created"), Rows: rows}},
		Forms: []kit.InlineForm{{Action: "/api-clients", Title: "client.new", Button: "form.save", Fields: []kit.FormField{
			{Name: "name", Label: "client.name", Type: "text", Required: true}}}}})
	return nil
}
