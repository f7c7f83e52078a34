package registry

import (
	"dangjian/internal/area"
	"dangjian/internal/org"
	"dangjian/internal/person"
	"dangjian/internal/unit"
	"dangjian/internal/web/kit"
)

// The list filters read the same query parameters for pages, the API and
// exports, so a link to a filtered page, its API call and its export agree.

var areaFilter = kit.QueryFilter[area.Filter]

var orgFilter = kit.QueryFilter[org.Filter]

var unitFilter = kit.QueryFilter[unit.Filter]

var personFilter = kit.QueryFilter[person.Filter]
