package importer

import (
	"strings"

	"dangjian/internal/apperr"
)

// Names reach pages, maps, exports and other systems; a name holding '<'
// or '>' is markup or a mistake, never a real name, so an import refuses
// it (err.name_markup on the row's name column) rather than trusting
// every place that shows it to escape it. The rule lives here until the
// shared validation rules take it over; internal/area applies the same to
// grid imports.
func hasMarkup(s string) bool { return strings.ContainsAny(s, "<>") }

// checkName adds the row's problem when its name holds markup.
func checkName(r row, s *sink) {
	if hasMarkup(r.get("name")) {
		s.add(apperr.Problem{Row: r.line, Field: "name", Key: "err.name_markup"})
	}
}
