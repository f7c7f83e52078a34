package cultivation

import (
	"net/http"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/cultivation"
	"dangjian/internal/web/kit"
)

// The dual-cultivation register of schools and hospitals (双培养): the
// entries by sector and direction, the form for a new one and their
// progress notes.

// dualFilter reads the register's filters: the sector and the direction.
// dualQuery is the register's filter: a school or hospital sector and a
// direction.
type dualQuery struct {
	Sector    string                `query:"sector,oneof=school hospital"`
	Direction cultivation.Direction `query:"direction,enum"`
}

func dualFilter(r *http.Request) (string, cultivation.Direction, error) {
	var q dualQuery
	_, err := kit.DecodeQuery(r, &q)
	return q.Sector, q.Direction, err
}

type dual = cultivation.Dual

var dualText = kit.Text[dual]

// dualTable is the 双培养 register's columns: the page and the export.
var dualTable = kit.Table[dual]{Columns: []kit.Column[dual]{
	{Key: "cultivation.name", Cell: func(_ string, d dual) kit.Cell {
		return kit.Cell{Text: d.Name, Href: "/people/" + kit.Itoa(d.PersonID)}
	}},
	{Key: "cultivation.org", Cell: dualText(func(_ string, d dual) string { return d.OrgName })},
	{Key: "cultivation.sector", Cell: dualText(func(lang string, d dual) string { return kit.Tr(lang, "org.sector."+d.Sector) })},
	{Key: "cultivation.direction", Cell: dualText(func(lang string, d dual) string { return kit.Tr(lang, "cultivation.dir."+string(d.Direction)) })},
	{Key: "cultivation.mentor", Cell: dualText(func(_ string, d dual) string { return d.Mentor })},
	{Key: "cultivation.started_on", Cell: dualText(func(_ string, d dual) string { return d.StartedOn })},
	{Key: "cultivation.target_on", Cell: dualText(func(_ string, d dual) string { return d.TargetOn })},
	{Key: "cultivation.progress", Cell: dualText(func(_ string, d dual) string { return d.Progress })},
}}

func (m *Module) pageDual(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	sector, dir, err := dualFilter(r)
	if err != nil {
		return err
	}
	list, err := m.Cultivation.Duals(r.Context(), p.Scope, sector, dir)
	if err != nil {
		return err
	}
	lang := kit.LangOf(r)
	canWrite := p.Can(auth.PermRegistryWrite)
	d := kit.DetailPage{Title: kit.Tr(lang, "nav.dual"),
		Sections: []kit.Section{{Key: "cultivation.dual_register", Rows: dualTable.Rows(lang, list), Cols: dualTable.Cols(r)}},
		Actions: []kit.Link{{Href: "/cultivation/dual", Key: "list.any"}, {Href: "/cultivation/dual?sector=school", Key: "org.sector.school"},
			{Href: "/cultivation/dual?sector=hospital", Key: "org.sector.hospital"}, {Href: "/cultivation", Key: "nav.cultivation"},
			{Href: kit.ExportLink(r, "dual", "xlsx"), Key: "list.export_xlsx"}, {Href: kit.ExportLink(r, "dual", "csv"), Key: "list.export_csv"}}}
	if canWrite {
		forms := []kit.InlineForm{{Action: "/cultivation/dual", Title: "cultivation.dual_new", Button: "form.save", Fields: []kit.FormField{
			{Name: "person_id", Label: "cultivation.person_id", Type: "number", Required: true},
			{Name: "direction", Label: "cultivation.direction", Type: "select", Options: kit.EnumOptions(cultivation.Directions, "cultivation.dir.", "", ""), Required: true},
			{Name: "mentor", Label: "cultivation.mentor", Type: "text", Required: true},
			{Name: "started_on", Label: "cultivation.started_on", Type: "date", Value: m.Cultivation.Today(), Required: true},
			{Name: "target_on", Label: "cultivation.target_on", Type: "date"},
			{Name: "progress", Label: "cultivation.progress", Type: "textarea"},
		}}}
		for _, x := range list {
			forms = append(forms, kit.InlineForm{Action: "/cultivation/dual/" + kit.Itoa(x.ID) + "/progress", Title: x.Name, Button: "cultivation.add_progress",
				Fields: []kit.FormField{{Name: "note", Label: "cultivation.progress", Type: "text", Required: true}}})
		}
		d.Forms = forms
	}
	kit.Detail.Render(m.Kit, w, r, http.StatusOK, d)
	return nil
}

func (m *Module) pageDualCreate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if err := r.ParseForm(); err != nil {
		return apperr.InvalidField("form", "err.param.form")
	}
	d := cultivation.Dual{Direction: cultivation.Direction(r.PostFormValue("direction")), Mentor: r.PostFormValue("mentor"),
		StartedOn: strings.TrimSpace(r.PostFormValue("started_on")), TargetOn: strings.TrimSpace(r.PostFormValue("target_on")), Progress: r.PostFormValue("progress")}
	var err error
	if d.PersonID, err = kit.FormInt(r, "person_id"); err != nil {
		return err
	}
	if _, err := m.Cultivation.AddDual(r.Context(), p.Scope, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/dual", http.StatusSeeOther)
	return nil
}

func (m *Module) pageDualProgress(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := m.Cultivation.Progress(r.Context(), p.Scope, id, r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/cultivation/dual", http.StatusSeeOther)
	return nil
}
