package coverage

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/web/kit"
)

// Homes, vacant sites and walking networks: what coverage reads, with
// their imports.

func readUpload(r *http.Request) ([]byte, string, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, "", apperr.InvalidField("file", "err.import.file")
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, "", apperr.InvalidField("file", "err.import.file")
	}
	return raw, hdr.Filename, nil
}

func importForm(action, title, hint string) []kit.InlineForm {
	return []kit.InlineForm{{Action: action, Title: title, Button: "coverage.import", Fields: []kit.FormField{
		{Name: "file", Label: hint, Type: "file", Required: true}}}}
}

func (m *Module) pageHomes(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	d := kit.DetailPage{Title: kit.Tr(lang, "nav.homes")}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		raw, name, err := readUpload(r)
		if err != nil {
			return err
		}
		res, err := m.Coverage.ImportHomes(r.Context(), p.Scope, raw, name)
		if err != nil {
			if apperr.As(err).Code != apperr.Invalid {
				return err
			}
			d.Notice, code = importProblems(lang, err), http.StatusUnprocessableEntity
		} else {
			d.Notice = kit.Trf(lang, "coverage.imported", "n", res.Added, "people", res.People, "outside", res.OutsideCity, "scope", res.OutsideScope, "excluded", res.ExcludedPeople)
		}
	}
	homes, people, err := m.Coverage.HomesSummary(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	d.Fields = []kit.KV{{Key: "coverage.homes_n", Text: strconv.Itoa(homes), ID: "homes-n"}, {Key: "coverage.people", Text: strconv.Itoa(people)}}
	if p.Can(auth.PermServiceWrite) {
		d.Forms = importForm("/homes", "coverage.import_homes", "coverage.homes_file")
	}
	m.renderUpload(w, r, code, d)
	return nil
}

// renderUpload renders the detail template as a multipart form page.
func (m *Module) renderUpload(w http.ResponseWriter, r *http.Request, code int, d kit.DetailPage) {
	d.Multipart = true
	kit.Detail.Render(m.Kit, w, r, code, d)
}

func importProblems(lang string, err error) string {
	e := apperr.As(err)
	msg := kit.Translate(lang, e).Error.Message
	var rows []string
	for _, pr := range e.Problems {
		rows = append(rows, i18nRow(lang, pr))
	}
	if len(rows) > 0 {
		msg += " " + strings.Join(rows, "；")
	}
	return msg
}

func (m *Module) pageSites(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	d := kit.DetailPage{Title: kit.Tr(lang, "nav.sites")}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		raw, _, err := readUpload(r)
		if err != nil {
			return err
		}
		res, err := m.Coverage.ImportSites(r.Context(), p.Scope, raw)
		if err != nil {
			if apperr.As(err).Code != apperr.Invalid {
				return err
			}
			d.Notice, code = importProblems(lang, err), http.StatusUnprocessableEntity
		} else {
			d.Notice = kit.Trf(lang, "coverage.imported", "n", res.Added, "people", 0, "outside", res.OutsideCity, "scope", res.OutsideScope, "excluded", 0)
		}
	}
	sites, err := m.Coverage.Sites(r.Context(), p.Scope)
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for i, c := range sites {
		rows = append(rows, []kit.Cell{{Text: strconv.Itoa(i + 1)}, {Text: c.Name}, {Text: fmt.Sprintf("%.5f, %.5f", c.Lat, c.Lng)}})
	}
	d.Sections = []kit.Section{{Key: "nav.sites", Cols: kit.Cols("coverage.no", "coverage.site", "post.location"), Rows: rows}}
	if p.Can(auth.PermServiceWrite) {
		d.Forms = importForm("/sites", "coverage.import_sites", "coverage.sites_file")
	}
	m.renderUpload(w, r, code, d)
	return nil
}

