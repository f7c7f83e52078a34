package web

import (
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// gridSection adds a grid's workers, and the form to add one, to its area
// page.
func (s *Server) gridSection(r *http.Request, p *Principal, a area.Area, d map[string]any) error {
	workers, err := s.Areas.Workers(r.Context(), a.ID)
	if err != nil {
		return err
	}
	var rows [][]cell
	for _, w := range workers[a.ID] {
		rows = append(rows, []cell{{Text: w.Name}, {Text: w.PhoneMask}, {Text: kit.YesNo(kit.LangOf(r), w.UserID != 0)}})
	}
	d["Sections"] = append(d["Sections"].([]section), section{Key: "grid.workers", Cols: kit.Cols("staff.name", "order.phone", "staff.account"), Rows: rows})
	if p.Can(auth.PermServiceWrite) {
		d["Forms"] = []inlineForm{{Action: "/grids/" + kit.Itoa(a.ID) + "/workers", Title: "grid.worker_new", Button: "form.save", Fields: []formField{
			{Name: "grid_name", Type: "hidden", Value: a.Name}, {Name: "name", Label: "staff.name", Type: "text", Required: true},
			{Name: "phone", Label: "order.phone", Type: "tel"}, {Name: "username", Label: "staff.username", Type: "text"}}}}
	}
	return nil
}
