package kit

import (
	"net/http"

	"dangjian/internal/i18n"
)

// Sheet is one export being written, CSV or Excel: a row of cells at a
// time. The server picks the format, quotes CSV formulas and audits the
// export (web/export.go); a module only writes rows.
type Sheet interface {
	Row(cells ...string) error
}

// Export is one kind of /export/{kind} that a module offers. Prepare reads
// the request's list filters and returns what writes the rows; an error
// it returns is answered before any byte goes out. Perm is a permission
// the export needs besides the route's (registry.read), if any.
type Export struct {
	Perm    string
	Prepare func(r *http.Request, p *Principal) (func(Sheet) error, error)
}

// Headers translates a header row's keys.
func Headers(lang string, keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = i18n.T(lang, k, nil)
	}
	return out
}
