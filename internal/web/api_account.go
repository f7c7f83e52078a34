package web

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/web/kit"
)

// The audit log over JSON.

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, p *Principal) error {
	pg, page, err := kit.QueryPage(r)
	if err != nil {
		return err
	}
	eid, err := kit.QueryID(r, "entity_id")
	if err != nil {
		return err
	}
	items, total, err := audit.List(r.Context(), s.DB.Read(), audit.Filter{Username: query(r, "username"), Action: query(r, "action"), Entity: query(r, "entity"), EntityID: eid, Limit: pg.Limit, Offset: pg.Offset})
	if err != nil {
		return apperr.Wrap(err, "audit list")
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, pg))
	return nil
}
