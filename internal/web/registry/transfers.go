package registry

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/scope"
	"dangjian/internal/transfer"
	"dangjian/internal/web/kit"
)

// Pages for transfers of membership between branches.

func (m *Module) pageTransfers(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	f, page, err := transferFilter(r)
	if err != nil {
		return err
	}
	items, total, err := m.Transfers.List(r.Context(), p.Scope, f)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var rows [][]kit.Cell
	for _, t := range items {
		rows = append(rows, []kit.Cell{{Text: "#" + kit.Itoa(t.ID), Href: "/transfers/" + kit.Itoa(t.ID)}, {Text: t.PersonName}, {Text: orHidden(lang, t.FromOrgName)}, {Text: orHidden(lang, t.ToOrgName)}, {Text: kit.Tr(lang, "transfer.status."+string(t.Status))}, {Text: t.CreatedAt.Format("2006-01-02 15:04")}})
	}
	kit.List.Render(m.Kit, w, r, http.StatusOK, kit.ListPage{
		Title: kit.Tr(lang, "nav.transfers"),
		Filters: []kit.FormField{
			{Name: "status", Label: "transfer.status", Type: "select", Options: kit.EnumOptions(transfer.Statuses, "transfer.status.", string(f.Status), "list.any")},
			{Name: "direction", Label: "transfer.direction", Type: "select", Options: kit.EnumOptions([]string{"out", "in"}, "transfer.direction.", f.Direction, "list.any")},
		},
		ListTable: kit.ListTable{Cols: kit.Cols("transfer.id", "person.name", "transfer.from", "transfer.to", "transfer.status", "transfer.created_at"), Rows: rows, Pager: kit.NewPager(r, page, f.Page, total, len(items))},
	})
	return nil
}

func orHidden(lang, s string) string {
	if s == "" {
		return kit.Tr(lang, "transfer.outside_scope")
	}
	return s
}

func (m *Module) pageTransfer(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	t, events, err := m.Transfers.Get(r.Context(), p.Scope, id)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	var erows [][]kit.Cell
	for _, e := range events {
		erows = append(erows, []kit.Cell{{Text: e.At.Format("2006-01-02 15:04")}, {Text: e.Username}, {Text: kit.Tr(lang, "transfer.action."+e.Action)}, {Text: e.Note}})
	}
	var forms []kit.InlineForm
	note := []kit.FormField{{Name: "note", Label: "transfer.note", Type: "text"}}
	add := func(action, title string, ok bool) {
		if ok {
			forms = append(forms, kit.InlineForm{Action: "/transfers/" + kit.Itoa(id) + "/" + action, Title: title, Button: title, Fields: note})
		}
	}
	add("approve-out", "transfer.approve_out", t.Status == transfer.Pending && t.FromInScope(p.Scope) && p.Can(auth.PermTransferApprove))
	add("approve-in", "transfer.approve_in", t.Status == transfer.OutApproved && t.ToInScope(p.Scope) && p.Can(auth.PermTransferApprove))
	add("reject", "transfer.reject", t.Status.Open() && p.Can(auth.PermTransferApprove))
	add("revoke", "transfer.revoke", t.Status.Open() && p.Can(auth.PermTransferRequest))
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, kit.DetailPage{
		Title: kit.Tr(lang, "transfer.title") + " #" + kit.Itoa(t.ID),
		Fields: []kit.KV{{Key: "person.name", Text: t.PersonName, Href: "/people/" + kit.Itoa(t.PersonID)}, {Key: "transfer.from", Text: orHidden(lang, t.FromOrgName)},
			{Key: "transfer.to", Text: orHidden(lang, t.ToOrgName)}, {Key: "transfer.reason", Text: t.Reason}, {Key: "transfer.status", Text: kit.Tr(lang, "transfer.status."+string(t.Status)), ID: "transfer-status"}},
		Forms:    forms,
		Sections: []kit.Section{{Key: "transfer.history", Cols: kit.Cols("transfer.at", "transfer.by", "transfer.action", "transfer.note"), Rows: erows}},
	})
	return nil
}

func (m *Module) pageTransferCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	personID, err := kit.FormInt(r, "person_id")
	if err != nil {
		return err
	}
	toOrg, err := m.orgRef(r, r.PostFormValue("to_org_id"))
	if err != nil {
		return err
	}
	t, err := m.Transfers.Request(r.Context(), p.Scope, personID, toOrg, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/transfers/"+kit.Itoa(t.ID), http.StatusSeeOther)
	return nil
}

// orgRef reads a receiving org given by its id or by its code (组织编码,
// what a clerk has from the receiving side). The org may lie outside the
// caller's scope, as transfers cross districts; nothing of it is shown.
func (m *Module) orgRef(r *http.Request, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	if v == "" {
		return 0, apperr.InvalidField("to_org_id", "err.transfer.to_missing")
	}
	o, err := m.Orgs.ByCode(r.Context(), scope.Everything, v)
	if err != nil {
		return 0, apperr.InvalidField("to_org_id", "err.transfer.to_missing")
	}
	return o.ID, nil
}

func (m *Module) pageTransferAction(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := m.transferAction(r, p, id, r.PathValue("action"), r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/transfers/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}
