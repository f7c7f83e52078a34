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
	var err error
	var page int
	if f.Page, page, err = kit.QueryPage(r); err != nil {
		return f, 0, err
	}
	if f.AreaID, err = kit.QueryID(r, "area_id"); err != nil {
		return f, 0, err
	}
	if f.OrgID, err = kit.QueryID(r, "org_id"); err != nil {
		return f, 0, err
	}
	if f.Kind, err = kit.QueryEnum(r, "kind", unit.Kinds); err != nil {
		return f, 0, err
	}
	if f.Covered, err = kit.QueryEnum(r, "covered", []string{"yes", "no"}); err != nil {
		return f, 0, err
	}
	f.Q, f.Sort, f.Tag = kit.Query(r, "q"), kit.Query(r, "sort"), kit.Query(r, "tag")
	return f, page, nil
}

func personFilter(r *http.Request) (person.Filter, int, error) {
	var f person.Filter
	page, err := kit.DecodeQuery(r, &f)
	return f, page, err
}
