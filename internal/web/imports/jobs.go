package imports

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"dangjian/internal/apperr"
	"dangjian/internal/auth"
	"dangjian/internal/importer"
	"dangjian/internal/web/kit"
)

// Imports run in the background as jobs; the page polls the job with htmx
// and shows progress, then the per-row report or the count inserted.

// startImport spools the uploaded file to a temporary file (the request's
// own copy goes away when the request ends) and runs the import as a job.
func (m *Module) startImport(r *http.Request, p *kit.Principal, kind importer.Kind) (int64, error) {
	ok := false
	for _, k := range importer.Kinds {
		ok = ok || k == kind
	}
	if !ok {
		return 0, apperr.InvalidField("kind", "err.param.enum")
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		if strings.Contains(err.Error(), "too large") {
			return 0, apperr.New(apperr.Invalid, "err.body_too_large")
		}
		return 0, apperr.InvalidField("file", "err.import.no_file")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return 0, apperr.InvalidField("file", "err.import.no_file")
	}
	defer f.Close()
	name := filepath.Base(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return 0, apperr.InvalidField("file", "err.import.format")
	}
	tmp, err := os.CreateTemp("", "dangjian-import-*"+ext)
	if err != nil {
		return 0, apperr.Wrap(err, "import spool")
	}
	if _, err := io.Copy(tmp, f); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, apperr.Wrap(err, "import spool")
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, apperr.Wrap(err, "import spool")
	}
	id, err := importer.StartJob(r.Context(), m.DB, kind, name, p.User.ID)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, err
	}
	ctx := context.WithoutCancel(r.Context()) // keeps the audit actor
	go func() {
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		if _, err := importer.RunJob(ctx, m.DB, m.Vault, p.Scope, id, kind, name, tmp); err != nil && apperr.CodeOf(err) == apperr.Internal {
			m.Log.Error("import", "job", id, "err", err)
		}
	}()
	return id, nil
}

// job returns a job its caller may see: their own, or any for an
// administrator.
func (m *Module) job(r *http.Request, p *kit.Principal, id int64) (importer.Job, error) {
	j, err := importer.GetJob(r.Context(), m.DB, id)
	if err != nil {
		return importer.Job{}, err
	}
	if j.UserID != p.User.ID && !p.Can(auth.PermUsersAdmin) {
		return importer.Job{}, apperr.ErrNotFound
	}
	return j, nil
}

type jobJSON struct {
	importer.Job
	Problems []kit.ProblemJSON `json:"problems,omitempty"`
}

func jobView(lang string, j importer.Job) jobJSON {
	e := apperr.Error{Problems: j.Problems}
	return jobJSON{Job: j, Problems: kit.Translate(lang, &e).Error.Problems}
}

// apiImport starts an import. By hand: its body is a multipart upload,
// not the JSON a kit shape decodes.
func (m *Module) apiImport(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := m.startImport(r, p, importer.Kind(r.PathValue("kind")))
	if err != nil {
		return err
	}
	j, err := importer.GetJob(r.Context(), m.DB, id)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusAccepted, jobView(kit.LangOf(r), j))
	return nil
}

// apiImportJob answers a job: a read, but through APIChange, since whose
// job it is needs the principal and the problems' language the request,
// which APIGet's getter does not receive.
func (m *Module) apiImportJob() kit.Handler {
	return kit.APIChange(http.StatusOK, func(r *http.Request, p *kit.Principal, id int64, _ kit.NoBody) (any, error) {
		j, err := m.job(r, p, id)
		if err != nil {
			return nil, err
		}
		return jobView(kit.LangOf(r), j), nil
	})
}

// importsView is imports.html: the kinds of import, their blank
// templates and the upload form.
type importsView struct {
	Title string
	Kinds []importer.Kind
}

// importView is import.html: one job's progress and its result.
type importView struct {
	Title string
	Job   jobJSON
	// Pct is the job's progress in percent.
	Pct int
}

var (
	importsPage = kit.NewPage[importsView]("imports")
	importPage  = kit.NewPage[importView]("import")
)

func (m *Module) pageImports(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	importsPage.Render(m.Kit, w, r, http.StatusOK, importsView{Title: kit.Tr(kit.LangOf(r), "nav.imports"), Kinds: importer.Kinds})
	return nil
}

func (m *Module) pageImportPost(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := m.startImport(r, p, importer.Kind(r.PostFormValue("kind")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/imports/"+kit.Itoa(id), http.StatusSeeOther)
	return nil
}

func (m *Module) pageImport(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	id, err := kit.PathID(r, "id")
	if err != nil {
		return err
	}
	j, err := m.job(r, p, id)
	if err != nil {
		return err
	}
	pct := 0
	if j.Total > 0 {
		pct = j.Done * 100 / j.Total
	}
	if j.Status != importer.JobRunning {
		pct = 100
	}
	importPage.Render(m.Kit, w, r, http.StatusOK, importView{Title: kit.Tr(kit.LangOf(r), "import.job") + " #" + kit.Itoa(j.ID), Job: jobView(kit.LangOf(r), j), Pct: pct})
	return nil
}

func (m *Module) importTemplate(w http.ResponseWriter, r *http.Request, p *kit.Principal) error {
	file := r.PathValue("file")
	ext := filepath.Ext(file)
	kind := importer.Kind(strings.TrimSuffix(file, ext))
	format := strings.TrimPrefix(ext, ".")
	if format != "csv" && format != "xlsx" {
		return apperr.InvalidField("format", "err.param.enum")
	}
	if importer.Columns(kind) == nil {
		return apperr.InvalidField("kind", "err.param.enum")
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="template-`+string(kind)+"."+format+`"`)
	return importer.Template(kind, format, w)
}
