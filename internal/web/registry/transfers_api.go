package registry

import (
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/transfer"
	"dangjian/internal/web/kit"
)

// Transfers of membership between branches over JSON.

func transferFilter(r *http.Request) (transfer.Filter, int, error) {
	var f transfer.Filter
	page, err := kit.DecodeQuery(r, &f)
	return f, page, err
}

func (m *Module) apiTransfers(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := transferFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Transfers.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, kit.NewList(items, total, page, f.Page.Norm()))
	return nil
}

func (m *Module) apiTransfer(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	t, events, err := m.Transfers.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"transfer": t, "events": events})
	return nil
}

type transferInput struct {
	PersonID int64  `json:"person_id"`
	ToOrgID  int64  `json:"to_org_id"`
	Reason   string `json:"reason"`
}

func (m *Module) apiTransferCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	var in transferInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := m.Transfers.Request(r.Context(), p.Scope, in.PersonID, in.ToOrgID, in.Reason)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, t)
	return nil
}

type noteInput struct {
	Note string `json:"note"`
}

// transferAction runs one step of the transfer flow named by the path.
func (m *Module) transferAction(r *http.Request, p *kit.Principal, id int64, action, note string) (transfer.Transfer, error) {
	ctx := r.Context()
	switch action {
	case "approve-out":
		return m.Transfers.ApproveOut(ctx, p.Scope, id, note)
	case "approve-in":
		return m.Transfers.ApproveIn(ctx, p.Scope, id, note)
	case "reject":
		return m.Transfers.Reject(ctx, p.Scope, id, note)
	case "revoke":
		return m.Transfers.Revoke(ctx, p.Scope, id, note)
	}
	return transfer.Transfer{}, apperr.InvalidField("action", "err.param.enum")
}

func (m *Module) apiTransferAction(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	var in noteInput
	if err := kit.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := m.transferAction(r, p, id, r.PathValue("action"), in.Note)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, t)
	return nil
}
