package registry

import (
	"net/http"

	"dangjian/internal/area"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// The list filters read the same query parameters for pages, the API and
// exports, so a link to a filtered page, its API call and its export agree.

func areaFilter(r *http.Request) (area.Filter, int, error) {
	var f area.Filter
	page, err := kit.DecodeQuery(r, &f)
	return f, page, err
}

func orgFilter(r *http.Request) (org.Filter, int, error) {
	var f org.Filter
	page, err := kit.DecodeQuery(r, &f)
	return f, page, err
}

func unitFilter(r *http.Request) (unit.Filter, int, error) {
	var f unit.Filter
	page, err := kit.DecodeQuery(r, &f)
	return f, page, err
}

func personFilter(r *http.Request) (person.Filter, int, error) {
	var f person.Filter
	page, err := kit.DecodeQuery(r, &f)
	return f, page, err
}
