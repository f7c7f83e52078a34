package alliance

import (
	"dangjian/internal/apperr"
	"dangjian/internal/web/kit"
	"net/http"
	"strconv"
	"strings"
)

// Exports are the module's kinds of /export/{kind}: the alliances with the
// list's filters, and one alliance's work (tasks and commitments).
func (m *Module) Exports() map[string]kit.Export {
	return map[string]kit.Export{"alliances": {Prepare: kit.ListExport(allianceFilter, allianceTable, m.Alliances.Each)}, "alliance-work": {Prepare: m.exportWork}}
}

// exportWork writes an alliance's tasks and its memoranda's
// commitments, with owners, dates, status and progress (the alliance must
// be visible in scope).
func (m *Module) exportWork(r *http.Request, p *kit.Principal) (func(kit.Sheet) error, error) {
	lang := kit.LangOf(r)
	id, err := kit.QueryID(r, "alliance")
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, apperr.InvalidField("alliance", "err.alliance.export_required")
	}
	a, err := m.Alliances.Get(r.Context(), p.Scope, id)
	if err != nil {
		return nil, err
	}
	return func(sw kit.Sheet) error {
		sw.Row(kit.Tr(lang, "alliance.tasks"), a.Name)
		sw.Row(kit.Headers(lang, "alliance.task_id", "alliance.decision", "alliance.owner", "alliance.deadline", "alliance.status", "alliance.done_on", "alliance.overdue")...)
		for _, t := range a.Tasks {
			sw.Row("#"+kit.Itoa(t.ID), t.Decision, t.OwnerName, t.Deadline, kit.Tr(lang, "alliance.task."+t.Status), t.DoneOn, kit.YesNo(lang, t.Overdue))
		}
		sw.Row()
		sw.Row(kit.Tr(lang, "alliance.memoranda"), a.Name)
		sw.Row(kit.Headers(lang, "alliance.memo_title", "alliance.signed_on", "alliance.parties", "alliance.commitment_id", "alliance.commitment", "alliance.owner",
			"alliance.due_on", "alliance.progress", "alliance.overdue", "alliance.updates")...)
		for _, m := range a.Memoranda {
			for _, c := range m.Commitments {
				var notes []string
				for _, u := range c.Updates {
					notes = append(notes, strconv.Itoa(u.Progress)+"% "+u.Note)
				}
				if err := sw.Row(m.Title, m.SignedOn, memberNames(m.Parties), "#"+kit.Itoa(c.ID), c.Content, c.OwnerName, c.DueOn, strconv.Itoa(c.Progress)+"%",
					kit.YesNo(lang, c.Overdue), strings.Join(notes, "；")); err != nil {
					return err
				}
			}
		}
		return nil
	}, nil
}
