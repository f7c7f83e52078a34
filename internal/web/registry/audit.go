package registry

import (
	"context"
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/db"
	"dangjian/internal/scope"
	"dangjian/internal/web/kit"
)

// The audit log: its page and the same list over JSON.

// auditQuery is the audit API's filters with its page.
type auditQuery struct {
	audit.Filter
	Page db.Page
}

func auditFilter(r *http.Request) (auditQuery, int, error) {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return auditQuery{}, 0, err
	}
	eid, err := kit.QueryID(r, "entity_id")
	if err != nil {
		return auditQuery{}, 0, err
	}
	f := audit.Filter{Username: kit.Query(r, "username"), Action: kit.Query(r, "action"), Entity: kit.Query(r, "entity"), EntityID: eid, Limit: pg.Limit, Offset: pg.Offset}
	return auditQuery{Filter: f, Page: pg}, page, nil
}

// auditList is one page of the audit log; the log is not scoped (its
// route needs audit.read).
func (m *Module) auditList(ctx context.Context, _ scope.Scope, q auditQuery) ([]audit.Entry, int, error) {
	items, total, err := audit.List(ctx, m.DB.Read(), q.Filter)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "audit list")
	}
	return items, total, nil
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
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title:     kit.Tr(lang, "nav.audit"),
		Filters:   []kit.FormField{{Name: "username", Label: "audit.user", Type: "search", Value: f.Username}, {Name: "action", Label: "audit.action", Type: "search", Value: f.Action}},
		ListTable: kit.ListTable{Cols: kit.Cols("audit.at", "audit.user", "audit.action", "audit.entity", "audit.ip", "audit.detail"), Rows: rows, Pager: kit.NewPager(r, page, pg, total, len(items))},
	})
	return nil
}
