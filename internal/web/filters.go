package web

import (
	"net/http"
	"strings"

	"dangjian/internal/area"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/unit"
)

// The list filters read the same query parameters for pages, the API and
// exports, so a link to a filtered page, its API call and its export agree.

func query(r *http.Request, name string) string {
	q := strings.TrimSpace(r.URL.Query().Get(name))
	if len([]rune(q)) > 100 {
		q = string([]rune(q)[:100])
	}
	return q
}

func areaFilter(r *http.Request) (area.Filter, int, error) {
	var f area.Filter
	var err error
	var page int
	if f.Page, page, err = queryPage(r); err != nil {
		return f, 0, err
	}
	if f.ParentID, err = queryID(r, "parent_id"); err != nil {
		return f, 0, err
	}
	if f.Kind, err = queryEnum(r, "kind", area.Kinds); err != nil {
		return f, 0, err
	}
	f.Q, f.Sort = query(r, "q"), query(r, "sort")
	return f, page, nil
}

func orgFilter(r *http.Request) (org.Filter, int, error) {
	var f org.Filter
	var err error
	var page int
	if f.Page, page, err = queryPage(r); err != nil {
		return f, 0, err
	}
	if f.ParentID, err = queryID(r, "parent_id"); err != nil {
		return f, 0, err
	}
	if f.AreaID, err = queryID(r, "area_id"); err != nil {
		return f, 0, err
	}
	if f.Kind, err = queryEnum(r, "kind", org.Kinds); err != nil {
		return f, 0, err
	}
	if f.Sector, err = queryEnum(r, "sector", org.Sectors); err != nil {
		return f, 0, err
	}
	f.Q, f.Sort = query(r, "q"), query(r, "sort")
	return f, page, nil
}

func unitFilter(r *http.Request) (unit.Filter, int, error) {
	var f unit.Filter
	var err error
	var page int
	if f.Page, page, err = queryPage(r); err != nil {
		return f, 0, err
	}
	if f.AreaID, err = queryID(r, "area_id"); err != nil {
		return f, 0, err
	}
	if f.OrgID, err = queryID(r, "org_id"); err != nil {
		return f, 0, err
	}
	if f.Kind, err = queryEnum(r, "kind", unit.Kinds); err != nil {
		return f, 0, err
	}
	if f.Covered, err = queryEnum(r, "covered", []string{"yes", "no"}); err != nil {
		return f, 0, err
	}
	f.Q, f.Sort, f.Tag = query(r, "q"), query(r, "sort"), query(r, "tag")
	return f, page, nil
}

func personFilter(r *http.Request) (person.Filter, int, error) {
	var f person.Filter
	var err error
	var page int
	if f.Page, page, err = queryPage(r); err != nil {
		return f, 0, err
	}
	for name, dst := range map[string]*int64{"org_id": &f.OrgID, "area_id": &f.AreaID, "unit_id": &f.UnitID} {
		if *dst, err = queryID(r, name); err != nil {
			return f, 0, err
		}
	}
	for name, dst := range map[string]*bool{"mobile": &f.Mobile, "pocket": &f.Pocket, "seasonal": &f.Seasonal} {
		if *dst, err = queryBool(r, name); err != nil {
			return f, 0, err
		}
	}
	if f.Month, err = queryInt(r, "month", 0, 0, 12); err != nil {
		return f, 0, err
	}
	if f.Status, err = queryEnum(r, "status", person.Statuses); err != nil {
		return f, 0, err
	}
	if f.CadreRole, err = queryEnum(r, "cadre_role", person.CadreRoles); err != nil {
		return f, 0, err
	}
	if f.Tag, err = queryEnum(r, "tag", person.Tags); err != nil {
		return f, 0, err
	}
	f.Q, f.Sort = query(r, "q"), query(r, "sort")
	return f, page, nil
}