func (m *Module) pageNetworks(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	d := kit.DetailPage{Title: kit.Tr(lang, "nav.networks")}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		if !p.Scope.All {
			return apperr.ErrForbidden // the network is the whole city's
		}
		raw, name, err := readUpload(r)
		if err != nil {
			return err
		}
		format := "xml"
		if strings.HasSuffix(strings.ToLower(name), ".pbf") {
			format = "pbf"
		}
		info, st, err := m.Coverage.ImportOSM(r.Context(), name, raw, format)
		if err != nil {
			if apperr.As(err).Code != apperr.Invalid {
				return err
			}
			d.Notice, code = importProblems(lang, err), http.StatusUnprocessableEntity
		} else {
			d.Notice = kit.Trf(lang, "coverage.network_imported", "nodes", info.Nodes, "edges", info.Edges, "components", info.Components,
				"share", kit.Pct(info.LargestShare), "skipped", st.MissingRefs)
		}
	}
	nets, err := m.Coverage.Networks(r.Context())
	if err != nil {
		return err
	}
	var rows [][]kit.Cell
	for _, n := range nets {
		rows = append(rows, []kit.Cell{{Text: kit.Itoa(n.ID)}, {Text: n.Name}, {Text: n.Source}, {Text: strconv.Itoa(n.Nodes)}, {Text: strconv.Itoa(n.Edges)},
			{Text: strconv.Itoa(n.Components)}, {Text: kit.Pct(n.LargestShare)}, {Text: kit.YesNo(lang, n.Active)}})
	}
	d.Sections = []kit.Section{{Key: "nav.networks", Cols: kit.Cols("coverage.no", "coverage.site", "coverage.source", "coverage.nodes", "coverage.edges", "coverage.components", "coverage.largest", "coverage.active"), Rows: rows}}
	if p.Can(auth.PermServiceWrite) && p.Scope.All {
		d.Forms = append(importForm("/networks", "coverage.import_network", "coverage.network_file"),
			kit.InlineForm{Action: "/networks/activate", Title: "coverage.activate", Button: "form.save", Fields: []kit.FormField{
				{Name: "id", Label: "coverage.network_id", Type: "number", Placeholder: "coverage.network_none_hint"}}})
	}
	m.renderUpload(w, r, code, d)
	return nil
}

func (m *Module) pageNetworkActivate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	if !p.Scope.All {
		return apperr.ErrForbidden
	}
	id, err := kit.FormInt(r, "id")
	if err != nil {
		return err
	}
	if err := m.Coverage.Activate(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/networks", http.StatusSeeOther)
	return nil
}

// gridImportView is templates/gridimport.html: the GeoJSON upload, with
// how the last one went.
type gridImportView struct {
	Title, Notice, Error string
	Problems             []string
}

var gridImportPage = kit.NewPage[gridImportView]("gridimport")

// pageGridImport imports grids from GeoJSON.
func (m *Module) pageGridImport(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	lang := kit.LangOf(r)
	d := gridImportView{Title: kit.Tr(lang, "grid.import")}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		raw, _, err := readUpload(r)
		if err != nil {
			return err
		}
		n, err := m.Areas.ImportGrids(r.Context(), p.Scope, raw)
		if err != nil {
			e := apperr.As(err)
			if e.Code != apperr.Invalid {
				return err
			}
			d.Error = kit.Translate(lang, e).Error.Message
			for _, pr := range e.Problems {
				d.Problems = append(d.Problems, i18nRow(lang, pr))
			}
			code = http.StatusUnprocessableEntity
		} else {
			d.Notice = kit.TrN(lang, "grid.imported", n)
		}
	}
	gridImportPage.Render(m.Kit, w, r, code, d)
	return nil
}

func i18nRow(lang string, pr apperr.Problem) string {
	return kit.Tr(lang, "import.row") + " " + strconv.Itoa(pr.Row) + "：" + kit.Translate(lang, &apperr.Error{Key: pr.Key, Args: pr.Args, Field: pr.Field}).Error.Message
}
