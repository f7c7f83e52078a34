package alliance

import (
	"dangjian/internal/alliance"
	"dangjian/internal/apperr"
	"dangjian/internal/web/kit"
	"net/http"
)

// The edit and delete pages of an alliance. The store checks the scope
// and the rules; a refused edit shows the form again with the error, a
// refused delete the error page. A delete asks for a ticked confirmation.

func allianceEditFields(d alliance.Draft) []kit.FormField {
	return []kit.FormField{
		{Name: "kind", Label: "alliance.kind", Type: "select", Options: kit.EnumOptions(alliance.Kinds, "alliance.kind.", string(d.Kind), ""), Required: true},
		{Name: "pairing", Label: "alliance.pairing", Type: "select", Options: kit.EnumOptions(alliance.PairingTypes, "alliance.pairing.", string(d.Pairing), "list.any")},
		{Name: "name", Label: "alliance.name", Type: "text", Value: d.Name, Required: true},
		{Name: "note", Label: "alliance.note", Type: "textarea", Value: d.Note},
	}
}

// writableAlliance reads an alliance the caller may change: one visible but
// led from outside the scope is forbidden.
func (m *Module) writableAlliance(r *http.Request, p *kit.Principal) (alliance.Alliance, error) {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return alliance.Alliance{}, err
	}
	a, err := m.Alliances.Get(r.Context(), p.Scope, id)
	if err == nil && !a.Writable {
		err = apperr.New(apperr.Forbidden, "err.alliance.not_lead")
	}
	return a, err
}

func (m *Module) renderAllianceEdit(w http.ResponseWriter, r *http.Request, code int, a alliance.Alliance, d alliance.Draft, err error) {
	fields := allianceEditFields(d)
	data := kit.FormPage{Title: a.Name, Fields: fields, Action: "/alliances/" + kit.Itoa(a.ID), Cancel: "/alliances/" + kit.Itoa(a.ID)}
	if err != nil {
		data.Error = kit.FormErr(kit.LangOf(r), err, fields)
	}
	kit.Form.Render(m.Kit, w, r, code, data)
}

func (m *Module) pageAllianceEdit(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	a, err := m.writableAlliance(r, p)
	if err != nil {
		return err
	}
	m.renderAllianceEdit(w, r, http.StatusOK, a, alliance.Draft{Kind: a.Kind, Pairing: a.Pairing, Name: a.Name, Note: a.Note}, nil)
	return nil
}

func (m *Module) pageAllianceUpdate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	a, err := m.writableAlliance(r, p)
	if err != nil {
		return err
	}
	d := alliance.Draft{Kind: alliance.Kind(r.PostFormValue("kind")), Pairing: alliance.PairingType(r.PostFormValue("pairing")),
		Name: r.PostFormValue("name"), Note: r.PostFormValue("note")}
	if _, err = m.Alliances.Update(r.Context(), p.Scope, a.ID, d); err == nil {
		http.Redirect(w, r, "/alliances/"+kit.Itoa(a.ID), http.StatusSeeOther)
		return nil
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		return err
	}
	m.renderAllianceEdit(w, r, kit.Status(apperr.CodeOf(err)), a, d, err)
	return nil
}

func (m *Module) pageAllianceDelete(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	a, err := m.writableAlliance(r, p)
	if err != nil {
		return err
	}
	return kit.Removed(w, r, func() error { return m.Alliances.Delete(r.Context(), p.Scope, a.ID) }, "/alliances")
}
