package imports

import "embed"

// Templates are the module's pages: the upload form and a job's progress.
//
//go:embed templates/*.html
var Templates embed.FS
