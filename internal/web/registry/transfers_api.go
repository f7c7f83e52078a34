package registry

import (
	"context"
	"net/http"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/transfer"
	"dangjian/internal/web/kit"
)

// Transfers of membership between branches over JSON.

var transferFilter = kit.QueryFilter[transfer.Filter]

func (m *Module) transferAPI() []kit.Route {
	action := func(name string) kit.Handler {
		return kit.APIChange(http.StatusOK, func(r *http.Request, p *kit.Principal, id int64, in noteInput) (any, error) {
			return m.transferAction(r, p, id, name, in.Note)
		})
	}
	return []kit.Route{
		kit.R("GET", "/api/v1/transfers", auth.PermRegistryRead, 0, kit.APIList(transferFilter, m.Transfers.List)),
		kit.R("POST", "/api/v1/transfers", auth.PermTransferRequest, 0, kit.APICreate(http.StatusCreated, func(r *http.Request, p *kit.Principal, in transferInput) (any, error) {
			return m.Transfers.Request(r.Context(), p.Scope, in.PersonID, in.ToOrgID, in.Reason)
		})),
		kit.R("GET", "/api/v1/transfers/{id}", auth.PermRegistryRead, 0, kit.APIGet(m.transferJSON)),
		kit.R("POST", "/api/v1/transfers/{id}/approve-out", auth.PermTransferApprove, 0, action("approve-out")),
		kit.R("POST", "/api/v1/transfers/{id}/approve-in", auth.PermTransferApprove, 0, action("approve-in")),
		kit.R("POST", "/api/v1/transfers/{id}/reject", auth.PermTransferApprove, 0, action("reject")),
		kit.R("POST", "/api/v1/transfers/{id}/revoke", auth.PermTransferRequest, 0, action("revoke")),
	}
}

// transferJSON is a transfer with its history.
type transferJSON struct {
	Events   []transfer.Event  `json:"events"`
	Transfer transfer.Transfer `json:"transfer"`
}

func (m *Module) transferJSON(ctx context.Context, sc scope.Scope, id int64) (transferJSON, error) {
	t, events, err := m.Transfers.Get(ctx, sc, id)
	return transferJSON{Events: events, Transfer: t}, err
}

type transferInput struct {
	PersonID int64  `json:"person_id"`
	ToOrgID  int64  `json:"to_org_id"`
	Reason   string `json:"reason"`
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
