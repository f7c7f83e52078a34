package talent

import "embed"

// Templates are the module's pages: a demand with its ranking, a matching
// run, and a talent's own page.
//
//go:embed templates/*.html
var Templates embed.FS
