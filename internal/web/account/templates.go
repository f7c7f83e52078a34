package account

import "embed"

// Templates are the module's pages: the login page.
//
//go:embed templates/*.html
var Templates embed.FS
