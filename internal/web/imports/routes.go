// Package imports is the HTTP side of the bulk imports: the upload page
// and API, a job's progress page and API, and the blank templates. An
// import runs in the background as a job (importer.RunJob).
package imports

import (
	"dangjian/internal/auth"
	"dangjian/internal/db"
	"dangjian/internal/pii"
	"dangjian/internal/web/kit"
)

// Module serves the imports.
type Module struct {
	*kit.Kit
	DB    *db.DB
	Vault *pii.Vault
}

// Routes are the module's rows of the route table; an upload may carry
// up to the configured upload size.
func (m *Module) Routes() []kit.Route {
	upload := m.Cfg.MaxUploadBytes
	return []kit.Route{
		kit.R("GET", "/imports", auth.PermImport, 0, m.pageImports),
		kit.R("GET", "/imports/template/{file}", auth.PermImport, 0, m.importTemplate),
		kit.R("POST", "/imports", auth.PermImport, upload, m.pageImportPost),
		kit.R("GET", "/imports/{id}", auth.PermImport, 0, m.pageImport),

		kit.R("POST", "/api/v1/imports/{kind}", auth.PermImport, upload, m.apiImport),
		kit.R("GET", "/api/v1/imports/{id}", auth.PermImport, 0, m.apiImportJob()),
	}
}

// Exports: the module has no kind of export.
func (m *Module) Exports() map[string]kit.Export { return nil }
