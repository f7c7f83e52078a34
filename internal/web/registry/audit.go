package registry

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/web/kit"
)

// The audit log: its page and the same list over JSON.

func (m *Module) apiAudit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	eid, err := kit.QueryID(r, "entity_id")
	if err != nil {
		return err
	}
	items, total, err := audit.List(r.Context(), m.DB.Read(), audit.Filter{Username: kit.Query(r, "username"), Action: kit.Query(r, "action"), Entity: kit.Query(r, "entity"), EntityID: eid, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return apperr.Wrap(err, "audit list")
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, pg))
	return nil
}

func (m *Module) pageAudit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	f := audit.Filter{Username: kit.Query(r, "username"), Action: kit.Query(r, "action"), Entity: kit.Query(r, "entity"), Limit: pg.Limit, Offset: pg.Offset}
	items, total, err := audit.List(r.Context(), m.DB.Read(), f)
	if err != nil {
		return apperr.Wrap(err, "audit list")
	}
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, e := range items {
		rows = append(rows, []kit.Cell{{Text: e.At.Local().Format("2006-01-02 15:04:05")}, {Text: e.Username}, {Text: e.Action}, {Text: e.Entity + " " + kit.IDStr(e.EntityID)}, {Text: e.IP}, {Text: e.Detail}})
	}
	m.Render(w, r, http.StatusOK, "list", map[string]any{
		"Title": kit.Tr(lang, "nav.audit"), "Cols": kit.Cols("audit.at", "audit.user", "audit.action", "audit.entity", "audit.ip", "audit.detail"),
		"Rows": rows, "Pager": kit.NewPager(r, page, pg, total, len(items)),
		"Filters": []kit.FormField{{Name: "username", Label: "audit.user", Type: "search", Value: f.Username}, {Name: "action", Label: "audit.action", Type: "search", Value: f.Action}},
	})
	return nil
}
