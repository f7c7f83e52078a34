package registry

import "embed"

// Templates are the module's pages: the home page, the org tree and the
// picker's options.
//
//go:embed templates/*.html
var Templates embed.FS
