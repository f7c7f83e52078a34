package web

import (
	"io"
	"net/http"
	"strconv"

	"dangjian/internal/apperr"
	"dangjian/internal/area"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Grid import (GeoJSON) and the grid section of an area page.

func (s *Server) pageGridImport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	lang := kit.LangOf(r)
	d := map[string]any{"Title": kit.Tr(lang, "grid.import")}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		f, _, err := r.FormFile("file")
		if err != nil {
			return apperr.InvalidField("file", "err.import.file")
		}
		defer f.Close()
		raw, err := io.ReadAll(f)
		if err != nil {
			return apperr.InvalidField("file", "err.import.file")
		}
		n, err := s.Areas.ImportGrids(r.Context(), p.Scope, raw)
		if err != nil {
			e := apperr.As(err)
			if e.Code != apperr.Invalid {
				return err
			}
			d["Error"] = kit.Translate(lang, e).Error.Message
			var probs []string
			for _, pr := range e.Problems {
				probs = append(probs, i18nRow(lang, pr))
			}
			d["Problems"] = probs
			code = http.StatusUnprocessableEntity
		} else {
			d["Notice"] = kit.TrN(lang, "grid.imported", n)
		}
	}
	s.Render(w, r, code, "gridimport", d)
	return nil
}

func i18nRow(lang string, pr apperr.Problem) string {
	return kit.Tr(lang, "import.row") + " " + strconv.Itoa(pr.Row) + "：" + kit.Translate(lang, &apperr.Error{Key: pr.Key, Args: pr.Args, Field: pr.Field}).Error.Message
}

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
